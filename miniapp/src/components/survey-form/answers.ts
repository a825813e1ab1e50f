import {
  answerIssues,
  isChoice,
  isRated,
  LONG_TEXT_MAX,
  SHORT_TEXT_MAX,
  shownQuestions,
  type AnswerIssue,
  type Answers,
  type AnswerValue,
  type SurveyQuestion,
} from '@linli/shared/surveys';

/*
 * The answers a buyer is giving, as the survey form keeps them (the buyer page and the builder's
 * preview alike): which answers to keep, what to say about a problem, and what to send.
 */

/** The ends of the NPS row, under 0 and under 10. */
export const NPS_ENDS = ['不可能', '极有可能'] as const;

/** What a problem with an answer says beside its question. */
export const ANSWER_ISSUE_TEXT: Record<AnswerIssue['problem'], string> = {
  required: '请回答这道题',
  'not-asked': '这道题无需回答',
  'unknown-question': '这道题已不在问卷中',
  'wrong-type': '请重新选择',
  'out-of-range': '请重新选择',
  'unknown-option': '选项已更新，请重新选择',
  'too-long': '字数超出上限',
};

const GENERIC_ISSUE_TEXT = '请检查这道题的回答';

/** Whether an answer says nothing: blank text, no option chosen. */
function isBlank(value: AnswerValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}

/**
 * The answers with `questionId` set to `value` (or cleared when `value` is undefined or says
 * nothing). The answers of questions the change hides are kept here, so that changing a score back
 * brings them back; `answersToSend` leaves them out.
 */
export function withAnswer(answers: Answers, questionId: string, value: AnswerValue | undefined): Answers {
  const next = { ...answers };
  if (isBlank(value)) delete next[questionId];
  else next[questionId] = value!;
  return next;
}

/**
 * What is sent (a draft or the response): the answers of the questions shown now, blank text left
 * out. The server refuses an answer to a question its skip logic hides, so changing an NPS from 3
 * to 9 must drop the "why" answered while it was shown.
 */
export function answersToSend(questions: readonly SurveyQuestion[], answers: Answers): Answers {
  const sent: Answers = {};
  for (const question of shownQuestions(questions, answers)) {
    const value = answers[question.questionId];
    if (!isBlank(value)) sent[question.questionId] = typeof value === 'string' ? value.trim() : value!;
  }
  return sent;
}

/**
 * The answers that still fit a newer version's questions (question ids are stable across versions):
 * after SURVEY_VERSION_OUTDATED the buyer keeps what still applies instead of starting again.
 */
export function carriedOver(questions: readonly SurveyQuestion[], answers: Answers): Answers {
  let kept = answersToSend(questions, answers);
  // Dropping one answer can hide a question whose answer was fine: repeat until nothing is refused.
  for (;;) {
    const refused = new Set(answerIssues(questions, kept, { complete: false }).map((issue) => issue.questionId));
    if (refused.size === 0) return kept;
    kept = answersToSend(questions, Object.fromEntries(Object.entries(kept).filter(([questionId]) => !refused.has(questionId))));
  }
}

/** The problems of a response about to be submitted, by question: the check the server makes, made first. */
export function submitIssues(questions: readonly SurveyQuestion[], answers: Answers): Record<string, string> {
  const issues: Record<string, string> = {};
  for (const issue of answerIssues(questions, answersToSend(questions, answers), { complete: true })) {
    issues[issue.questionId] ??= ANSWER_ISSUE_TEXT[issue.problem];
  }
  return issues;
}

const QUESTION_ID = /^q[0-9a-z]{1,15}$/;
const PROBLEMS = new Set(Object.keys(ANSWER_ISSUE_TEXT));

/**
 * The problems of a SURVEY_ANSWERS_INVALID answer by question: each issue's path names the question
 * (`answers.q2`, `q2`); a message that is one of the shared problems is said in Chinese.
 */
export function issuesByQuestion(issues: ReadonlyArray<{ path: string; message: string }>): Record<string, string> {
  const byQuestion: Record<string, string> = {};
  for (const issue of issues) {
    const questionId = issue.path.split('.').find((part) => QUESTION_ID.test(part));
    if (!questionId) continue;
    byQuestion[questionId] ??= PROBLEMS.has(issue.message)
      ? ANSWER_ISSUE_TEXT[issue.message as AnswerIssue['problem']]
      : GENERIC_ISSUE_TEXT;
  }
  return byQuestion;
}

/** The most characters a text question takes. */
export function textLimit(question: SurveyQuestion): number {
  return question.kind === 'short-text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
}

/** The answer after a tap on a score: a second tap on the chosen score clears an optional question. */
export function tappedScore(question: SurveyQuestion, current: AnswerValue | undefined, score: number): number | undefined {
  if (!isRated(question.kind)) return undefined;
  return current === score && !question.required ? undefined : score;
}

/** The answer after a tap on an option: single replaces (a second tap clears an optional one), multiple toggles. */
export function tappedOption(question: SurveyQuestion, current: AnswerValue | undefined, optionId: string): string[] | undefined {
  if (!isChoice(question.kind)) return undefined;
  const chosen = Array.isArray(current) ? current : [];
  if (question.kind === 'single') return chosen.includes(optionId) && !question.required ? undefined : [optionId];
  const next = chosen.includes(optionId) ? chosen.filter((id) => id !== optionId) : [...chosen, optionId];
  // In the question's own order, whatever order they were tapped in.
  const order = (question.options ?? []).map((option) => option.optionId);
  return next.length ? next.sort((a, b) => order.indexOf(a) - order.indexOf(b)) : undefined;
}
