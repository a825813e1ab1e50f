import {
  categoryName,
  type AssignRequest,
  type CompensationGiven,
  type ComplaintDeskSettings,
  type ComplaintEventType,
  type ComplaintView,
  type FileComplaintRequest,
  type RatingRequest,
  type ReopenRequest,
  type ReplyRequest,
  type ResolveRequest,
  type StaffComplaintView,
  type StaffReplyRequest,
} from '@linli/shared/complaints';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { requireMember } from '../members/require-member.ts';
import { getMember } from '../members/repository.ts';
import { newId } from '../platform/ids.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { commitPointsChange, planCredit } from '../points/points-change.ts';
import { pointsExpiry } from '../points/rules.ts';
import { couponPuts, getReward, rewardStockTake } from '../mall/repository.ts';
import { newCouponFor } from '../mall/redeem.ts';
import { getOrder } from '../orders/repository.ts';
import { photoAttachItems, photoDisplayLinks } from '../photos/attach.ts';
import type { TransactItem } from '../db/transact-write.ts';
import type { ComplaintRecord, TimelineEntryRecord } from './complaint-record.ts';
import { activeStaffName, deskAgents } from './desk-agents.ts';
import { calendarFor, loadDeskPolicy, type DeskPolicy } from './desk-settings.ts';
import {
  complaintIdForRequest,
  complaintTransactionItems,
  fileComplaint,
  getComplaint,
  listEntries,
  listMemberComplaints,
  listQueue,
  saveComplaint,
  writeRequestMade,
  writeRequestMarker,
} from './repository.ts';
import { complaintSla } from './sla.ts';
import { autoCloseAt, availableEvents, transition } from './status-machine.ts';
import { notifyAssignee, notifyBuyer } from './notifications.ts';

type DeskDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'wechat' | 'logger' | 'photos'>;

/**
 * Both SLA clocks. The targets and business hours are the ones in force when the complaint was
 * filed (a later change of settings doesn't move a running deadline or rewrite past figures);
 * complaints filed before they were kept on the record use the current ones.
 */
export function slaOf(complaint: ComplaintRecord, now: Date, policy: DeskPolicy) {
  return complaintSla({
    history: complaint.history,
    targets: complaint.slaTargets ?? policy.targetsFor(complaint.category),
    calendar: complaint.slaHours ? calendarFor(complaint.slaHours) : policy.calendar,
    now,
  });
}

/** The next SLA deadline that is still running: the first response until it is met, then the resolution. */
function nextDeadline(sla: ReturnType<typeof slaOf>): string | null {
  if (sla.firstResponse.state === 'running') return sla.firstResponse.dueAt;
  return sla.resolution.state === 'running' ? sla.resolution.dueAt : null;
}

/** Where the complaint sits in the queue: its next running SLA deadline. */
export function queueDueAt(complaint: ComplaintRecord, now: Date, policy: DeskPolicy): string | null {
  return nextDeadline(slaOf(complaint, now, policy));
}

/** The photos named by `keys`, each with its display link from `links`. */
function photosOf(keys: readonly string[], links: ReadonlyMap<string, string>): ComplaintView['photos'] {
  return keys.flatMap((key) => {
    const url = links.get(key);
    return url ? [{ key, url }] : [];
  });
}

/** Display links for every photo a complaint's view shows (its own and its replies'). */
function viewPhotoLinks(deps: DeskDeps, complaint: ComplaintRecord, entries: TimelineEntryRecord[]): Promise<ReadonlyMap<string, string>> {
  const replyPhotos = entries.flatMap((entry) => (entry.type === 'reply' ? entry.photoKeys : []));
  return photoDisplayLinks(deps.photos, [...complaint.photoKeys, ...replyPhotos]);
}

function toBuyerView(
  complaint: ComplaintRecord,
  entries: TimelineEntryRecord[],
  now: Date,
  settings: ComplaintDeskSettings,
  photoLinks: ReadonlyMap<string, string> = new Map(),
): ComplaintView {
  return {
    complaintId: complaint.complaintId,
    category: complaint.category,
    categoryName: categoryName(settings, complaint.category),
    status: complaint.status,
    orderId: complaint.orderId,
    description: complaint.description,
    photos: photosOf(complaint.photoKeys, photoLinks),
    contactPreference: complaint.contactPreference,
    submittedAt: complaint.submittedAt,
    resolvedAt: complaint.resolvedAt,
    reopenableUntil: autoCloseAt(complaint)?.toISOString() ?? null,
    rating: complaint.rating,
    actions: availableEvents(complaint, 'buyer', now),
    // Internal notes and assignments never reach the buyer.
    timeline: entries.flatMap((entry): ComplaintView['timeline'] => {
      if (entry.type === 'note' || entry.type === 'assignment') return [];
      if (entry.type === 'reply')
        return [
          {
            entryId: entry.entryId,
            at: entry.at,
            type: 'reply',
            by: entry.by,
            authorName: entry.authorName,
            text: entry.text,
            photos: photosOf(entry.photoKeys, photoLinks),
          },
        ];
      if (entry.type === 'resolution')
        return [{ entryId: entry.entryId, at: entry.at, type: 'resolution', summary: entry.summary, compensation: entry.compensation }];
      return [entry];
    }),
  };
}

/** The complaint if it is this member's; otherwise 404, the same as a complaint that doesn't exist. */
async function ownComplaint(deps: DeskDeps, memberId: string, complaintId: string): Promise<ComplaintRecord> {
  const complaint = await getComplaint(deps.db, complaintId);
  if (!complaint || complaint.memberId !== memberId) throw new DomainError('COMPLAINT_NOT_FOUND', 'No such complaint');
  return complaint;
}

async function existingComplaint(deps: DeskDeps, complaintId: string): Promise<ComplaintRecord> {
  const complaint = await getComplaint(deps.db, complaintId);
  if (!complaint) throw new DomainError('COMPLAINT_NOT_FOUND', 'No such complaint');
  return complaint;
}

export async function buyerView(deps: DeskDeps, memberId: string, complaintId: string): Promise<ComplaintView> {
  const complaint = await ownComplaint(deps, memberId, complaintId);
  const [entries, policy] = await Promise.all([listEntries(deps.db, complaintId), loadDeskPolicy(deps.db)]);
  return toBuyerView(complaint, entries, deps.clock(), policy.settings, await viewPhotoLinks(deps, complaint, entries));
}

export async function staffView(deps: DeskDeps, complaintId: string): Promise<StaffComplaintView> {
  const complaint = await existingComplaint(deps, complaintId);
  const now = deps.clock();
  const [entries, member, policy, ownerName] = await Promise.all([
    listEntries(deps.db, complaintId),
    getMember(deps.db, complaint.memberId),
    loadDeskPolicy(deps.db),
    complaint.ownerId ? activeStaffName(deps.db, complaint.ownerId) : null,
  ]);
  const view = toBuyerView(complaint, entries, now, policy.settings, await viewPhotoLinks(deps, complaint, entries));
  return {
    ...view,
    actions: availableEvents(complaint, 'agent', now),
    memberId: complaint.memberId,
    memberNickname: member?.nickname ?? null,
    memberPhoneMasked: member?.phoneMasked ?? null,
    ownerId: complaint.ownerId,
    ownerName,
    sla: slaOf(complaint, now, policy),
    rootCause: complaint.rootCause,
    internal: entries.flatMap((entry): StaffComplaintView['internal'] => {
      if (entry.type === 'note')
        return [{ entryId: entry.entryId, at: entry.at, type: 'note', authorName: entry.authorName, text: entry.text }];
      if (entry.type === 'assignment') {
        return [
          {
            entryId: entry.entryId,
            at: entry.at,
            type: 'assignment',
            authorName: entry.authorName,
            assigneeId: entry.assigneeId,
            assigneeName: entry.assigneeName,
          },
        ];
      }
      return [];
    }),
  };
}

/** Files a complaint; a retried submission with the same request id answers with the same complaint. */
export async function fileNewComplaint(deps: DeskDeps, memberId: string, request: FileComplaintRequest): Promise<ComplaintView> {
  const member = await requireMember(deps, memberId);
  if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Join before filing a complaint');
  const earlier = await complaintIdForRequest(deps.db, memberId, request.requestId);
  if (earlier) return buyerView(deps, memberId, earlier);
  const policy = await loadDeskPolicy(deps.db);
  // The order must be the buyer's own: another buyer's order id reads as no such order.
  if (request.orderId && (await getOrder(deps.db, request.orderId))?.openid !== member.openid) {
    throw new DomainError('ORDER_NOT_FOUND', 'No such order of yours', [{ path: 'orderId', message: 'Pick one of GET /v1/me/orders' }]);
  }
  if (!policy.settings.categories.some((c) => c.code === request.category && c.active)) {
    throw new DomainError('COMPLAINT_CATEGORY_UNAVAILABLE', `Category ${request.category} is not open for new complaints`, [
      { path: 'category', message: 'Choose one of GET /v1/complaint-options' },
    ]);
  }
  const now = deps.clock();
  const at = now.toISOString();
  const complaint: ComplaintRecord = {
    complaintId: newId('c', now),
    memberId,
    category: request.category,
    orderId: request.orderId ?? null,
    description: request.description,
    photoKeys: request.photoKeys,
    contactPreference: request.contactPreference,
    status: 'submitted',
    history: [{ status: 'submitted', at }],
    submittedAt: at,
    resolvedAt: null,
    ownerId: null,
    rootCause: null,
    rating: null,
    slaTargets: policy.targetsFor(request.category),
    slaHours: policy.settings.businessHours,
    version: 1,
  };
  const entries: TimelineEntryRecord[] = [{ entryId: newId('ce', now), at, type: 'status', status: 'submitted', by: 'buyer' }];
  const filed = await withOptimisticRetry(async () => {
    // A concurrent submission of the same request may have won meanwhile: answer with its complaint.
    if (await complaintIdForRequest(deps.db, memberId, request.requestId)) return 'duplicate' as const;
    // The photos are attached in the filing's own transaction, checked afresh on each attempt.
    const photoItems = await photoAttachItems(deps, { memberId, objectKeys: complaint.photoKeys, complaintId: complaint.complaintId, at });
    const outcome = await fileComplaint(deps.db, {
      complaint,
      requestId: request.requestId,
      queueDueAt: queueDueAt(complaint, now, policy),
      entries,
      extraItems: photoItems,
    });
    return outcome === 'conflict' ? RETRY : outcome;
  });
  if (filed === 'duplicate') return buyerView(deps, memberId, (await complaintIdForRequest(deps.db, memberId, request.requestId))!);
  const filedEntries = await listEntries(deps.db, complaint.complaintId);
  return toBuyerView(complaint, filedEntries, now, policy.settings, await viewPhotoLinks(deps, complaint, filedEntries));
}

type StatusEvent = { type: ComplaintEventType; by: 'buyer' | 'agent' | 'system' };

interface Change {
  /** The client's request id: the change is made once however often it is retried. */
  requestId?: string;
  /** The status events to apply, decided from the complaint as it is read (so one write does it all). */
  events: StatusEvent[] | ((current: ComplaintRecord) => StatusEvent[]);
  patch?: (complaint: ComplaintRecord) => Partial<ComplaintRecord>;
  entries?: (at: string, now: Date) => TimelineEntryRecord[];
  /** Points credited to the buyer through the points ledger, in the same transaction. */
  creditPoints?: number;
  /** Writes of other domains (e.g. a coupon issued) made in the same transaction, prepared afresh on each attempt. */
  alongside?: () => Promise<TransactItem[]>;
}

/**
 * Applies status events (each checked by the status machine, refused with a reason code) and a
 * patch, appends timeline entries, and saves, retrying if someone else changed it meanwhile.
 */
async function changeComplaint(deps: DeskDeps, load: () => Promise<ComplaintRecord>, change: Change): Promise<ComplaintRecord> {
  const policy = await loadDeskPolicy(deps.db);
  return withOptimisticRetry(async () => {
    const current = await load();
    if (change.requestId && (await writeRequestMade(deps.db, current.complaintId, change.requestId))) return current;
    const now = deps.clock();
    const at = now.toISOString();
    let next: ComplaintRecord = { ...current };
    const entries: TimelineEntryRecord[] = [];
    const events = typeof change.events === 'function' ? change.events(current) : change.events;
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
      ...((await change.alongside?.()) ?? []),
    ];
    entries.push(...(change.entries?.(at, now) ?? []));
    const due = queueDueAt(next, now, policy);
    if (!change.creditPoints) {
      const saved = await saveComplaint(deps.db, {
        next,
        expectedVersion: current.version,
        queueDueAt: due,
        entries,
        extraItems: alongside,
      });
      return saved === 'saved' ? next : RETRY;
    }
    // Compensation in points goes through the points ledger in the same transaction as the resolution.
    const member = await requireMember(deps, current.memberId);
    const lots = await listOpenLots(deps.db, current.memberId);
    const planned = planCredit({
      member,
      lots,
      credit: { amount: change.creditPoints, availableAt: at, expiresAt: pointsExpiry(now, deps.config.points) },
      type: 'adjustment',
      refId: current.complaintId,
      note: '投诉补偿',
      idempotencyKey: `complaint:${current.complaintId}:${change.requestId ?? next.version}`,
      now,
      ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
    });
    const committed = await commitPointsChange(deps.db, {
      planned,
      expectedVersion: member.version,
      extraItems: [
        ...complaintTransactionItems(deps.db, { next, expectedVersion: current.version, queueDueAt: due, entries }),
        ...alongside,
      ],
    });
    return committed === 'committed' ? next : RETRY;
  });
}

// --- the buyer -------------------------------------------------------------------------------

export async function buyerReply(deps: DeskDeps, memberId: string, complaintId: string, request: ReplyRequest): Promise<ComplaintView> {
  await changeComplaint(deps, () => ownComplaint(deps, memberId, complaintId), {
    requestId: request.requestId,
    // Answering the desk's question resumes the SLA clock; other replies just join the conversation.
    events: (current) => {
      if (current.status === 'closed') throw new DomainError('COMPLAINT_TRANSITION_INVALID', 'already_closed');
      return current.status === 'waiting_for_buyer' ? [{ type: 'buyer_replied', by: 'buyer' }] : [];
    },
    entries: (at, now) => [
      {
        entryId: newId('ce', now),
        at,
        type: 'reply',
        by: 'buyer',
        authorId: memberId,
        authorName: null,
        text: request.text,
        photoKeys: request.photoKeys,
      },
    ],
    alongside: () => photoAttachItems(deps, { memberId, objectKeys: request.photoKeys, complaintId, at: deps.clock().toISOString() }),
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
    entries: (at, now) => [
      {
        entryId: newId('ce', now),
        at,
        type: 'reply',
        by: 'buyer',
        authorId: memberId,
        authorName: null,
        text: request.reason,
        photoKeys: [],
      },
    ],
  });
  return buyerView(deps, memberId, complaintId);
}

/** Rates a resolution once it is resolved or closed; a second rating is refused. */
export async function buyerRate(deps: DeskDeps, memberId: string, complaintId: string, request: RatingRequest): Promise<ComplaintView> {
  await changeComplaint(deps, () => ownComplaint(deps, memberId, complaintId), {
    events: [],
    patch: (complaint) => {
      if (complaint.status !== 'resolved' && complaint.status !== 'closed')
        throw new DomainError('COMPLAINT_TRANSITION_INVALID', 'not_resolved');
      if (complaint.rating !== null) throw new DomainError('CONFLICT', 'Already rated');
      return { rating: request.rating };
    },
    entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'rating', rating: request.rating, comment: request.comment ?? null }],
  });
  return buyerView(deps, memberId, complaintId);
}

// --- the service desk ------------------------------------------------------------------------

/** What taking up a complaint means from where it is: acknowledge (first response) and start. */
function startWork(current: ComplaintRecord): StatusEvent[] {
  if (current.status === 'submitted')
    return [
      { type: 'acknowledge', by: 'agent' },
      { type: 'start', by: 'agent' },
    ];
  if (current.status === 'acknowledged' || current.status === 'reopened') return [{ type: 'start', by: 'agent' }];
  return [];
}

function refuseIfClosed(current: ComplaintRecord) {
  if (current.status === 'closed') throw new DomainError('COMPLAINT_TRANSITION_INVALID', 'already_closed');
}

/**
 * Takes the complaint: acknowledged (first response) and in progress, owned by the caller. Another
 * agent's complaint is taken over only by a supervisor or admin (agents hand over by assigning).
 */
export async function claimComplaint(
  deps: DeskDeps,
  actor: { id: string; canTakeOver: boolean },
  complaintId: string,
): Promise<StaffComplaintView> {
  const claimedFrom = await existingComplaint(deps, complaintId);
  const claimed = await changeComplaint(deps, () => existingComplaint(deps, complaintId), {
    events: (current) => {
      refuseIfClosed(current);
      if (!actor.canTakeOver && current.ownerId !== null && current.ownerId !== actor.id)
        throw new DomainError('FORBIDDEN', 'Another agent owns this complaint; a supervisor can reassign it');
      return startWork(current);
    },
    patch: () => ({ ownerId: actor.id }),
  });
  if (claimedFrom.status === 'submitted')
    await notifyBuyer(deps, claimed, {
      id: 'acknowledged',
      what: '客服已受理，正在处理',
      status: claimed.status,
      at: deps.clock().toISOString(),
    });
  return staffView(deps, complaintId);
}

/**
 * Hands the complaint to another active staff member. Supervisors and admins assign any open
 * complaint; an agent hands over only what is theirs or still unclaimed.
 */
export async function assignComplaint(
  deps: DeskDeps,
  actor: { id: string; name: string | null; canReassignAny: boolean },
  complaintId: string,
  request: AssignRequest,
): Promise<StaffComplaintView> {
  const assignee = (await deskAgents(deps.db)).find(request.assigneeId);
  if (!assignee)
    throw new DomainError('ASSIGNEE_NOT_STAFF', 'The assignee is not an active staff member', [
      { path: 'assigneeId', message: 'Pick from GET /v1/staff/complaint-agents' },
    ]);
  const assigned = await changeComplaint(deps, () => existingComplaint(deps, complaintId), {
    events: (current) => {
      refuseIfClosed(current);
      if (!actor.canReassignAny && current.ownerId !== null && current.ownerId !== actor.id)
        throw new DomainError('FORBIDDEN', "Only a supervisor can reassign another agent's complaint");
      return [];
    },
    patch: () => ({ ownerId: assignee.memberId }),
    entries: (at, now) => [
      {
        entryId: newId('ce', now),
        at,
        type: 'assignment',
        authorId: actor.id,
        authorName: actor.name,
        assigneeId: assignee.memberId,
        assigneeName: assignee.name,
      },
    ],
  });
  await notifyAssignee(deps, assigned, { memberId: assignee.memberId, byName: actor.name });
  return staffView(deps, complaintId);
}

/** A reply the buyer sees; with askBuyer the complaint waits for them and the resolution clock pauses. */
export async function staffReply(
  deps: DeskDeps,
  staff: { id: string; name: string | null },
  complaintId: string,
  request: StaffReplyRequest,
): Promise<StaffComplaintView> {
  const replied = await changeComplaint(deps, () => existingComplaint(deps, complaintId), {
    requestId: request.requestId,
    // The first reply is the first response: it acknowledges and starts work in the same write.
    events: (current) => {
      refuseIfClosed(current);
      return [...startWork(current), ...(request.askBuyer ? [{ type: 'ask_buyer' as const, by: 'agent' as const }] : [])];
    },
    patch: (c) => ({ ownerId: c.ownerId ?? staff.id }),
    entries: (at, now) => [
      {
        entryId: newId('ce', now),
        at,
        type: 'reply',
        by: 'agent',
        authorId: staff.id,
        authorName: staff.name,
        text: request.text,
        photoKeys: request.photoKeys,
      },
    ],
    // Staff upload under their own member id, like buyers.
    alongside: () =>
      photoAttachItems(deps, { memberId: staff.id, objectKeys: request.photoKeys, complaintId, at: deps.clock().toISOString() }),
  });
  await notifyBuyer(deps, replied, {
    id: `reply-${request.requestId}`,
    what: request.askBuyer ? '客服请您补充信息' : '客服回复了您的投诉',
    status: replied.status,
    at: deps.clock().toISOString(),
  });
  return staffView(deps, complaintId);
}

/** An internal note: the desk sees it, the buyer never does. */
export async function staffNote(
  deps: DeskDeps,
  staff: { id: string; name: string | null },
  complaintId: string,
  text: string,
): Promise<StaffComplaintView> {
  await changeComplaint(deps, () => existingComplaint(deps, complaintId), {
    events: [],
    entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'note', authorId: staff.id, authorName: staff.name, text }],
  });
  return staffView(deps, complaintId);
}

/**
 * The coupon a compensation issues: an active coupon reward of the points mall, free of points
 * and of the per-member limit, taking one from its stock in the resolution's transaction.
 */
async function compensationCoupon(deps: DeskDeps, rewardId: string, memberId: string) {
  const reward = await getReward(deps.db, rewardId);
  if (!reward || reward.kind !== 'coupon')
    throw new DomainError('REWARD_NOT_FOUND', 'No such coupon reward', [
      { path: 'compensation.rewardId', message: 'Choose a coupon reward' },
    ]);
  if (!reward.active || Date.parse(reward.availableUntil) <= deps.clock().getTime())
    throw new DomainError('REWARD_NOT_AVAILABLE', 'The coupon reward is withdrawn or over');
  if (reward.stock < 1) throw new DomainError('REWARD_OUT_OF_STOCK', 'The coupon reward has none left');
  return { reward, coupon: newCouponFor(reward, memberId, deps.clock()) };
}

/** Resolves with a root cause; compensation (points through the ledger, a coupon) is given once per request id. */
export async function resolveComplaint(
  deps: DeskDeps,
  staffId: string,
  complaintId: string,
  request: ResolveRequest,
): Promise<StaffComplaintView> {
  const target = await existingComplaint(deps, complaintId);
  // A retry of a resolution already made answers with it (before any stock is checked again).
  if (await writeRequestMade(deps.db, complaintId, request.requestId)) return staffView(deps, complaintId);
  const rewardId = request.compensation?.rewardId;
  // Checked before the status machine so a refused coupon reads as such; again on every attempt
  // (stock, window), each attempt with a fresh code so a code collision only costs a retry.
  let issued = rewardId ? await compensationCoupon(deps, rewardId, target.memberId) : null;
  const given = (): CompensationGiven | null =>
    request.compensation
      ? {
          ...(request.compensation.points ? { points: request.compensation.points } : {}),
          ...(issued ? { rewardId: issued.reward.rewardId, couponName: issued.reward.name, couponCode: issued.coupon.code } : {}),
        }
      : null;
  const resolved = await changeComplaint(deps, () => existingComplaint(deps, complaintId), {
    requestId: request.requestId,
    events: [{ type: 'resolve', by: 'agent' }],
    patch: (c) => ({ rootCause: request.rootCause, ownerId: c.ownerId ?? staffId }),
    entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'resolution', summary: request.summary, compensation: given() }],
    creditPoints: request.compensation?.points,
    alongside: rewardId
      ? async () => {
          issued = await compensationCoupon(deps, rewardId, target.memberId);
          return [rewardStockTake(deps.db, rewardId), ...couponPuts(deps.db, issued.coupon)];
        }
      : undefined,
  });
  await notifyBuyer(deps, resolved, {
    id: `resolved-${request.requestId}`,
    what: request.summary,
    status: resolved.status,
    at: deps.clock().toISOString(),
  });
  return staffView(deps, complaintId);
}

export interface QueueFilter {
  status?: ComplaintRecord['status'];
  category?: string;
  mine?: boolean;
  /** A staff member's id, or 'none' for unclaimed complaints. */
  assignee?: string;
  breached?: boolean;
  limit: number;
}

/** The queue: open complaints, soonest SLA deadline first, optionally filtered. */
export async function complaintQueue(deps: DeskDeps, staffId: string, filter: QueueFilter) {
  const now = deps.clock();
  const [open, policy, agents] = await Promise.all([listQueue(deps.db), loadDeskPolicy(deps.db), deskAgents(deps.db)]);
  const owner = filter.mine ? staffId : filter.assignee === 'none' ? null : filter.assignee;
  // Ordered by the deadlines as they stand now (the index's order was right when each was written).
  const nextDue = (sla: ReturnType<typeof slaOf>) => nextDeadline(sla) ?? '9999';
  const measured = open
    .filter(
      (c) =>
        (!filter.status || c.status === filter.status) &&
        (!filter.category || c.category === filter.category) &&
        (owner === undefined || c.ownerId === owner),
    )
    .map((c) => ({ complaint: c, sla: slaOf(c, now, policy) }))
    .filter(({ sla }) => filter.breached === undefined || (sla.firstResponse.breached || sla.resolution.breached) === filter.breached)
    .sort((a, b) => nextDue(a.sla).localeCompare(nextDue(b.sla)));
  const page = measured.slice(0, filter.limit);
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
    // The open queue of one shop is short: it is read whole, and the page is its first `limit` items.
    nextCursor: null,
  };
}

/** 我的投诉: the member's complaints, newest first. */
export async function memberComplaints(
  deps: DeskDeps,
  memberId: string,
  page: { limit: number; cursor?: string; status?: ComplaintRecord['status'] },
) {
  const [result, policy] = await Promise.all([listMemberComplaints(deps.db, memberId, page), loadDeskPolicy(deps.db)]);
  if (result === 'bad-cursor')
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  const now = deps.clock();
  return {
    items: result.items
      .filter((c) => !page.status || c.status === page.status)
      .map((c) => {
        const { timeline: _t, photos: _p, actions: _a, ...summary } = toBuyerView(c, [], now, policy.settings);
        return summary;
      }),
    nextCursor: result.nextCursor,
  };
}
