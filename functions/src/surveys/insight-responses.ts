import {
  CSV_ROW_LIMIT,
  RESPONSE_SOURCE_NAMES,
  RESPONSES_SCAN_LIMIT,
  type SurveyResponsePage,
  type SurveyResponsesCsvQuery,
  type SurveyResponsesQuery,
  type SurveyResponseView,
} from '@linli/shared/survey-stats';
import {
  FOLLOW_UP_REASON_NAMES,
  isChoice,
  isRated,
  npsClass,
  type AnswerValue,
  type SurveyInput,
  type SurveyQuestion,
} from '@linli/shared/surveys';
import { addDays, daysBetween, shanghaiDateTime, shanghaiDayStart } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { getMembers } from '../members/repository.ts';
import { csvDocument } from '../platform/csv.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getSurveyVersionDefinitions, listSurveyResponsesPage } from './insight-repository.ts';
import type { SurveyResponseRecord } from './response-record.ts';
import { chosenQuestion, periodOf, surveyForFigures } from './survey-insight.ts';

type ResponsesDeps = Pick<Deps, 'db' | 'clock'>;

/** DynamoDB page size while walking responses (a response is ≲ 4 KB). */
const READ_PAGE = 100;
/** The longest period one list or export request walks. */
const MAX_PERIOD_DAYS = 366;

/** A response sort key: `<completedAt ISO instant>#<responseId>`. */
const RESPONSE_SK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z#[A-Za-z0-9_-]{1,64}$/;

function boundsOf(query: { from?: string | undefined; to?: string | undefined }, now: Date) {
  const { from, to } = periodOf(query, now);
  if (daysBetween(from, to) >= MAX_PERIOD_DAYS)
    throw new DomainError('VALIDATION_FAILED', `At most ${MAX_PERIOD_DAYS} days at a time`, [
      { path: 'from', message: `At most ${MAX_PERIOD_DAYS} days before to` },
    ]);
  return { from, to, fromIso: shanghaiDayStart(from).toISOString(), toIso: shanghaiDayStart(addDays(to, 1)).toISOString() };
}

/** The sort key a cursor resumes after; it must lie inside the period asked (a cursor never reaches past it). */
function cursorKey(cursor: string | undefined, bounds: { fromIso: string; toIso: string }): string | undefined {
  if (cursor === undefined) return undefined;
  const sk = decodeCursor(cursor, '');
  if (!sk || !RESPONSE_SK.test(sk) || sk < bounds.fromIso || sk > bounds.toIso)
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [
      { path: 'cursor', message: 'Not a cursor this API issued for this period' },
    ]);
  return sk;
}

/** An answer as people read it, against the question as the answered version asked it. */
function answerText(question: SurveyQuestion, answer: AnswerValue): string {
  if (typeof answer === 'number') return isRated(question.kind) ? `${answer} 分` : String(answer);
  if (Array.isArray(answer)) {
    const labels = new Map((question.options ?? []).map((option) => [option.optionId, option.label]));
    return answer.map((optionId) => labels.get(optionId) ?? '（已删除的选项）').join('、');
  }
  return answer;
}

const hasText = (response: SurveyResponseRecord) =>
  Object.values(response.answers).some((answer) => typeof answer === 'string' && answer.trim() !== '');

/**
 * A page of a survey's responses, newest first, with their answers rendered against the version
 * each answered, filtered by the chosen rated question's NPS class or score range and by having a
 * text answer. One request reads at most RESPONSES_SCAN_LIMIT responses, matching or not: a narrow
 * filter over a long period answers with fewer items and a cursor to read on.
 */
export async function surveyResponsePage(deps: ResponsesDeps, surveyId: string, query: SurveyResponsesQuery): Promise<SurveyResponsePage> {
  const survey = await surveyForFigures(deps, surveyId);
  const filtering = query.npsClass !== undefined || query.min !== undefined || query.max !== undefined;
  // Each item shows this question's score (the first NPS or CSAT one unless named); the score filters apply to it.
  const question = chosenQuestion(survey.definition.questions, query.questionId);
  if (query.npsClass !== undefined && question?.kind !== 'nps')
    throw new DomainError('VALIDATION_FAILED', 'npsClass needs an NPS question', [{ path: 'npsClass', message: 'Choose an NPS question' }]);
  const bounds = boundsOf(query, deps.clock());
  const matches = (response: SurveyResponseRecord) => {
    if (query.hasText === true && !hasText(response)) return false;
    if (query.hasText === false && hasText(response)) return false;
    if (!filtering || !question) return true;
    const score = response.answers[question.questionId];
    if (typeof score !== 'number') return false;
    if (query.npsClass !== undefined && npsClass(score) !== query.npsClass) return false;
    return (query.min === undefined || score >= query.min) && (query.max === undefined || score <= query.max);
  };

  const found: SurveyResponseRecord[] = [];
  let after = cursorKey(query.cursor, bounds);
  let scanned = 0;
  let nextKey: string | null = null;
  walk: while (true) {
    const page = await listSurveyResponsesPage(deps.db, {
      surveyId,
      fromIso: bounds.fromIso,
      toIso: bounds.toIso,
      ...(after ? { after } : {}),
      limit: Math.min(READ_PAGE, RESPONSES_SCAN_LIMIT - scanned),
      newestFirst: true,
    });
    for (const [index, response] of page.responses.entries()) {
      scanned++;
      if (matches(response)) found.push(response);
      const last = index === page.responses.length - 1 && page.lastKey === null;
      if (found.length === query.limit || scanned === RESPONSES_SCAN_LIMIT) {
        nextKey = last ? null : response.sk;
        break walk;
      }
    }
    if (page.lastKey === null) break;
    after = page.lastKey;
  }

  const [definitions, members] = await Promise.all([
    getSurveyVersionDefinitions(
      deps.db,
      surveyId,
      found.map((response) => response.version),
    ),
    getMembers(
      deps.db,
      found.map((response) => response.memberId),
    ),
  ]);
  const nicknames = new Map(members.map((member) => [member.memberId, member.nickname]));
  return {
    items: found.map((response) => responseView(response, definitions.get(response.version) ?? survey.definition, question, nicknames)),
    nextCursor: nextKey === null ? null : encodeCursor(nextKey),
  };
}

function responseView(
  response: SurveyResponseRecord,
  answered: SurveyInput,
  question: SurveyQuestion | null,
  nicknames: ReadonlyMap<string, string | null>,
): SurveyResponseView {
  const score = question ? response.answers[question.questionId] : undefined;
  return {
    responseId: response.responseId,
    memberId: response.memberId,
    nickname: nicknames.get(response.memberId) ?? null,
    completedAt: response.completedAt,
    version: response.version,
    source: response.source,
    sourceLabel: RESPONSE_SOURCE_NAMES[response.source],
    score: typeof score === 'number' ? score : null,
    npsClass: typeof score === 'number' && question?.kind === 'nps' ? npsClass(score) : null,
    followUp: response.followUp !== null,
    followUpReason: response.followUp?.reason ?? null,
    answers: answered.questions.flatMap((q) => {
      const answer = response.answers[q.questionId];
      if (answer === undefined || (typeof answer === 'string' && answer.trim() === '')) return [];
      return [{ questionId: q.questionId, title: q.title, kind: q.kind, text: answerText(q, answer) }];
    }),
  };
}

/**
 * A survey's responses completed in Shanghai days [from, to] as CSV (UTF-8 with BOM): one row per
 * response, oldest first, a column per question of the current version (answers rendered against
 * the version each answered; a question the current version dropped has no column) plus the
 * version. At most CSV_ROW_LIMIT rows per request; `nextCursor` continues after the last.
 */
export async function surveyResponsesCsv(
  deps: ResponsesDeps,
  surveyId: string,
  query: SurveyResponsesCsvQuery,
): Promise<{ csv: string; from: string; to: string; nextCursor: string | null }> {
  const survey = await surveyForFigures(deps, surveyId);
  const bounds = boundsOf(query, deps.clock());
  const responses: SurveyResponseRecord[] = [];
  let after = cursorKey(query.cursor, bounds);
  let nextKey: string | null = null;
  while (true) {
    const page = await listSurveyResponsesPage(deps.db, {
      surveyId,
      fromIso: bounds.fromIso,
      toIso: bounds.toIso,
      ...(after ? { after } : {}),
      limit: Math.min(READ_PAGE, CSV_ROW_LIMIT - responses.length),
      newestFirst: false,
    });
    responses.push(...page.responses);
    if (page.lastKey === null) break;
    after = page.lastKey;
    if (responses.length >= CSV_ROW_LIMIT) {
      nextKey = page.lastKey;
      break;
    }
  }
  const [definitions, members] = await Promise.all([
    getSurveyVersionDefinitions(
      deps.db,
      surveyId,
      responses.map((response) => response.version),
    ),
    getMembers(
      deps.db,
      responses.map((response) => response.memberId),
    ),
  ]);
  const nicknames = new Map(members.map((member) => [member.memberId, member.nickname]));
  const columns = survey.definition.questions;
  const csv = csvDocument([
    ['提交时间', '会员昵称', '来源', '问卷版本', ...columns.map((question) => question.title), '需回访'],
    ...responses.map((response) => {
      const asked = new Map((definitions.get(response.version) ?? survey.definition).questions.map((q) => [q.questionId, q]));
      return [
        shanghaiDateTime(new Date(response.completedAt)),
        nicknames.get(response.memberId) ?? null,
        RESPONSE_SOURCE_NAMES[response.source],
        response.version,
        ...columns.map((column) => {
          const answer = response.answers[column.questionId];
          if (answer === undefined) return null;
          const question = asked.get(column.questionId) ?? column;
          // A bare number reads better in a spreadsheet than "9 分".
          return typeof answer === 'number'
            ? answer
            : isChoice(question.kind) || typeof answer !== 'string'
              ? answerText(question, answer)
              : answer;
        }),
        response.followUp ? FOLLOW_UP_REASON_NAMES[response.followUp.reason] : '',
      ];
    }),
  ]);
  return { csv, from: bounds.from, to: bounds.to, nextCursor: nextKey === null ? null : encodeCursor(nextKey) };
}
