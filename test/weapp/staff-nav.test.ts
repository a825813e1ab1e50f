import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WEAPP_DIST, assertWeappBuilt, openPage, type LoadedPage } from './wechat-simulator';

const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: [role] });
const routes = { 'GET /v1/staff/members': { statusCode: 200, body: { items: [], nextCursor: null } } };

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

async function menuOf(role: string): Promise<string[]> {
  const p = (page = openPage('staff/pages/members/index', { storage: { 'linli.session': session(role) }, routes }));
  await p.waitFor(() => p.root.querySelector('.staff-menu__item'), 'the staff menu');
  const labels = p.root.querySelectorAll('.staff-menu__label').map((node) => node.dom.textContent ?? '');
  p.root.detach();
  page = undefined;
  return labels;
}

describe('the staff menu on 会员列表 (weapp build)', () => {
  it('offers each role only the pages it may open: no 礼品管理 or 拼团活动 for an agent', async () => {
    const agent = await menuOf('agent');
    expect(agent).toEqual(expect.arrayContaining(['扫码核销', '投诉工单']));
    expect(agent).not.toContain('礼品管理');
    expect(agent).not.toContain('投诉分析');
    expect(agent).not.toContain('员工管理');
    expect(agent).not.toContain('洞察设置');
    expect(agent).not.toContain('拼团活动');

    const supervisor = await menuOf('supervisor');
    expect(supervisor).toEqual(expect.arrayContaining(['扫码核销', '投诉工单', '礼品管理', '投诉分析', '投诉设置', '拼团活动']));
    expect(supervisor).not.toContain('等级设置');
    expect(supervisor).not.toContain('员工管理');
    expect(supervisor).not.toContain('洞察设置');

    const admin = await menuOf('admin');
    expect(admin).toEqual(expect.arrayContaining(['礼品管理', '投诉分析', '投诉设置', '等级设置', '员工管理']));
    expect(admin.slice(admin.indexOf('客户洞察'), admin.indexOf('客户洞察') + 2)).toEqual(['客户洞察', '洞察设置']);
  });

  it('leaves out pages this build does not have, and lists no page twice', async () => {
    const admin = await menuOf('admin');
    expect(new Set(admin).size).toBe(admin.length);
    // Every page offered is registered in the build's app.json.
    const app = JSON.parse(readFileSync(`${WEAPP_DIST}/app.json`, 'utf8')) as { subPackages: Array<{ root: string; pages: string[] }> };
    const staffPages = app.subPackages.flatMap((sub) => sub.pages.map((p) => `${sub.root}/${p}`));
    if (!staffPages.includes('staff/pages/overview/index')) expect(admin).not.toContain('店铺概览');
    if (!staffPages.includes('staff/pages/redemptions/index')) expect(admin).not.toContain('兑换订单');
    if (staffPages.includes('staff/pages/overview/index')) expect(admin[0]).toBe('店铺概览');
  });
});
