import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage, RetentionSettingsView } from '@linli/shared/audit';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, texts } from './wechat-simulator';

const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  entryId: 'e-1',
  at: '2026-11-24T02:00:00.000Z',
  actor: { memberId: 'mem-staff-1', name: '主管老王', role: 'supervisor' },
  kind: 'read',
  action: 'GET /v1/staff/members/{memberId}/profile',
  memberId: 'mem-001',
  target: {},
  status: 200,
  reason: null,
  ...overrides,
});

const PAGE: AuditPage = {
  items: [
    entry({ entryId: 'e-3', action: 'phone.reveal', reason: '核对快递收件人', at: '2026-11-24T03:00:00.000Z' }),
    entry({
      entryId: 'e-2',
      kind: 'change',
      action: 'PUT /v1/staff/complaint-settings',
      memberId: null,
      actor: { memberId: 'mem-admin', name: '店主', role: 'admin' },
      before: JSON.stringify({ version: 1, agentCompensationCapPoints: 500 }),
      after: JSON.stringify({ version: 2, agentCompensationCapPoints: 800 }),
    }),
    entry({ entryId: 'e-1' }),
  ],
  nextCursor: null,
};

const RETENTION: RetentionSettingsView = {
  auditLogDays: 1095,
  inactiveMemberYears: 3,
  unattachedPhotoDays: 7,
  version: 0,
  updatedAt: null,
};

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

function openLog(
  role: string,
  routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {},
  query: Record<string, string> = {},
) {
  return (page = openPage('staff/pages/audit-log/index', {
    storage: { 'linli.session': session(role) },
    query,
    routes: {
      'GET /v1/staff/audit-log': { statusCode: 200, body: PAGE },
      'GET /v1/staff/retention-settings': { statusCode: 200, body: RETENTION },
      ...routes,
    },
  }));
}

describe('审计日志 (weapp build, staff subpackage)', () => {
  it('says in words when the CSV download fails, and a second tap downloads it and clears the message', async () => {
    const downloads: Array<Record<string, unknown>> = [];
    const shares: Array<Record<string, unknown>> = [];
    const p = (page = openPage('staff/pages/audit-log/index', {
      storage: { 'linli.session': session('admin') },
      routes: {
        'GET /v1/staff/audit-log': { statusCode: 200, body: PAGE },
        'GET /v1/staff/retention-settings': { statusCode: 200, body: RETENTION },
      },
      wx: {
        downloadFile: (options: Record<string, unknown> & { success?: (r: unknown) => void }) => {
          downloads.push(options);
          const statusCode = downloads.length === 1 ? 503 : 200;
          setTimeout(() => options.success?.({ errMsg: 'ok', statusCode, tempFilePath: 'wxfile://tmp/audit.csv' }), 0);
        },
        shareFileMessage: (options: Record<string, unknown> & { success?: (r: unknown) => void }) => {
          shares.push(options);
          setTimeout(() => options.success?.({ errMsg: 'ok' }), 0);
        },
      },
    }));
    await p.waitFor(() => p.root.querySelectorAll('.audit-entry').length === 3, 'three entries');
    p.root.querySelector('.audit-export')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.notice--error') || undefined, 'the failure', 5000);
    expect(texts(p, '.notice--error')[0]).toMatch(/^导出失败：/);
    expect(shares).toHaveLength(0);

    p.root.querySelector('.audit-export')!.dispatchEvent('tap');
    await p.waitFor(() => shares.length === 1 || undefined, 'the share sheet', 5000);
    expect(downloads).toHaveLength(2);
    expect(String(downloads[1]!.url)).toMatch(/\/v1\/staff\/audit-log\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
    await p.waitFor(() => !p.root.querySelector('.notice--error') || undefined, 'the failure cleared', 5000);
  });

  it('lists who did what in Chinese, with the reason of a reveal and the versions of a settings change, no routes or ids', async () => {
    const p = openLog('admin');
    await p.waitFor(() => p.root.querySelectorAll('.audit-entry').length === 3, 'three entries');
    expect(texts(p, '.audit-action')).toEqual(['查看会员完整手机号', '修改投诉设置', '查看客户画像']);
    expect(texts(p, '.audit-detail')).toEqual(['原因：核对快递收件人', '设置版本 1 → 2']);
    expect(texts(p, '.audit-actor')[1]).toBe('2026-11-24 10:00 · 店主 · 管理员');
    expect(p.root.dom.textContent).not.toMatch(/\/v1\/|mem-001|mem-staff|phone\.reveal/);
    // The first request asks for the last seven Shanghai days.
    const first = p.requests.find((r) => r.url.includes('/v1/staff/audit-log'))!;
    expect(first.url).toMatch(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
  });

  it("names each data-request step, and shows which member a buyer's own export or request was, a deletion not", async () => {
    const buyer = { memberId: 'mem-001', name: '', role: 'buyer' as const };
    const admin = { memberId: 'mem-admin', name: '店主', role: 'admin' as const };
    const steps = (['take', 'answer', 'refuse'] as const).map((step, index) =>
      entry({
        entryId: `d-${step}`,
        kind: 'change',
        actor: admin,
        action: `POST /v1/staff/data-requests/{dataRequestId}/${step}`,
        target: { dataRequestId: 'dr-1' },
        at: `2026-11-24T0${4 + index}:00:00.000Z`,
      }),
    );
    const own = [
      entry({ entryId: 'b-export', actor: buyer, action: 'privacy.export-requested' }),
      entry({ entryId: 'b-request', kind: 'change', actor: buyer, action: 'privacy.request-filed' }),
      entry({ entryId: 'b-deleted', kind: 'change', actor: buyer, action: 'privacy.account-deleted' }),
      entry({
        entryId: 'job',
        kind: 'change',
        actor: { memberId: 'system:retention', name: '数据保留期限任务', role: 'system' },
        action: 'privacy.inactive-member-erased',
      }),
    ];
    const navigated: string[] = [];
    const p = (page = openPage('staff/pages/audit-log/index', {
      storage: { 'linli.session': session('admin') },
      routes: {
        'GET /v1/staff/audit-log': { statusCode: 200, body: { items: [...steps.reverse(), ...own], nextCursor: null } },
        'GET /v1/staff/retention-settings': { statusCode: 200, body: RETENTION },
      },
      wx: {
        navigateTo: (call: { url: string; success?: (r: unknown) => void }) => {
          navigated.push(call.url);
          setTimeout(() => call.success?.({ errMsg: 'navigateTo:ok' }));
        },
      },
    }));
    await p.waitFor(() => p.root.querySelectorAll('.audit-entry').length === 7, 'the entries');
    expect(texts(p, '.audit-action')).toEqual([
      '拒绝数据请求',
      '答复数据请求',
      '接手数据请求',
      '会员申请导出个人信息',
      '会员提交数据请求',
      '会员注销账户',
      '删除长期未活跃会员的个人信息',
    ]);
    // Each row's 查看会员: the admin's three and the buyer's export and request; not the deletions.
    expect(texts(p, '.audit-entry .staff-row__head').map((head) => head?.endsWith('查看会员'))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    p.root.querySelectorAll('.audit-member')[3]!.dispatchEvent('tap');
    await p.waitFor(() => navigated.length === 1, 'Customer 360');
    expect(navigated).toEqual(['/staff/pages/customer/index?id=mem-001']);
  });

  it("keeps to one member when opened from the member's page", async () => {
    const p = openLog('admin', {}, { memberId: 'mem-001' });
    await p.waitFor(() => p.root.querySelectorAll('.audit-entry').length === 3, 'the entries');
    expect(p.requests.find((r) => r.url.includes('/v1/staff/audit-log'))!.url).toContain('memberId=mem-001');
    expect(p.root.dom.textContent).toContain('只显示这位会员的记录');
  });

  it('asks again for one kind when a chip is tapped', async () => {
    const p = openLog('admin');
    await p.waitFor(() => p.root.querySelectorAll('.audit-entry').length === 3, 'the entries');
    p.root.querySelector('.audit-kind-change')!.dispatchEvent('tap');
    await p.waitFor(() => p.requests.some((r) => r.url.includes('kind=change')), 'a request for changes only');
  });

  it('says so when the period has nothing, and that the log is for admins when refused', async () => {
    const empty = openLog('admin', { 'GET /v1/staff/audit-log': { statusCode: 200, body: { items: [], nextCursor: null } } });
    await empty.waitFor(() => empty.root.dom.textContent?.includes('这段时间没有记录'), 'the empty state');
    empty.root.detach();
    const refused = openLog('supervisor', {
      'GET /v1/staff/audit-log': { statusCode: 403, body: { error: { code: 'FORBIDDEN', message: 'admins' } } },
    });
    await refused.waitFor(() => refused.root.dom.textContent?.includes('审计日志仅限管理员查看'), 'the forbidden state');
  });

  it('saves the retention periods with the version read, and refuses a period out of bounds before sending', async () => {
    const saved: unknown[] = [];
    const p = openLog('admin', {
      'PUT /v1/staff/retention-settings': (data) => {
        saved.push(data);
        return { statusCode: 200, body: { ...RETENTION, auditLogDays: 730, version: 1, updatedAt: '2026-11-24T03:00:00.000Z' } };
      },
    });
    await p.waitFor(() => p.root.querySelector('.retention-save'), 'the retention card');
    p.root.querySelector('.retention-auditLogDays')!.dispatchEvent('input', { detail: { value: '30' } });
    p.root.querySelector('.retention-save')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.retention-notice')?.dom.textContent?.includes('365–3650'), 'the bounds');
    expect(saved).toEqual([]);
    p.root.querySelector('.retention-auditLogDays')!.dispatchEvent('input', { detail: { value: '730' } });
    p.root.querySelector('.retention-save')!.dispatchEvent('tap');
    await p.waitFor(() => saved.length === 1, 'the save');
    expect(saved[0]).toEqual({ auditLogDays: 730, inactiveMemberYears: 3, unattachedPhotoDays: 7, expectedVersion: 0 });
  });
});
