import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { getMember } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// Authority bounded by role: an agent works their own complaints (or unclaimed ones) and gives
// compensation up to the desk settings' cap; supervisors and admins act on any complaint, uncapped.
// A refusal writes nothing.

type Staff = 'agent' | 'agent2' | 'supervisor' | 'admin';
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<Staff | 'buyer', string> = {} as never;
const ids: Record<Staff | 'buyer', string> = {} as never;

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
    await putStaff(stack.deps.db, { openid: `o-auth-${who}`, role, name, at: stack.clock().toISOString() });
    const session = await api.login(`auth-${who}`);
    tokens[who] = session.token;
    ids[who] = session.member.memberId;
  }
  const buyer = await api.login('auth-buyer');
  await api.join(buyer.token);
  tokens.buyer = buyer.token;
  ids.buyer = buyer.member.memberId;
});
afterAll(() => stack.close());

const post = (path: string, body: unknown, token: string) => api.json('POST', path, body, token);

async function filed(): Promise<string> {
  const response = await post(
    '/v1/me/complaints',
    { requestId: randomUUID(), category: 'quality', description: '橙子有一半是坏的', contactPreference: 'wechat' },
    tokens.buyer,
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { complaintId: string }).complaintId;
}

/** A complaint unclaimed, or claimed (in progress) by `owner`. */
async function complaintOwnedBy(owner: Staff | null): Promise<string> {
  const complaintId = await filed();
  if (owner) expect((await post(`/v1/staff/complaints/${complaintId}/claim`, undefined, tokens[owner])).status).toBe(200);
  return complaintId;
}

/** The complaint as the desk reads it (every field a write could change), and the buyer's points. */
async function everythingAbout(complaintId: string) {
  const view = await (await api.json('GET', `/v1/staff/complaints/${complaintId}`, undefined, tokens.admin)).json();
  return { view, points: (await getMember(stack.deps.db, ids.buyer))!.pointsBalance };
}

const resolution = (compensation?: unknown) => ({
  requestId: randomUUID(),
  summary: '已补发一份',
  rootCause: { category: 'quality', causeCode: 'batch_defect' },
  ...(compensation ? { compensation } : {}),
});

const ACTIONS = {
  claim: (id: string, token: string) => post(`/v1/staff/complaints/${id}/claim`, undefined, token),
  assign: (id: string, token: string) => post(`/v1/staff/complaints/${id}/assign`, { assigneeId: ids.admin }, token),
  reply: (id: string, token: string) =>
    post(`/v1/staff/complaints/${id}/replies`, { requestId: randomUUID(), text: '您好，已收到' }, token),
  note: (id: string, token: string) => post(`/v1/staff/complaints/${id}/notes`, { text: '查一下11月批次' }, token),
  resolve: (id: string, token: string) => post(`/v1/staff/complaints/${id}/resolve`, resolution({ points: 10 }), token),
};
type Action = keyof typeof ACTIONS;

/** Whose the complaint is, seen from the acting role: nobody's, the actor's own, or another agent's. */
type Owner = 'unclaimed' | 'their own' | "another agent's";
const ownerFor = (role: Staff, owner: Owner): Staff | null => (owner === 'unclaimed' ? null : owner === 'their own' ? role : 'agent2');

/** What each role may do by whose complaint it is: 200, or the refusal's status and code. */
function expected(role: Staff, owner: Owner, action: Action): [number, string | null] {
  if (role === 'agent' && owner === "another agent's") return [403, 'COMPLAINT_NOT_YOURS'];
  // An unclaimed complaint is still submitted: nobody resolves it before it is taken up.
  if (owner === 'unclaimed' && action === 'resolve') return [409, 'COMPLAINT_TRANSITION_INVALID'];
  return [200, null];
}

describe('who may act on a complaint', () => {
  const table = (['agent', 'supervisor', 'admin'] as const).flatMap((role) =>
    (['unclaimed', 'their own', "another agent's"] as const).flatMap((owner) =>
      (Object.keys(ACTIONS) as Action[]).map((action) => {
        const [status, code] = expected(role, owner, action);
        return [role, action, owner, code ? `${status} ${code}` : `${status}`, status, code] as const;
      }),
    ),
  );

  it.each(table)('%s: %s, the complaint %s → %s', async (role, action, owner, _outcome, status, code) => {
    const complaintId = await complaintOwnedBy(ownerFor(role, owner));
    const before = await everythingAbout(complaintId);
    const response = await ACTIONS[action](complaintId, tokens[role]);
    expect(response.status).toBe(status);
    const answer = await response.json();
    if (code) {
      expect(answer.error.code).toBe(code);
      expect(await everythingAbout(complaintId)).toEqual(before);
    }
  });

  it("an agent's reply or claim makes an unclaimed complaint theirs; a note leaves it unclaimed", async () => {
    for (const action of ['reply', 'claim'] as const) {
      const complaintId = await complaintOwnedBy(null);
      expect((await (await ACTIONS[action](complaintId, tokens.agent)).json()).ownerId).toBe(ids.agent);
      // Now theirs: another agent may no longer act on it.
      expect((await ACTIONS.note(complaintId, tokens.agent2)).status).toBe(403);
    }
    const noted = await complaintOwnedBy(null);
    expect((await (await ACTIONS.note(noted, tokens.agent)).json()).ownerId).toBeNull();
  });

  it('tells the viewer beforehand whether they may act and how much they may give', async () => {
    const complaintId = await complaintOwnedBy('agent2');
    const seenBy = async (who: Staff) =>
      (await (await api.json('GET', `/v1/staff/complaints/${complaintId}`, undefined, tokens[who])).json()).authority;
    expect(await seenBy('agent')).toEqual({ mayAct: false, compensationCapPoints: 500 });
    expect(await seenBy('agent2')).toEqual({ mayAct: true, compensationCapPoints: 500 });
    expect(await seenBy('supervisor')).toEqual({ mayAct: true, compensationCapPoints: null });
    expect(await seenBy('admin')).toEqual({ mayAct: true, compensationCapPoints: null });
    // Each action answers with the view for the one who acted.
    const claimed = await (await ACTIONS.claim(await complaintOwnedBy(null), tokens.agent)).json();
    expect(claimed.authority).toEqual({ mayAct: true, compensationCapPoints: 500 });
  });
});

describe("an agent's compensation cap", () => {
  const resolveAs = async (who: Staff, compensation: unknown, owner: Staff = 'agent') => {
    const complaintId = await complaintOwnedBy(owner);
    const before = await everythingAbout(complaintId);
    const response = await post(`/v1/staff/complaints/${complaintId}/resolve`, resolution(compensation), tokens[who]);
    return { complaintId, before, response };
  };
  const expectRefusedUnchanged = async ({ complaintId, before, response }: Awaited<ReturnType<typeof resolveAs>>) => {
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('COMPENSATION_NEEDS_SUPERVISOR');
    const after = await everythingAbout(complaintId);
    expect(after).toEqual(before);
    expect(after.view.status).toBe('in_progress');
  };
  const settings = async () => (await api.json('GET', '/v1/staff/complaint-settings', undefined, tokens.admin)).json();
  const saveCap = async (cap: number | undefined, token = tokens.admin) => {
    const { version, updatedAt: _u, updatedBy: _b, holidayCalendarThrough: _h, agentCompensationCapPoints: _c, ...body } = await settings();
    return api.json(
      'PUT',
      '/v1/staff/complaint-settings',
      { ...body, ...(cap === undefined ? {} : { agentCompensationCapPoints: cap }), expectedVersion: version },
      token,
    );
  };
  async function couponReward(pointsPrice: number) {
    const response = await post(
      '/v1/staff/rewards',
      {
        kind: 'coupon',
        name: `补偿券${pointsPrice}`,
        description: '无门槛',
        pointsPrice,
        stock: 5,
        perMemberLimit: 5,
        tierCodes: [],
        availableFrom: '2026-11-01T00:00:00+08:00',
        availableUntil: '2027-06-01T00:00:00+08:00',
        coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 0, validDays: 30 },
      },
      tokens.admin,
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { rewardId: string }).rewardId;
  }
  const stockOf = async (rewardId: string) =>
    (await (await api.json('GET', '/v1/staff/rewards', undefined, tokens.admin)).json()).items.find(
      (r: { rewardId: string }) => r.rewardId === rewardId,
    ).stock;

  it('is 500 points until changed: 500 is given, 501 refused with nothing written', async () => {
    expect((await settings()).agentCompensationCapPoints).toBe(500);
    const atCap = await resolveAs('agent', { points: 500 });
    expect(atCap.response.status).toBe(200);
    expect((await everythingAbout(atCap.complaintId)).points).toBe(atCap.before.points + 500);
    await expectRefusedUnchanged(await resolveAs('agent', { points: 501 }));
  });

  it("leaves supervisors and admins uncapped, on their own complaints or an agent's", async () => {
    for (const who of ['supervisor', 'admin'] as const) {
      const given = await resolveAs(who, { points: 5000 });
      expect(given.response.status).toBe(200);
      expect((await everythingAbout(given.complaintId)).points).toBe(given.before.points + 5000);
      expect((await resolveAs(who, { points: 100_000 }, who)).response.status).toBe(200);
    }
  });

  it('counts a coupon at its points price, taking nothing from its stock when refused', async () => {
    const coupon = await couponReward(100);
    expect(
      (await (await api.json('GET', '/v1/staff/compensation-coupons', undefined, tokens.agent)).json()).items.find(
        (c: { rewardId: string }) => c.rewardId === coupon,
      ),
    ).toMatchObject({ pointsPrice: 100 });
    expect((await resolveAs('agent', { points: 400, rewardId: coupon })).response.status).toBe(200);
    expect(await stockOf(coupon)).toBe(4);
    await expectRefusedUnchanged(await resolveAs('agent', { points: 401, rewardId: coupon }));
    await expectRefusedUnchanged(await resolveAs('agent', { rewardId: await couponReward(501) }));
    expect(await stockOf(coupon)).toBe(4);
    expect((await resolveAs('supervisor', { points: 401, rewardId: coupon })).response.status).toBe(200);
  });

  it('follows the setting as an admin changes it; a save without the field keeps it', async () => {
    const saved = await saveCap(1000);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ agentCompensationCapPoints: 1000, updatedBy: ids.admin });
    expect((await resolveAs('agent', { points: 1000 })).response.status).toBe(200);
    await expectRefusedUnchanged(await resolveAs('agent', { points: 1001 }));

    // A mini-program from before the cap saves its form without it: the cap stays.
    expect((await saveCap(undefined)).status).toBe(200);
    expect((await settings()).agentCompensationCapPoints).toBe(1000);

    // 0: every compensation is a supervisor's; resolving without any is still the agent's.
    expect((await saveCap(0)).status).toBe(200);
    await expectRefusedUnchanged(await resolveAs('agent', { points: 1 }));
    expect((await resolveAs('agent', undefined)).response.status).toBe(200);

    expect((await saveCap(-1)).status).toBe(400);
    expect((await saveCap(1_000_001)).status).toBe(400);
    expect((await saveCap(500, tokens.agent)).status).toBe(403);
    expect((await saveCap(500)).status).toBe(200);
  });

  it("is checked after whose the complaint is: another agent's complaint reads as not theirs", async () => {
    const { response } = await resolveAs('agent', { points: 10_000 }, 'agent2');
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('COMPLAINT_NOT_YOURS');
  });
});
