import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { DEFAULT_DESK_SETTINGS } from '@linli/shared/complaints';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

// The desk as supervisors run it: configurable categories and SLA targets, assignment between
// staff, reply templates, retry-safe replies and coupons as compensation.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<'buyer' | 'agent' | 'agent2' | 'supervisor' | 'admin', string> = {} as never;
const ids: Record<string, string> = {};

beforeAll(async () => {
  // Tuesday 2026-11-24 10:00 in Shanghai: a working day.
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const [who, role, name] of [
    ['agent', 'agent', '客服小林'],
    ['agent2', 'agent', '客服小周'],
    ['supervisor', 'supervisor', '主管老王'],
    ['admin', 'admin', '店主'],
  ] as const) {
    await putStaff(stack.deps.db, { openid: `o-desk-${who}`, role, name, at: stack.clock().toISOString() });
    const session = await api.login(`desk-${who}`);
    tokens[who] = session.token;
    ids[who] = session.member.memberId;
  }
  const buyer = await api.login('desk-buyer');
  await api.join(buyer.token);
  tokens.buyer = buyer.token;
  ids.buyer = buyer.member.memberId;
});
afterAll(() => stack.close());

const file = async (overrides: Record<string, unknown> = {}) => {
  const response = await api.json(
    'POST',
    '/v1/me/complaints',
    { requestId: randomUUID(), category: 'quality', description: '橙子有一半是坏的', contactPreference: 'wechat', ...overrides },
    tokens.buyer,
  );
  return response;
};
const filedId = async (overrides: Record<string, unknown> = {}) => {
  const response = await file(overrides);
  expect(response.status).toBe(200);
  return ((await response.json()) as { complaintId: string }).complaintId;
};
const staffView = async (complaintId: string, token = tokens.agent) =>
  (await api.json('GET', `/v1/staff/complaints/${complaintId}`, undefined, token)).json();
const settings = async () => (await api.json('GET', '/v1/staff/complaint-settings', undefined, tokens.agent)).json();
const saveSettings = (body: unknown, token = tokens.supervisor) => api.json('PUT', '/v1/staff/complaint-settings', body, token);

describe('desk settings', () => {
  it('starts from the defaults, readable by every staff role and not by buyers; changed by supervisors and admins only', async () => {
    const current = await settings();
    expect(current).toMatchObject({
      version: 0,
      categories: DEFAULT_DESK_SETTINGS.categories,
      quietHours: { start: '21:00', end: '08:00' },
      holidayCalendarThrough: 2026,
    });
    expect(current.replyTemplates.length).toBeGreaterThan(0);
    expect((await api.json('GET', '/v1/staff/complaint-settings', undefined, tokens.buyer)).status).toBe(403);
    expect((await api.json('GET', '/v1/staff/complaint-settings')).status).toBe(401);
    const { version: _v, updatedAt: _u, updatedBy: _b, ...body } = current;
    expect((await saveSettings({ ...body, expectedVersion: 0 }, tokens.agent)).status).toBe(403);
    expect((await saveSettings({ ...body, expectedVersion: 0 }, tokens.buyer)).status).toBe(403);
  });

  it('adds a category with its own SLA targets that buyers can choose; the old complaints keep the targets they were filed under', async () => {
    const before = await filedId({ category: 'logistics' });
    const { version, updatedAt: _u, updatedBy: _b, ...body } = await settings();
    const categories = body.categories.map((c: { code: string }) =>
      c.code === 'logistics' ? { ...c, firstResponseHours: 1, resolutionHours: 8 } : c,
    );
    categories.push({ code: 'cold_chain', name: '冷链失温', active: true, firstResponseHours: 0.5, resolutionHours: 4 });
    const saved = await saveSettings({ ...body, categories, expectedVersion: version });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ version: 1, updatedBy: ids.supervisor });

    const options = await (await api.json('GET', '/v1/complaint-options', undefined, tokens.buyer)).json();
    expect(options.categories).toContainEqual({ code: 'cold_chain', name: '冷链失温' });
    expect(options).toMatchObject({ descriptionMax: 1000, photosMax: 6 });

    const cold = await filedId({ category: 'cold_chain' });
    const after = await filedId({ category: 'logistics' });
    expect((await staffView(cold)).sla.firstResponse.targetMs).toBe(30 * 60_000);
    expect((await staffView(after)).sla.resolution.targetMs).toBe(8 * 3600_000);
    expect((await staffView(before)).sla.resolution.targetMs).toBe(48 * 3600_000);
    const buyerSees = await (await api.json('GET', `/v1/me/complaints/${cold}`, undefined, tokens.buyer)).json();
    expect(buyerSees).toMatchObject({ category: 'cold_chain', categoryName: '冷链失温' });
  });

  it('refuses a stale version, removing a category, and filing under an inactive or unknown one', async () => {
    const { version, updatedAt: _u, updatedBy: _b, ...body } = await settings();
    const stale = await saveSettings({ ...body, expectedVersion: version - 1 });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('CONFLICT');

    const removed = await saveSettings({
      ...body,
      categories: body.categories.filter((c: { code: string }) => c.code !== 'price'),
      expectedVersion: version,
    });
    expect(removed.status).toBe(400);

    const deactivated = body.categories.map((c: { code: string }) => (c.code === 'price' ? { ...c, active: false } : c));
    expect((await saveSettings({ ...body, categories: deactivated, expectedVersion: version })).status).toBe(200);
    const options = await (await api.json('GET', '/v1/complaint-options', undefined, tokens.buyer)).json();
    expect(options.categories.map((c: { code: string }) => c.code)).not.toContain('price');
    for (const category of ['price', 'no_such_thing']) {
      const refused = await file({ category });
      expect(refused.status).toBe(422);
      expect((await refused.json()).error.code).toBe('COMPLAINT_CATEGORY_UNAVAILABLE');
    }
  });

  it("keeps a complaint's business hours: new hours move only complaints filed afterwards", async () => {
    stack.clock.set('2026-11-24T09:00:00.000Z'); // Tuesday 17:00 Shanghai: under 09:00–18:00 the 2-hour answer is due Wednesday 10:00
    const before = await filedId();
    const dueBefore = (await staffView(before)).sla.firstResponse.dueAt;
    expect(dueBefore).toBe('2026-11-25T02:00:00.000Z');
    const { version, updatedAt: _u, updatedBy: _b, holidayCalendarThrough: _h, ...body } = await settings();
    expect(
      (await saveSettings({ ...body, businessHours: { open: '08:00', close: '21:00', lunchBreak: null }, expectedVersion: version }))
        .status,
    ).toBe(200);
    expect((await staffView(before)).sla.firstResponse.dueAt).toBe(dueBefore);
    const { version: v2, updatedAt: _u2, updatedBy: _b2, holidayCalendarThrough: _h2, ...restored } = await settings();
    // Filed now, under 08:00–21:00, the answer is due at 19:00 the same day.
    expect((await staffView(await filedId())).sla.firstResponse.dueAt).toBe('2026-11-24T11:00:00.000Z');
    expect(
      (await saveSettings({ ...restored, businessHours: { open: '09:00', close: '18:00', lunchBreak: null }, expectedVersion: v2 })).status,
    ).toBe(200);
    stack.clock.set('2026-11-24T02:00:00.000Z');
  });

  it('refuses invalid settings: duplicate codes, inverted targets, bad hours', async () => {
    const { version, updatedAt: _u, updatedBy: _b, ...body } = await settings();
    const first = body.categories[0];
    for (const bad of [
      { ...body, categories: [...body.categories, first] },
      {
        ...body,
        categories: body.categories.map((c: object, i: number) => (i === 0 ? { ...c, firstResponseHours: 10, resolutionHours: 2 } : c)),
      },
      { ...body, businessHours: { open: '18:00', close: '09:00', lunchBreak: null } },
      { ...body, quietHours: { start: '25:00', end: '08:00' } },
      // 2000 working hours do not fit a year of half-hour business days.
      {
        ...body,
        businessHours: { open: '09:00', close: '09:30', lunchBreak: null },
        categories: body.categories.map((c: object) => ({ ...c, resolutionHours: 2000 })),
      },
    ]) {
      const response = await saveSettings({ ...bad, expectedVersion: version });
      expect(response.status).toBe(400);
    }
  });
});

describe('the order a complaint is about', () => {
  it('offers the buyer their own recent orders, newest first, and files against one of them only', async () => {
    await api.postOrder(sampleOrder({ orderId: 'desk-o-1', openid: 'o-desk-buyer', paidAt: '2026-11-20T08:00:00+08:00' }));
    await api.postOrder(sampleOrder({ orderId: 'desk-o-2', openid: 'o-desk-buyer', paidAt: '2026-11-22T08:00:00+08:00' }));
    await api.postOrder(sampleOrder({ orderId: 'desk-o-theirs', openid: 'o-desk-agent', paidAt: '2026-11-22T09:00:00+08:00' }));
    expect((await api.json('GET', '/v1/me/orders')).status).toBe(401);
    const mine = await (await api.json('GET', '/v1/me/orders', undefined, tokens.buyer)).json();
    expect(mine.items.map((o: { orderId: string }) => o.orderId)).toEqual(['desk-o-2', 'desk-o-1']);
    expect(mine.items[0]).toMatchObject({
      paidFen: expect.any(Number),
      refundedFen: 0,
      items: [expect.objectContaining({ name: expect.any(String), qty: expect.any(Number) })],
    });

    const own = await file({ orderId: 'desk-o-1' });
    expect(own.status).toBe(200);
    expect((await own.json()).orderId).toBe('desk-o-1');
    for (const orderId of ['desk-o-theirs', 'no-such-order']) {
      const refused = await file({ orderId });
      expect(refused.status).toBe(404);
      expect((await refused.json()).error.code).toBe('ORDER_NOT_FOUND');
    }
  });
});

describe('assignment', () => {
  it('lets a supervisor hand any complaint to an active staff member, shown to the desk only', async () => {
    const agents = await (await api.json('GET', '/v1/staff/complaint-agents', undefined, tokens.agent)).json();
    expect(agents.items.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['客服小林', '客服小周', '主管老王']));
    const complaintId = await filedId();
    await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent);
    const response = await api.json('POST', `/v1/staff/complaints/${complaintId}/assign`, { assigneeId: ids.agent2 }, tokens.supervisor);
    expect(response.status).toBe(200);
    const view = await response.json();
    expect(view).toMatchObject({ ownerId: ids.agent2, ownerName: '客服小周' });
    expect(view.internal.at(-1)).toMatchObject({
      type: 'assignment',
      authorName: '主管老王',
      assigneeId: ids.agent2,
      assigneeName: '客服小周',
    });
    const buyerSees = await (await api.json('GET', `/v1/me/complaints/${complaintId}`, undefined, tokens.buyer)).json();
    expect(JSON.stringify(buyerSees)).not.toContain('客服小周');

    const mine = await (await api.json('GET', `/v1/staff/complaints?assignee=${ids.agent2}`, undefined, tokens.agent2)).json();
    expect(mine.items.map((c: { complaintId: string }) => c.complaintId)).toContain(complaintId);
    expect(mine.items.every((c: { ownerId: string }) => c.ownerId === ids.agent2)).toBe(true);
  });

  it('lets an agent hand over only their own or unclaimed complaints, and only to staff', async () => {
    const complaintId = await filedId();
    await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent2);
    const taken = await api.json('POST', `/v1/staff/complaints/${complaintId}/assign`, { assigneeId: ids.agent }, tokens.agent);
    expect(taken.status).toBe(403);
    expect((await taken.json()).error.code).toBe('COMPLAINT_NOT_YOURS');
    const notStaff = await api.json('POST', `/v1/staff/complaints/${complaintId}/assign`, { assigneeId: ids.buyer }, tokens.agent2);
    expect(notStaff.status).toBe(422);
    expect((await notStaff.json()).error.code).toBe('ASSIGNEE_NOT_STAFF');
    expect((await api.json('POST', `/v1/staff/complaints/${complaintId}/assign`, { assigneeId: ids.agent }, tokens.agent2)).status).toBe(
      200,
    );
    expect((await api.json('POST', `/v1/staff/complaints/${complaintId}/assign`, { assigneeId: ids.agent }, tokens.buyer)).status).toBe(
      403,
    );
    expect((await api.json('POST', '/v1/staff/complaints/nope/assign', { assigneeId: ids.agent }, tokens.supervisor)).status).toBe(404);
  });

  it('lets an agent claim only unclaimed complaints or their own; a supervisor takes over', async () => {
    const complaintId = await filedId();
    expect((await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent)).status).toBe(200);
    const taken = await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent2);
    expect(taken.status).toBe(403);
    expect((await taken.json()).error.code).toBe('COMPLAINT_NOT_YOURS');
    expect((await staffView(complaintId)).ownerId).toBe(ids.agent);
    expect((await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent)).status).toBe(200);
    expect((await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.supervisor)).status).toBe(200);
    expect((await staffView(complaintId)).ownerId).toBe(ids.supervisor);
  });

  it('filters the queue by unclaimed and by breached', async () => {
    const fresh = await filedId();
    const unclaimed = await (await api.json('GET', '/v1/staff/complaints?assignee=none&limit=50', undefined, tokens.agent)).json();
    expect(unclaimed.items.map((c: { complaintId: string }) => c.complaintId)).toContain(fresh);
    expect(unclaimed.items.every((c: { ownerId: string | null }) => c.ownerId === null)).toBe(true);
    expect(
      (await (await api.json('GET', '/v1/staff/complaints?breached=true&limit=50', undefined, tokens.agent)).json()).items,
    ).toHaveLength(0);
    stack.clock.advance(3 * 24 * 3600_000); // Friday: every unanswered complaint is past its first-response target
    const breached = await (await api.json('GET', '/v1/staff/complaints?breached=true&limit=50', undefined, tokens.agent)).json();
    expect(breached.items.map((c: { complaintId: string }) => c.complaintId)).toContain(fresh);
    expect(
      breached.items.every(
        (c: { sla: { firstResponse: { breached: boolean }; resolution: { breached: boolean } } }) =>
          c.sla.firstResponse.breached || c.sla.resolution.breached,
      ),
    ).toBe(true);
  });
});

describe('replies and internal notes', () => {
  it('posts a retried reply once, however many times it arrives', async () => {
    const complaintId = await filedId();
    const requestId = randomUUID();
    const send = () => api.json('POST', `/v1/staff/complaints/${complaintId}/replies`, { requestId, text: '您好，已收到' }, tokens.agent);
    const answers = await Promise.all([send(), send(), send()]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const buyerRequest = randomUUID();
    await Promise.all(
      [0, 1].map(() =>
        api.json('POST', `/v1/me/complaints/${complaintId}/replies`, { requestId: buyerRequest, text: '好的' }, tokens.buyer),
      ),
    );
    const replies = (await staffView(complaintId)).timeline.filter((e: { type: string }) => e.type === 'reply');
    expect(replies.map((r: { text: string }) => r.text)).toEqual(['您好，已收到', '好的']);
  });

  it('shows internal notes to the desk, never to the buyer', async () => {
    const complaintId = await filedId();
    await api.json('POST', `/v1/staff/complaints/${complaintId}/notes`, { text: '查一下11月批次' }, tokens.agent);
    expect((await staffView(complaintId)).internal).toEqual([
      expect.objectContaining({ type: 'note', authorName: '客服小林', text: '查一下11月批次' }),
    ]);
    const buyerSees = await (await api.json('GET', `/v1/me/complaints/${complaintId}`, undefined, tokens.buyer)).json();
    expect(JSON.stringify(buyerSees)).not.toContain('批次');
  });
});

describe('a coupon as compensation', () => {
  async function couponReward(stock: number, availableFrom = '2026-11-01T00:00:00+08:00') {
    const response = await api.json(
      'POST',
      '/v1/staff/rewards',
      {
        kind: 'coupon',
        name: '投诉补偿10元券',
        description: '无门槛',
        pointsPrice: 100,
        stock,
        perMemberLimit: 1,
        tierCodes: [],
        availableFrom,
        availableUntil: '2027-06-01T00:00:00+08:00',
        coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 0, validDays: 30 },
      },
      tokens.admin,
    );
    expect(response.status).toBe(200);
    return (await response.json()) as { rewardId: string };
  }
  const resolve = (complaintId: string, requestId: string, compensation: unknown) =>
    api.json(
      'POST',
      `/v1/staff/complaints/${complaintId}/resolve`,
      {
        requestId,
        summary: '已补发并赠券',
        rootCause: { category: 'quality', causeCode: 'batch_defect', sku: 'ORANGE-3KG' },
        compensation,
      },
      tokens.agent,
    );

  it("issues the coupon into the buyer's 我的券 with the resolution, once per request id, taking one from stock", async () => {
    const reward = await couponReward(1);
    const complaintId = await filedId();
    await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent);
    const requestId = randomUUID();
    const [a, b] = await Promise.all([
      resolve(complaintId, requestId, { rewardId: reward.rewardId, points: 20 }),
      resolve(complaintId, requestId, { rewardId: reward.rewardId, points: 20 }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const resolution = (await a.json()).timeline.find((e: { type: string }) => e.type === 'resolution');
    expect(resolution.compensation).toMatchObject({ points: 20, rewardId: reward.rewardId, couponName: '投诉补偿10元券' });
    const coupons = await (await api.json('GET', '/v1/me/coupons', undefined, tokens.buyer)).json();
    const issued = (coupons.items ?? coupons).filter((c: { rewardId: string }) => c.rewardId === reward.rewardId);
    expect(issued).toHaveLength(1);
    expect(issued[0].code).toBe(resolution.compensation.couponCode);
    const stock = (await (await api.json('GET', `/v1/staff/rewards`, undefined, tokens.admin)).json()).items.find(
      (r: { rewardId: string }) => r.rewardId === reward.rewardId,
    ).stock;
    expect(stock).toBe(0);
  });

  it('refuses when the coupon is out of stock or not a coupon reward, changing nothing', async () => {
    const reward = await couponReward(0);
    const complaintId = await filedId();
    await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent);
    const out = await resolve(complaintId, randomUUID(), { rewardId: reward.rewardId });
    expect(out.status).toBe(409);
    expect((await out.json()).error.code).toBe('REWARD_OUT_OF_STOCK');
    const missing = await resolve(complaintId, randomUUID(), { rewardId: 'no-such-reward' });
    expect(missing.status).toBe(404);
    expect((await staffView(complaintId)).status).toBe('in_progress');
  });

  it('neither offers nor gives a coupon that is not on sale yet, changing nothing', async () => {
    const reward = await couponReward(5, '2026-12-20T00:00:00+08:00');
    const choices = await (await api.json('GET', '/v1/staff/compensation-coupons', undefined, tokens.agent)).json();
    expect(choices.items.map((c: { rewardId: string }) => c.rewardId)).not.toContain(reward.rewardId);
    const complaintId = await filedId();
    await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent);
    const refused = await resolve(complaintId, randomUUID(), { rewardId: reward.rewardId });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.code).toBe('REWARD_NOT_AVAILABLE');
    expect((await staffView(complaintId)).status).toBe('in_progress');
    const coupons = await (await api.json('GET', '/v1/me/coupons', undefined, tokens.buyer)).json();
    expect((coupons.items ?? coupons).filter((c: { rewardId: string }) => c.rewardId === reward.rewardId)).toHaveLength(0);
  });
});
