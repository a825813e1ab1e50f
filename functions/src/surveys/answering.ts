import {
  answerIssues,
  followUpReason,
  type AnswerIssue,
  type Answers,
  type BuyerSurvey,
  type IneligibleReason,
  type ResponseSource,
  type SurveyQuestion,
  type SurveySubmitRequest,
  type SurveySubmitResult,
} from '@linli/shared/surveys';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { transactWrite, type TransactItem } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getMemberInsight } from '../insight/repository.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { getMember } from '../members/repository.ts';
import { requireMember } from '../members/require-member.ts';
import { getOrder } from '../orders/repository.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { commitPointsChange, planCredit } from '../points/points-change.ts';
import { pointsExpiry } from '../points/rules.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { requireSurveyHead, surveyView } from './definitions.ts';
import { answerIneligibility, responseRound } from './eligibility.ts';
import {
  askPut,
  getSurveyAsk,
  getSurveyRequestResult,
  headResponseCount,
  requestMarkerPut,
  responseSlotPut,
  responseWriteItems,
  saveSurveyAsk,
  type SurveyHeadRecord,
} from './repository.ts';
import { responseEffects } from './response-effects.ts';
import type { ResponseSegments, SurveyResponseRecord } from './response-record.ts';

type AnswerDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/**
 * A survey a buyer may open: published or closed (a closed one says so), never a draft, and never
 * the built-in complaint survey (a complaint's rating answers it).
 */
async function buyerHead(deps: Pick<Deps, 'db' | 'clock'>, surveyId: string): Promise<SurveyHeadRecord> {
  const head = await requireSurveyHead(deps, surveyId);
  if (head.status === 'draft' || head.builtIn) throw new DomainError('SURVEY_NOT_FOUND', 'No such survey');
  return head;
}

/** The refusal that matches a reason the member may not answer. */
function refusal(reason: IneligibleReason): DomainError {
  if (reason === 'closed' || reason === 'limit-reached') return new DomainError('SURVEY_CLOSED', reason);
  if (reason === 'answered') return new DomainError('SURVEY_ALREADY_ANSWERED', 'Already answered');
  if (reason === 'not-published') return new DomainError('SURVEY_NOT_FOUND', 'No such survey');
  return new DomainError('SURVEY_NOT_ELIGIBLE', reason);
}

function answersRefusal(issues: AnswerIssue[]): DomainError {
  return new DomainError(
    'SURVEY_ANSWERS_INVALID',
    'Some answers are missing or invalid',
    issues.map((issue) => ({ path: `answers.${issue.questionId}`, message: issue.problem })),
  );
}

/** The survey as the buyer's page shows it: the current version's questions, the saved draft, and whether they may answer. */
export async function buyerSurvey(deps: Pick<Deps, 'db' | 'clock'>, memberId: string, surveyId: string): Promise<BuyerSurvey> {
  const [member, head, ask] = await Promise.all([
    requireMember(deps, memberId),
    buyerHead(deps, surveyId),
    getSurveyAsk(deps.db, memberId, surveyId),
  ]);
  const reason = answerIneligibility({ survey: head, joined: member.status === 'member', ask, now: deps.clock() });
  const { definition } = head;
  return {
    surveyId,
    version: head.version,
    title: definition.title,
    intro: definition.intro,
    questions: definition.questions,
    rewardPoints: ask.rewarded ? 0 : definition.rewardPoints,
    // A draft given for an older version is dropped: its questions may have changed.
    draft: reason === null && ask.draft?.version === head.version ? ask.draft.answers : {},
    answerable: reason === null,
    reason,
  };
}

/** Saves partial answers to resume later (required questions may be blank; wrong answers are refused all the same). */
export async function saveSurveyDraft(
  deps: Pick<Deps, 'db' | 'clock'>,
  memberId: string,
  surveyId: string,
  request: { version: number; answers: Answers },
): Promise<BuyerSurvey> {
  const member = await requireMember(deps, memberId);
  await withOptimisticRetry(async () => {
    const [head, ask] = await Promise.all([buyerHead(deps, surveyId), getSurveyAsk(deps.db, memberId, surveyId)]);
    const now = deps.clock();
    const reason = answerIneligibility({ survey: head, joined: member.status === 'member', ask, now });
    if (reason) throw refusal(reason);
    if (request.version !== head.version) throw new DomainError('SURVEY_VERSION_OUTDATED', `The current version is ${head.version}`);
    const issues = answerIssues(head.definition.questions, request.answers, { complete: false });
    if (issues.length > 0) throw answersRefusal(issues);
    const saved = await saveSurveyAsk(deps.db, {
      ...ask,
      draft: { version: head.version, answers: request.answers, savedAt: now.toISOString() },
    });
    return saved === 'saved' ? true : RETRY;
  });
  return buyerSurvey(deps, memberId, surveyId);
}

/** Records that the member closed the survey (apart from answering): a survey shown until answered stops asking. */
export async function dismissSurvey(deps: Pick<Deps, 'db' | 'clock'>, memberId: string, surveyId: string): Promise<void> {
  await buyerHead(deps, surveyId);
  await withOptimisticRetry(async () => {
    const ask = await getSurveyAsk(deps.db, memberId, surveyId);
    if (ask.dismissedAsk === ask.asks) return true;
    const saved = await saveSurveyAsk(deps.db, { ...ask, dismissedAsk: ask.asks, dismissedAt: deps.clock().toISOString() });
    return saved === 'saved' ? true : RETRY;
  });
}

/**
 * Where the member stood when answering: tier (their current one), RFM class, stage and region from
 * the last nightly insight run, and the category of the order the invitation asked about (when it is
 * the member's own: another's order is ignored), else the category they bought last.
 */
export async function responseSegments(
  deps: Pick<Deps, 'db'>,
  member: MemberRecord,
  orderId: string | null,
): Promise<{ segments: ResponseSegments; orderId: string | null }> {
  const [insight, order] = await Promise.all([getMemberInsight(deps.db, member.memberId), orderId ? getOrder(deps.db, orderId) : null]);
  const ownOrder = order && order.openid === member.openid ? order : null;
  const lastCategory = Object.entries(insight?.categories ?? {}).sort(([, a], [, b]) => b.localeCompare(a))[0]?.[0] ?? null;
  return {
    orderId: ownOrder?.orderId ?? null,
    segments: {
      tier: member.tierCode ?? insight?.tierCode ?? null,
      rfmClass: insight?.scores.rfm?.class ?? null,
      stage: insight?.scores.stage ?? null,
      region: insight?.region ?? null,
      category: ownOrder?.items[0]?.category ?? lastCategory,
    },
  };
}

/** A completed response's record, its follow-up reason decided by the shared rule. */
export function newResponseRecord(input: {
  surveyId: string;
  version: number;
  memberId: string;
  questions: readonly SurveyQuestion[];
  answers: Answers;
  source: ResponseSource;
  orderId: string | null;
  complaintId: string | null;
  segments: ResponseSegments;
  rewardPoints: number;
  now: Date;
}): SurveyResponseRecord {
  return {
    responseId: newId('sr', input.now),
    surveyId: input.surveyId,
    version: input.version,
    memberId: input.memberId,
    answers: input.answers,
    source: input.source,
    orderId: input.orderId,
    complaintId: input.complaintId,
    completedAt: input.now.toISOString(),
    day: shanghaiDay(input.now).date,
    segments: input.segments,
    followUp: followUpReason(input.questions, input.answers),
    rewardPoints: input.rewardPoints,
  };
}

/**
 * Completes a response. One transaction writes the response and the member's copy, the round's slot
 * (one response per round), the request marker (a retry answers with the first result), the
 * member's standing, one more on the head's count (only while published, at this version and under
 * the limit), the reward through the points ledger (once per member per survey) and the response's
 * effects — nothing half-written. Any condition that fails sends it back to its reads, which then
 * name the refusal (or find the first result of the same request).
 */
export async function submitSurveyResponse(
  deps: AnswerDeps,
  memberId: string,
  surveyId: string,
  request: SurveySubmitRequest,
): Promise<SurveySubmitResult> {
  const earlier = await getSurveyRequestResult(deps.db, memberId, request.requestId);
  if (earlier) return earlier;
  const member = await requireMember(deps, memberId);
  const { segments, orderId } = await responseSegments(deps, member, request.orderId ?? null);
  return withOptimisticRetry(async () => {
    const [head, ask] = await Promise.all([buyerHead(deps, surveyId), getSurveyAsk(deps.db, memberId, surveyId)]);
    // Read after the member's standing: the completion writes both at once, so a standing that
    // reads answered by this very request is followed by its marker here.
    const first = await getSurveyRequestResult(deps.db, memberId, request.requestId);
    if (first) return first;
    const now = deps.clock();
    const reason = answerIneligibility({ survey: head, joined: member.status === 'member', ask, now });
    if (reason) throw refusal(reason);
    if (request.version !== head.version) throw new DomainError('SURVEY_VERSION_OUTDATED', `The current version is ${head.version}`);
    const { definition } = head;
    const issues = answerIssues(definition.questions, request.answers, { complete: true });
    if (issues.length > 0) throw answersRefusal(issues);

    const reward = ask.rewarded ? 0 : definition.rewardPoints;
    const record = newResponseRecord({
      surveyId,
      version: head.version,
      memberId,
      questions: definition.questions,
      answers: request.answers,
      source: request.source,
      orderId,
      complaintId: null,
      segments,
      rewardPoints: reward,
      now,
    });
    const at = record.completedAt;
    const result: SurveySubmitResult = { responseId: record.responseId, thankYou: definition.thankYou, rewardPoints: reward };
    const round = responseRound(definition.display.mode, ask);
    const items: TransactItem[] = [
      requestMarkerPut(deps.db, { memberId, requestId: request.requestId, surveyId, result, at }),
      responseSlotPut(deps.db, { memberId, surveyId, round, responseId: record.responseId, at }),
      askPut(deps.db, { ...ask, answeredAsk: ask.asks, answeredAt: at, rewarded: ask.rewarded || reward > 0, draft: null }),
      headResponseCount(deps.db, head),
      ...responseWriteItems(deps.db, record, definition.questions),
      ...(await responseEffects(deps, record, definition.questions, surveyView(head, now))),
    ];
    if (reward === 0) return (await transactWrite(deps.db, items)).committed ? result : RETRY;

    const rewarded = await getMember(deps.db, memberId);
    if (!rewarded || rewarded.status !== 'member') throw refusal('not-member');
    const planned = planCredit({
      member: rewarded,
      lots: await listOpenLots(deps.db, memberId),
      credit: { amount: reward, availableAt: at, expiresAt: pointsExpiry(now, deps.config.points) },
      type: 'survey',
      refId: surveyId,
      idempotencyKey: `survey:${surveyId}:${memberId}`,
      note: definition.title,
      now,
      ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
    });
    const committed = await commitPointsChange(deps.db, { planned, expectedVersion: rewarded.version, extraItems: items });
    return committed === 'committed' ? result : RETRY;
  });
}
