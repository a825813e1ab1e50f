import type { ComplaintView, FileComplaintRequest, RatingRequest, ReopenRequest, ReplyRequest } from '@linli/shared/complaints';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { requireMember } from '../members/require-member.ts';
import { getOrder } from '../orders/repository.ts';
import { photoAttachItems } from '../photos/attach.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { changeComplaint, type Change } from './change-complaint.ts';
import type { ComplaintRecord, TimelineEntryRecord } from './complaint-record.ts';
import { buyerView, toBuyerView, viewPhotoLinks } from './complaint-views.ts';
import { complaintWrite } from './complaint-write.ts';
import type { DeskDeps } from './desk-deps.ts';
import { loadDeskPolicy } from './desk-settings.ts';
import { complaintIdForRequest, fileComplaint, listEntries } from './repository.ts';

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
      ...complaintWrite(complaint, null, policy),
      requestId: request.requestId,
      entries,
      extraItems: photoItems,
    });
    return outcome === 'conflict' ? RETRY : outcome;
  });
  if (filed === 'duplicate') return buyerView(deps, memberId, (await complaintIdForRequest(deps.db, memberId, request.requestId))!);
  const filedEntries = await listEntries(deps.db, complaint.complaintId);
  return toBuyerView(complaint, filedEntries, now, policy.settings, await viewPhotoLinks(deps, complaint, filedEntries));
}

export async function buyerReply(deps: DeskDeps, memberId: string, complaintId: string, request: ReplyRequest): Promise<ComplaintView> {
  await changeComplaint(
    deps,
    { complaintId, memberId },
    {
      requestId: request.requestId,
      // Answering the desk's question resumes the SLA clock; other replies just join the conversation.
      events: (current) => {
        if (current.status === 'closed') throw new DomainError('COMPLAINT_TRANSITION_INVALID', 'already_closed');
        return current.status === 'waiting_for_buyer' ? [{ type: 'buyer_replied', by: 'buyer' }] : [];
      },
      entries: (at, now) => [buyerReplyEntry({ memberId, text: request.text, photoKeys: request.photoKeys, at, now })],
      alongside: () => photoAttachItems(deps, { memberId, objectKeys: request.photoKeys, complaintId, at: deps.clock().toISOString() }),
    },
  );
  return buyerView(deps, memberId, complaintId);
}

export async function buyerConfirm(deps: DeskDeps, memberId: string, complaintId: string): Promise<ComplaintView> {
  await changeComplaint(deps, { complaintId, memberId }, { events: [{ type: 'confirm', by: 'buyer' }] });
  return buyerView(deps, memberId, complaintId);
}

export async function buyerReopen(deps: DeskDeps, memberId: string, complaintId: string, request: ReopenRequest): Promise<ComplaintView> {
  await changeComplaint(
    deps,
    { complaintId, memberId },
    {
      events: [{ type: 'reopen', by: 'buyer' }],
      entries: (at, now) => [buyerReplyEntry({ memberId, text: request.reason, photoKeys: [], at, now })],
    },
  );
  return buyerView(deps, memberId, complaintId);
}

/**
 * Rates a resolution once it is resolved or closed; a second rating is refused. `alongside`: writes
 * made in the rating's own transaction (the route records the rating as a survey response with it).
 */
export async function buyerRate(
  deps: DeskDeps,
  memberId: string,
  complaintId: string,
  request: RatingRequest,
  options: { alongside?: Change['alongside'] } = {},
): Promise<ComplaintView> {
  await changeComplaint(
    deps,
    { complaintId, memberId },
    {
      events: [],
      patch: (complaint) => {
        if (complaint.status !== 'resolved' && complaint.status !== 'closed')
          throw new DomainError('COMPLAINT_TRANSITION_INVALID', 'not_resolved');
        if (complaint.rating !== null) throw new DomainError('CONFLICT', 'Already rated');
        return { rating: request.rating };
      },
      entries: (at, now) => [{ entryId: newId('ce', now), at, type: 'rating', rating: request.rating, comment: request.comment ?? null }],
      ...(options.alongside ? { alongside: options.alongside } : {}),
    },
  );
  return buyerView(deps, memberId, complaintId);
}

/** A buyer's words on the timeline (a reply, or the reason for reopening). */
function buyerReplyEntry(input: { memberId: string; text: string; photoKeys: string[]; at: string; now: Date }) {
  return {
    entryId: newId('ce', input.now),
    at: input.at,
    type: 'reply' as const,
    by: 'buyer' as const,
    authorId: input.memberId,
    authorName: null,
    text: input.text,
    photoKeys: input.photoKeys,
  };
}
