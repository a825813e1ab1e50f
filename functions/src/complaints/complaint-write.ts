import type { ComplaintRecord } from './complaint-record.ts';
import { queuePlacement } from './complaint-clocks.ts';
import type { DeskPolicy } from './desk-settings.ts';
import type { ComplaintWrite } from './repository.ts';
import { reportContribution, rollupChange, type ReportContribution, type RollupChange } from './report-rollup.ts';

/**
 * Everything a write of the complaint stores beside the record: its queue placement, its report
 * contribution, and the rollup change from what it contributed before (`previous`, null when new).
 */
export function complaintWrite(
  complaint: ComplaintRecord,
  previous: ReportContribution | null,
  policy: DeskPolicy,
): ComplaintWrite & { rollup: RollupChange | null } {
  const contribution = reportContribution(complaint, policy);
  return {
    complaint,
    placement: queuePlacement(complaint, policy),
    contribution,
    rollup: rollupChange(complaint.complaintId, previous, contribution),
  };
}
