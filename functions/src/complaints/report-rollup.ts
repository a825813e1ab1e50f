import { shanghaiDay } from '@linli/shared/time';
import type { ComplaintRecord } from './complaint-record.ts';
import { overTargetFrom, slaOf, lastChangeAt } from './complaint-clocks.ts';
import type { DeskPolicy } from './desk-settings.ts';

// The supervisors' report is assembled from daily rollups instead of the complaints themselves.
//
// Each complaint contributes a set of counters to the rollup of the Shanghai day it was filed on
// (one of ROLLUP_SHARDS items for that day, picked by its id, so concurrent writes to different
// complaints of a day rarely meet on one item). The contribution is a pure function of the
// complaint's record; it is kept on the complaint item, and every write that changes a complaint
// adds (new − kept) to the rollup in the same transaction, guarded by the complaint's version: a
// retried or lost attempt changes nothing, a committed one changes the rollup exactly once.
//
// The only figure that moves without a write is "over target": a running clock passes its target
// as time goes by. A complaint with a running clock that is not yet over contributes a pending
// entry (its id → the instant it goes over, and its owner); the report counts the pending entries
// whose instant has come. Pending entries leave the rollup when the clock stops or pauses.
//
// Every rollup item is kept for a day and for its week. A shard holds one number attribute per
// counter, and reading many attributes is what costs (DynamoDB Local's and the SDK's work follow
// them): the hourly complaints-compact-rollups job packs each day's and week's shards into one item
// of one string attribute (packCounters), leaving on the shards only their pending entries and a
// write count. The report sums the packed items and whatever the shards gained since the last run.

/** Rollup items per Shanghai day: spreads concurrent writers; compaction packs them into one (see above). */
export const ROLLUP_SHARDS = 4;

/**
 * Working-time figures are kept as histograms of working minutes: `fr#<bucket>` and `res#<bucket>`
 * count the complaints whose first-response or resolution time falls in that bucket. A bucket is
 * named by its lower bound; widths grow with the time, so a histogram holds at most ~110 buckets
 * up to 10 weeks of working time however many complaints it counts (the rollup items the report
 * reads stay small however many complaints they count):
 *   under 1 h: 5 min; under 8 h: 30 min; under 48 h: 1 h; under 168 h: 4 h; beyond: 8 h.
 * The median is then taken exactly as before over the bucketed values (the middle one, or the
 * mean of the two middle ones): exact for times on a bucket boundary, otherwise low by less than
 * one bucket width (5 minutes under an hour; under 1/8 of the time beyond).
 */
const BUCKET_WIDTHS: ReadonlyArray<readonly [below: number, width: number]> = [
  [60, 5],
  [8 * 60, 30],
  [48 * 60, 60],
  [168 * 60, 240],
  [Number.POSITIVE_INFINITY, 480],
];

/** The histogram bucket (its lower bound) of a working time in whole minutes. */
export function histogramBucket(minutes: number): number {
  const width = BUCKET_WIDTHS.find(([below]) => minutes < below)![1];
  return Math.floor(minutes / width) * width;
}

/** What one complaint adds to its filing day's rollup. */
export interface ReportContribution {
  /** The Shanghai day it was filed on, YYYY-MM-DD. */
  day: string;
  shard: number;
  /** Counter name → amount (see `counterName`). */
  counters: Record<string, number>;
  /** `<instant it goes over target>|<owner id or empty>` while a running clock is not yet over; else null. */
  pending: string | null;
}

const MINUTE = 60_000;

// Counter names: overall ones bare, an agent's prefixed by `a#<agentId>#`; Pareto keys by `cat#`,
// `sku#`, `cause#`. Ids and codes never contain '#'... except free-text SKUs, which are split on
// the first '#' only.
const figureCounters = (
  prefix: string,
  m: { firstResponse: number | null; resolution: number | null; overSettled: boolean; resolved: boolean; reopened: boolean },
  rating: number | null,
) => {
  const counters: Record<string, number> = { [`${prefix}n`]: 1 };
  if (m.firstResponse !== null) counters[`${prefix}fr#${histogramBucket(m.firstResponse)}`] = 1;
  if (m.resolution !== null) counters[`${prefix}res#${histogramBucket(m.resolution)}`] = 1;
  if (m.overSettled) counters[`${prefix}over`] = 1;
  if (m.resolved) counters[`${prefix}resolved`] = 1;
  if (m.resolved && m.reopened) counters[`${prefix}reopened`] = 1;
  if (rating !== null) {
    counters[`${prefix}ratings`] = 1;
    counters[`${prefix}ratingSum`] = rating;
  }
  return counters;
};

function shardOf(complaintId: string): number {
  let hash = 0;
  for (const char of complaintId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % ROLLUP_SHARDS;
}

/** The complaint's contribution to its filing day's rollup (a pure function of the record). */
export function reportContribution(complaint: ComplaintRecord, policy: DeskPolicy): ReportContribution {
  const sla = slaOf(complaint, lastChangeAt(complaint), policy);
  const over = overTargetFrom(complaint, policy);
  const measured = {
    firstResponse: sla.firstResponse.state === 'stopped' ? Math.round(sla.firstResponse.elapsedMs / MINUTE) : null,
    resolution: sla.resolution.state === 'stopped' ? Math.round(sla.resolution.elapsedMs / MINUTE) : null,
    overSettled: over === 'settled',
    resolved: complaint.history.some((change) => change.status === 'resolved'),
    reopened: complaint.history.some((change) => change.status === 'reopened'),
  };
  const counters = figureCounters('', measured, complaint.rating);
  if (complaint.ownerId) Object.assign(counters, figureCounters(`a#${complaint.ownerId}#`, measured, complaint.rating));
  counters[`cat#${complaint.rootCause?.category ?? complaint.category}`] = 1;
  if (complaint.rootCause?.sku) counters[`sku#${complaint.rootCause.sku}`] = 1;
  if (complaint.rootCause) counters[`cause#${complaint.rootCause.causeCode}`] = 1;
  return {
    day: shanghaiDay(new Date(complaint.submittedAt)).date,
    shard: shardOf(complaint.complaintId),
    counters,
    pending: over instanceof Date ? `${over.toISOString()}|${complaint.ownerId ?? ''}` : null,
  };
}

/** What a change does to the rollup: counter deltas (zeros left out) and the pending entry to set or remove. */
export interface RollupChange {
  day: string;
  shard: number;
  complaintId: string;
  deltas: Record<string, number>;
  /** A new pending value, 'remove', or undefined to leave it. */
  pending: string | 'remove' | undefined;
}

/** The change from what the complaint contributed (null: nothing yet) to what it contributes now; null when nothing moves. */
export function rollupChange(complaintId: string, previous: ReportContribution | null, next: ReportContribution): RollupChange | null {
  if (previous && (previous.day !== next.day || previous.shard !== next.shard))
    throw new RangeError('A complaint stays in the rollup of the day it was filed');
  const deltas: Record<string, number> = {};
  for (const [name, amount] of Object.entries(next.counters)) deltas[name] = amount;
  for (const [name, amount] of Object.entries(previous?.counters ?? {})) deltas[name] = (deltas[name] ?? 0) - amount;
  for (const name of Object.keys(deltas)) if (deltas[name] === 0) delete deltas[name];
  const before = previous?.pending ?? null;
  const pending = next.pending === before ? undefined : next.pending === null ? 'remove' : next.pending;
  if (Object.keys(deltas).length === 0 && pending === undefined) return null;
  return { day: next.day, shard: next.shard, complaintId, deltas, pending };
}

/** A stored rollup item, as the report reads it: counters, and pending entries by complaint id. */
export interface RollupDay {
  counters: Record<string, number>;
  pending: Record<string, string>;
}

/** The period's counters summed over every day and shard, with the pending entries whose instant has come counted as over target. */
export function sumRollups(days: readonly RollupDay[], now: Date): Record<string, number> {
  const total: Record<string, number> = {};
  const add = (name: string, amount: number) => {
    if (amount !== 0) total[name] = (total[name] ?? 0) + amount;
  };
  const nowIso = now.toISOString();
  for (const day of days) {
    for (const [name, amount] of Object.entries(day.counters)) add(name, amount);
    for (const value of Object.values(day.pending)) {
      const [overAt, ownerId] = value.split('|') as [string, string];
      if (overAt > nowIso) continue;
      add('over', 1);
      if (ownerId) add(`a#${ownerId}#over`, 1);
    }
  }
  return total;
}

/**
 * A rollup item's counters packed into one string attribute (JSON of name → amount, zeros left
 * out). The report's read cost follows the attributes it reads, so a compacted item is read as
 * one attribute however many buckets and keys it counts (see compact-rollups.ts).
 */
export function packCounters(counters: Readonly<Record<string, number>>): string {
  const kept: Record<string, number> = {};
  for (const [name, amount] of Object.entries(counters)) if (amount !== 0) kept[name] = amount;
  return JSON.stringify(kept);
}

/** The counters of a packed string (see packCounters); none for undefined. */
export function unpackCounters(packed: string | undefined): Record<string, number> {
  return packed === undefined ? {} : (JSON.parse(packed) as Record<string, number>);
}

/** `a` with `b` added in place (for summing a packed item's counters with its live ones). */
export function addCounters(a: Record<string, number>, b: Readonly<Record<string, number>>): Record<string, number> {
  for (const [name, amount] of Object.entries(b)) {
    const sum = (a[name] ?? 0) + amount;
    if (sum === 0) delete a[name];
    else a[name] = sum;
  }
  return a;
}
