import type {
  ComplaintEventType,
  ComplaintView,
  FileComplaintRequest,
  RatingRequest,
  ReopenRequest,
  ReplyRequest,
  ResolveRequest,
  StaffComplaintView,
  StaffReplyRequest,
} from '@linli/shared/complaints';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { AppError } from '../http/errors.ts';
import { requireMember } from '../members/membership.ts';
import { getMember } from '../members/repository.ts';
import { newId } from '../platform/ids.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { commitPointsChange, planPointsChange } from '../points/points-change.ts';
import { pointsExpiry } from '../points/rules.ts';
import type { ComplaintRecord, TimelineEntryRecord } from './complaint-record.ts';
import { complaintIdForRequest, complaintTransactionItems, fileComplaint, getComplaint, listEntries, listMemberComplaints, listQueue, saveComplaint } from './repository.ts';
import { complaintSla, slaTargetsFor, workingCalendar } from './sla.ts';
import { autoCloseAt, availableEvents, transition } from './status-machine.ts';
import { notifyBuyer } from './notifications.ts';

type DeskDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'wechat' | 'logger'>;

const calendar = workingCalendar();

export function slaOf(complaint: ComplaintRecord, now: Date) {
  return complaintSla({ history: complaint.history, targets: slaTargetsFor(complaint.category), calendar, now });
}

/** Where the complaint sits in the queue: the next SLA deadline that is still running. */
export function queueDueAt(complaint: ComplaintRecord, now: Date): string | null {
  const sla = slaOf(complaint, now);
  if (sla.firstResponse.state === 'running') return sla.firstResponse.dueAt;
  return sla.resolution.state === 'running' ? sla.resolution.dueAt : null;
}

function toBuyerView(complaint: ComplaintRecord, entries: TimelineEntryRecord[], now: Date): ComplaintView {
  return {
    complaintId: complaint.complaintId,
    category: complaint.category,
    status: complaint.status,
    orderId: complaint.orderId,
    description: complaint.description,
    photos: [],
    contactPreference: complaint.contactPreference,
    submittedAt: complaint.submittedAt,
    resolvedAt: complaint.resolvedAt,
    reopenableUntil: autoCloseAt(complaint)?.toISOString() ?? null,
    rating: complaint.rating,
    actions: availableEvents(complaint, 'buyer', now),
    // Internal notes never reach the buyer.
    timeline: entries.flatMap((entry): ComplaintView['timeline'] => {
      if (entry.type === 'note') return [];
      if (entry.type === 'reply') return [{ entryId: entry.entryId, at: entry.at, type: 'reply', by: entry.by, authorName: entry.authorName, text: entry.text, photos: [] }];
      if (entry.type === 'resolution') return [{ entryId: entry.entryId, at: entry.at, type: 'resolution', summary: entry.summary, compensation: entry.compensation }];
      return [entry];
    }),
  };
}

function photosNotYetSupported(keys: readonly string[]) {
  // Photo storage (presigned uploads to S3, a local S3-compatible server) is not built yet:
  // refuse rather than keep keys that point at nothing.
  if (keys.length > 0) throw new AppError('VALIDATION_FAILED', 'Photo upload is not available yet', [{ path: 'photoKeys', message: 'Photos are not supported yet' }]);
}

/** The complaint if it is this member's; otherwise 404, the same as a complaint that doesn't exist. */
async function ownComplaint(deps: DeskDeps, memberId: string, complaintId: string): Promise<ComplaintRecord> {
  const complaint = await getComplaint(deps.db, complaintId);
  if (!complaint || complaint.memberId !== memberId) throw new AppError('COMPLAINT_NOT_FOUND', 'No such complaint');
  return complaint;
}

async function existingComplaint(deps: DeskDeps, complaintId: string): Promise<ComplaintRecord> {
  const complaint = await getComplaint(deps.db, complaintId);
  if (!complaint) throw new AppError('COMPLAINT_NOT_FOUND', 'No such complaint');
  return complaint;
}

export async function buyerView(deps: DeskDeps, memberId: string, complaintId: string): Promise<ComplaintView> {
  const complaint = await ownComplaint(deps, memberId, complaintId);
  return toBuyerView(complaint, await listEntries(deps.db, complaintId), deps.clock());
}

export async function staffView(deps: DeskDeps, complaintId: string): Promise<StaffComplaintView> {
  const complaint = await existingComplaint(deps, complaintId);
  const now = deps.clock();
  const [entries, member] = await Promise.all([listEntries(deps.db, complaintId), getMember(deps.db, complaint.memberId)]);
  const view = toBuyerView(complaint, entries, now);
  return {
    ...view,
    actions: availableEvents(complaint, 'agent', now),
    memberId: complaint.memberId,
    memberNickname: member?.nickname ?? null,
    memberPhoneMasked: member?.phoneMasked ?? null,
    ownerId: complaint.ownerId,
    sla: slaOf(complaint, now),
    rootCause: complaint.rootCause,
  };
}

/** Files a complaint; a retried submission with the same request id answers with the same complaint. */
export async function fileNewComplaint(deps: DeskDeps, memberId: string, request: FileComplaintRequest): Promise<ComplaintView> {
  photosNotYetSupported(request.photoKeys);
  const member = await requireMember(deps, memberId);
  if (member.status !== 'member') throw new AppError('NOT_JOINED', 'Join before filing a complaint');
  const earlier = await complaintIdForRequest(deps.db, memberId, request.requestId);
  if (earlier) return buyerView(deps, memberId, earlier);
  const now = deps.clock();
  const at = now.toISOString();
  const complaint: ComplaintRecord = {
    complaintId: newId('c', now),
    memberId,
    category: request.category,
    orderId: request.orderId ?? null,
    description: request.description,
    photoKeys: [],
    contactPreference: request.contactPreference,
    status: 'submitted',
    history: [{ status: 'submitted', at }],
    submittedAt: at,
    resolvedAt: null,
    ownerId: null,
    rootCause: null,
    rating: null,
    version: 1,
  };
  const filed = await fileComplaint(deps.db, {
    complaint,
    requestId: request.requestId,
    queueDueAt: queueDueAt(complaint, now),
    entries: [{ entryId: newId('ce', now), at, type: 'status', status: 'submitted', by: 'buyer' }],
  });
  if (filed === 'duplicate') return buyerView(deps, memberId, (await complaintIdForRequest(deps.db, memberId, request.requestId))!);
  return toBuyerView(complaint, await listEntries(deps.db, complaint.complaintId), now);
}

type StatusEvent = { type: ComplaintEventType; by: 'buyer' | 'agent' | 'system' };

interface Change {
  /** The status events to apply, decided from the complaint as it is read (so one write does it all). */
  events: StatusEvent[] | ((current: ComplaintRecord) => StatusEvent[]);
  patch?: (complaint: ComplaintRecord) => Partial<ComplaintRecord>;
  entries?: (at: string, now: Date) => TimelineEntryRecord[];
}

/**
 * Applies status events (each checked by the status machine, refused with a reason code) and a
 * patch, appends timeline entries, and saves, retrying if someone else changed it meanwhile.
 */
async function changeComplaint(deps: DeskDeps, load: () => Promise<ComplaintRecord>, change: Change, points?: { amount: number; requestId: string }): Promise<ComplaintRecord> {
  return withOptimisticRetry(async () => {
    const current = await load();
    const now = deps.clock();
    const at = now.toISOString();
    let next: ComplaintRecord = { ...current };
    const entries: TimelineEntryRecord[] = [];
    const events = typeof change.events === 'function' ? change.events(current) : change.events;
    for (const event of events) {
      const result = transition(next, event, now);
      if (!result.ok) throw new AppError('COMPLAINT_TRANSITION_INVALID', result.reason);
      next = { ...result.next, history: [...next.history, result.change] };
      entries.push({ entryId: newId('ce', now), at, type: 'status', status: result.change.status, by: event.by });
    }
    next = { ...next, ...change.patch?.(next), version: current.version + 1 };
    entries.push(...(change.entries?.(at, now) ?? []));
    const due = queueDueAt(next, now);
    if (!points) {
      const saved = await saveComplaint(deps.db, { next, expectedVersion: current.version, queueDueAt: due, entries });
      return saved === 'saved' ? next : RETRY;
    }
    // Compensation in points goes through the points ledger in the same transaction as the resolution.
    const member = await requireMember(deps, current.memberId);
    const lots = await listOpenLots(deps.db, current.memberId);
    const planned = planPointsChange({
      member,
      lots,
      movement: { kind: 'credit', amount: points.amount, availableAt: at, expiresAt: pointsExpiry(now, deps.config.points) },
      type: 'adjustment',
      refId: current.complaintId,
      note: '投诉补偿',
      idempotencyKey: `complaint:${current.complaintId}:${points.requestId}`,
      now,
      ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
    });
    if ('refused' in planned) throw new Error('unreachable: credits are never refused');
    const committed = await commitPointsChange(deps.db, {
      planned,
      expectedVersion: member.version,
      extraItems: complaintTransactionItems(deps.db, { next, expectedVersion: current.version, queueDueAt: due, entries }),
    });
    return committed === 'committed' ? next : RETRY;
  });
}


// --- the buyer -------------------------------------------------------------------------------

export async function buyerReply(deps: DeskDeps, memberId: string, complaintId: string, request: ReplyRequest): Promise<ComplaintView> {
  photosNotYetSupported(request.photoKeys);
  await changeComplaint(deps, () => ownComplaint(deps, memberId, complaintId), {
    // Answering the desk's question resumes the SLA clock; other replies just join the conversation.
    events: (current) => {
      if (current.status === 'closed') throw new AppError('COMPLAINT_TRANSITION_INVALID', 'already_closed');
      return current.status === 'waiting_for_buyer' ? [{ type: 'buyer_replied', by: 'buyer' }] : [];
    },
    entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'reply', by: 'buyer', authorId: memberId, authorName: null, text: request.text, photoKeys: [] }],
  });
  return buyerView(deps, memberId, complaintId);
}

export async function buyerConfirm(deps: DeskDeps, memberId: string, complaintId: string): Promise<ComplaintView> {
  await changeComplaint(deps, () => ownComplaint(deps, memberId, complaintId), { events: [{ type: 'confirm', by: 'buyer' }] });
  return buyerView(deps, memberId, complaintId);
}

export async function buyerReopen(deps: DeskDeps, memberId: string, complaintId: string, request: ReopenRequest): Promise<ComplaintView> {
  await changeComplaint(deps, () => ownComplaint(deps, memberId, complaintId), {
    events: [{ type: 'reopen', by: 'buyer' }],
    entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'reply', by: 'buyer', authorId: memberId, authorName: null, text: request.reason, photoKeys: [] }],
  });
  return buyerView(deps, memberId, complaintId);
}

/** Rates a resolution once it is resolved or closed; a second rating is refused. */
export async function buyerRate(deps: DeskDeps, memberId: string, complaintId: string, request: RatingRequest): Promise<ComplaintView> {
  await changeComplaint(deps, () => ownComplaint(deps, memberId, complaintId), {
    events: [],
    patch: (complaint) => {
      if (complaint.status !== 'resolved' && complaint.status !== 'closed') throw new AppError('COMPLAINT_TRANSITION_INVALID', 'not_resolved');
      if (complaint.rating !== null) throw new AppError('CONFLICT', 'Already rated');
      return { rating: request.rating };
    },
    entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'rating', rating: request.rating, comment: request.comment ?? null }],
  });
  return buyerView(deps, memberId, complaintId);
}

// --- the service desk ------------------------------------------------------------------------

/** What taking up a complaint means from where it is: acknowledge (first response) and start. */
function startWork(current: ComplaintRecord): StatusEvent[] {
  if (current.status === 'submitted') return [{ type: 'acknowledge', by: 'agent' }, { type: 'start', by: 'agent' }];
  if (current.status === 'acknowledged' || current.status === 'reopened') return [{ type: 'start', by: 'agent' }];
  return [];
}

/** An agent takes the complaint: acknowledged (first response) and in progress, owned by them. */
export async function claimComplaint(deps: DeskDeps, staffId: string, complaintId: string): Promise<StaffComplaintView> {
  const claimedFrom = await existingComplaint(deps, complaintId);
  const claimed = await changeComplaint(deps, () => existingComplaint(deps, complaintId), {
    events: (current) => {
      if (current.status === 'closed') throw new AppError('COMPLAINT_TRANSITION_INVALID', 'already_closed');
      return startWork(current);
    },
    patch: () => ({ ownerId: staffId }),
  });
  if (claimedFrom.status === 'submitted') await notifyBuyer(deps, claimed, { id: 'acknowledged', what: '客服已受理，正在处理', status: claimed.status, at: deps.clock().toISOString() });
  return staffView(deps, complaintId);
}

/** A reply the buyer sees; with askBuyer the complaint waits for them and the resolution clock pauses. */
export async function staffReply(deps: DeskDeps, staff: { id: string; name: string | null }, complaintId: string, request: StaffReplyRequest): Promise<StaffComplaintView> {
  photosNotYetSupported(request.photoKeys);
  const replied = await changeComplaint(deps, () => existingComplaint(deps, complaintId), {
    // The first reply is the first response: it acknowledges and starts work in the same write.
    events: (current) => {
      if (current.status === 'closed') throw new AppError('COMPLAINT_TRANSITION_INVALID', 'already_closed');
      return [...startWork(current), ...(request.askBuyer ? [{ type: 'ask_buyer' as const, by: 'agent' as const }] : [])];
    },
    patch: (c) => ({ ownerId: c.ownerId ?? staff.id }),
    entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'reply', by: 'agent', authorId: staff.id, authorName: staff.name, text: request.text, photoKeys: [] }],
  });
  await notifyBuyer(deps, replied, { id: `reply-${replied.version}`, what: request.askBuyer ? '客服请您补充信息' : '客服回复了您的投诉', status: replied.status, at: deps.clock().toISOString() });
  return staffView(deps, complaintId);
}

/** An internal note: the desk sees it, the buyer never does. */
export async function staffNote(deps: DeskDeps, staff: { id: string; name: string | null }, complaintId: string, text: string): Promise<StaffComplaintView> {
  await changeComplaint(deps, () => existingComplaint(deps, complaintId), {
    events: [],
    entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'note', authorId: staff.id, authorName: staff.name, text }],
  });
  return staffView(deps, complaintId);
}

/** Resolves with a root cause; compensation in points is credited through the ledger, once per request id. */
export async function resolveComplaint(deps: DeskDeps, staffId: string, complaintId: string, request: ResolveRequest): Promise<StaffComplaintView> {
  if (request.compensation?.rewardId) {
    throw new AppError('VALIDATION_FAILED', 'Reward compensation is not available yet', [{ path: 'compensation.rewardId', message: 'Only points for now' }]);
  }
  const resolved = await changeComplaint(
    deps,
    () => existingComplaint(deps, complaintId),
    {
      events: [{ type: 'resolve', by: 'agent' }],
      patch: (c) => ({ rootCause: request.rootCause, ownerId: c.ownerId ?? staffId }),
      entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'resolution', summary: request.summary, compensation: request.compensation ?? null }],
    },
    request.compensation?.points ? { amount: request.compensation.points, requestId: request.requestId } : undefined,
  );
  await notifyBuyer(deps, resolved, { id: `resolved-${resolved.version}`, what: request.summary, status: resolved.status, at: deps.clock().toISOString() });
  return staffView(deps, complaintId);
}

/** The queue: open complaints, soonest SLA deadline first, optionally filtered. */
export async function complaintQueue(
  deps: DeskDeps,
  staffId: string,
  filter: { status?: ComplaintRecord['status']; category?: ComplaintRecord['category']; mine?: boolean; limit: number },
) {
  const now = deps.clock();
  const open = await listQueue(deps.db);
  const matching = open.filter(
    (c) => (!filter.status || c.status === filter.status) && (!filter.category || c.category === filter.category) && (!filter.mine || c.ownerId === staffId),
  );
  const members = new Map((await Promise.all([...new Set(matching.map((c) => c.memberId))].map((id) => getMember(deps.db, id)))).filter((m) => m !== null).map((m) => [m!.memberId, m!]));
  return {
    items: matching.slice(0, filter.limit).map((c) => ({
      complaintId: c.complaintId,
      category: c.category,
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
      sla: slaOf(c, now),
    })),
    // The open queue of one shop is short: it is read whole, and the page is its first `limit` items.
    nextCursor: null,
  };
}

/** 我的投诉: the member's complaints, newest first. */
export async function memberComplaints(deps: DeskDeps, memberId: string, page: { limit: number; cursor?: string; status?: ComplaintRecord['status'] }) {
  const result = await listMemberComplaints(deps.db, memberId, page);
  if (result === 'bad-cursor') throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  const now = deps.clock();
  return {
    items: result.items
      .filter((c) => !page.status || c.status === page.status)
      .map((c) => {
        const { timeline: _t, photos: _p, actions: _a, ...summary } = toBuyerView(c, [], now);
        return summary;
      }),
    nextCursor: result.nextCursor,
  };
}
