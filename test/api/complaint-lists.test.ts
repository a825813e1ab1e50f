import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { histogramBucket } from '../../functions/src/complaints/report-rollup.ts';
import { compactComplaintRollups } from '../../functions/src/complaints/compact-rollups.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// Paging the desk's queue and 我的投诉: every complaint a filter matches is reached exactly once,
// in order, and a page is short only at the end. A fresh stack, so these complaints are all there is.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<'buyer' | 'buyer2' | 'agent' | 'agent2' | 'supervisor', string> = {} as never;
const ids: Record<string, string> = {};
const CATEGORIES = ['quality', 'logistics', 'service'] as const;

interface Meter {
  state: string;
  dueAt: string | null;
  breached: boolean;
  elapsedMs: number;
  targetMs: number;
}
interface StaffView {
  complaintId: string;
  status: string;
  category: string;
  ownerId: string | null;
  rating: number | null;
  rootCause: { category: string; causeCode: string; sku?: string } | null;
  sla: { firstResponse: Meter; resolution: Meter };
  timeline: Array<{ type: string; status?: string }>;
}

const post = async (path: string, body: unknown, token: string) => {
  const response = await api.json('POST', path, body, token);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return response.json();
};
const file = async (n: number, token = tokens.buyer) =>
  (
    (await post(
      '/v1/me/complaints',
      { requestId: randomUUID(), category: CATEGORIES[n % 3], description: `第${n}单的橙子坏了`, contactPreference: 'wechat' },
      token,
    )) as { complaintId: string }
  ).complaintId;
const claim = (id: string, token: string) => post(`/v1/staff/complaints/${id}/claim`, undefined, token);
const resolve = (id: string, token: string, causeCode = 'batch_defect') =>
  post(
    `/v1/staff/complaints/${id}/resolve`,
    { requestId: randomUUID(), summary: '已补发', rootCause: { category: 'quality', causeCode, sku: 'ORANGE-3KG' } },
    token,
  );
const askBuyer = (id: string) =>
  post(`/v1/staff/complaints/${id}/replies`, { requestId: randomUUID(), text: '请补充照片', askBuyer: true }, tokens.agent);

const filed: string[] = [];

beforeAll(async () => {
  // Tuesday 2026-11-24 10:00 in Shanghai: a working day.
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const [who, role, name] of [
    ['agent', 'agent', '客服小林'],
    ['agent2', 'agent', '客服小周'],
    ['supervisor', 'supervisor', '主管老王'],
  ] as const) {
    await putStaff(stack.deps.db, { openid: `o-lists-${who}`, role, name, at: stack.clock().toISOString() });
    const session = await api.login(`lists-${who}`);
    tokens[who] = session.token;
    ids[who] = session.member.memberId;
  }
  for (const who of ['buyer', 'buyer2'] as const) {
    const session = await api.login(`lists-${who}`);
    await api.join(session.token);
    tokens[who] = session.token;
    ids[who] = session.member.memberId;
  }

  // 30 complaints on Tuesday, a minute apart; by Wednesday 10:00 their first response is late.
  const tuesday: string[] = [];
  for (let n = 0; n < 30; n++) {
    tuesday.push(await file(n, n % 5 === 0 ? tokens.buyer2 : tokens.buyer));
    stack.clock.advance(60_000);
  }
  stack.clock.set('2026-11-25T02:00:00.000Z');
  // Taken up late: the first-response breach is settled, wherever the complaint now sorts.
  for (const id of tuesday.slice(0, 10)) await claim(id, tokens.agent);
  for (const id of tuesday.slice(0, 4)) await askBuyer(id);
  for (const id of tuesday.slice(10, 13)) {
    await claim(id, tokens.agent2);
    await resolve(id, tokens.agent2);
  }
  // 36 more on Wednesday, answered in time or not yet due.
  const wednesday: string[] = [];
  for (let n = 30; n < 66; n++) {
    wednesday.push(await file(n));
    stack.clock.advance(60_000);
  }
  for (const id of wednesday.slice(0, 8)) await claim(id, tokens.agent2);
  for (const id of wednesday.slice(0, 3)) await resolve(id, tokens.agent2, 'courier_damage');
  // Confirmed by the buyer: closed, out of the queue.
  await post(`/v1/me/complaints/${wednesday[0]}/confirm`, undefined, tokens.buyer);
  await post(`/v1/me/complaints/${wednesday[1]}/rating`, { rating: 4 }, tokens.buyer);
  filed.push(...tuesday, ...wednesday);
}, 120_000);
afterAll(() => stack.close());

/** What the desk shows of every complaint filed here, read one by one (the truth the queue is checked against). */
async function everyComplaint(): Promise<StaffView[]> {
  return Promise.all(
    filed.map(
      async (id) => (await (await api.json('GET', `/v1/staff/complaints/${id}`, undefined, tokens.supervisor)).json()) as StaffView,
    ),
  );
}

const nextDeadline = (c: StaffView) =>
  c.sla.firstResponse.state === 'running'
    ? c.sla.firstResponse.dueAt!
    : c.sla.resolution.state === 'running'
      ? c.sla.resolution.dueAt!
      : '9999';

/** Pages through a list with a small page size: every item once, each page full but the last. */
async function pageThrough<T extends { complaintId: string }>(path: string, token: string, limit: number, from: string | null = null) {
  const items: T[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = from;
  for (let pages = 0; pages < 100; pages++) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await api.json(
      'GET',
      `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      undefined,
      token,
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: T[]; nextCursor: string | null };
    items.push(...page.items);
    pageSizes.push(page.items.length);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  expect(cursor).toBeNull();
  // Only the last page may be short.
  expect(pageSizes.slice(0, -1).every((size) => size === limit)).toBe(true);
  return items;
}

describe('paging the desk queue', () => {
  // Nothing is written while the filters page: one reading of the truth serves them all (each read is audited).
  let truthOnce: Promise<StaffView[]> | undefined;
  const filters: Array<[string, (c: StaffView) => boolean]> = [
    ['', () => true],
    ['status=submitted', (c) => c.status === 'submitted'],
    ['status=in_progress', (c) => c.status === 'in_progress'],
    ['status=waiting_for_buyer', (c) => c.status === 'waiting_for_buyer'],
    ['category=logistics', (c) => c.category === 'logistics'],
    ['assignee=none', (c) => c.ownerId === null],
    ['mine=true', (c) => c.ownerId === ids.agent],
    ['assignee=AGENT2', (c) => c.ownerId === ids.agent2],
    ['breached=true', (c) => c.sla.firstResponse.breached || c.sla.resolution.breached],
    ['breached=false', (c) => !(c.sla.firstResponse.breached || c.sla.resolution.breached)],
    ['status=in_progress&category=quality', (c) => c.status === 'in_progress' && c.category === 'quality'],
    ['breached=true&mine=true', (c) => c.ownerId === ids.agent && (c.sla.firstResponse.breached || c.sla.resolution.breached)],
    ['breached=true&status=submitted', (c) => c.status === 'submitted' && (c.sla.firstResponse.breached || c.sla.resolution.breached)],
    ['breached=false&category=service', (c) => c.category === 'service' && !(c.sla.firstResponse.breached || c.sla.resolution.breached)],
    ['breached=true&assignee=none&category=quality', (c) => c.ownerId === null && c.category === 'quality' && c.sla.firstResponse.breached],
  ];

  it.each(filters)("reaches every open complaint matching '%s' exactly once, soonest deadline first", async (query, matches) => {
    const truth = (await (truthOnce ??= everyComplaint())).filter((c) => c.status !== 'closed');
    expect(truth).toHaveLength(65);
    const expected = truth.filter(matches);
    expect(expected.length).toBeGreaterThan(0);
    const items = await pageThrough<StaffView>(`/v1/staff/complaints?${query.replace('AGENT2', ids.agent2!)}`, tokens.agent, 7);
    const seen = items.map((c) => c.complaintId);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(expected.map((c) => c.complaintId).sort());
    const deadlines = items.map(nextDeadline);
    expect(deadlines).toEqual([...deadlines].sort());
  });

  it('carries on from a cursor after the deadline it named has passed', async () => {
    const first = await (await api.json('GET', '/v1/staff/complaints?breached=false&limit=5', undefined, tokens.agent)).json();
    stack.clock.advance(20 * 60_000); // a few more Wednesday complaints are now late
    const rest = await pageThrough<StaffView>('/v1/staff/complaints?breached=false', tokens.agent, 6, first.nextCursor);
    const seen = [...first.items, ...rest].map((c: StaffView) => c.complaintId);
    expect(new Set(seen).size).toBe(seen.length);
    const stillOnTime = (await everyComplaint()).filter(
      (c) => c.status !== 'closed' && !(c.sla.firstResponse.breached || c.sla.resolution.breached),
    );
    for (const c of stillOnTime) expect(seen).toContain(c.complaintId);
    stack.clock.set(new Date(stack.clock().getTime() - 20 * 60_000));
  });

  it('refuses a cursor it did not issue', async () => {
    const response = await api.json('GET', '/v1/staff/complaints?cursor=bm90LWEtY3Vyc29y', undefined, tokens.agent);
    expect(response.status).toBe(400);
  });
});

describe('paging 我的投诉', () => {
  let truthOnce: Promise<StaffView[]> | undefined;
  it.each(['', 'status=resolved', 'status=in_progress', 'status=closed', 'status=submitted'])(
    "gives full pages of the buyer's complaints matching '%s', newest first, each once",
    async (query) => {
      const truth = (await (truthOnce ??= everyComplaint())).filter((c) => filed.indexOf(c.complaintId) >= 0);
      const mine = new Set((await pageThrough<{ complaintId: string }>('/v1/me/complaints', tokens.buyer, 50)).map((c) => c.complaintId));
      const status = query.split('=')[1];
      const expected = truth.filter((c) => mine.has(c.complaintId) && (!status || c.status === status));
      expect(expected.length).toBeGreaterThan(0);
      const items = await pageThrough<{ complaintId: string; status: string; submittedAt: string }>(
        `/v1/me/complaints${query ? `?${query}` : ''}`,
        tokens.buyer,
        3,
      );
      const seen = items.map((c) => c.complaintId);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(expected.map((c) => c.complaintId).sort());
      const filedAt = items.map((c) => c.submittedAt);
      expect(filedAt).toEqual([...filedAt].sort().reverse());
    },
  );
});

// Medians are taken over minutes bucketed as documented in report-rollup.ts.
const minutes = (m: Meter) => (m.state === 'stopped' ? histogramBucket(Math.round(m.elapsedMs / 60_000)) : null);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const over = (c: StaffView) =>
  c.sla.firstResponse.elapsedMs > c.sla.firstResponse.targetMs || c.sla.resolution.elapsedMs > c.sla.resolution.targetMs;
/** The report's overall figures of the 66 complaints filed 2026-11-24 and -25, measured on each as the desk shows it. */
const expectedOverall = (all: StaffView[]) => ({
  complaints: 66,
  medianFirstResponseWorkingMinutes: median(all.flatMap((c) => minutes(c.sla.firstResponse) ?? [])),
  medianResolutionWorkingMinutes: median(all.flatMap((c) => minutes(c.sla.resolution) ?? [])),
  slaAttainment: all.filter((c) => !over(c)).length / 66,
  reopenRate: 0 / all.filter((c) => c.timeline.some((e) => e.type === 'status' && e.status === 'resolved')).length,
  averageRating: 4,
});

describe("the supervisors' report kept as complaints change", () => {
  it('matches the figures measured on each complaint as the desk shows it now', async () => {
    const now = stack.clock().getTime();
    const all = await everyComplaint();
    const report = await (
      await api.json('GET', '/v1/staff/complaint-report?from=2026-11-24&to=2026-11-25', undefined, tokens.supervisor)
    ).json();
    expect(report.overall).toEqual(expectedOverall(all));
    expect(report.byRootCause.map((bar: { key: string; count: number }) => [bar.key, bar.count])).toEqual([
      ['batch_defect', 3],
      ['courier_damage', 3],
    ]);
    expect(report.byAgent.map((a: { agentId: string; complaints: number }) => [a.agentId, a.complaints]).sort()).toEqual(
      [
        [ids.agent, 10],
        [ids.agent2, 11],
      ].sort(),
    );
    // The same from the week rollups, and from weeks with days either side.
    for (const [from, to] of [
      ['2026-11-23', '2026-11-29'],
      ['2026-11-16', '2026-12-06'],
      ['2026-11-20', '2026-12-02'],
      ['2026-11-25', '2026-12-31'],
    ] as const) {
      const wider = await (await api.json('GET', `/v1/staff/complaint-report?from=${from}&to=${to}`, undefined, tokens.supervisor)).json();
      if (from <= '2026-11-24') expect({ ...wider, from: '', to: '' }).toEqual({ ...report, from: '', to: '' });
      else expect(wider.overall.complaints).toBe(36);
    }
    // Time passing alone makes running clocks late: the report follows without any write.
    stack.clock.set(new Date(now + 3 * 24 * 3600_000));
    const later = await (
      await api.json('GET', '/v1/staff/complaint-report?from=2026-11-24&to=2026-11-25', undefined, tokens.supervisor)
    ).json();
    const allLater = await everyComplaint();
    expect(later.overall.slaAttainment).toBe(allLater.filter((c) => !over(c)).length / 66);
    expect(later.overall.slaAttainment).toBeLessThan(report.overall.slaAttainment);
    stack.clock.set(new Date(now));
  });

  it('gives the same figures once the rollups are compacted, and counts the writes made after', async () => {
    const ranges = [
      ['2026-11-24', '2026-11-25'],
      ['2026-11-23', '2026-11-29'],
      ['2026-11-20', '2026-12-02'],
    ] as const;
    const reports = async () =>
      Promise.all(
        ranges.map(async ([from, to]) =>
          (await api.json('GET', `/v1/staff/complaint-report?from=${from}&to=${to}`, undefined, tokens.supervisor)).json(),
        ),
      );
    const before = await reports();
    const compacted = await compactComplaintRollups(stack.deps);
    // 2026-11-24 and -25, and their week: each day's and week's shards into one packed item.
    expect(compacted).toEqual({ periods: 3, left: 0 });
    expect(await reports()).toEqual(before);
    expect(await compactComplaintRollups(stack.deps)).toEqual({ periods: 0, left: 0 });

    // A write after compaction adds to the live counters; the next compaction folds it in.
    const waiting = (await everyComplaint()).find((c) => c.status === 'submitted')!;
    await post(`/v1/staff/complaints/${waiting.complaintId}/claim`, undefined, tokens.agent);
    const afterClaim = await reports();
    expect(afterClaim[0].overall.complaints).toBe(before[0].overall.complaints);
    expect(afterClaim[0].byAgent).not.toEqual(before[0].byAgent);
    expect(await compactComplaintRollups(stack.deps)).toEqual({ periods: 2, left: 0 });
    expect(await reports()).toEqual(afterClaim);

    // Pending entries stay on the shards: running clocks still go over target as time passes.
    const now = stack.clock().getTime();
    stack.clock.set(new Date(now + 3 * 24 * 3600_000));
    const later = (await reports())[0];
    expect(later.overall.slaAttainment).toBe((await everyComplaint()).filter((c) => !over(c)).length / 66);
    stack.clock.set(new Date(now));
  });

  it('loses and doubles nothing when compaction runs while the desk writes', async () => {
    const waiting = (await everyComplaint()).filter((c) => c.status === 'submitted').slice(0, 6);
    expect(waiting.length).toBe(6);
    let writing = true;
    const results: Array<{ periods: number; left: number }> = [];
    await Promise.all([
      (async () => {
        for (const [i, c] of waiting.entries())
          await post(`/v1/staff/complaints/${c.complaintId}/claim`, undefined, i % 2 ? tokens.agent : tokens.agent2);
        writing = false;
      })(),
      (async () => {
        while (writing) results.push(await compactComplaintRollups(stack.deps));
      })(),
    ]);
    expect(results.length).toBeGreaterThan(0);
    const all = await everyComplaint();
    const owned = (ownerId: string) => all.filter((c) => c.ownerId === ownerId).length;
    const check = async () => {
      const report = await (
        await api.json('GET', '/v1/staff/complaint-report?from=2026-11-24&to=2026-11-25', undefined, tokens.supervisor)
      ).json();
      expect(report.overall).toEqual(expectedOverall(all));
      expect(report.byAgent.map((a: { agentId: string; complaints: number }) => [a.agentId, a.complaints]).sort()).toEqual(
        [
          [ids.agent, owned(ids.agent!)],
          [ids.agent2, owned(ids.agent2!)],
        ].sort(),
      );
    };
    await check();
    await compactComplaintRollups(stack.deps);
    await check();
  });
});
