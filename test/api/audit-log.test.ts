import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { STAFF_ROLES } from '@linli/shared/auth';
import { AUDITED_ROUTE_ZH, auditActionLabel, type AuditEntry, type AuditPage } from '@linli/shared/audit';
import { purgeExpiredAuditEntries } from '../../functions/src/audit/audit-log.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';
import { openApiOf, operationsOf } from '../support/openapi.ts';

// The audit log: every staff change and every read of a member's personal data is recorded (who,
// role, what, which member, when; settings with before and after), reveals carry their reason and
// are recorded before the number is answered, admins search it and download it as CSV, no route
// changes it, and the retention job removes only what is older than the period.

type Who = 'agent' | 'supervisor' | 'admin' | 'buyer';
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<Who, string> = {} as never;
const ids: Record<Who, string> = {} as never;
const TODAY = '2026-11-24';

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(3 * 365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const [who, role, name] of [
    ['agent', 'agent', '客服小林'],
    ['supervisor', 'supervisor', '主管老王'],
    ['admin', 'admin', '店主'],
  ] as const) {
    await putStaff(stack.deps.db, { openid: `o-audit-${who}`, role, name, at: stack.clock().toISOString() });
    const session = await api.login(`audit-${who}`);
    tokens[who] = session.token;
    ids[who] = session.member.memberId;
  }
  const buyer = await api.login('audit-buyer');
  await api.join(buyer.token);
  expect((await api.json('POST', '/v1/me/phone', { code: 'dev-phone-13912345678.auditbuyer' }, buyer.token)).status).toBe(200);
  tokens.buyer = buyer.token;
  ids.buyer = buyer.member.memberId;
});
afterAll(() => stack.close());

async function search(query: Record<string, string>, token = tokens.admin): Promise<AuditPage> {
  const response = await api.json(
    'GET',
    `/v1/staff/audit-log?${new URLSearchParams({ from: TODAY, to: TODAY, ...query })}`,
    undefined,
    token,
  );
  expect(response.status).toBe(200);
  return (await response.json()) as AuditPage;
}

const entriesAbout = async (memberId: string) => (await search({ memberId, limit: '200' })).items;

describe('what is recorded', () => {
  it("records a staff member's read of a member's personal data, with the actor's stored role and name", async () => {
    expect((await api.json('GET', `/v1/staff/members/${ids.buyer}/profile`, undefined, tokens.agent)).status).toBe(200);
    const [entry] = await entriesAbout(ids.buyer);
    expect(entry).toMatchObject({
      actor: { memberId: ids.agent, name: '客服小林', role: 'agent' },
      kind: 'read',
      action: 'GET /v1/staff/members/{memberId}/profile',
      memberId: ids.buyer,
      status: 200,
    });
  });

  it('does not record list views that carry no one member, nor refused requests', async () => {
    const before = (await search({ actorId: ids.agent, limit: '200' })).items.length;
    expect((await api.json('GET', '/v1/staff/complaints', undefined, tokens.agent)).status).toBe(200);
    expect((await api.json('PUT', '/v1/staff/tiers', { tiers: [] }, tokens.agent)).status).toBe(403);
    expect((await search({ actorId: ids.agent, limit: '200' })).items).toHaveLength(before);
  });

  it('records a settings change with the settings before and after', async () => {
    const current = (await (await api.json('GET', '/v1/staff/complaint-settings', undefined, tokens.admin)).json()) as Record<
      string,
      unknown
    >;
    const { version, updatedAt: _u, updatedBy: _b, holidayCalendarThrough: _h, ...settings } = current as Record<string, unknown>;
    const saved = await api.json(
      'PUT',
      '/v1/staff/complaint-settings',
      { ...settings, agentCompensationCapPoints: 800, expectedVersion: version },
      tokens.admin,
    );
    expect(saved.status).toBe(200);
    const [entry] = (await search({ actorId: ids.admin, kind: 'change' })).items;
    expect(entry!.action).toBe('PUT /v1/staff/complaint-settings');
    expect(JSON.parse(entry!.before!)).toMatchObject({ agentCompensationCapPoints: 500, version: 0 });
    expect(JSON.parse(entry!.after!)).toMatchObject({ agentCompensationCapPoints: 800, version: 1 });
  });

  it('records a change to a member with the member named (points adjustment)', async () => {
    const adjusted = await api.json(
      'POST',
      `/v1/staff/members/${ids.buyer}/points-adjustments`,
      { requestId: randomUUID(), delta: 50, reason: '补偿积分' },
      tokens.supervisor,
    );
    expect(adjusted.status).toBe(200);
    const changes = (await entriesAbout(ids.buyer)).filter((e) => e.kind === 'change');
    expect(changes).toEqual([
      expect.objectContaining({
        action: 'POST /v1/staff/members/{memberId}/points-adjustments',
        actor: expect.objectContaining({ role: 'supervisor' }),
      }),
    ]);
  });
});

describe('revealing a whole phone number', () => {
  const reveal = (body: unknown, token: string, memberId = ids.buyer) =>
    api.json('POST', `/v1/staff/members/${memberId}/phone-reveals`, body, token);

  it('answers a supervisor the whole number and records the reveal with its reason, once', async () => {
    const response = await reveal({ reason: '核对快递收件人' }, tokens.supervisor);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ phone: '13912345678' });
    const reveals = (await entriesAbout(ids.buyer)).filter((e) => e.action === 'phone.reveal');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ kind: 'read', reason: '核对快递收件人', actor: { memberId: ids.supervisor, role: 'supervisor' } });
    // The route does not add a second, reasonless entry of its own.
    expect((await entriesAbout(ids.buyer)).filter((e) => e.action.includes('phone-reveals'))).toHaveLength(0);
  });

  it('refuses agents, a missing or too short reason, and unknown members, recording nothing', async () => {
    const before = (await entriesAbout(ids.buyer)).length;
    expect((await reveal({ reason: '核对快递收件人' }, tokens.agent)).status).toBe(403);
    expect((await reveal({}, tokens.supervisor)).status).toBe(400);
    expect((await reveal({ reason: '看看' }, tokens.supervisor)).status).toBe(400);
    expect((await reveal({ reason: '核对快递收件人' }, tokens.admin, 'mem_nobody')).status).toBe(404);
    expect(await entriesAbout(ids.buyer)).toHaveLength(before);
  });

  it('never shows the whole number in what staff read by default', async () => {
    const profile = await (await api.json('GET', `/v1/staff/members/${ids.buyer}/profile`, undefined, tokens.admin)).text();
    const summary = await (await api.json('GET', `/v1/staff/members/${ids.buyer}`, undefined, tokens.admin)).text();
    for (const body of [profile, summary]) {
      expect(body).not.toContain('13912345678');
      expect(body).toContain('139****5678');
    }
  });
});

describe('searching the log', () => {
  it('is for admins only', async () => {
    for (const who of ['agent', 'supervisor', 'buyer'] as const) {
      const response = await api.json('GET', `/v1/staff/audit-log?from=${TODAY}&to=${TODAY}`, undefined, tokens[who]);
      expect(response.status).toBe(403);
    }
  });

  it('pages newest first across days without losing or repeating an entry', async () => {
    stack.clock.set('2026-11-25T03:00:00.000Z');
    for (let i = 0; i < 3; i++) await api.json('GET', `/v1/staff/members/${ids.buyer}`, undefined, tokens.agent);
    stack.clock.set('2026-11-26T03:00:00.000Z');
    for (let i = 0; i < 2; i++) await api.json('GET', `/v1/staff/members/${ids.buyer}`, undefined, tokens.agent);
    const everything = (await search({ to: '2026-11-26', limit: '200' })).items;
    const seen: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditPage = await search({ to: '2026-11-26', limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.entryId)).toEqual(everything.map((e) => e.entryId));
    expect(new Set(seen.map((e) => e.entryId)).size).toBe(seen.length);
    const times = seen.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    // Only the range asked for.
    expect((await search({ from: '2026-11-25', to: '2026-11-25', limit: '200' })).items).toHaveLength(3);
  });

  it('filters by member, staff member and kind together', async () => {
    const page = await search({ to: '2026-11-26', memberId: ids.buyer, actorId: ids.agent, kind: 'read', limit: '200' });
    expect(page.items.length).toBeGreaterThanOrEqual(6);
    for (const entry of page.items) expect(entry).toMatchObject({ memberId: ids.buyer, actor: { memberId: ids.agent }, kind: 'read' });
  });

  it('refuses a forged cursor, a reversed range and more than 92 days', async () => {
    const bad = [
      `from=${TODAY}&to=${TODAY}&cursor=${Buffer.from(JSON.stringify({ pk: 'MEMBER#x', sk: null })).toString('base64url')}`,
      `from=${TODAY}&to=${TODAY}&cursor=not-a-cursor`,
      'from=2026-11-25&to=2026-11-24',
      'from=2026-01-01&to=2026-11-24',
    ];
    for (const query of bad) {
      const response = await api.json('GET', `/v1/staff/audit-log?${query}`, undefined, tokens.admin);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('downloads as CSV with Chinese headers and labels, and the download is itself recorded', async () => {
    const response = await api.json('GET', `/v1/staff/audit-log.csv?from=${TODAY}&to=2026-11-26`, undefined, tokens.admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(csv.split('\r\n')[0]).toBe('\uFEFF时间,操作人,角色,类别,操作,会员编号,相关对象,结果,原因,变更前,变更后');
    expect(csv).toContain('查看会员完整手机号');
    expect(csv).toContain('核对快递收件人');
    expect(csv).toContain('修改投诉设置');
    expect(csv).not.toContain('/v1/');
    const [latest] = (await search({ from: '2026-11-26', to: '2026-11-26', actorId: ids.admin })).items;
    expect(latest!.action).toBe('GET /v1/staff/audit-log.csv');
  });
});

describe('how the log reads', () => {
  it('names every audited staff route in its own words: each change and each read of personal data, a route added later included', async () => {
    const audited = operationsOf(await openApiOf(stack))
      .filter(({ operation }) => (operation['x-linli-roles'] ?? []).every((role) => (STAFF_ROLES as readonly string[]).includes(role)))
      .filter(({ operation }) => operation['x-linli-access'] === 'session')
      .filter(({ method, operation }) => method !== 'get' || operation['x-linli-personal-data'] === true)
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(audited.length).toBeGreaterThan(40);
    expect(audited.filter((action) => !(action in AUDITED_ROUTE_ZH))).toEqual([]);
    // Short Chinese, no codes; no two routes read alike (taking a data request is not answering it).
    const labels = audited.map((action) => auditActionLabel(action));
    for (const label of labels) expect(label).toMatch(/^[\u4e00-\u9fff（）、]{2,12}$/);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("tells a data request's taking, answering and refusing apart", () => {
    expect(['take', 'answer', 'refuse'].map((step) => auditActionLabel(`POST /v1/staff/data-requests/{dataRequestId}/${step}`))).toEqual([
      '接手数据请求',
      '答复数据请求',
      '拒绝数据请求',
    ]);
  });
});

describe('append-only', () => {
  it('has no route that changes or deletes an entry', async () => {
    const spec = (await (await api.json('GET', '/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const auditPaths = Object.entries(spec.paths).filter(([path]) => path.includes('audit'));
    expect(auditPaths.length).toBeGreaterThan(0);
    for (const [, operations] of auditPaths) expect(Object.keys(operations)).toEqual(['get']);
  });
});

describe('retention', () => {
  it('records a change of the periods with before and after, and refuses periods out of bounds', async () => {
    const view = (await (await api.json('GET', '/v1/staff/retention-settings', undefined, tokens.admin)).json()) as { version: number };
    expect(view).toMatchObject({ auditLogDays: 1095, inactiveMemberYears: 3, unattachedPhotoDays: 7, version: 0 });
    const tooShort = await api.json(
      'PUT',
      '/v1/staff/retention-settings',
      { auditLogDays: 30, inactiveMemberYears: 3, unattachedPhotoDays: 7, expectedVersion: 0 },
      tokens.admin,
    );
    expect(tooShort.status).toBe(400);
    const saved = await api.json(
      'PUT',
      '/v1/staff/retention-settings',
      { auditLogDays: 365, inactiveMemberYears: 3, unattachedPhotoDays: 7, expectedVersion: 0 },
      tokens.admin,
    );
    expect(saved.status).toBe(200);
    const stale = await api.json(
      'PUT',
      '/v1/staff/retention-settings',
      { auditLogDays: 400, inactiveMemberYears: 3, unattachedPhotoDays: 7, expectedVersion: 0 },
      tokens.admin,
    );
    expect(stale.status).toBe(409);
    const [entry] = (await search({ from: '2026-11-26', to: '2026-11-26', actorId: ids.admin, kind: 'change' })).items;
    expect(entry!.action).toBe('PUT /v1/staff/retention-settings');
    expect(JSON.parse(entry!.before!)).toMatchObject({ auditLogDays: 1095 });
    expect(JSON.parse(entry!.after!)).toMatchObject({ auditLogDays: 365 });
  });

  it('purges whole days older than the period, entries and copies alike, and a second run finds nothing', async () => {
    // 2026-11-24 is the oldest day; a year and a day later it is past the 365-day period, 11-25 not yet.
    stack.clock.set('2027-11-25T03:00:00.000Z');
    const first = await purgeExpiredAuditEntries(stack.deps);
    expect(first).toMatchObject({ days: 1, cutoff: '2026-11-25' });
    expect(first.entries).toBeGreaterThan(0);
    const items = await scanAll();
    const dayOne = items.filter((item) => typeof item.sk === 'string' && String(item.sk).startsWith('2026-11-24T'));
    expect(dayOne.filter((item) => String(item.pk).startsWith('AUDIT'))).toEqual([]);
    expect(items.some((item) => String(item.pk) === 'AUDIT#2026-11-25')).toBe(true);
    expect(await purgeExpiredAuditEntries(stack.deps)).toMatchObject({ days: 0, entries: 0 });
  });
});

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.deps.db.doc.send(new ScanCommand({ TableName: stack.deps.db.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
