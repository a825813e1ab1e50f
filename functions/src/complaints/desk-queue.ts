import { categoryName } from '@linli/shared/complaints';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { indexKeys } from '../db/keys.ts';
import { getMember } from '../members/repository.ts';
import { DomainError } from '../platform/domain-error.ts';
import type { ComplaintRecord } from './complaint-record.ts';
import { slaOf } from './complaint-clocks.ts';
import type { DeskDeps } from './desk-deps.ts';
import { deskAgents } from './desk-agents.ts';
import { loadDeskPolicy } from './desk-settings.ts';
import { readQueueSegment, type QueueItemFilter, type QueueSegment } from './repository.ts';
import { autoCloseAt } from './status-machine.ts';

export interface QueueFilter {
  status?: ComplaintRecord['status'];
  category?: string;
  mine?: boolean;
  /** A staff member's id, or 'none' for unclaimed complaints. */
  assignee?: string;
  breached?: boolean;
  limit: number;
  cursor?: string;
}

/**
 * At most this many index items are read for one page. Filters are served by their own index
 * partitions, so items are read and dropped only when filters combine (e.g. status and category:
 * the status partition is read, other categories dropped) or by breached=false (settled breaches
 * dropped). When the bound is hit the page may come back short, with a cursor after the last item
 * read: nothing is skipped, the next page carries on.
 */
export const QUEUE_MAX_READ = 1000;

// A queue sort key: a due instant (or 9999: none running), '#', the complaint id.
const QUEUE_SORT_KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z|9999)#[\w-]{1,64}$/;

function queueCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const sortKey = decodeCursor(cursor, '');
  if (!sortKey || !QUEUE_SORT_KEY.test(sortKey))
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  return sortKey;
}

/**
 * The stretches of the queue indexes a filter reads, in queue order. The partition serves the
 * most selective filter (owner, else status, else category); the others are checked per item.
 * Breached: a running clock is breached once its due instant (the queue's sort key) has passed,
 * so the breached complaints are the front of the queue up to now, then those further back whose
 * breach is settled (their own sparse partition); the unbreached ones are the rest of the queue
 * without the settled ones.
 */
export function queueSegments(filter: QueueFilter, staffId: string, now: Date, after: string | undefined): QueueSegment[] {
  const owner = filter.mine ? staffId : filter.assignee === 'none' ? null : filter.assignee;
  const all: QueueItemFilter = { status: filter.status, category: filter.category, ownerId: owner };
  const base: Pick<QueueSegment, 'index' | 'partition'> & { filter: QueueItemFilter } =
    owner !== undefined
      ? {
          index: 'byQueueOwner',
          partition: indexKeys.byQueueOwnerPartition(owner),
          filter: { status: filter.status, category: filter.category },
        }
      : filter.status
        ? { index: 'byQueueStatus', partition: indexKeys.byQueueStatusPartition(filter.status), filter: { category: filter.category } }
        : filter.category
          ? { index: 'byQueueCategory', partition: indexKeys.byQueueCategoryPartition(filter.category), filter: {} }
          : { index: 'byQueue', partition: indexKeys.byQueuePartition(), filter: {} };
  const nowIso = now.toISOString();
  if (filter.breached === undefined) return [{ ...base, after }];
  if (filter.breached === false) return [{ ...base, after, atOrAfter: nowIso, filter: { ...base.filter, notSettledBreached: true } }];
  return [
    ...(after === undefined || after < nowIso ? [{ ...base, after, before: nowIso }] : []),
    { index: 'byQueueBreached', partition: indexKeys.byQueueBreachedPartition(), after, atOrAfter: nowIso, filter: all },
  ];
}

/** One page of the queue: open complaints, soonest SLA deadline first, optionally filtered. */
export async function complaintQueue(deps: DeskDeps, staffId: string, filter: QueueFilter) {
  const now = deps.clock();
  const after = queueCursor(filter.cursor);
  const [policy, agents] = await Promise.all([loadDeskPolicy(deps.db), deskAgents(deps.db)]);
  const found: Array<{ complaint: ComplaintRecord; queueSk: string }> = [];
  let read = 0;
  let nextCursor: string | null = null;
  for (const segment of queueSegments(filter, staffId, now, after)) {
    // One more than the page, so a full page knows whether more remain.
    const result = await readQueueSegment(deps.db, segment, { want: filter.limit + 1 - found.length, maxRead: QUEUE_MAX_READ - read });
    found.push(...result.matches);
    read += result.read;
    if (found.length > filter.limit) {
      nextCursor = encodeCursor(found[filter.limit - 1]!.queueSk);
      break;
    }
    if (!result.exhausted) {
      // The read bound: carry on after the last item read (or where this page started).
      const resumeAfter = result.lastRead ?? found.at(-1)?.queueSk ?? after;
      nextCursor = resumeAfter ? encodeCursor(resumeAfter) : null;
      break;
    }
  }
  const page = found.slice(0, filter.limit).map(({ complaint }) => ({ complaint, sla: slaOf(complaint, now, policy) }));
  const members = new Map(
    (await Promise.all([...new Set(page.map(({ complaint }) => complaint.memberId))].map((id) => getMember(deps.db, id))))
      .filter((m) => m !== null)
      .map((m) => [m!.memberId, m!]),
  );
  return {
    items: page.map(({ complaint: c, sla }) => ({
      complaintId: c.complaintId,
      category: c.category,
      categoryName: categoryName(policy.settings, c.category),
      status: c.status,
      orderId: c.orderId,
      description: c.description,
      contactPreference: c.contactPreference,
      submittedAt: c.submittedAt,
      resolvedAt: c.resolvedAt,
      reopenableUntil: autoCloseAt(c)?.toISOString() ?? null,
      rating: c.rating,
      memberNickname: members.get(c.memberId)?.nickname ?? null,
      ownerId: c.ownerId,
      ownerName: c.ownerId ? agents.nameOf(c.ownerId) : null,
      sla,
    })),
    nextCursor,
  };
}
