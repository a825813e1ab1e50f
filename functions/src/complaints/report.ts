import { categoryName, ROOT_CAUSE_ZH, type ComplaintFigures, type ComplaintReport, type ParetoBar } from '@linli/shared/complaints';
import type { ComplaintRecord } from './complaint-record.ts';
import { shanghaiDateTime } from '@linli/shared/time';
import { slaOf } from './complaint-clocks.ts';
import type { DeskPolicy } from './desk-settings.ts';
import { csvDocument } from '../platform/csv.ts';

const MINUTE = 60_000;

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The median of the values a histogram counts (`<prefix><value>` → how many), as the middle value
 * of them all sorted, or the mean of the two middle ones: the same figure as sorting every value.
 */
export function medianOfHistogram(totals: Readonly<Record<string, number>>, prefix: string): number | null {
  const buckets = Object.entries(totals)
    .filter(([name, count]) => name.startsWith(prefix) && count > 0)
    .map(([name, count]) => [Number(name.slice(prefix.length)), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const n = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  const valueAt = (position: number) => {
    let seen = 0;
    for (const [value, count] of buckets) {
      seen += count;
      if (position < seen) return value;
    }
    throw new RangeError('position beyond the histogram');
  };
  return n % 2 === 1 ? valueAt((n - 1) / 2) : (valueAt(n / 2 - 1) + valueAt(n / 2)) / 2;
}

/** The figures of one set of counters (overall with prefix '', an agent's with `a#<id>#`). */
function figures(totals: Readonly<Record<string, number>>, prefix: string): ComplaintFigures {
  const count = (name: string) => totals[`${prefix}${name}`] ?? 0;
  const complaints = count('n');
  const ratings = count('ratings');
  return {
    complaints,
    medianFirstResponseWorkingMinutes: medianOfHistogram(totals, `${prefix}fr#`),
    medianResolutionWorkingMinutes: medianOfHistogram(totals, `${prefix}res#`),
    slaAttainment: share(complaints - count('over'), complaints),
    reopenRate: share(count('reopened'), count('resolved')),
    averageRating: ratings === 0 ? null : Math.round((count('ratingSum') / ratings) * 100) / 100,
  };
}

/** Bars sorted by count, largest first, each with the running share: the vital few on the left. */
export function paretoOfCounts(counts: ReadonlyMap<string, number>, label: (key: string) => string): ParetoBar[] {
  const entries = [...counts.entries()].filter(([, count]) => count > 0);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  let running = 0;
  return entries
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => {
      running += count;
      return { key, label: label(key), count, cumulativeShare: Math.round((running / total) * 1000) / 1000 };
    });
}

/** The Pareto bars of a list of keys, one count per occurrence. */
export function pareto(keys: ReadonlyArray<string>, label: (key: string) => string): ParetoBar[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return paretoOfCounts(counts, label);
}

/** The counters under `<prefix>` (e.g. `cat#`), by what follows it. */
function countsUnder(totals: Readonly<Record<string, number>>, prefix: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [name, count] of Object.entries(totals)) if (name.startsWith(prefix)) counts.set(name.slice(prefix.length), count);
  return counts;
}

/**
 * The supervisors' report from the period's summed rollups (see report-rollup.ts). Agents are
 * listed by how many complaints they own, most first, then by id.
 */
export function complaintReport(input: {
  totals: Readonly<Record<string, number>>;
  from: string;
  to: string;
  policy: DeskPolicy;
  agentNames: ReadonlyMap<string, string | null>;
  /** Product names by SKU (orders/products-repository.ts); a SKU no order named is shown as 未知商品. */
  productNames: ReadonlyMap<string, string>;
}): ComplaintReport {
  const { totals } = input;
  return {
    from: input.from,
    to: input.to,
    overall: figures(totals, ''),
    byCategory: paretoOfCounts(countsUnder(totals, 'cat#'), (key) => categoryName(input.policy.settings, key)),
    byProduct: paretoOfCounts(countsUnder(totals, 'sku#'), (sku) => input.productNames.get(sku) ?? `未知商品（${sku}）`),
    byRootCause: paretoOfCounts(countsUnder(totals, 'cause#'), (key) => ROOT_CAUSE_ZH[key as keyof typeof ROOT_CAUSE_ZH] ?? key),
    byAgent: agentsIn(totals)
      .map((agentId) => ({ agentId, agentName: input.agentNames.get(agentId) ?? null, ...figures(totals, `a#${agentId}#`) }))
      .filter((agent) => agent.complaints > 0)
      .sort((a, b) => b.complaints - a.complaints || a.agentId.localeCompare(b.agentId)),
  };
}

/** The SKUs the counters name (root causes of the period's complaints). */
export function skusIn(totals: Readonly<Record<string, number>>): string[] {
  return [...countsUnder(totals, 'sku#').keys()];
}

/** The agents the counters name (owners of at least one complaint of the period at some point). */
export function agentsIn(totals: Readonly<Record<string, number>>): string[] {
  const ids = new Set<string>();
  for (const name of Object.keys(totals)) if (name.startsWith('a#')) ids.add(name.slice(2, name.indexOf('#', 2)));
  return [...ids];
}

/** What the CSV shows of one complaint, measured as of `now`. */
function measure(complaint: ComplaintRecord, now: Date, policy: DeskPolicy) {
  const sla = slaOf(complaint, now, policy);
  return {
    firstResponseMinutes: sla.firstResponse.state === 'stopped' ? Math.round(sla.firstResponse.elapsedMs / MINUTE) : null,
    resolutionMinutes: sla.resolution.state === 'stopped' ? Math.round(sla.resolution.elapsedMs / MINUTE) : null,
    breached: sla.firstResponse.elapsedMs > sla.firstResponse.targetMs || sla.resolution.elapsedMs > sla.resolution.targetMs,
    reopened: complaint.history.some((change) => change.status === 'reopened'),
  };
}

/** One row per complaint, with a BOM so Excel reads the Chinese correctly. */
export function complaintReportCsv(
  complaints: readonly ComplaintRecord[],
  now: Date,
  policy: DeskPolicy,
  productNames: ReadonlyMap<string, string> = new Map(),
): string {
  const header = [
    'complaint_id',
    'submitted_at_shanghai',
    'category',
    'category_name',
    'status',
    'owner_id',
    'first_response_working_minutes',
    'resolution_working_minutes',
    'sla_breached',
    'reopened',
    'rating',
    'root_cause',
    'sku',
    'product_name',
  ];
  const rows = complaints.map((c) => {
    const m = measure(c, now, policy);
    const shanghai = shanghaiDateTime(new Date(c.submittedAt));
    return [
      c.complaintId,
      shanghai,
      c.category,
      categoryName(policy.settings, c.category),
      c.status,
      c.ownerId,
      m.firstResponseMinutes,
      m.resolutionMinutes,
      m.breached,
      m.reopened,
      c.rating,
      c.rootCause?.causeCode ?? null,
      c.rootCause?.sku ?? null,
      c.rootCause?.sku ? (productNames.get(c.rootCause.sku) ?? null) : null,
    ];
  });
  return csvDocument([header, ...rows]);
}
