import type { ComplaintDeskSettings, ComplaintEventType } from '@linli/shared/complaints';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import type { ComplaintRecord, TimelineEntryRecord } from './complaint-record.ts';
import { complaintWrite } from './complaint-write.ts';
import type { DeskDeps } from './desk-deps.ts';
import { loadDeskPolicy } from './desk-settings.ts';
import { commitWithPointsCredit } from './points-compensation.ts';
import { complaintTransactionItems, getComplaintForUpdate, saveComplaint, writeRequestMade, writeRequestMarker } from './repository.ts';
import { transition } from './status-machine.ts';

export type StatusEvent = { type: ComplaintEventType; by: 'buyer' | 'agent' | 'system' };

export interface Change {
  /** The client's request id: the change is made once however often it is retried. */
  requestId?: string;
  /**
   * The status events to apply, decided from the complaint as it is read (so one write does it all)
   * and the desk settings in force; throwing here refuses the change before anything is written.
   */
  events: StatusEvent[] | ((current: ComplaintRecord, settings: ComplaintDeskSettings) => StatusEvent[]);
  patch?: (complaint: ComplaintRecord) => Partial<ComplaintRecord>;
  entries?: (at: string, now: Date) => TimelineEntryRecord[];
  /** Points credited to the buyer through the points ledger, in the same transaction. */
  creditPoints?: number;
  /** The staff member (member id) giving those points: kept on the ledger entry, as on a staff adjustment (the risk watch compares staff). */
  creditedBy?: string;
  /**
   * Writes of other domains (e.g. a coupon issued, a rating's survey response) made in the same
   * transaction, prepared afresh on each attempt from the complaint as it will be saved.
   */
  alongside?: (next: ComplaintRecord) => Promise<TransactItem[]>;
}

/**
 * Applies status events (each checked by the status machine, refused with a reason code) and a
 * patch, appends timeline entries, and saves with the queue placement and report rollup that
 * follow, retrying if someone else changed it meanwhile. With `memberId`, only that member's
 * complaint (another's reads as not found).
 */
export async function changeComplaint(
  deps: DeskDeps,
  target: { complaintId: string; memberId?: string },
  change: Change,
): Promise<ComplaintRecord> {
  const policy = await loadDeskPolicy(deps.db);
  return withOptimisticRetry(async () => {
    const stored = await getComplaintForUpdate(deps.db, target.complaintId);
    if (!stored || (target.memberId !== undefined && stored.complaint.memberId !== target.memberId))
      throw new DomainError('COMPLAINT_NOT_FOUND', 'No such complaint');
    const current = stored.complaint;
    if (change.requestId && (await writeRequestMade(deps.db, current.complaintId, change.requestId))) return current;
    const now = deps.clock();
    const at = now.toISOString();
    let next: ComplaintRecord = { ...current };
    const entries: TimelineEntryRecord[] = [];
    const events = typeof change.events === 'function' ? change.events(current, policy.settings) : change.events;
    for (const event of events) {
      const result = transition(next, event, now);
      if (!result.ok) throw new DomainError('COMPLAINT_TRANSITION_INVALID', result.reason);
      next = { ...result.next, history: [...next.history, result.change] };
      entries.push({ entryId: newId('ce', now), at, type: 'status', status: result.change.status, by: event.by });
    }
    next = { ...next, ...change.patch?.(next), version: current.version + 1 };
    // Prepared before the entries, which may name what it made (e.g. the coupon issued).
    const alongside = [
      ...(change.requestId ? [writeRequestMarker(deps.db, current.complaintId, change.requestId, at)] : []),
      ...((await change.alongside?.(next)) ?? []),
    ];
    entries.push(...(change.entries?.(at, now) ?? []));
    const write = { ...complaintWrite(next, stored.contribution, policy), expectedVersion: current.version, entries };
    if (!change.creditPoints) {
      const saved = await saveComplaint(deps.db, { ...write, extraItems: alongside });
      return saved === 'saved' ? next : RETRY;
    }
    // Compensation in points goes through the points ledger in the same transaction as the resolution.
    const committed = await commitWithPointsCredit(deps, {
      memberId: current.memberId,
      complaintId: current.complaintId,
      points: change.creditPoints,
      actorId: change.creditedBy,
      idempotencyKey: `complaint:${current.complaintId}:${change.requestId ?? next.version}`,
      items: [...complaintTransactionItems(deps.db, write), ...alongside],
      now,
    });
    return committed === 'committed' ? next : RETRY;
  });
}
