import { describe, expect, it } from 'vitest';
import { complaintReport, complaintReportCsv, medianOfHistogram, pareto } from './report.ts';
import { slaOf } from './complaint-clocks.ts';
import { DEFAULT_DESK_SETTINGS } from '@linli/shared/complaints';
import type { ComplaintRecord } from './complaint-record.ts';
import { deskPolicy } from './desk-settings.ts';
import {
  addCounters,
  histogramBucket,
  packCounters,
  reportContribution,
  rollupChange,
  sumRollups,
  unpackCounters,
} from './report-rollup.ts';

const policy = deskPolicy(DEFAULT_DESK_SETTINGS);

/** The period's totals as the rollups hold them: each complaint's contribution, pending entries counted as of `at`. */
const totalsOf = (complaints: readonly ComplaintRecord[], at: Date) =>
  sumRollups(
    complaints.map((c) => {
      const { counters, pending } = reportContribution(c, policy);
      return { counters, pending: pending ? { [c.complaintId]: pending } : {} };
    }),
    at,
  );

const base: ComplaintRecord = {
  complaintId: 'c1',
  memberId: 'm1',
  category: 'quality',
  orderId: null,
  description: 'x',
  photoKeys: [],
  contactPreference: 'wechat',
  status: 'closed',
  // Tuesday 2026-11-24 10:00 Shanghai; acknowledged after 30 working minutes, resolved 3 working hours in.
  history: [
    { status: 'submitted', at: '2026-11-24T02:00:00.000Z' },
    { status: 'acknowledged', at: '2026-11-24T02:30:00.000Z' },
    { status: 'in_progress', at: '2026-11-24T02:30:00.000Z' },
    { status: 'resolved', at: '2026-11-24T05:00:00.000Z' },
    { status: 'closed', at: '2026-11-25T05:00:00.000Z' },
  ],
  submittedAt: '2026-11-24T02:00:00.000Z',
  resolvedAt: '2026-11-24T05:00:00.000Z',
  ownerId: 'agent-1',
  rootCause: { category: 'quality', sku: 'APPLE-5KG', causeCode: 'cold_chain' },
  rating: 4,
  slaTargets: null,
  slaHours: null,
  version: 5,
};
const now = new Date('2026-12-01T02:00:00Z');

describe('pareto', () => {
  it('sorts causes by count with the running share', () => {
    expect(pareto(['a', 'b', 'a', 'c', 'a', 'b'], (k) => k.toUpperCase())).toEqual([
      { key: 'a', label: 'A', count: 3, cumulativeShare: 0.5 },
      { key: 'b', label: 'B', count: 2, cumulativeShare: 0.833 },
      { key: 'c', label: 'C', count: 1, cumulativeShare: 1 },
    ]);
  });
});

describe('complaintReport', () => {
  const breached: ComplaintRecord = {
    ...base,
    complaintId: 'c2',
    rating: 2,
    // Acknowledged only the next working day: first response over its 2 working hours.
    history: [
      { status: 'submitted', at: '2026-11-24T02:00:00.000Z' },
      { status: 'acknowledged', at: '2026-11-25T02:00:00.000Z' },
      { status: 'in_progress', at: '2026-11-25T02:00:00.000Z' },
      { status: 'resolved', at: '2026-11-25T03:00:00.000Z' },
      { status: 'reopened', at: '2026-11-26T03:00:00.000Z' },
    ],
    status: 'reopened',
    resolvedAt: null,
    rootCause: { category: 'logistics', sku: 'APPLE-5KG', causeCode: 'courier_damage' },
  };
  const open: ComplaintRecord = {
    ...base,
    complaintId: 'c3',
    status: 'submitted',
    history: [base.history[0]!],
    resolvedAt: null,
    ownerId: null,
    rootCause: null,
    rating: null,
  };

  it('measures response and resolution in working minutes, attainment, reopen rate and rating', () => {
    const report = complaintReport({
      totals: totalsOf([base, breached, open], now),
      from: '2026-11-24',
      to: '2026-11-30',
      policy,
      agentNames: new Map([['agent-1', '客服小林']]),
      productNames: new Map([['APPLE-5KG', '洛川红富士苹果 5 斤装']]),
    });
    expect(report.overall).toMatchObject({
      complaints: 3,
      medianFirstResponseWorkingMinutes: (30 + 540) / 2,
      slaAttainment: 1 / 3,
      reopenRate: 1 / 2,
      averageRating: 3,
    });
    // Bars are labelled by the product's name, never its SKU (the key stays the SKU).
    expect(report.byProduct).toEqual([{ key: 'APPLE-5KG', label: '洛川红富士苹果 5 斤装', count: 2, cumulativeShare: 1 }]);
    expect(report.byRootCause.map((bar) => bar.label).sort()).toEqual(['冷链失温', '快递破损'].sort());
    expect(report.byAgent).toEqual([expect.objectContaining({ agentId: 'agent-1', agentName: '客服小林', complaints: 2 })]);
  });

  it('labels a SKU no order has named as an unknown product', () => {
    const report = complaintReport({
      totals: totalsOf([base], now),
      from: '2026-11-24',
      to: '2026-11-30',
      policy,
      agentNames: new Map(),
      productNames: new Map(),
    });
    expect(report.byProduct.map((bar) => bar.label)).toEqual(['未知商品（APPLE-5KG）']);
  });

  it('exports one CSV row per complaint, with a BOM and formula characters neutralised', () => {
    const csv = complaintReportCsv(
      [base, { ...base, complaintId: '=HYPERLINK("x")' }],
      now,
      policy,
      new Map([['APPLE-5KG', '红富士苹果']]),
    );
    expect(csv.startsWith('\uFEFFcomplaint_id,')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('c1,2026-11-24 10:00,quality,商品质量,closed,agent-1,30,180,false,false,4,cold_chain,APPLE-5KG,红富士苹果');
    expect(lines[2]!.startsWith('"\'=HYPERLINK(""x"")"')).toBe(true);
  });
});

describe('report rollups', () => {
  const submitted = (at: string) => ({ status: 'submitted' as const, at });
  // Each kind of clock: stopped in time, stopped late, running (late or not yet), paused, reopened.
  const complaints: ComplaintRecord[] = [
    base,
    {
      ...base,
      complaintId: 'c-open',
      status: 'submitted',
      history: [submitted('2026-11-26T01:30:00.000Z')],
      ownerId: null,
      rootCause: null,
      rating: null,
    },
    {
      ...base,
      complaintId: 'c-working',
      status: 'in_progress',
      history: [
        submitted('2026-11-24T09:30:00.000Z'),
        { status: 'acknowledged', at: '2026-11-24T09:45:00.000Z' },
        { status: 'in_progress', at: '2026-11-24T09:45:00.000Z' },
      ],
      resolvedAt: null,
      rootCause: null,
      rating: null,
    },
    {
      ...base,
      complaintId: 'c-waiting',
      ownerId: 'agent-2',
      status: 'waiting_for_buyer',
      history: [
        submitted('2026-11-24T02:00:00.000Z'),
        { status: 'acknowledged', at: '2026-11-24T03:00:00.000Z' },
        { status: 'in_progress', at: '2026-11-24T03:00:00.000Z' },
        { status: 'waiting_for_buyer', at: '2026-11-25T03:00:00.000Z' },
      ],
      resolvedAt: null,
      rootCause: null,
      rating: null,
    },
    {
      ...base,
      complaintId: 'c-reopened',
      ownerId: 'agent-2',
      status: 'reopened',
      slaTargets: { firstResponseMs: 3600_000, resolutionMs: 8 * 3600_000 },
      history: [
        submitted('2026-11-24T02:00:00.000Z'),
        { status: 'acknowledged', at: '2026-11-24T02:10:00.000Z' },
        { status: 'in_progress', at: '2026-11-24T02:10:00.000Z' },
        { status: 'resolved', at: '2026-11-24T06:00:00.000Z' },
        { status: 'reopened', at: '2026-11-25T04:00:00.000Z' },
      ],
      resolvedAt: null,
    },
  ];
  const rollupsOf = (records: readonly ComplaintRecord[]) =>
    records.map((c) => {
      const { counters, pending } = reportContribution(c, policy);
      return { counters, pending: pending ? { [c.complaintId]: pending } : {} };
    });

  it('counts a running clock over target from the instant the live clocks say so, without any write', () => {
    const over = (c: ComplaintRecord, at: Date) => {
      const sla = slaOf(c, at, policy);
      return sla.firstResponse.elapsedMs > sla.firstResponse.targetMs || sla.resolution.elapsedMs > sla.resolution.targetMs;
    };
    const rollups = rollupsOf(complaints);
    let changes = 0;
    let previous = -1;
    // Every 7 minutes for 10 days after the last change, and a millisecond either side of each going over.
    const instants: number[] = [];
    for (let t = Date.parse('2026-11-26T01:30:00.000Z'); t < Date.parse('2026-12-06T00:00:00.000Z'); t += 7 * 60_000) instants.push(t);
    for (const { pending } of rollups)
      for (const value of Object.values(pending)) {
        const at = Date.parse(value.split('|')[0]!);
        instants.push(at - 1, at);
      }
    for (const t of instants.sort((a, b) => a - b)) {
      const at = new Date(t);
      const totals = sumRollups(rollups, at);
      const expected = complaints.filter((c) => over(c, at));
      expect(totals.over ?? 0, at.toISOString()).toBe(expected.length);
      expect(totals['a#agent-2#over'] ?? 0, at.toISOString()).toBe(expected.filter((c) => c.ownerId === 'agent-2').length);
      if (previous !== -1 && previous !== expected.length) changes++;
      previous = expected.length;
    }
    expect(changes).toBeGreaterThanOrEqual(2);
  });

  it("moves the rollup by exactly what changed: the deltas of a complaint's writes add up to its contribution", () => {
    const steps = [complaints[1]!, { ...complaints[1]!, ...complaints[2]!, complaintId: 'c-open' }, { ...base, complaintId: 'c-open' }];
    const total: Record<string, number> = {};
    let pending: string | null = null;
    let previous: ReturnType<typeof reportContribution> | null = null;
    for (const step of steps) {
      const next = reportContribution(step, policy);
      const change = rollupChange(step.complaintId, previous, next);
      for (const [name, delta] of Object.entries(change?.deltas ?? {})) total[name] = (total[name] ?? 0) + delta;
      if (change?.pending === 'remove') pending = null;
      else if (change?.pending !== undefined) pending = change.pending;
      previous = next;
    }
    const final = reportContribution({ ...base, complaintId: 'c-open' }, policy);
    expect(Object.fromEntries(Object.entries(total).filter(([, v]) => v !== 0))).toEqual(final.counters);
    expect(pending).toBe(final.pending);
    // A write that changes nothing the report counts (a note) leaves the rollup alone.
    expect(rollupChange('c-open', final, reportContribution({ ...base, complaintId: 'c-open' }, policy))).toBeNull();
  });

  it('takes the median over bucketed minutes: exact on bucket boundaries, else the bucket it falls in', () => {
    const values = [30, 540, 30, 10, 10_080, 10_081, 20_000, 5];
    const totals: Record<string, number> = {};
    for (const v of values) totals[`fr#${histogramBucket(v)}`] = (totals[`fr#${histogramBucket(v)}`] ?? 0) + 1;
    expect(medianOfHistogram(totals, 'fr#')).toBe((30 + 540) / 2);
    expect(medianOfHistogram({ ...totals, 'fr#0': 1 }, 'fr#')).toBe(30);
    expect([4, 59, 61, 479, 481, 2879, 2881, 10_079, 10_081].map(histogramBucket)).toEqual([0, 55, 60, 450, 480, 2820, 2880, 9840, 10_080]);
    expect(medianOfHistogram({}, 'fr#')).toBeNull();
  });

  it('packs counters into one string and back, free-text SKUs included, zeros left out', () => {
    const counters = { n: 3, 'fr#30': 2, 'a#agent-1#res#480': 1, 'sku#A#1,"x"=y': 2, over: 0 };
    const packed = packCounters(counters);
    expect(unpackCounters(packed)).toEqual({ n: 3, 'fr#30': 2, 'a#agent-1#res#480': 1, 'sku#A#1,"x"=y': 2 });
    expect(unpackCounters(undefined)).toEqual({});
    // Live counters added to packed ones: sums, and a counter back at zero is dropped.
    expect(addCounters(unpackCounters(packed), { n: 1, 'fr#30': -2, resolved: 1 })).toEqual({
      n: 4,
      'a#agent-1#res#480': 1,
      'sku#A#1,"x"=y': 2,
      resolved: 1,
    });
  });
});
