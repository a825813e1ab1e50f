import type { ComplaintReport, ComplaintReportQuery } from '@linli/shared/complaints';
import { addDays, shanghaiDayStart } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { complaintOwnerName } from './desk-agents.ts';
import { loadDeskPolicy } from './desk-settings.ts';
import { productNames } from '../orders/products-repository.ts';
import { agentsIn, complaintReport, complaintReportCsv, skusIn } from './report.ts';
import { sumRollups } from './report-rollup.ts';
import { listComplaintsFiled, listReportRollups } from './repository.ts';

type ReportDeps = Pick<Deps, 'db' | 'clock'>;

/**
 * The supervisors' report over the complaints filed on Shanghai days [from, to], from the day and
 * week rollups (packed by the hourly compaction, see compact-rollups.ts): its cost grows with the
 * days and agents, not with the complaints.
 */
export async function supervisorsReport(deps: ReportDeps, query: ComplaintReportQuery): Promise<ComplaintReport> {
  const [rollups, policy] = await Promise.all([listReportRollups(deps.db, query.from, query.to), loadDeskPolicy(deps.db)]);
  const totals = sumRollups(rollups, deps.clock());
  const agentNames = new Map<string, string | null>();
  await Promise.all(
    agentsIn(totals).map(async (agentId) => agentNames.set(agentId, await complaintOwnerName(deps.db, agentId, { orNickname: true }))),
  );
  const productNameOf = await productNames(deps.db, skusIn(totals));
  return complaintReport({ totals, from: query.from, to: query.to, policy, agentNames, productNames: productNameOf });
}

/** The complaints filed on Shanghai days [from, to] as CSV, one row each (an export reads them all). */
export async function supervisorsReportCsv(deps: ReportDeps, query: ComplaintReportQuery): Promise<string> {
  const [complaints, policy] = await Promise.all([
    listComplaintsFiled(deps.db, shanghaiDayStart(query.from).toISOString(), shanghaiDayStart(addDays(query.to, 1)).toISOString()),
    loadDeskPolicy(deps.db),
  ]);
  const skus = complaints.flatMap((complaint) => (complaint.rootCause?.sku ? [complaint.rootCause.sku] : []));
  return complaintReportCsv(complaints, deps.clock(), policy, await productNames(deps.db, skus));
}
