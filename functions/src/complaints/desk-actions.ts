import type { AssignRequest, CompensationGiven, ResolveRequest, StaffComplaintView, StaffReplyRequest } from '@linli/shared/complaints';
import { couponPuts, rewardStockTake } from '../mall/repository.ts';
import { photoAttachItems } from '../photos/attach.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { changeComplaint, type StatusEvent } from './change-complaint.ts';
import type { ComplaintRecord } from './complaint-record.ts';
import { findComplaint, staffViewFor } from './complaint-views.ts';
import { compensationCoupon } from './coupon-compensation.ts';
import type { DeskDeps } from './desk-deps.ts';
import { deskAgents } from './desk-agents.ts';
import { compensationWorth, refuseCompensationBeyondCap, refuseUnlessMayActOn, type DeskActor } from './desk-authority.ts';
import { notifyAssignee, notifyBuyer } from './notifications.ts';
import { writeRequestMade } from './repository.ts';

// Every action here is the owner's, or a supervisor's or admin's (desk-authority.ts), checked on the
// complaint as the write reads it: a refusal writes nothing.

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
export async function claimComplaint(deps: DeskDeps, actor: DeskActor, complaintId: string): Promise<StaffComplaintView> {
  const claimedFrom = await findComplaint(deps, complaintId);
  const claimed = await changeComplaint(
    deps,
    { complaintId },
    {
      events: (current) => {
        refuseIfClosed(current);
        refuseUnlessMayActOn(actor, current);
        return startWork(current);
      },
      patch: () => ({ ownerId: actor.id }),
    },
  );
  if (claimedFrom.status === 'submitted')
    await notifyBuyer(deps, claimed, {
      id: 'acknowledged',
      what: '客服已受理，正在处理',
      status: claimed.status,
      at: deps.clock().toISOString(),
    });
  return staffViewFor(deps, actor, complaintId);
}

/**
 * Hands the complaint to another active staff member. Supervisors and admins assign any open
 * complaint; an agent hands over only what is theirs or still unclaimed.
 */
export async function assignComplaint(
  deps: DeskDeps,
  actor: DeskActor,
  complaintId: string,
  request: AssignRequest,
): Promise<StaffComplaintView> {
  const assignee = (await deskAgents(deps.db)).find(request.assigneeId);
  if (!assignee)
    throw new DomainError('ASSIGNEE_NOT_STAFF', 'The assignee is not an active staff member', [
      { path: 'assigneeId', message: 'Pick from GET /v1/staff/complaint-agents' },
    ]);
  const assigned = await changeComplaint(
    deps,
    { complaintId },
    {
      events: (current) => {
        refuseIfClosed(current);
        refuseUnlessMayActOn(actor, current);
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
    },
  );
  await notifyAssignee(deps, assigned, { memberId: assignee.memberId, byName: actor.name });
  return staffViewFor(deps, actor, complaintId);
}

/** A reply the buyer sees; with askBuyer the complaint waits for them and the resolution clock pauses. */
export async function staffReply(
  deps: DeskDeps,
  staff: DeskActor,
  complaintId: string,
  request: StaffReplyRequest,
): Promise<StaffComplaintView> {
  const replied = await changeComplaint(
    deps,
    { complaintId },
    {
      requestId: request.requestId,
      // The first reply is the first response: it acknowledges and starts work in the same write.
      events: (current) => {
        refuseIfClosed(current);
        refuseUnlessMayActOn(staff, current);
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
    },
  );
  await notifyBuyer(deps, replied, {
    id: `reply-${request.requestId}`,
    what: request.askBuyer ? '客服请您补充信息' : '客服回复了您的投诉',
    status: replied.status,
    at: deps.clock().toISOString(),
  });
  return staffViewFor(deps, staff, complaintId);
}

/** An internal note: the desk sees it, the buyer never does. A note leaves an unclaimed complaint unclaimed. */
export async function staffNote(deps: DeskDeps, staff: DeskActor, complaintId: string, text: string): Promise<StaffComplaintView> {
  await changeComplaint(
    deps,
    { complaintId },
    {
      events: (current) => {
        refuseUnlessMayActOn(staff, current);
        return [];
      },
      entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'note', authorId: staff.id, authorName: staff.name, text }],
    },
  );
  return staffViewFor(deps, staff, complaintId);
}

/**
 * Resolves with a root cause; compensation (points through the ledger, a coupon) is given once per
 * request id. An agent gives at most the settings' cap, counting a coupon at its points price.
 */
export async function resolveComplaint(
  deps: DeskDeps,
  staff: DeskActor,
  complaintId: string,
  request: ResolveRequest,
): Promise<StaffComplaintView> {
  const target = await findComplaint(deps, complaintId);
  // A retry of a resolution already made answers with it (before any stock is checked again).
  if (await writeRequestMade(deps.db, complaintId, request.requestId)) return staffViewFor(deps, staff, complaintId);
  // Someone else's complaint reads as such before any coupon is looked at (checked again as written).
  refuseUnlessMayActOn(staff, target);
  const rewardId = request.compensation?.rewardId;
  // Checked before the status machine so a refused coupon reads as such; again on every attempt
  // (stock, window), each attempt with a fresh code so a code collision only costs a retry.
  let issued: Awaited<ReturnType<typeof compensationCoupon>> | null = null;
  const given = (): CompensationGiven | null =>
    request.compensation
      ? {
          ...(request.compensation.points ? { points: request.compensation.points } : {}),
          ...(issued ? { rewardId: issued.reward.rewardId, couponName: issued.reward.name, couponCode: issued.coupon.code } : {}),
        }
      : null;
  const resolving = async () => {
    if (rewardId) issued = await compensationCoupon(deps, rewardId, target.memberId);
    return changeComplaint(
      deps,
      { complaintId },
      {
        requestId: request.requestId,
        events: (current, settings) => {
          refuseUnlessMayActOn(staff, current);
          refuseCompensationBeyondCap(staff, compensationWorth(request.compensation, issued?.reward.pointsPrice ?? null), settings);
          return [{ type: 'resolve', by: 'agent' }];
        },
        patch: (c) => ({ rootCause: request.rootCause, ownerId: c.ownerId ?? staff.id }),
        entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'resolution', summary: request.summary, compensation: given() }],
        creditPoints: request.compensation?.points,
        creditedBy: staff.id,
        alongside: rewardId
          ? async () => {
              issued = await compensationCoupon(deps, rewardId, target.memberId);
              return [rewardStockTake(deps.db, rewardId), ...couponPuts(deps.db, issued.coupon)];
            }
          : undefined,
      },
    );
  };
  let resolved: ComplaintRecord;
  try {
    resolved = await resolving();
  } catch (error) {
    // The same request id may have resolved it meanwhile, taking the last coupon the check just
    // found gone: a retry answers with that resolution, not with the refusal.
    if (error instanceof DomainError && (await writeRequestMade(deps.db, complaintId, request.requestId)))
      return staffViewFor(deps, staff, complaintId);
    throw error;
  }
  await notifyBuyer(deps, resolved, {
    id: `resolved-${request.requestId}`,
    what: request.summary,
    status: resolved.status,
    at: deps.clock().toISOString(),
  });
  return staffViewFor(deps, staff, complaintId);
}
