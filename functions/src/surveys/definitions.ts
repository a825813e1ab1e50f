import { isDeepStrictEqual } from 'node:util';
import { COMPLAINT_SURVEY_ID, MAX_SURVEYS, SurveyInput, type Survey, type SurveyVersionView } from '@linli/shared/surveys';
import type { Deps } from '../deps.ts';
import { transactWrite } from '../db/transact-write.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { closedReason } from './eligibility.ts';
import {
  getSurveyHead,
  getSurveyVersion,
  headChange,
  listSurveyHeads,
  newHeadPut,
  versionPut,
  type SurveyHeadRecord,
} from './repository.ts';

type SurveyDeps = Pick<Deps, 'db' | 'clock'>;

/**
 * The complaint-resolution CSAT: the rating a buyer gives a resolved complaint (1–5) and their
 * comment, recorded as a response of this survey in the rating's own transaction. Its questions are
 * fixed (the complaint desk's rating fills them); staff may reword its texts only.
 */
export const COMPLAINT_SURVEY_DEFINITION: SurveyInput = SurveyInput.parse({
  name: '投诉处理满意度',
  title: '投诉处理满意度',
  intro: '投诉处理完成后，买家对处理结果的评价',
  questions: [
    { questionId: 'q1', kind: 'csat', title: '你对这次投诉的处理满意吗？', required: true },
    { questionId: 'q2', kind: 'long-text', title: '还有什么想告诉我们的？', required: false },
  ],
  thankYou: '感谢你的评价！',
});
/** The built-in survey's question ids: the rating and the comment. */
export const COMPLAINT_SURVEY_QUESTIONS = { rating: 'q1', comment: 'q2' } as const;

/** A survey as staff see it: a published survey past its close day or at its response limit shows as closed. */
export function surveyView(head: SurveyHeadRecord, now: Date): Survey {
  const reason = closedReason(head, now);
  return {
    surveyId: head.surveyId,
    status: head.status === 'published' && (reason === 'closed' || reason === 'limit-reached') ? 'closed' : head.status,
    builtIn: head.builtIn,
    definition: head.definition,
    version: head.version,
    revision: head.revision,
    responses: head.responses,
    createdAt: head.createdAt,
    updatedAt: head.updatedAt,
    publishedAt: head.publishedAt,
    closedAt: head.closedAt,
  };
}

/** The built-in complaint survey's head, written (published, version 1) on first use; concurrent first uses write it once. */
export async function ensureComplaintSurvey(deps: SurveyDeps): Promise<SurveyHeadRecord> {
  const stored = await getSurveyHead(deps.db, COMPLAINT_SURVEY_ID);
  if (stored) return stored;
  const at = deps.clock().toISOString();
  const head: SurveyHeadRecord = {
    surveyId: COMPLAINT_SURVEY_ID,
    status: 'published',
    builtIn: true,
    definition: COMPLAINT_SURVEY_DEFINITION,
    version: 1,
    revision: 1,
    responses: 0,
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    closedAt: null,
  };
  const outcome = await transactWrite(deps.db, [
    newHeadPut(deps.db, head),
    versionPut(deps.db, { surveyId: head.surveyId, version: 1, definition: head.definition, publishedAt: at }),
  ]);
  if (outcome.committed) return head;
  // Another request wrote it first: theirs stands.
  const written = await getSurveyHead(deps.db, COMPLAINT_SURVEY_ID);
  if (!written) throw new Error(`The built-in survey could not be written: ${outcome.reasons.join(', ')}`);
  return written;
}

/** A survey's head (the built-in one written on first read); SURVEY_NOT_FOUND when there is none. */
export async function requireSurveyHead(deps: SurveyDeps, surveyId: string): Promise<SurveyHeadRecord> {
  const head = surveyId === COMPLAINT_SURVEY_ID ? await ensureComplaintSurvey(deps) : await getSurveyHead(deps.db, surveyId);
  if (!head) throw new DomainError('SURVEY_NOT_FOUND', 'No such survey');
  return head;
}

/** Every survey, the built-in one first, then newest first. */
export async function listSurveys(deps: SurveyDeps): Promise<Survey[]> {
  const [builtIn, heads] = await Promise.all([ensureComplaintSurvey(deps), listSurveyHeads(deps.db)]);
  const now = deps.clock();
  const others = heads.filter((head) => head.surveyId !== builtIn.surveyId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return [builtIn, ...others].map((head) => surveyView(head, now));
}

export async function getSurvey(deps: SurveyDeps, surveyId: string): Promise<Survey> {
  return surveyView(await requireSurveyHead(deps, surveyId), deps.clock());
}

/** A new survey, as a draft (version 0) until published. */
export async function createSurvey(deps: SurveyDeps, definition: SurveyInput): Promise<Survey> {
  const heads = await listSurveyHeads(deps.db);
  if (heads.filter((head) => !head.builtIn).length >= MAX_SURVEYS)
    throw new DomainError('SURVEY_LIMIT_REACHED', `At most ${MAX_SURVEYS} surveys`);
  const now = deps.clock();
  const at = now.toISOString();
  const head: SurveyHeadRecord = {
    surveyId: newId('sv', now),
    status: 'draft',
    builtIn: false,
    definition,
    version: 0,
    revision: 1,
    responses: 0,
    createdAt: at,
    updatedAt: at,
    publishedAt: null,
    closedAt: null,
  };
  const outcome = await transactWrite(deps.db, [newHeadPut(deps.db, head)]);
  if (!outcome.committed) throw new DomainError('CONFLICT', 'The survey id was taken; try again');
  return surveyView(head, now);
}

/**
 * Saves the change of a head read at `revision`, with the new version's immutable item when it
 * publishes one; CONFLICT when someone changed the survey since.
 */
async function saveChange(deps: SurveyDeps, next: SurveyHeadRecord, revision: number, publishes: boolean): Promise<Survey> {
  const outcome = await transactWrite(deps.db, [
    headChange(deps.db, next, revision),
    ...(publishes
      ? [versionPut(deps.db, { surveyId: next.surveyId, version: next.version, definition: next.definition, publishedAt: next.updatedAt })]
      : []),
  ]);
  if (!outcome.committed) throw new DomainError('CONFLICT', 'The survey was changed by someone else; reload and try again');
  // The response count may have moved meanwhile: read it back rather than show the one read before.
  return surveyView((await getSurveyHead(deps.db, next.surveyId)) ?? next, deps.clock());
}

function checkRevision(head: SurveyHeadRecord, revision: number) {
  if (head.revision !== revision) throw new DomainError('CONFLICT', 'The survey was changed by someone else; reload and try again');
}

/** The built-in survey's questions and rules are the complaint desk's: only its texts may be reworded. */
function checkBuiltInEdit(head: SurveyHeadRecord, definition: SurveyInput) {
  const { name: _n, title: _t, intro: _i, thankYou: _y, ...fixed } = head.definition;
  const { name: _n2, title: _t2, intro: _i2, thankYou: _y2, ...asked } = definition;
  // Compared as plain data: the stored copy's keys come back from DynamoDB in another order.
  const plain = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  const changed = (Object.keys(fixed) as Array<keyof typeof fixed>).filter(
    (field) => !isDeepStrictEqual(plain(fixed[field]), plain(asked[field])),
  );
  if (changed.length > 0)
    throw new DomainError(
      'SURVEY_READ_ONLY',
      'The complaint-resolution survey keeps its questions and rules; only its name, title, intro and thank-you may change',
      changed.map((field) => ({ path: `survey.${field}`, message: 'Fixed on the built-in survey' })),
    );
}

/** Edits a draft in place; an edit of a published (or closed) survey publishes version + 1 at once. */
export async function updateSurvey(deps: SurveyDeps, surveyId: string, input: { survey: SurveyInput; revision: number }): Promise<Survey> {
  const head = await requireSurveyHead(deps, surveyId);
  checkRevision(head, input.revision);
  if (head.builtIn) checkBuiltInEdit(head, input.survey);
  const at = deps.clock().toISOString();
  const publishes = head.status !== 'draft';
  const next: SurveyHeadRecord = {
    ...head,
    definition: input.survey,
    version: publishes ? head.version + 1 : head.version,
    revision: head.revision + 1,
    updatedAt: at,
  };
  return saveChange(deps, next, head.revision, publishes);
}

/** Publishes a draft as version 1. */
export async function publishSurvey(deps: SurveyDeps, surveyId: string, revision: number): Promise<Survey> {
  const head = await requireSurveyHead(deps, surveyId);
  checkRevision(head, revision);
  if (head.status !== 'draft') throw new DomainError('CONFLICT', 'Already published');
  const at = deps.clock().toISOString();
  const next: SurveyHeadRecord = { ...head, status: 'published', version: 1, revision: head.revision + 1, updatedAt: at, publishedAt: at };
  return saveChange(deps, next, head.revision, true);
}

/** Stops taking answers (staff's close); the built-in survey is never closed (complaint ratings keep coming). */
export async function closeSurvey(deps: SurveyDeps, surveyId: string, revision: number): Promise<Survey> {
  const head = await requireSurveyHead(deps, surveyId);
  checkRevision(head, revision);
  if (head.builtIn) throw new DomainError('SURVEY_READ_ONLY', 'The complaint-resolution survey records every complaint rating');
  if (head.status !== 'published')
    throw new DomainError('CONFLICT', head.status === 'draft' ? 'A draft is not published' : 'Already closed');
  const at = deps.clock().toISOString();
  return saveChange(deps, { ...head, status: 'closed', revision: head.revision + 1, updatedAt: at, closedAt: at }, head.revision, false);
}

/**
 * Takes answers again after staff closed it. A survey closed by its own close day or response limit
 * is reopened by editing those (which publishes a new version), not here.
 */
export async function reopenSurvey(deps: SurveyDeps, surveyId: string, revision: number): Promise<Survey> {
  const head = await requireSurveyHead(deps, surveyId);
  checkRevision(head, revision);
  if (head.builtIn) throw new DomainError('SURVEY_READ_ONLY', 'The complaint-resolution survey is never closed');
  if (head.status === 'draft') throw new DomainError('CONFLICT', 'A draft is not published');
  const reopened: SurveyHeadRecord = {
    ...head,
    status: 'published',
    revision: head.revision + 1,
    updatedAt: deps.clock().toISOString(),
    closedAt: null,
  };
  const still = closedReason(reopened, deps.clock());
  if (still === 'closed')
    throw new DomainError('VALIDATION_FAILED', 'Its close day has passed', [{ path: 'closesOn', message: '请先修改截止日期' }]);
  if (still === 'limit-reached')
    throw new DomainError('VALIDATION_FAILED', 'It has reached its response limit', [
      { path: 'responseLimit', message: '请先提高回收数量上限' },
    ]);
  if (head.status === 'published') throw new DomainError('CONFLICT', 'Not closed');
  return saveChange(deps, reopened, head.revision, false);
}

/** One published version's definition as published (old answers are read against it). */
export async function getSurveyVersionView(deps: SurveyDeps, surveyId: string, version: number): Promise<SurveyVersionView> {
  await requireSurveyHead(deps, surveyId);
  const stored = await getSurveyVersion(deps.db, surveyId, version);
  if (!stored) throw new DomainError('SURVEY_NOT_FOUND', `No version ${version} of this survey`);
  return stored;
}
