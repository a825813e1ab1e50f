import { ROOT_CAUSE_CODES, type ComplaintStatus } from '@linli/shared/complaints';
import { shanghaiDateOf, shanghaiDayStart } from '@linli/shared/time';
import type { Database } from '../functions/src/db/client.ts';
import type { ComplaintRecord } from '../functions/src/complaints/complaint-record.ts';
import { complaintWrite } from '../functions/src/complaints/complaint-write.ts';
import type { DeskPolicy } from '../functions/src/complaints/desk-settings.ts';
import type { RollupChange } from '../functions/src/complaints/report-rollup.ts';
import { putComplaintsInBulk, type ComplaintWrite } from '../functions/src/complaints/repository.ts';
import { newId } from '../functions/src/platform/ids.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CATEGORIES = ['quality', 'logistics', 'service'] as const;
const SKUS = Array.from({ length: 20 }, (_, i) => `SKU-${String(i).padStart(3, '0')}`);

/** A small seeded random source, so every run seeds the same desk. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

type Random = ReturnType<typeof seeded>;

/** One complaint filed at `at` by `memberId`, worked through to `fate` (histories as the desk writes them). */
function complaintAt(
  random: Random,
  at: number,
  memberId: string,
  agents: readonly string[],
  fate: ComplaintStatus,
  policy: DeskPolicy,
): ComplaintRecord {
  const category = random.pick(CATEGORIES);
  const iso = (ms: number) => new Date(ms).toISOString();
  const history: ComplaintRecord['history'] = [{ status: 'submitted', at: iso(at) }];
  let t = at;
  const step = (status: ComplaintStatus, afterMs: number) => {
    t += afterMs;
    history.push({ status, at: iso(t) });
  };
  let ownerId: string | null = null;
  if (fate !== 'submitted') {
    ownerId = random.pick(agents);
    const acknowledged = random.int(5, 300) * MINUTE;
    step('acknowledged', acknowledged);
    step('in_progress', 0);
  }
  if (fate === 'waiting_for_buyer') step('waiting_for_buyer', random.int(10, 600) * MINUTE);
  let resolvedAt: string | null = null;
  if (fate === 'resolved' || fate === 'closed') {
    step('resolved', random.int(30, 4 * 24 * 60) * MINUTE);
    resolvedAt = iso(t);
  }
  if (fate === 'closed') step('closed', 7 * DAY);
  const resolved = fate === 'resolved' || fate === 'closed';
  return {
    complaintId: newId('c', new Date(at)),
    memberId,
    category,
    orderId: null,
    description: '收到的水果有坏的',
    photoKeys: [],
    contactPreference: 'wechat',
    status: fate,
    history,
    submittedAt: iso(at),
    resolvedAt: fate === 'resolved' ? resolvedAt : fate === 'closed' ? resolvedAt : null,
    ownerId,
    rootCause: resolved ? { category: random.pick(CATEGORIES), sku: random.pick(SKUS), causeCode: random.pick(ROOT_CAUSE_CODES) } : null,
    rating: fate === 'closed' && random.next() < 0.6 ? random.int(1, 5) : null,
    slaTargets: policy.targetsFor(category),
    slaHours: policy.settings.businessHours,
    version: history.length,
  };
}

/**
 * Writes `count` complaints filed over the Shanghai `days` (in business hours) straight through the
 * complaints repository in bulk: their items, the members' references and the report rollups they
 * add up to, as the desk would have written them one by one.
 */
export async function seedComplaints(
  db: Database,
  policy: DeskPolicy,
  input: {
    count: number;
    days: readonly string[];
    members: readonly string[];
    agents: readonly string[];
    fates: readonly ComplaintStatus[];
    seed: number;
    /** Write only the rollups they add up to, not the complaints (profiling the report). */
    rollupsOnly?: boolean;
  },
): Promise<void> {
  const random = seeded(input.seed);
  const writes: ComplaintWrite[] = [];
  const sums = new Map<string, RollupChange>();
  const pending: RollupChange[] = [];
  for (let n = 0; n < input.count; n++) {
    const day = input.days[n % input.days.length]!;
    const at = shanghaiDayStart(day).getTime() + 9 * HOUR + random.int(0, 11 * 60) * MINUTE + n;
    const complaint = complaintAt(random, at, input.members[n % input.members.length]!, input.agents, random.pick(input.fates), policy);
    const { rollup, ...write } = complaintWrite(complaint, null, policy);
    writes.push(write);
    if (!rollup) continue;
    const key = `${rollup.day}#${rollup.shard}`;
    const sum = sums.get(key) ?? { day: rollup.day, shard: rollup.shard, complaintId: '', deltas: {}, pending: undefined };
    for (const [name, delta] of Object.entries(rollup.deltas)) sum.deltas[name] = (sum.deltas[name] ?? 0) + delta;
    sums.set(key, sum);
    if (rollup.pending !== undefined) pending.push({ ...rollup, deltas: {} });
  }
  await putComplaintsInBulk(db, { complaints: input.rollupsOnly ? [] : writes, rollups: [...sums.values(), ...pending] });
}

/** The Shanghai dates of `count` consecutive days from `first`. */
export function consecutiveDays(first: string, count: number): string[] {
  const start = shanghaiDayStart(first).getTime();
  return Array.from({ length: count }, (_, i) => shanghaiDateOf(start + i * DAY));
}
