import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { newId } from '../platform/ids.ts';
import { getComplaintForUpdate, listQueueWithStatus, saveComplaint } from './repository.ts';
import { complaintWrite } from './complaint-write.ts';
import { loadDeskPolicy } from './desk-settings.ts';
import { autoCloseAt, transition } from './status-machine.ts';

/**
 * Closes resolved complaints whose 7-day reopen window has passed. Safe to run again: a closed
 * complaint leaves the queue, and the status machine refuses to close anything twice.
 */
export async function autoCloseComplaints(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>): Promise<{ closed: number }> {
  const now = deps.clock();
  let closed = 0;
  const policy = await loadDeskPolicy(deps.db);
  for (const candidate of await listQueueWithStatus(deps.db, 'resolved')) {
    const closesAt = autoCloseAt(candidate);
    if (!closesAt || closesAt.getTime() > now.getTime()) continue;
    const outcome = await withOptimisticRetry(async () => {
      const stored = await getComplaintForUpdate(deps.db, candidate.complaintId);
      if (!stored) return 'gone' as const;
      const current = stored.complaint;
      const result = transition(current, { type: 'auto_close', by: 'system' }, now);
      if (!result.ok) return 'skipped' as const;
      const next = { ...result.next, history: [...current.history, result.change], version: current.version + 1 };
      const saved = await saveComplaint(deps.db, {
        ...complaintWrite(next, stored.contribution, policy),
        expectedVersion: current.version,
        entries: [{ entryId: newId('ce', now), at: result.change.at, type: 'status', status: 'closed', by: 'system' }],
      });
      return saved === 'saved' ? ('closed' as const) : RETRY;
    });
    if (outcome === 'closed') closed++;
  }
  deps.logger.info('complaints auto-closed', { closed });
  return { closed };
}
