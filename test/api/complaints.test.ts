import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { getMember } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { expectPointsInvariants } from '../support/points-invariants.ts';
import { autoCloseComplaints } from '../../functions/src/complaints/auto-close.ts';
import { escalateComplaints } from '../../functions/src/complaints/escalation.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<'buyer' | 'otherBuyer' | 'agent' | 'supervisor' | 'admin', string> = {} as never;
let buyerId: string;
let agentId: string;

beforeAll(async () => {
  // Tuesday 2026-11-24 10:00 in Shanghai: a working day.
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const role of ['agent', 'supervisor', 'admin'] as const) {
    await putStaff(stack.deps.db, { openid: `o-cmp-${role}`, role, name: `客服${role}`, at: stack.clock().toISOString() });
    const session = await api.login(`cmp-${role}`);
    tokens[role] = session.token;
    if (role === 'agent') agentId = session.member.memberId;
  }
  for (const who of ['buyer', 'otherBuyer'] as const) {
    const session = await api.login(`cmp-${who}`);
    await api.join(session.token);
    tokens[who] = session.token;
    if (who === 'buyer') buyerId = session.member.memberId;
  }
});
afterAll(() => stack.close());

const file = (token: string, overrides: Record<string, unknown> = {}) =>
  api.json(
    'POST',
    '/v1/me/complaints',
    { requestId: randomUUID(), category: 'quality', description: '收到的苹果有三个坏了', contactPreference: 'wechat', ...overrides },
    token,
  );

async function filed() {
  const response = await file(tokens.buyer);
  expect(response.status).toBe(200);
  return (await response.json()) as { complaintId: string; status: string };
}

describe('filing', () => {
  it("files once per request id, submitted, first in the buyer's list", async () => {
    const requestId = randomUUID();
    const [a, b] = await Promise.all([file(tokens.buyer, { requestId }), file(tokens.buyer, { requestId })]);
    const [ca, cb] = [await a.json(), await b.json()];
    expect(ca.complaintId).toBe(cb.complaintId);
    expect(ca).toMatchObject({ status: 'submitted', category: 'quality', actions: [] });
    const list = await (await api.json('GET', '/v1/me/complaints', undefined, tokens.buyer)).json();
    expect(list.items[0].complaintId).toBe(ca.complaintId);
  });

  it('refuses a description over 1000 characters and visitors', async () => {
    expect((await file(tokens.buyer, { description: '长'.repeat(1001) })).status).toBe(400);
    const visitor = await api.login('cmp-visitor');
    expect((await file(visitor.token)).status).toBe(409);
  });
});

describe('who may do what', () => {
  it.each<readonly ['GET' | 'POST', (id: string) => string, unknown]>([
    ['GET', (id: string) => `/v1/me/complaints/${id}`, undefined],
    ['POST', (id: string) => `/v1/me/complaints/${id}/replies`, { requestId: randomUUID(), text: '补充' }],
    ['POST', (id: string) => `/v1/me/complaints/${id}/confirm`, undefined],
    ['POST', (id: string) => `/v1/me/complaints/${id}/reopen`, { reason: '还是不行' }],
    ['POST', (id: string) => `/v1/me/complaints/${id}/rating`, { rating: 5 }],
  ])('buyer route %s %s: 401 without a token, 404 for another buyer', async (method, path, payload) => {
    const { complaintId } = await filed();
    expect((await api.json(method, path(complaintId), payload)).status).toBe(401);
    const other = await api.json(method, path(complaintId), payload, tokens.otherBuyer);
    expect(other.status).toBe(404);
    expect((await other.json()).error.code).toBe('COMPLAINT_NOT_FOUND');
  });

  it.each<readonly ['GET' | 'POST', (id: string) => string, unknown]>([
    ['GET', (_id: string) => '/v1/staff/complaints', undefined],
    ['GET', (id: string) => `/v1/staff/complaints/${id}`, undefined],
    ['POST', (id: string) => `/v1/staff/complaints/${id}/claim`, undefined],
    ['POST', (id: string) => `/v1/staff/complaints/${id}/replies`, { requestId: randomUUID(), text: '您好' }],
    ['POST', (id: string) => `/v1/staff/complaints/${id}/notes`, { text: '批次 2026-11' }],
    ['POST', (id: string) => `/v1/staff/complaints/${id}/assign`, () => ({ assigneeId: agentId })],
    ['GET', (_id: string) => '/v1/staff/complaint-settings', undefined],
    ['GET', (_id: string) => '/v1/staff/complaint-agents', undefined],
    ['GET', (_id: string) => '/v1/staff/compensation-coupons', undefined],
  ])('staff route %s %s: 401 without a token, 403 for buyers, 200 for agent, supervisor and admin', async (method, path, given) => {
    const payload = typeof given === 'function' ? given() : given;
    const { complaintId } = await filed();
    expect((await api.json(method, path(complaintId), payload)).status).toBe(401);
    expect((await api.json(method, path(complaintId), payload, tokens.buyer)).status).toBe(403);
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      expect((await api.json(method, path(complaintId), payload, tokens[role])).status).toBe(200);
    }
  });

  it('lets only supervisors and admins change the desk settings', async () => {
    const current = await (await api.json('GET', '/v1/staff/complaint-settings', undefined, tokens.agent)).json();
    const { version: _v, updatedAt: _u, updatedBy: _b, ...settings } = current;
    const put = (token?: string, expectedVersion = current.version) =>
      api.json('PUT', '/v1/staff/complaint-settings', { ...settings, expectedVersion }, token);
    expect((await put()).status).toBe(401);
    expect((await put(tokens.buyer)).status).toBe(403);
    expect((await put(tokens.agent)).status).toBe(403);
    expect((await put(tokens.supervisor)).status).toBe(200);
    expect((await put(tokens.admin, current.version + 1)).status).toBe(200);
  });

  it('answers the filing options to members only', async () => {
    expect((await api.json('GET', '/v1/complaint-options')).status).toBe(401);
    const options = await (await api.json('GET', '/v1/complaint-options', undefined, tokens.otherBuyer)).json();
    expect(options.categories.map((c: { code: string }) => c.code)).toEqual(['quality', 'logistics', 'service', 'price', 'other']);
  });
});

describe('working a complaint', () => {
  it("goes from claim to a question, the buyer's answer, resolution with points, confirmation and a rating", async () => {
    const { complaintId } = await filed();
    const claimed = await (await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent)).json();
    expect(claimed).toMatchObject({
      status: 'in_progress',
      sla: { firstResponse: { state: 'stopped', breached: false }, resolution: { state: 'running' } },
    });

    await api.json('POST', `/v1/staff/complaints/${complaintId}/notes`, { text: '疑似冷链问题，查批次' }, tokens.agent);
    const asked = await (
      await api.json(
        'POST',
        `/v1/staff/complaints/${complaintId}/replies`,
        { requestId: randomUUID(), text: '请问是哪天收到的？', askBuyer: true },
        tokens.agent,
      )
    ).json();
    expect(asked).toMatchObject({ status: 'waiting_for_buyer', sla: { resolution: { state: 'paused' } } });

    const buyerSees = await (await api.json('GET', `/v1/me/complaints/${complaintId}`, undefined, tokens.buyer)).json();
    expect(buyerSees.timeline.map((e: { type: string }) => e.type)).not.toContain('note');
    expect(JSON.stringify(buyerSees)).not.toContain('冷链');
    expect(buyerSees.timeline.some((e: { type: string; text?: string }) => e.type === 'reply' && e.text === '请问是哪天收到的？')).toBe(
      true,
    );

    stack.clock.advance(3600_000);
    const answered = await (
      await api.json('POST', `/v1/me/complaints/${complaintId}/replies`, { requestId: randomUUID(), text: '昨天收到的' }, tokens.buyer)
    ).json();
    expect(answered.status).toBe('in_progress');

    const before = (await getMember(stack.deps.db, buyerId))!.pointsBalance;
    const requestId = randomUUID();
    const resolve = () =>
      api.json(
        'POST',
        `/v1/staff/complaints/${complaintId}/resolve`,
        {
          requestId,
          summary: '已补发一箱，并赠送 50 积分',
          rootCause: { category: 'quality', sku: 'APPLE-5KG', causeCode: 'cold_chain' },
          compensation: { points: 50 },
        },
        tokens.agent,
      );
    const resolved = await (await resolve()).json();
    expect(resolved).toMatchObject({ status: 'resolved', rootCause: { causeCode: 'cold_chain' } });
    // A retry of the same resolution answers with it and credits nothing more; another resolution is refused.
    const retried = await resolve();
    expect(retried.status).toBe(200);
    expect((await retried.json()).timeline.filter((e: { type: string }) => e.type === 'resolution')).toHaveLength(1);
    const another = await api.json(
      'POST',
      `/v1/staff/complaints/${complaintId}/resolve`,
      { requestId: randomUUID(), summary: '再次', rootCause: { category: 'quality', causeCode: 'other' } },
      tokens.agent,
    );
    expect(another.status).toBe(409);
    expect((await getMember(stack.deps.db, buyerId))!.pointsBalance).toBe(before + 50);
    await expectPointsInvariants(stack.deps.db, buyerId);

    const confirmed = await (await api.json('POST', `/v1/me/complaints/${complaintId}/confirm`, undefined, tokens.buyer)).json();
    expect(confirmed.status).toBe('closed');
    const rated = await (
      await api.json('POST', `/v1/me/complaints/${complaintId}/rating`, { rating: 5, comment: '处理很快' }, tokens.buyer)
    ).json();
    expect(rated.rating).toBe(5);
    expect((await api.json('POST', `/v1/me/complaints/${complaintId}/rating`, { rating: 1 }, tokens.buyer)).status).toBe(409);
  });

  it('refuses illegal moves with COMPLAINT_TRANSITION_INVALID and the reason', async () => {
    const { complaintId } = await filed();
    const confirm = await api.json('POST', `/v1/me/complaints/${complaintId}/confirm`, undefined, tokens.buyer);
    expect(confirm.status).toBe(409);
    expect((await confirm.json()).error).toMatchObject({ code: 'COMPLAINT_TRANSITION_INVALID', message: 'not_resolved' });
  });

  it('lets the buyer reopen within 7 days of resolution, not after', async () => {
    const resolveNew = async () => {
      const { complaintId } = await filed();
      await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent);
      await api.json(
        'POST',
        `/v1/staff/complaints/${complaintId}/resolve`,
        { requestId: randomUUID(), summary: '已退款', rootCause: { category: 'quality', causeCode: 'batch_defect' } },
        tokens.agent,
      );
      return complaintId;
    };
    const early = await resolveNew();
    stack.clock.advance(6 * 24 * 3600_000);
    expect((await (await api.json('POST', `/v1/me/complaints/${early}/reopen`, { reason: '又坏了' }, tokens.buyer)).json()).status).toBe(
      'reopened',
    );
    const late = await resolveNew();
    stack.clock.advance(7 * 24 * 3600_000);
    const refused = await api.json('POST', `/v1/me/complaints/${late}/reopen`, { reason: '又坏了' }, tokens.buyer);
    expect((await refused.json()).error.message).toBe('reopen_window_passed');
  });

  it('closes resolved complaints by themselves once the reopen window has passed, once', async () => {
    stack.clock.set('2026-12-01T02:00:00.000Z');
    const { complaintId } = await filed();
    await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent);
    await api.json(
      'POST',
      `/v1/staff/complaints/${complaintId}/resolve`,
      { requestId: randomUUID(), summary: '已处理', rootCause: { category: 'logistics', causeCode: 'courier_damage' } },
      tokens.agent,
    );
    stack.clock.advance(6 * 24 * 3600_000);
    await autoCloseComplaints(stack.deps);
    expect((await (await api.json('GET', `/v1/me/complaints/${complaintId}`, undefined, tokens.buyer)).json()).status).toBe('resolved');
    stack.clock.advance(24 * 3600_000);
    expect((await autoCloseComplaints(stack.deps)).closed).toBeGreaterThanOrEqual(1);
    const view = await (await api.json('GET', `/v1/me/complaints/${complaintId}`, undefined, tokens.buyer)).json();
    expect(view.status).toBe('closed');
    expect(view.timeline.filter((e: { type: string; status?: string }) => e.type === 'status' && e.status === 'closed')).toHaveLength(1);
    await autoCloseComplaints(stack.deps);
    const queue = await (await api.json('GET', '/v1/staff/complaints?limit=50', undefined, tokens.agent)).json();
    expect(queue.items.map((c: { complaintId: string }) => c.complaintId)).not.toContain(complaintId);
  });

  it('orders the queue by SLA deadline, soonest first, and drops closed complaints', async () => {
    stack.clock.set('2026-11-25T02:00:00.000Z');
    const first = await filed();
    stack.clock.advance(600_000);
    const second = await filed();
    const queue = await (await api.json('GET', '/v1/staff/complaints?status=submitted&limit=50', undefined, tokens.agent)).json();
    const ids = queue.items.map((c: { complaintId: string }) => c.complaintId);
    expect(ids.indexOf(first.complaintId)).toBeLessThan(ids.indexOf(second.complaintId));
    expect(
      queue.items.every(
        (c: { sla: { firstResponse: { dueAt: string } } }, i: number, all: Array<{ sla: { firstResponse: { dueAt: string } } }>) =>
          i === 0 || all[i - 1]!.sla.firstResponse.dueAt <= c.sla.firstResponse.dueAt,
      ),
    ).toBe(true);
  });
});

describe('alerts and notices', () => {
  async function grant(name: string, token: string, templateId: string) {
    await stack.emulator.app.request('/__emulator/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: `o-${name}`, templateIds: [templateId] }),
    });
    await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId, result: 'accept' }] }, token);
  }
  const sentTo = (openid: string, templateId: string) =>
    stack.emulator.state.messages.filter((m) => m.openid === openid && m.templateId === templateId);

  it('tells the buyer when the complaint is acknowledged, answered and resolved, only with authorizations held', async () => {
    stack.clock.set('2026-12-08T02:00:00.000Z'); // Tuesday 10:00 Shanghai
    for (let i = 0; i < 2; i++) await grant('cmp-buyer', tokens.buyer, 'tmpl-complaint-update');
    const { complaintId } = await filed();
    await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent);
    await api.json('POST', `/v1/staff/complaints/${complaintId}/replies`, { requestId: randomUUID(), text: '已安排补发' }, tokens.agent);
    await api.json(
      'POST',
      `/v1/staff/complaints/${complaintId}/resolve`,
      { requestId: randomUUID(), summary: '已补发', rootCause: { category: 'quality', causeCode: 'batch_defect' } },
      tokens.agent,
    );
    // Two authorizations: the first two updates went out, the third had none left.
    expect(sentTo('o-cmp-buyer', 'tmpl-complaint-update')).toHaveLength(2);
  });

  it('warns the owner before a breach and escalates to supervisors on a breach, once each, never in quiet hours', async () => {
    stack.clock.set('2026-12-09T02:00:00.000Z'); // Wednesday 10:00 Shanghai
    // Earlier tests left other open complaints that breach too: enough grants for all of them.
    for (let i = 0; i < 80; i++) await grant('cmp-supervisor', tokens.supervisor, 'tmpl-complaint-alert');
    for (let i = 0; i < 80; i++) await grant('cmp-agent', tokens.agent, 'tmpl-complaint-alert');
    const { complaintId } = await filed();
    const about = (openid: string) => sentTo(openid, 'tmpl-complaint-alert').filter((m) => m.page?.includes(complaintId));
    // Claimed (first response met); resolution due 48 working hours later. Move to 30 minutes before it.
    await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent);
    const due = (await (await api.json('GET', `/v1/staff/complaints/${complaintId}`, undefined, tokens.agent)).json()).sla.resolution
      .dueAt as string;
    stack.clock.set(new Date(Date.parse(due) - 20 * 60_000));
    await escalateComplaints(stack.deps);
    await escalateComplaints(stack.deps);
    expect(about('o-cmp-agent')).toHaveLength(1);
    expect(about('o-cmp-supervisor')).toHaveLength(0);

    // After the deadline, at night: nothing; the next morning: one escalation.
    stack.clock.set(new Date(Date.parse(due) + 5 * 60_000));
    const night = new Date(Date.parse(due));
    night.setUTCHours(14, 0, 0, 0); // 22:00 Shanghai that day
    if (night.getTime() > Date.parse(due)) {
      stack.clock.set(night);
      expect((await escalateComplaints(stack.deps)).quietHours).toBe(true);
      expect(about('o-cmp-supervisor')).toHaveLength(0);
      stack.clock.set(new Date(night.getTime() + 12 * 3600_000)); // 10:00 next day
    }
    await escalateComplaints(stack.deps);
    await escalateComplaints(stack.deps);
    expect(about('o-cmp-supervisor')).toHaveLength(1);
    expect(about('o-cmp-supervisor')[0]!.data.phrase2!.value).toBe('已超时');
  });
});

describe("the supervisors' report", () => {
  it("counts the period's complaints for supervisors and admins only, as JSON and CSV", async () => {
    const query = '?from=2026-11-24&to=2026-12-31';
    expect((await api.json('GET', `/v1/staff/complaint-report${query}`, undefined, tokens.agent)).status).toBe(403);
    expect((await api.json('GET', `/v1/staff/complaint-report${query}`, undefined, tokens.buyer)).status).toBe(403);
    const report = await (await api.json('GET', `/v1/staff/complaint-report${query}`, undefined, tokens.supervisor)).json();
    expect(report.overall.complaints).toBeGreaterThan(5);
    expect(report.byRootCause.map((bar: { key: string }) => bar.key)).toEqual(expect.arrayContaining(['cold_chain', 'batch_defect']));
    expect(report.byRootCause.at(-1).cumulativeShare).toBe(1);
    expect(report.overall.averageRating).toBe(5);
    const csv = await api.json('GET', `/v1/staff/complaint-report.csv${query}`, undefined, tokens.admin);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines.length - 1).toBe(report.overall.complaints);
  });

  it("labels the product bars with the names the shop's orders give the SKUs, the newest order's name winning", async () => {
    const order = (orderId: string, paidAt: string, name: string) => ({
      ...sampleOrder({ orderId, openid: 'o-report-names', paidAt }),
      items: [{ sku: 'APPLE-5KG', name, category: 'fruit', qty: 1, unitPriceFen: 12_345 }],
    });
    expect((await api.postOrder(order('names-new', '2026-11-20T02:00:00.000Z', '洛川红富士苹果 5 斤装'))).status).toBe(200);
    // A late webhook of an older order does not rename the product.
    expect((await api.postOrder(order('names-old', '2026-10-01T02:00:00.000Z', '旧名：苹果'))).status).toBe(200);
    const query = '?from=2026-11-24&to=2026-12-31';
    const report = await (await api.json('GET', `/v1/staff/complaint-report${query}`, undefined, tokens.supervisor)).json();
    const apple = report.byProduct.find((bar: { key: string }) => bar.key === 'APPLE-5KG');
    expect(apple.label).toBe('洛川红富士苹果 5 斤装');
    for (const bar of report.byProduct) expect(bar.label).not.toBe(bar.key);
    const csv = await (await api.json('GET', `/v1/staff/complaint-report.csv${query}`, undefined, tokens.admin)).text();
    expect(csv).toContain('APPLE-5KG,洛川红富士苹果 5 斤装');
  });

  it('refuses a period that ends before it starts', async () => {
    const response = await api.json('GET', '/v1/staff/complaint-report?from=2026-12-31&to=2026-11-01', undefined, tokens.supervisor);
    expect(response.status).toBe(400);
  });
});
