import type { RatingRequest } from '@linli/shared/complaints';
import type { Answers } from '@linli/shared/surveys';
import type { Deps } from '../deps.ts';
import type { TransactItem } from '../db/transact-write.ts';
import type { ComplaintRecord } from '../complaints/complaint-record.ts';
import { buyerRate } from '../complaints/buyer-actions.ts';
import type { DeskDeps } from '../complaints/desk-deps.ts';
import { requireMember } from '../members/require-member.ts';
import { newResponseRecord, responseSegments } from './answering.ts';
import { COMPLAINT_SURVEY_QUESTIONS, ensureComplaintSurvey, surveyView } from './definitions.ts';
import { headResponseCount, responseSlotPut, responseWriteItems } from './repository.ts';
import { responseEffects } from './response-effects.ts';

/**
 * The writes that record a complaint's resolution rating (1–5) and comment as a CSAT response of the
 * built-in complaint survey, for the rating's own transaction (complaints' `alongside`): the rating
 * and its response stand or fall together. One response per complaint (its slot); no reward.
 */
export async function complaintCsatItems(
  deps: Pick<Deps, 'db' | 'clock'>,
  complaint: Pick<ComplaintRecord, 'complaintId' | 'memberId' | 'orderId'>,
  rating: number,
  comment: string | null,
): Promise<TransactItem[]> {
  const [head, member] = await Promise.all([ensureComplaintSurvey(deps), requireMember(deps, complaint.memberId)]);
  const { segments, orderId } = await responseSegments(deps, member, complaint.orderId);
  const text = comment?.trim() ?? '';
  const answers: Answers = { [COMPLAINT_SURVEY_QUESTIONS.rating]: rating, ...(text ? { [COMPLAINT_SURVEY_QUESTIONS.comment]: text } : {}) };
  const now = deps.clock();
  const questions = head.definition.questions;
  const record = newResponseRecord({
    surveyId: head.surveyId,
    version: head.version,
    memberId: complaint.memberId,
    questions,
    answers,
    source: 'complaint',
    orderId,
    complaintId: complaint.complaintId,
    segments,
    rewardPoints: 0,
    now,
  });
  return [
    responseSlotPut(deps.db, {
      memberId: complaint.memberId,
      surveyId: head.surveyId,
      round: `complaint-${complaint.complaintId}`,
      responseId: record.responseId,
      at: record.completedAt,
    }),
    headResponseCount(deps.db, head),
    ...responseWriteItems(deps.db, record, questions),
    ...(await responseEffects(deps, record, questions, surveyView(head, now))),
  ];
}

/** The buyer rates a complaint's resolution: the rating and its CSAT response (with any follow-up) in one write. */
export function rateComplaintResolution(deps: DeskDeps, memberId: string, complaintId: string, request: RatingRequest) {
  return buyerRate(deps, memberId, complaintId, request, {
    alongside: (complaint) => complaintCsatItems(deps, complaint, request.rating, request.comment ?? null),
  });
}
