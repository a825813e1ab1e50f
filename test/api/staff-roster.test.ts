import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { seedDemoData } from '../../dev/seed-demo.ts';
import { LOCAL_SECRETS } from '../../functions/src/config/config.ts';
import { issueSessionToken } from '../../functions/src/http/session.ts';
import { getStaffRecord, listStaffRecords, putStaff } from '../../functions/src/staff/repository.ts';
import { invitationIdForCode, newInvitationCode } from '../../functions/src/staff/invitations.ts';
import { INVITATION_CODE_LENGTH, invitationPagePath, parseInvitationCode, type CreatedInvitation } from '@linli/shared/staff';
import { wxaCodeModules } from '../../dev/wechat-emulator/wxa-code.ts';
import { readQrModules } from '../../dev/wechat-emulator/test-support.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

const DAY = 24 * 3600 * 1000;
// Long sessions: tests move the clock past invitation expiry without logging everyone out.
const STACK_ENV = {
  LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600),
  LINLI_FOUNDING_ADMIN_OPENIDS: 'o-founder, o-founder-race,o-founder-gone',
};

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens = {} as Record<'admin' | 'supervisor' | 'agent' | 'buyer', string>;

/** Makes `o-<name>` staff in `role` (as seed data does) and logs them in. */
async function staffLogin(
  target: { stack: TestStack; api: ReturnType<typeof apiClient> },
  name: string,
  role: 'admin' | 'supervisor' | 'agent',
) {
  await putStaff(target.stack.deps.db, { openid: `o-${name}`, role, name, at: target.stack.clock().toISOString() });
  return (await target.api.login(name)).token;
}

beforeAll(async () => {
  stack = await createTestStack({ env: STACK_ENV });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor', 'agent'] as const) tokens[role] = await staffLogin({ stack, api }, `team-${role}`, role);
  tokens.buyer = (await api.login('team-buyer')).token;
});
afterAll(() => stack.close());

async function invite(token: string, request: { name: string; role: string } = { name: '小林', role: 'agent' }) {
  const response = await api.json('POST', '/v1/staff/invitations', request, token);
  expect(response.status).toBe(200);
  return (await response.json()) as CreatedInvitation;
}

const accept = (code: string, token: string) => api.json('POST', '/v1/invitations/accept', { code }, token);
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe('who may use the team routes', () => {
  const routes: Array<[string, string, () => Promise<unknown>]> = [
    ['GET', '/v1/staff/team', async () => undefined],
    ['PATCH', '/v1/staff/team/o-team-target', async () => ({ role: 'supervisor' })],
    ['GET', '/v1/staff/invitations', async () => undefined],
    ['POST', '/v1/staff/invitations', async () => ({ name: '新同事', role: 'agent' })],
    ['POST', '/v1/staff/invitations/{id}/revoke', async () => undefined],
  ];

  beforeAll(async () => {
    await putStaff(stack.deps.db, { openid: 'o-team-target', role: 'agent', name: '目标', at: stack.clock().toISOString() });
  });

  it.each(routes)('%s %s: 401 without a token, 403 for buyers, agents and supervisors, 200 for admins', async (method, template, body) => {
    const path = template.includes('{id}') ? template.replace('{id}', (await invite(tokens.admin)).invitationId) : template;
    expect((await api.json(method, path, await body())).status).toBe(401);
    for (const who of ['buyer', 'agent', 'supervisor'] as const) {
      const response = await api.json(method, path, await body(), tokens[who]);
      expect(response.status, who).toBe(403);
      expect(await errorCode(response)).toBe('FORBIDDEN');
    }
    expect((await api.json(method, path, await body(), tokens.admin)).status).toBe(200);
  });

  it('lets any logged-in user preview and accept, and nobody without a token', async () => {
    const { code } = await invite(tokens.admin);
    expect((await api.json('POST', '/v1/invitations/preview', { code })).status).toBe(401);
    expect((await api.json('POST', '/v1/invitations/accept', { code })).status).toBe(401);
    expect((await api.json('POST', '/v1/invitations/preview', { code }, tokens.buyer)).status).toBe(200);
  });
});

describe('invitations', () => {
  it('makes an unguessable one-time code and the accept page path, and lists it as pending', async () => {
    const created = await invite(tokens.admin, { name: '  王小二 ', role: 'supervisor' });
    expect(created.code).toMatch(new RegExp(`^[0-9A-HJKMNP-TV-Z]{${INVITATION_CODE_LENGTH}}$`));
    expect(created.path).toBe(`staff/pages/accept/index?code=${created.code}`);
    expect(created).toMatchObject({ name: '王小二', role: 'supervisor', invitedBy: 'team-admin' });
    expect(Date.parse(created.expiresAt) - stack.clock().getTime()).toBe(7 * DAY);
    // Only the code's hash is stored: the id is not the code.
    expect(created.invitationId).toBe(invitationIdForCode(created.code));
    expect(
      JSON.stringify(
        await stack.deps.db.doc.send(
          new GetCommand({ TableName: stack.deps.db.tableName, Key: { pk: 'INVITATIONS', sk: `INVITATION#${created.invitationId}` } }),
        ),
      ),
    ).not.toContain(created.code);

    const pending = await (await api.json('GET', '/v1/staff/invitations', undefined, tokens.admin)).json();
    expect(pending.items.find((i: { invitationId: string }) => i.invitationId === created.invitationId)).toMatchObject({
      name: '王小二',
      role: 'supervisor',
    });
    expect(JSON.stringify(pending)).not.toContain(created.code);
  });

  it('refuses a bad invitation request with the field at fault', async () => {
    const response = await api.json('POST', '/v1/staff/invitations', { name: '', role: 'owner' }, tokens.admin);
    expect(response.status).toBe(400);
    const paths = ((await response.json()).error.issues as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(['name', 'role']);
  });

  it('invite → accept: the buyer becomes an agent with a fresh token and works the complaint queue', async () => {
    const buyer = await api.login('team-newhire');
    expect((await api.json('GET', '/v1/staff/complaints', undefined, buyer.token)).status).toBe(403);
    const { code } = await invite(tokens.admin, { name: '新客服', role: 'agent' });

    const preview = await api.json('POST', '/v1/invitations/preview', { code: invitationPagePath(code) }, buyer.token);
    expect(await preview.json()).toMatchObject({ name: '新客服', role: 'agent', invitedBy: 'team-admin' });

    const accepted = await accept(code, buyer.token);
    expect(accepted.status).toBe(200);
    const session = (await accepted.json()) as { token: string; roles: string[]; member: { memberId: string } };
    expect(session.roles).toEqual(['member', 'agent']);
    expect(session.member.memberId).toBe(buyer.member.memberId);
    expect((await api.json('GET', '/v1/staff/complaints', undefined, session.token)).status).toBe(200);
    // Still not a supervisor.
    expect((await api.json('GET', '/v1/staff/complaint-report?from=2026-11-01&to=2026-11-23', undefined, session.token)).status).toBe(403);

    const roster = await (await api.json('GET', '/v1/staff/team', undefined, tokens.admin)).json();
    expect(roster.items.find((m: { openid: string }) => m.openid === 'o-team-newhire')).toMatchObject({
      name: '新客服',
      role: 'agent',
      active: true,
      since: stack.clock().toISOString(),
      invitedBy: 'team-admin',
      isSelf: false,
    });
    const pending = await (await api.json('GET', '/v1/staff/invitations', undefined, tokens.admin)).json();
    expect(JSON.stringify(pending)).not.toContain(invitationIdForCode(code));
  });

  it('takes a typed code in any case, with spaces and dashes', async () => {
    const buyer = await api.login('team-typist');
    const { code } = await invite(tokens.admin);
    const typed = ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4, 13)} ${code.slice(13)} `;
    expect(parseInvitationCode(typed)).toBe(code);
    expect((await accept(typed, buyer.token)).status).toBe(200);
  });

  it('refuses an unknown code, an expired one, a revoked one and a used one, each with its code', async () => {
    const buyer = await api.login('team-refused');
    const unknown = await accept(newInvitationCode(), buyer.token);
    expect([unknown.status, await errorCode(unknown)]).toEqual([404, 'INVITATION_NOT_FOUND']);
    const garbage = await accept('not a code', buyer.token);
    expect([garbage.status, await errorCode(garbage)]).toEqual([404, 'INVITATION_NOT_FOUND']);

    const revoked = await invite(tokens.admin);
    const revokedAnswer = await api.json('POST', `/v1/staff/invitations/${revoked.invitationId}/revoke`, undefined, tokens.admin);
    expect(JSON.stringify(await revokedAnswer.json())).not.toContain(revoked.invitationId);
    for (const path of ['/v1/invitations/preview', '/v1/invitations/accept']) {
      const response = await api.json('POST', path, { code: revoked.code }, buyer.token);
      expect([response.status, await errorCode(response)]).toEqual([409, 'INVITATION_REVOKED']);
    }

    const used = await invite(tokens.admin);
    expect((await accept(used.code, (await api.login('team-first')).token)).status).toBe(200);
    const usedAgain = await accept(used.code, buyer.token);
    expect([usedAgain.status, await errorCode(usedAgain)]).toEqual([409, 'INVITATION_ALREADY_USED']);
    const revokeUsed = await api.json('POST', `/v1/staff/invitations/${used.invitationId}/revoke`, undefined, tokens.admin);
    expect([revokeUsed.status, await errorCode(revokeUsed)]).toEqual([409, 'INVITATION_ALREADY_USED']);

    const expiring = await invite(tokens.admin);
    stack.clock.advance(7 * DAY);
    for (const path of ['/v1/invitations/preview', '/v1/invitations/accept']) {
      const response = await api.json('POST', path, { code: expiring.code }, buyer.token);
      expect([response.status, await errorCode(response)]).toEqual([409, 'INVITATION_EXPIRED']);
    }
    const pending = await (await api.json('GET', '/v1/staff/invitations', undefined, tokens.admin)).json();
    expect(JSON.stringify(pending)).not.toContain(expiring.invitationId);
    expect(await getStaffRecord(stack.deps.db, 'o-team-refused')).toBeNull();
  });

  it('refuses active staff (roles change in the roster), and answers the same person accepting again with the same session role', async () => {
    const { code } = await invite(tokens.admin, { name: '想当管理员', role: 'admin' });
    const refused = await accept(code, tokens.agent);
    expect([refused.status, await errorCode(refused)]).toEqual([409, 'ALREADY_STAFF']);
    expect((await getStaffRecord(stack.deps.db, 'o-team-agent'))?.role).toBe('agent');

    const buyer = await api.login('team-twice');
    expect((await accept(code, buyer.token)).status).toBe(200);
    const again = await accept(code, buyer.token);
    expect(again.status).toBe(200);
    expect((await again.json()).roles).toEqual(['member', 'admin']);
  });

  it('takes a deactivated staff member back in the invited role', async () => {
    const returning = await staffLogin({ stack, api }, 'team-returning', 'supervisor');
    expect((await api.json('PATCH', '/v1/staff/team/o-team-returning', { active: false }, tokens.admin)).status).toBe(200);
    const { code } = await invite(tokens.admin, { name: '回来的客服', role: 'agent' });
    expect((await accept(code, returning)).status).toBe(200);
    expect(await getStaffRecord(stack.deps.db, 'o-team-returning')).toMatchObject({ active: true, role: 'agent', name: '回来的客服' });
  });

  it('makes exactly one staff member when two people accept one code at once', async () => {
    for (let round = 0; round < 5; round++) {
      const { code } = await invite(tokens.admin);
      const [first, second] = await Promise.all([api.login(`team-race-${round}-a`), api.login(`team-race-${round}-b`)]);
      const answers = await Promise.all([accept(code, first.token), accept(code, second.token)]);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses, `round ${round}`).toEqual([200, 409]);
      expect(await errorCode(answers.find((answer) => answer.status === 409)!)).toBe('INVITATION_ALREADY_USED');
      const made = await Promise.all([
        getStaffRecord(stack.deps.db, `o-team-race-${round}-a`),
        getStaffRecord(stack.deps.db, `o-team-race-${round}-b`),
      ]);
      expect(made.filter(Boolean), `round ${round}`).toHaveLength(1);
    }
  });

  it('answers one person double-tapping accept with one staff member', async () => {
    for (let round = 0; round < 5; round++) {
      const { code } = await invite(tokens.admin);
      const buyer = await api.login(`team-double-tap-${round}`);
      const answers = await Promise.all([accept(code, buyer.token), accept(code, buyer.token)]);
      expect(
        await Promise.all(answers.map(async (answer) => `${answer.status} ${answer.status === 200 ? '' : await answer.text()}`)),
        `round ${round}`,
      ).toEqual(['200 ', '200 ']);
      expect(await getStaffRecord(stack.deps.db, `o-team-double-tap-${round}`)).toMatchObject({ role: 'agent', active: true, version: 1 });
    }
  });
});

describe("the invitation's 小程序码", () => {
  /** The next `times` getwxacodeunlimit calls answer `errcode`, as WeChat on a bad day. */
  const failWxaCode = (errcode: number, times = 1) =>
    stack.emulator.app.request('/__emulator/failures', {
      method: 'POST',
      body: JSON.stringify({ path: '/wxa/getwxacodeunlimit', errcode, times }),
    });

  it('answers a PNG that opens the accept page with the code as its scene, drawn for the configured build', async () => {
    const created = await invite(tokens.admin, { name: '扫码的新人', role: 'agent' });

    expect(created.wxaCode.status).toBe('ready');
    const dataUrl = created.wxaCode.status === 'ready' ? created.wxaCode.dataUrl : '';
    expect(dataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const expected = wxaCodeModules(`staff/pages/accept/index?scene=${created.code}`);
    expect(readQrModules(png, expected.length)).toEqual(expected);
    // Local config is the developer build: WeChat cannot check pages against a release there.
    expect(stack.emulator.state.wxaCodes.at(-1)).toMatchObject({
      scene: created.code,
      page: 'staff/pages/accept/index',
      envVersion: 'develop',
      checkPath: false,
    });
  });

  it('still creates the invitation when WeChat cannot draw the code, says the image is unavailable, and the code works', async () => {
    await failWxaCode(45009);
    const drawnBefore = stack.emulator.state.wxaCodes.length;

    const created = await invite(tokens.admin, { name: '限流时的新人', role: 'agent' });

    expect(created.wxaCode).toEqual({ status: 'unavailable' });
    expect(stack.emulator.state.wxaCodes).toHaveLength(drawnBefore);
    expect(created.path).toBe(`staff/pages/accept/index?code=${created.code}`);
    const pending = await (await api.json('GET', '/v1/staff/invitations', undefined, tokens.admin)).json();
    expect(pending.items.map((i: { invitationId: string }) => i.invitationId)).toContain(created.invitationId);
    const newcomer = await api.login('team-no-image');
    expect((await accept(created.code, newcomer.token)).status).toBe(200);
  });

  it('draws it after WeChat says the cached token is stale (40001), refreshing the token once', async () => {
    await failWxaCode(40001);

    const created = await invite(tokens.admin);

    expect(created.wxaCode.status).toBe('ready');
  });

  it('answers without the image when the token stays stale', async () => {
    await failWxaCode(40001, 2);

    expect((await invite(tokens.admin)).wxaCode).toEqual({ status: 'unavailable' });
  });
});

describe('roster', () => {
  it('lists the team with role, status, since and who invited', async () => {
    const response = await api.json('GET', '/v1/staff/team', undefined, tokens.admin);
    const roster = (await response.json()) as {
      items: Array<{ openid: string; isSelf: boolean; invitedBy: string | null; active: boolean }>;
    };
    expect(roster.items.find((m) => m.openid === 'o-team-admin')).toMatchObject({
      role: 'admin',
      active: true,
      isSelf: true,
      invitedBy: null,
    });
    expect(roster.items.filter((m) => m.isSelf)).toHaveLength(1);
    // Active staff first.
    const firstInactive = roster.items.findIndex((m) => !m.active);
    if (firstInactive >= 0) expect(roster.items.slice(firstInactive).every((m) => !m.active)).toBe(true);
  });

  it("changes a role, and the staff member's existing token follows at once", async () => {
    const token = await staffLogin({ stack, api }, 'team-promoted', 'agent');
    const report = '/v1/staff/complaint-report?from=2026-11-01&to=2026-11-23';
    expect((await api.json('GET', report, undefined, token)).status).toBe(403);
    const changed = await api.json('PATCH', '/v1/staff/team/o-team-promoted', { role: 'supervisor' }, tokens.admin);
    expect(await changed.json()).toMatchObject({ openid: 'o-team-promoted', role: 'supervisor', active: true });
    expect((await api.json('GET', report, undefined, token)).status).toBe(200);
    await api.json('PATCH', '/v1/staff/team/o-team-promoted', { role: 'agent' }, tokens.admin);
    expect((await api.json('GET', report, undefined, token)).status).toBe(403);
  });

  it("refuses a deactivated agent's still-valid token on staff routes at once, but not on buyer routes; reactivation restores it", async () => {
    const token = await staffLogin({ stack, api }, 'team-leaver', 'agent');
    expect((await api.json('GET', '/v1/staff/complaints', undefined, token)).status).toBe(200);

    const deactivated = await api.json('PATCH', '/v1/staff/team/o-team-leaver', { active: false }, tokens.admin);
    expect(await deactivated.json()).toMatchObject({ active: false, role: 'agent' });
    for (const path of ['/v1/staff/complaints', '/v1/staff/members', '/v1/staff/coupons/K7MX2QHP9RTA']) {
      const response = await api.json('GET', path, undefined, token);
      expect(response.status, path).toBe(403);
    }
    expect((await api.json('GET', '/v1/me', undefined, token)).status).toBe(200);
    // Logging in again gives no staff role either.
    expect((await api.login('team-leaver')).roles).toEqual(['member']);

    await api.json('PATCH', '/v1/staff/team/o-team-leaver', { active: true }, tokens.admin);
    expect((await api.json('GET', '/v1/staff/complaints', undefined, token)).status).toBe(200);
  });

  it('refuses an admin changing their own role or deactivating themselves', async () => {
    for (const change of [{ role: 'agent' }, { active: false }, { role: 'admin' }]) {
      const response = await api.json('PATCH', '/v1/staff/team/o-team-admin', change, tokens.admin);
      expect([response.status, await errorCode(response)]).toEqual([422, 'CANNOT_CHANGE_SELF']);
    }
    expect(await getStaffRecord(stack.deps.db, 'o-team-admin')).toMatchObject({ role: 'admin', active: true });
  });

  it('answers 404 STAFF_NOT_FOUND for someone not on the team, and 400 for an empty change', async () => {
    const missing = await api.json('PATCH', '/v1/staff/team/o-nobody', { role: 'agent' }, tokens.admin);
    expect([missing.status, await errorCode(missing)]).toEqual([404, 'STAFF_NOT_FOUND']);
    const empty = await api.json('PATCH', '/v1/staff/team/o-team-agent', {}, tokens.admin);
    expect(empty.status).toBe(400);
  });

  it('also takes PATCH as POST with X-HTTP-Method-Override, as the mini-program sends it', async () => {
    await putStaff(stack.deps.db, { openid: 'o-team-override', role: 'agent', name: 'override', at: stack.clock().toISOString() });
    const response = await api.json('POST', '/v1/staff/team/o-team-override', { role: 'supervisor' }, tokens.admin, {
      'x-http-method-override': 'PATCH',
    });
    expect(response.status).toBe(200);
    expect((await getStaffRecord(stack.deps.db, 'o-team-override'))?.role).toBe('supervisor');
  });
});

describe('the staff role guard', () => {
  afterEach(() => vi.restoreAllMocks());

  const staffReads = (send: { mock: { calls: unknown[][] } }) =>
    send.mock.calls.filter(([command]) => command instanceof GetCommand && String(command.input.Key?.pk).startsWith('STAFF#')).length;

  it('reads the staff item once per staff request however many guards run, and never on buyer routes', async () => {
    const send = vi.spyOn(stack.deps.db.doc, 'send');
    // /v1/staff/* (any staff role) and /v1/staff/team (admin) both guard this path.
    expect((await api.json('GET', '/v1/staff/invitations', undefined, tokens.admin)).status).toBe(200);
    expect(staffReads(send)).toBe(1);
    send.mockClear();
    expect((await api.json('GET', '/v1/me', undefined, tokens.admin)).status).toBe(200);
    expect((await api.json('GET', '/v1/me/points', undefined, tokens.buyer)).status).toBe(200);
    expect(staffReads(send)).toBe(0);
  });

  it('sends a token from before openids were in tokens back to log in on staff routes, and serves it on buyer routes', async () => {
    const agent = await api.login('team-agent');
    const legacy = await issueSessionToken(
      { memberId: agent.member.memberId, roles: ['member', 'agent'] },
      { key: LOCAL_SECRETS.tokenSigningKey, now: stack.clock(), ttlSeconds: 3600 },
    );
    const staffAnswer = await api.json('GET', '/v1/staff/complaints', undefined, legacy.token);
    expect([staffAnswer.status, await errorCode(staffAnswer)]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await api.json('GET', '/v1/me', undefined, legacy.token)).status).toBe(200);
  });
});

describe('founding admin', () => {
  it('makes a listed openid an active admin at first login, once, and nobody else', async () => {
    const first = await api.login('founder');
    expect(first.roles).toEqual(['member', 'admin']);
    const second = await api.login('founder');
    expect(second.roles).toEqual(['member', 'admin']);
    expect(await getStaffRecord(stack.deps.db, 'o-founder')).toMatchObject({ role: 'admin', active: true, version: 1, invitedBy: null });
    expect((await api.json('GET', '/v1/staff/team', undefined, first.token)).status).toBe(200);
    expect((await api.login('not-a-founder')).roles).toEqual(['member']);
  });

  it("creates one staff item when a founder's first logins race", async () => {
    const sessions = await Promise.all([api.login('founder-race'), api.login('founder-race'), api.login('founder-race')]);
    expect(sessions.map((session) => session.roles)).toEqual([
      ['member', 'admin'],
      ['member', 'admin'],
      ['member', 'admin'],
    ]);
    expect(await getStaffRecord(stack.deps.db, 'o-founder-race')).toMatchObject({ version: 1 });
  });

  it('does not bring back a founding admin who was deactivated', async () => {
    expect((await api.login('founder-gone')).roles).toEqual(['member', 'admin']);
    expect((await api.json('PATCH', '/v1/staff/team/o-founder-gone', { active: false }, tokens.admin)).status).toBe(200);
    expect((await api.login('founder-gone')).roles).toEqual(['member']);
  });
});

describe('never without an active admin', () => {
  // A shop of its own: here the two admins below are the only ones.
  let shop: TestStack;
  let shopApi: ReturnType<typeof apiClient>;
  const admins = {} as Record<'ann' | 'bob', string>;

  beforeAll(async () => {
    shop = await createTestStack({ env: STACK_ENV });
    shopApi = apiClient(shop);
    admins.ann = await staffLogin({ stack: shop, api: shopApi }, 'ann', 'admin');
    admins.bob = await staffLogin({ stack: shop, api: shopApi }, 'bob', 'admin');
  });
  afterAll(() => shop.close());

  const activeAdmins = async () =>
    (await listStaffRecords(shop.deps.db)).filter((s) => s.active && s.role === 'admin').map((s) => s.openid);

  it.each([
    ['demote', { role: 'supervisor' }],
    ['deactivate', { active: false }],
  ])('lets exactly one of two admins who %s each other at once succeed', async (_, change) => {
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([
        shopApi.json('PATCH', '/v1/staff/team/o-bob', change, admins.ann),
        shopApi.json('PATCH', '/v1/staff/team/o-ann', change, admins.bob),
      ]);
      const outcomes = await Promise.all(
        answers.map(async (answer) => (answer.status === 200 ? 'ok' : `${answer.status} ${await errorCode(answer)}`)),
      );
      expect(
        outcomes.filter((outcome) => outcome === 'ok'),
        `round ${round}: ${outcomes.join(', ')}`,
      ).toHaveLength(1);
      // The loser either saw the winner's change first (no longer admin) or lost inside the transaction.
      expect(['403 FORBIDDEN', '409 LAST_ADMIN']).toContain(outcomes.find((outcome) => outcome !== 'ok'));
      const remaining = await activeAdmins();
      expect(remaining, `round ${round}`).toHaveLength(1);

      // The survivor restores the other for the next round.
      const survivor = remaining[0] === 'o-ann' ? admins.ann : admins.bob;
      const other = remaining[0] === 'o-ann' ? 'o-bob' : 'o-ann';
      expect((await shopApi.json('PATCH', `/v1/staff/team/${other}`, { role: 'admin', active: true }, survivor)).status).toBe(200);
      expect(await activeAdmins()).toHaveLength(2);
    }
  });

  it('refuses the demoted admin, who can no longer touch the last one', async () => {
    expect((await shopApi.json('PATCH', '/v1/staff/team/o-bob', { role: 'agent' }, admins.ann)).status).toBe(200);
    const response = await shopApi.json('PATCH', '/v1/staff/team/o-ann', { role: 'agent' }, admins.bob);
    expect([response.status, await errorCode(response)]).toEqual([403, 'FORBIDDEN']);
    const self = await shopApi.json('PATCH', '/v1/staff/team/o-ann', { active: false }, admins.ann);
    expect([self.status, await errorCode(self)]).toEqual([422, 'CANNOT_CHANGE_SELF']);
    expect(await activeAdmins()).toEqual(['o-ann']);
  });
});

describe('the demo shop (npm start)', () => {
  let demo: TestStack;
  let demoApi: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    demo = await createTestStack();
    demoApi = apiClient(demo);
    await seedDemoData(demo.deps, { members: 0, grantInWechat: async () => {} });
  }, 120_000);
  afterAll(() => demo.close());

  it('lets the demo admin see the team and invite, and the invitee join', async () => {
    const admin = await demoApi.login('admin');
    expect(admin.roles).toEqual(['member', 'admin']);
    const roster = await (await demoApi.json('GET', '/v1/staff/team', undefined, admin.token)).json();
    expect(roster.items.map((m: { name: string; role: string }) => `${m.name}:${m.role}`)).toEqual(
      expect.arrayContaining(['王芳（店主）:admin', '李强（客服主管）:supervisor', '陈晓（客服）:agent']),
    );
    const created = await demoApi.json('POST', '/v1/staff/invitations', { name: '新同事', role: 'agent' }, admin.token);
    expect(created.status).toBe(200);
    const newcomer = await demoApi.login('newcomer');
    const accepted = await demoApi.json('POST', '/v1/invitations/accept', { code: (await created.json()).code }, newcomer.token);
    expect((await accepted.json()).roles).toEqual(['member', 'agent']);
  });
});
