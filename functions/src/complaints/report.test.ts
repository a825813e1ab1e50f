import { describe, expect, it } from 'vitest';
import { complaintReport, complaintReportCsv, pareto } from './report.ts';
import { DEFAULT_DESK_SETTINGS } from '@linli/shared/complaints';
import type { ComplaintRecord } from './complaint-record.ts';
import { deskPolicy } from './desk-settings.ts';
import { reportContribution, sumRollups } from './report-rollup.ts';

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
    });
    expect(report.overall).toMatchObject({
      complaints: 3,
      medianFirstResponseWorkingMinutes: (30 + 540) / 2,
      slaAttainment: 1 / 3,
      reopenRate: 1 / 2,
      averageRating: 3,
    });
    expect(report.byProduct).toEqual([{ key: 'APPLE-5KG', label: 'APPLE-5KG', count: 2, cumulativeShare: 1 }]);
    expect(report.byRootCause.map((bar) => bar.label).sort()).toEqual(['冷链失温', '快递破损'].sort());
    expect(report.byAgent).toEqual([expect.objectContaining({ agentId: 'agent-1', agentName: '客服小林', complaints: 2 })]);
  });

  it('exports one CSV row per complaint, with a BOM and formula characters neutralised', () => {
    const csv = complaintReportCsv([base, { ...base, complaintId: '=HYPERLINK("x")' }], now, policy);
    expect(csv.startsWith('\uFEFFcomplaint_id,')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('c1,2026-11-24 10:00,quality,商品质量,closed,agent-1,30,180,false,false,4,cold_chain,APPLE-5KG');
    expect(lines[2]!.startsWith('"\'=HYPERLINK(""x"")"')).toBe(true);
  });
});
