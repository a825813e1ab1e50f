import { categoryName, ROOT_CAUSE_ZH, type ComplaintFigures, type ComplaintReport, type ParetoBar } from '@linli/shared/complaints';
import type { ComplaintRecord } from './complaint-record.ts';
import { slaOf } from './desk.ts';
import type { DeskPolicy } from './desk-settings.ts';

const MINUTE = 60_000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** What the report needs of one complaint, measured once. */
interface Measured {
  complaint: ComplaintRecord;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  breached: boolean;
  reopened: boolean;
  everResolved: boolean;
}

export function measure(complaint: ComplaintRecord, now: Date, policy: DeskPolicy): Measured {
  const sla = slaOf(complaint, now, policy);
  return {
    complaint,
    firstResponseMinutes: sla.firstResponse.state === 'stopped' ? Math.round(sla.firstResponse.elapsedMs / MINUTE) : null,
    resolutionMinutes: sla.resolution.state === 'stopped' ? Math.round(sla.resolution.elapsedMs / MINUTE) : null,
    breached: sla.firstResponse.elapsedMs > sla.firstResponse.targetMs || sla.resolution.elapsedMs > sla.resolution.targetMs,
    reopened: complaint.history.some((change) => change.status === 'reopened'),
    everResolved: complaint.history.some((change) => change.status === 'resolved'),
  };
}

function figures(measured: readonly Measured[]): ComplaintFigures {
  const resolved = measured.filter((m) => m.everResolved);
  const ratings = measured.map((m) => m.complaint.rating).filter((r): r is number => r !== null);
  return {
    complaints: measured.length,
    medianFirstResponseWorkingMinutes: median(measured.flatMap((m) => (m.firstResponseMinutes === null ? [] : [m.firstResponseMinutes]))),
    medianResolutionWorkingMinutes: median(measured.flatMap((m) => (m.resolutionMinutes === null ? [] : [m.resolutionMinutes]))),
    slaAttainment: share(measured.filter((m) => !m.breached).length, measured.length),
    reopenRate: share(resolved.filter((m) => m.reopened).length, resolved.length),
    averageRating: ratings.length === 0 ? null : Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100,
  };
}

/** Bars sorted by count, largest first, each with the running share: the vital few on the left. */
export function pareto(keys: ReadonlyArray<string>, label: (key: string) => string): ParetoBar[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const total = keys.length;
  let running = 0;
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => {
      running += count;
      return { key, label: label(key), count, cumulativeShare: Math.round((running / total) * 1000) / 1000 };
    });
}

/** The supervisors' report over the complaints filed in a period. */
export function complaintReport(input: {
  complaints: readonly ComplaintRecord[];
  from: string;
  to: string;
  now: Date;
  policy: DeskPolicy;
  agentNames: ReadonlyMap<string, string | null>;
}): ComplaintReport {
  const measured = input.complaints.map((c) => measure(c, input.now, input.policy));
  const byAgent = new Map<string, Measured[]>();
  for (const m of measured) if (m.complaint.ownerId) byAgent.set(m.complaint.ownerId, [...(byAgent.get(m.complaint.ownerId) ?? []), m]);
  return {
    from: input.from,
    to: input.to,
    overall: figures(measured),
    byCategory: pareto(
      input.complaints.map((c) => c.rootCause?.category ?? c.category),
      (key) => categoryName(input.policy.settings, key),
    ),
    byProduct: pareto(
      input.complaints.flatMap((c) => (c.rootCause?.sku ? [c.rootCause.sku] : [])),
      (key) => key,
    ),
    byRootCause: pareto(
      input.complaints.flatMap((c) => (c.rootCause ? [c.rootCause.causeCode] : [])),
      (key) => ROOT_CAUSE_ZH[key as keyof typeof ROOT_CAUSE_ZH] ?? key,
    ),
    byAgent: [...byAgent.entries()].map(([agentId, rows]) => ({
      agentId,
      agentName: input.agentNames.get(agentId) ?? null,
      ...figures(rows),
    })),
  };
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote what could break a row, and neutralise a leading formula character (CSV injection).
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per complaint, with a BOM so Excel reads the Chinese correctly. */
export function complaintReportCsv(complaints: readonly ComplaintRecord[], now: Date, policy: DeskPolicy): string {
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
  ];
  const rows = complaints.map((c) => {
    const m = measure(c, now, policy);
    const shanghai = new Date(Date.parse(c.submittedAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
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
    ]
      .map(csvCell)
      .join(',');
  });
  return `\uFEFF${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
