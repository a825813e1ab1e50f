import type { Deps } from '../deps.ts';
import { complaintWrite } from './complaint-write.ts';
import { loadDeskPolicy } from './desk-settings.ts';
import { backfillComplaint, listComplaintsWithoutRollup } from './repository.ts';

/**
 * Once, when the queue indexes and report rollups are deployed: gives every complaint written
 * before them its queue facets and adds it to the rollups. Safe to run again or beside the desk: a
 * complaint already counted, or changed meanwhile (the change counted it), is skipped.
 */
export async function backfillComplaintRollups(deps: Pick<Deps, 'db' | 'logger'>): Promise<{ backfilled: number; skipped: number }> {
  const policy = await loadDeskPolicy(deps.db);
  let backfilled = 0;
  let skipped = 0;
  for (const complaint of await listComplaintsWithoutRollup(deps.db)) {
    const outcome = await backfillComplaint(deps.db, complaintWrite(complaint, null, policy));
    if (outcome === 'done') backfilled++;
    else skipped++;
  }
  deps.logger.info('complaint rollups backfilled', { backfilled, skipped });
  return { backfilled, skipped };
}
