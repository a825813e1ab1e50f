import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { TeamMember } from '@linli/shared/staff';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, modal, text, texts } from './wechat-simulator';

const ADMIN_SESSION = { token: 'tok-admin', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', 'admin'] };
const BUYER_SESSION = { token: 'tok-buyer', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const CODE = '7K3M9QXT2VHC8RWD5YNB4FJG6P';
/** A 1×1 PNG standing in for the 小程序码 WeChat drew. */
const WXA_CODE_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

function teamMember(overrides: Partial<TeamMember> = {}): TeamMember {
  return {
    openid: 'o-admin',
    name: '王芳（店主）',
    role: 'admin',
    active: true,
    since: '2026-01-05T02:00:00.000Z',
    invitedBy: null,
    isSelf: true,
    ...overrides,
  };
}

const TEAM = {
  items: [
    teamMember(),
    teamMember({
      openid: 'o-agent',
      name: '陈晓',
      role: 'agent',
      isSelf: false,
      invitedBy: '王芳（店主）',
      since: '2026-11-20T02:00:00.000Z',
    }),
  ],
};
const PENDING = {
  items: [
    {
      invitationId: 'inv-1',
      name: '李强',
      role: 'supervisor',
      invitedBy: '王芳（店主）',
      createdAt: '2026-11-22T02:00:00.000Z',
      expiresAt: '2026-11-29T02:00:00.000Z',
    },
  ],
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

describe('员工管理 (weapp build in miniprogram-simulate, staff subpackage)', () => {
  it('lists the team with role and status, and the pending invitations', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/team': { statusCode: 200, body: TEAM },
      'GET /v1/staff/invitations': { statusCode: 200, body: PENDING },
    };
    const p = (page = openPage('staff/pages/team/index', { storage: { 'linli.session': ADMIN_SESSION }, routes }));
    await p.waitFor(() => p.root.querySelector('.team-invitation'), 'the pending invitation');
    expect(texts(p, '.team-member .staff-row__name')).toEqual(['王芳（店主）（我）', '陈晓']);
    expect(texts(p, '.team-member .team-role')).toEqual(['管理员', '客服']);
    expect(texts(p, '.team-member .team-status')).toEqual(['在职', '在职']);
    // No actions on one's own row.
    expect(p.root.querySelectorAll('.team-member')[0]!.querySelector('.team-action-button') ?? null).toBeNull();
    expect(text(p, '.team-member__self')).toContain('不能修改自己');
    expect(text(p, '.team-invitation')).toContain('李强');
    expect(text(p, '.team-invitation .team-role')).toBe('主管');
  });

  it('invites: sends the name and role, then shows the code, the page path and the 小程序码 WeChat drew', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/team': { statusCode: 200, body: TEAM },
      'GET /v1/staff/invitations': { statusCode: 200, body: { items: [] } },
      'POST /v1/staff/invitations': {
        statusCode: 200,
        body: {
          ...PENDING.items[0],
          code: CODE,
          path: `staff/pages/accept/index?code=${CODE}`,
          wxaCode: { status: 'ready', dataUrl: WXA_CODE_DATA_URL },
        },
      },
    };
    const p = (page = openPage('staff/pages/team/index', { storage: { 'linli.session': ADMIN_SESSION }, routes }));
    await p.waitFor(() => p.root.querySelector('.team-invite__name'), 'the invite form');
    // The pending invitations load on their own: wait for their (empty) list rather than race it.
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the empty invitations')).toBe('没有待接受的邀请');

    p.root.querySelector('.team-invite .btn--primary')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.team-invite .notice--error'), 'the missing-name text')).toBe('请填写员工的称呼');
    expect(p.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    p.root.querySelector('.team-invite__name')!.dispatchEvent('input', { detail: { value: '李强' } });
    p.root.querySelectorAll('.team-invite__role')[1]!.dispatchEvent('tap');
    await settle();
    p.root.querySelector('.team-invite .btn--primary')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.team-created'), 'the created invitation');
    expect(p.requests.find((r) => r.method === 'POST')?.data).toEqual({ name: '李强', role: 'supervisor' });
    expect(text(p, '.team-created__code')).toBe('7K3M 9QXT 2VHC 8RWD 5YNB 4FJG 6P');
    expect(text(p, '.team-created__path')).toBe(`staff/pages/accept/index?code=${CODE}`);
    expect(p.root.querySelectorAll('.team-created__qr')).toHaveLength(1);
    expect(p.root.querySelector('.team-created__qr')!.data.src).toBe(WXA_CODE_DATA_URL);
    expect(p.root.querySelector('.team-created__unavailable') ?? null).toBeNull();
  });

  it.each([
    ['says the 小程序码 is unavailable', { status: 'unavailable' }],
    ['comes from an API without 小程序码', undefined],
  ])('falls back to a plain QR of the path when the invitation %s', async (_case, wxaCode) => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/team': { statusCode: 200, body: TEAM },
      'GET /v1/staff/invitations': { statusCode: 200, body: { items: [] } },
      'POST /v1/staff/invitations': {
        statusCode: 200,
        body: { ...PENDING.items[0], code: CODE, path: `staff/pages/accept/index?code=${CODE}`, ...(wxaCode ? { wxaCode } : {}) },
      },
    };
    const p = (page = openPage('staff/pages/team/index', { storage: { 'linli.session': ADMIN_SESSION }, routes }));
    await p.waitFor(() => p.root.querySelector('.team-invite__name'), 'the invite form');
    p.root.querySelector('.team-invite__name')!.dispatchEvent('input', { detail: { value: '李强' } });
    await settle();
    p.root.querySelector('.team-invite .btn--primary')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.team-created'), 'the created invitation');

    expect(String(p.root.querySelector('.team-created__qr')!.data.src)).toMatch(/^data:image\/gif;base64,/);
    expect(text(p, '.team-created__unavailable')).toContain('小程序码暂时无法生成');
    expect(text(p, '.team-created__code')).toBe('7K3M 9QXT 2VHC 8RWD 5YNB 4FJG 6P');
  });

  it('deactivates after confirmation, sending PATCH as the override header says', async () => {
    const asked: string[] = [];
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/team': { statusCode: 200, body: TEAM },
      'GET /v1/staff/invitations': { statusCode: 200, body: { items: [] } },
      'POST /v1/staff/team/o-agent': { statusCode: 200, body: { ...TEAM.items[1], active: false } },
    };
    const p = (page = openPage('staff/pages/team/index', {
      storage: { 'linli.session': ADMIN_SESSION },
      routes,
      wx: { showModal: modal(true, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.team-action-button'), "the agent's actions");
    p.root.querySelector('.team-action-button')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.team-notice'), 'the outcome');
    expect(asked[0]).toContain('停用后「陈晓」立即失去员工权限');
    const patch = p.requests.find((r) => r.url.endsWith('/v1/staff/team/o-agent'))!;
    expect(patch).toMatchObject({ method: 'POST', data: { active: false } });
    expect(patch.header['X-HTTP-Method-Override']).toBe('PATCH');
    expect(text(p, '.team-notice')).toBe('「陈晓」已停用');
    expect(texts(p, '.team-member .team-status')).toEqual(['在职', '已停用']);
    expect(text(p, '.team-action-button')).toBe('恢复');
  });

  it('shows staff in post by default and the deactivated ones under 已停用', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/team': {
        statusCode: 200,
        body: { items: [...TEAM.items, teamMember({ openid: 'o-left', name: '赵敏', role: 'agent', active: false, isSelf: false })] },
      },
      'GET /v1/staff/invitations': { statusCode: 200, body: { items: [] } },
    };
    const p = (page = openPage('staff/pages/team/index', { storage: { 'linli.session': ADMIN_SESSION }, routes }));
    await p.waitFor(() => p.root.querySelector('.team-member'), 'the team');
    expect(texts(p, '.team-tab')).toEqual(['在职（2）', '已停用（1）']);
    expect(texts(p, '.team-member .staff-row__name')).toEqual(['王芳（店主）（我）', '陈晓']);
    p.root.querySelectorAll('.team-tab')[1]!.dispatchEvent('tap');
    await p.waitFor(() => (texts(p, '.team-member .staff-row__name')[0] === '赵敏' ? true : undefined), 'the deactivated staff');
    expect(texts(p, '.team-member .staff-row__name')).toEqual(['赵敏']);
    expect(texts(p, '.team-member .team-status')).toEqual(['已停用']);
    expect(text(p, '.team-action-button')).toBe('恢复');
  });

  it('changes a role from the picker after confirmation', async () => {
    const asked: string[] = [];
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/team': { statusCode: 200, body: TEAM },
      'GET /v1/staff/invitations': { statusCode: 200, body: { items: [] } },
      'POST /v1/staff/team/o-agent': { statusCode: 200, body: { ...TEAM.items[1], role: 'supervisor' } },
    };
    const p = (page = openPage('staff/pages/team/index', {
      storage: { 'linli.session': ADMIN_SESSION },
      routes,
      wx: { showModal: modal(true, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.team-role-picker'), 'the role picker');
    p.root.querySelector('.team-role-picker')!.dispatchEvent('change', { detail: { value: '1' } });
    await p.waitFor(() => text(p, '.team-notice'), 'the outcome');
    expect(asked[0]).toBe('将「陈晓」的角色改为「主管」？立即生效。');
    expect(p.requests.find((r) => r.url.endsWith('/v1/staff/team/o-agent'))?.data).toEqual({ role: 'supervisor' });
    expect(texts(p, '.team-member .team-role')).toEqual(['管理员', '主管']);
  });

  it('changes nothing when the admin cancels, and shows the Chinese refusal text', async () => {
    const asked: string[] = [];
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/team': { statusCode: 200, body: TEAM },
      'GET /v1/staff/invitations': { statusCode: 200, body: PENDING },
      'POST /v1/staff/invitations/inv-1/revoke': { statusCode: 409, body: { error: { code: 'INVITATION_ALREADY_USED', message: 'used' } } },
    };
    const p = (page = openPage('staff/pages/team/index', {
      storage: { 'linli.session': ADMIN_SESSION },
      routes,
      wx: { showModal: modal(false, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.team-invitation .btn'), 'the revoke button');
    p.root.querySelector('.team-action-button')!.dispatchEvent('tap');
    await settle();
    expect(asked).toHaveLength(1);
    expect(p.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);

    (globalThis as Record<string, any>).wx.showModal = modal(true, asked);
    p.root.querySelector('.team-invitation .btn')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.team-notice'), 'the refusal')).toBe(ERROR_TEXT_ZH.INVITATION_ALREADY_USED);
  });

  it('tells a non-admin the page is for admins', async () => {
    const forbidden = { statusCode: 403, body: { error: { code: 'FORBIDDEN', message: 'Requires one of: admin' } } };
    const p = (page = openPage('staff/pages/team/index', {
      storage: { 'linli.session': BUYER_SESSION },
      routes: { 'GET /v1/staff/team': forbidden, 'GET /v1/staff/invitations': forbidden },
    }));
    await p.waitFor(() => p.root.querySelector('.state-box'), 'the forbidden state');
    expect(text(p, '.state-box__text')).toBe('员工管理仅限管理员使用');
  });
});

describe('加入团队 (weapp build, staff subpackage)', () => {
  it('shows who invites into which role, accepts, and stores the new session like a login', async () => {
    const relaunched: string[] = [];
    const routes: Record<string, CannedResponse> = {
      'POST /v1/invitations/preview': {
        statusCode: 200,
        body: { name: '李强', role: 'supervisor', invitedBy: '王芳（店主）', expiresAt: '2026-11-29T02:00:00.000Z' },
      },
      'POST /v1/invitations/accept': {
        statusCode: 200,
        body: {
          token: 'tok-new-supervisor',
          expiresAt: '2099-01-01T00:00:00.000Z',
          roles: ['member', 'supervisor'],
          member: {
            memberId: 'mem-002',
            status: 'visitor',
            nickname: null,
            tier: { code: 'regular', name: '普通会员' },
            points: { balance: 0, pending: 0, expiringSoon: { points: 0, before: null } },
            birthday: null,
            phoneMasked: null,
            joinedAt: null,
            policyVersion: null,
            memberCode: '2B3C4D5E',
            stats: { orderCount: 0, totalSpentFen: 0, firstOrderAt: null, lastOrderAt: null },
          },
        },
      },
    };
    const p = (page = openPage('staff/pages/accept/index', {
      storage: { 'linli.session': BUYER_SESSION },
      routes,
      query: { code: CODE.toLowerCase() },
      wx: { reLaunch: (options: { url: string; success?: (r: unknown) => void }) => relaunched.push(options.url) },
    }));
    await p.waitFor(() => p.root.querySelector('.accept-offer'), 'the offer');
    expect(text(p, '.accept-offer .accept-text')).toBe('王芳（店主） 邀请你以「主管」身份加入');
    expect(p.requests[0]).toMatchObject({ method: 'POST', data: { code: CODE } });

    p.root.querySelector('.accept-offer .btn--primary')!.dispatchEvent('tap');
    await p.waitFor(() => relaunched.length > 0, 'the move to the staff home');
    expect(relaunched).toEqual(['/pages/me/index']);
    expect(p.requests[1]).toMatchObject({ method: 'POST', data: { code: CODE }, header: { Authorization: 'Bearer tok-buyer' } });
    expect(p.storage.get('linli.session')).toEqual({
      token: 'tok-new-supervisor',
      expiresAt: '2099-01-01T00:00:00.000Z',
      roles: ['member', 'supervisor'],
    });
  });

  it.each([
    ['as WeChat passes it', CODE],
    ['URL-encoded, with the case and dashes someone typed', encodeURIComponent(`${CODE.slice(0, 13).toLowerCase()}-${CODE.slice(13)}`)],
  ])('reads the code from `scene` when opened by scanning the 小程序码 (%s)', async (_case, scene) => {
    const routes: Record<string, CannedResponse> = {
      'POST /v1/invitations/preview': {
        statusCode: 200,
        body: { name: '李强', role: 'agent', invitedBy: '王芳（店主）', expiresAt: '2026-11-29T02:00:00.000Z' },
      },
    };
    const p = (page = openPage('staff/pages/accept/index', { storage: { 'linli.session': BUYER_SESSION }, routes, query: { scene } }));

    await p.waitFor(() => p.root.querySelector('.accept-offer'), 'the offer');

    expect(text(p, '.accept-offer .accept-text')).toBe('王芳（店主） 邀请你以「客服」身份加入');
    expect(p.requests[0]).toMatchObject({ method: 'POST', data: { code: CODE } });
  });

  it('explains an expired invitation and lets the user type another code', async () => {
    const routes: Record<string, CannedResponse> = {
      'POST /v1/invitations/preview': { statusCode: 409, body: { error: { code: 'INVITATION_EXPIRED', message: 'expired' } } },
    };
    const p = (page = openPage('staff/pages/accept/index', { storage: { 'linli.session': BUYER_SESSION }, routes, query: { code: CODE } }));
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the refusal')).toBe(ERROR_TEXT_ZH.INVITATION_EXPIRED);
    p.root.querySelector('.state-box .btn')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.accept-code-input'), 'the code entry');
    p.root.querySelector('.accept-code-input')!.dispatchEvent('input', { detail: { value: 'not-a-code' } });
    await settle();
    p.root.querySelector('.card .btn--primary')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.notice--error'), 'the format hint')).toContain('26 位');
    expect(p.requests).toHaveLength(1);
  });
});
