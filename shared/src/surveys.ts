import * as z from 'zod';

/**
 * Surveys and satisfaction (满意度): what an operator builds (questions, skip logic, who is asked and
 * how often), what a buyer answers, and the pure rules both sides apply to answers (which questions
 * are shown, whether a set of answers is complete, what makes a detractor). Eligibility — whether a
 * member may be asked — is decided on the server only (functions/src/surveys/eligibility.ts).
 *
 * This module is schemas and pure rules only, so the mini-program imports it.
 */

// ---------------------------------------------------------------------------------------------
// Questions

export const QUESTION_KINDS = ['nps', 'csat', 'stars', 'single', 'multiple', 'short-text', 'long-text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_KIND_NAMES: Record<QuestionKind, string> = {
  nps: '推荐意愿（0–10 分）',
  csat: '满意度（1–5 分）',
  stars: '星级评分（1–5 星）',
  single: '单选题',
  multiple: '多选题',
  'short-text': '简答题',
  'long-text': '详细描述',
};

/** The words under CSAT's five points, lowest first. */
export const CSAT_LABELS = ['非常不满意', '不满意', '一般', '满意', '非常满意'] as const;

/** The score range of each rated kind. */
export const SCORE_RANGE: Record<'nps' | 'csat' | 'stars', { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  stars: { min: 1, max: 5 },
};

export const MAX_QUESTIONS = 30;
export const MAX_OPTIONS = 20;
export const SHORT_TEXT_MAX = 100;
export const LONG_TEXT_MAX = 1000;

const QuestionId = z
  .string()
  .regex(/^q[0-9a-z]{1,15}$/, 'A question id such as q1')
  .describe('Stable across versions: an edited question keeps its id, so answers compare over time');
const OptionId = z.string().regex(/^o[0-9a-z]{1,15}$/, 'An option id such as o1');

/**
 * Skip logic: the question is asked only when an earlier rated question's score lies in [min, max]
 * (e.g. "why?" only when NPS ≤ 6), or an earlier choice question's answer includes one of `anyOf`.
 */
export type ShowIf = { questionId: string; min?: number; max?: number } | { questionId: string; anyOf: string[] };
/**
 * Validated as one object rather than a union of the two forms, so a refusal names the field at
 * fault (`…showIf.max`) instead of the whole rule; the type stays the union above.
 */
export const ShowIf = z
  .object({
    questionId: QuestionId,
    min: z.number().int().min(0).max(10).optional(),
    max: z.number().int().min(0).max(10).optional(),
    anyOf: z.array(OptionId).min(1).max(MAX_OPTIONS).optional(),
  })
  .superRefine((rule, context) => {
    const scored = rule.min !== undefined || rule.max !== undefined;
    if (rule.anyOf !== undefined && scored)
      context.addIssue({ code: 'custom', path: ['anyOf'], message: 'Give a score range or options, not both' });
    if (rule.anyOf === undefined && !scored) context.addIssue({ code: 'custom', path: ['min'], message: 'Give min, max or both' });
    if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max)
      context.addIssue({ code: 'custom', path: ['max'], message: 'min must not exceed max' });
  })
  .meta({ id: 'SurveyShowIf' }) as unknown as z.ZodType<ShowIf, ShowIf>;

export const SurveyQuestion = z
  .object({
    questionId: QuestionId,
    kind: z.enum(QUESTION_KINDS),
    title: z.string().trim().min(1).max(100),
    help: z.string().trim().max(200).optional().describe('A line under the title'),
    required: z.boolean().default(true),
    options: z
      .array(z.object({ optionId: OptionId, label: z.string().trim().min(1).max(40) }))
      .max(MAX_OPTIONS)
      .optional()
      .describe('Single and multiple choice only: 2–20 options'),
    showIf: ShowIf.optional(),
  })
  .meta({ id: 'SurveyQuestion' });
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

// ---------------------------------------------------------------------------------------------
// Who is asked, how often

/**
 * once: shown (asked) one time only, answered or not; until-answered: asked again until answered or
 * dismissed; up-to: asked at most `times` times; repeat: may be answered again, each time the member
 * is asked anew (e.g. after every order), the recontact limit spacing the asks.
 */
export const DISPLAY_MODES = ['once', 'until-answered', 'up-to', 'repeat'] as const;
export type DisplayMode = (typeof DISPLAY_MODES)[number];
export const DISPLAY_MODE_NAMES: Record<DisplayMode, string> = {
  once: '只展示一次',
  'until-answered': '直到填写或关闭',
  'up-to': '最多展示 N 次',
  repeat: '可重复填写',
};

export const SurveyDisplay = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('once') }),
    z.object({ mode: z.literal('until-answered') }),
    z.object({ mode: z.literal('up-to'), times: z.number().int().min(1).max(10) }),
    z.object({ mode: z.literal('repeat') }),
  ])
  .meta({ id: 'SurveyDisplay' });
export type SurveyDisplay = z.infer<typeof SurveyDisplay>;

export const DEFAULT_RECONTACT_DAYS = 30;
/** The most points one completed response may earn. */
export const MAX_SURVEY_REWARD_POINTS = 10_000;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD');

export const SurveyInput = z
  .object({
    name: z.string().trim().min(1).max(30).describe("The staff's name for it (the buyer sees `title`)"),
    title: z.string().trim().min(1).max(40),
    intro: z.string().trim().max(200).default(''),
    questions: z.array(SurveyQuestion).min(1).max(MAX_QUESTIONS),
    thankYou: z.string().trim().max(200).default('感谢你的反馈！'),
    rewardPoints: z
      .number()
      .int()
      .min(0)
      .max(MAX_SURVEY_REWARD_POINTS)
      .default(0)
      .describe('Points for a completed response, once per member per survey; 0: none'),
    display: SurveyDisplay.default({ mode: 'until-answered' }),
    recontactDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .nullable()
      .default(null)
      .describe("Days since the member was last asked any survey before this one may ask; null: the shop's setting"),
    samplePercent: z.number().int().min(1).max(100).default(100).describe('Of the members otherwise eligible, the share asked'),
    closesOn: Day.nullable().default(null).describe('The last Shanghai day it takes answers; null: no date'),
    responseLimit: z.number().int().min(1).max(1_000_000).nullable().default(null).describe('Closes after this many responses'),
    homeCard: z.boolean().default(false).describe('Offer it on the home page to members it may ask'),
  })
  .superRefine((survey, context) => {
    for (const issue of questionIssues(survey.questions)) context.addIssue({ code: 'custom', ...issue });
  })
  .meta({ id: 'SurveyInput' });
export type SurveyInput = z.infer<typeof SurveyInput>;
export type SurveyInputBody = z.input<typeof SurveyInput>;

const RATED: ReadonlySet<QuestionKind> = new Set(['nps', 'csat', 'stars']);
const CHOICE: ReadonlySet<QuestionKind> = new Set(['single', 'multiple']);
export const isRated = (kind: QuestionKind): kind is 'nps' | 'csat' | 'stars' => RATED.has(kind);
export const isChoice = (kind: QuestionKind) => CHOICE.has(kind);

/** What is wrong with a list of questions: ids unique, options only on choices, skip logic pointing back. */
export function questionIssues(questions: readonly SurveyQuestion[]): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const seen = new Map<string, SurveyQuestion>();
  questions.forEach((question, index) => {
    if (seen.has(question.questionId)) issues.push({ path: ['questions', index, 'questionId'], message: 'Question ids must be unique' });
    const options = question.options ?? [];
    if (isChoice(question.kind)) {
      if (options.length < 2) issues.push({ path: ['questions', index, 'options'], message: 'A choice question needs 2–20 options' });
      if (new Set(options.map((option) => option.optionId)).size !== options.length)
        issues.push({ path: ['questions', index, 'options'], message: 'Option ids must be unique' });
    } else if (options.length > 0) issues.push({ path: ['questions', index, 'options'], message: 'Only choice questions have options' });
    const rule = question.showIf;
    if (rule) {
      const earlier = seen.get(rule.questionId);
      if (!earlier) issues.push({ path: ['questions', index, 'showIf'], message: 'Skip logic must name an earlier question' });
      else if ('anyOf' in rule) {
        const known = new Set((earlier.options ?? []).map((option) => option.optionId));
        if (!isChoice(earlier.kind) || rule.anyOf.some((id) => !known.has(id)))
          issues.push({ path: ['questions', index, 'showIf'], message: "Skip logic must name the earlier choice question's options" });
      } else if (!isRated(earlier.kind)) {
        issues.push({ path: ['questions', index, 'showIf'], message: 'A score condition must name an earlier rated question' });
      } else {
        const range = SCORE_RANGE[earlier.kind];
        if ((rule.min ?? range.min) < range.min || (rule.max ?? range.max) > range.max)
          issues.push({ path: ['questions', index, 'showIf'], message: `Scores of that question run ${range.min}–${range.max}` });
      }
    }
    seen.set(question.questionId, question);
  });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Answers and the rules over them

/** A rated question's score, a choice question's option ids (one for single), a text question's text. */
export const AnswerValue = z.union([
  z.number().int().min(0).max(10),
  z.array(OptionId).min(1).max(MAX_OPTIONS),
  z.string().max(LONG_TEXT_MAX),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;
export const Answers = z.record(QuestionId, AnswerValue).meta({ id: 'SurveyAnswers' });
export type Answers = z.infer<typeof Answers>;

/** Whether a question is asked given the answers so far (its skip logic holds). */
export function isShown(question: SurveyQuestion, answers: Answers): boolean {
  const rule = question.showIf;
  if (!rule) return true;
  const answer = answers[rule.questionId];
  if (answer === undefined) return false;
  if ('anyOf' in rule) return Array.isArray(answer) && answer.some((optionId) => rule.anyOf.includes(optionId));
  return typeof answer === 'number' && answer >= (rule.min ?? 0) && answer <= (rule.max ?? 10);
}

/** The questions asked, in order, given the answers so far. */
export function shownQuestions(questions: readonly SurveyQuestion[], answers: Answers): SurveyQuestion[] {
  const shown: SurveyQuestion[] = [];
  const kept: Answers = {};
  for (const question of questions) {
    if (!isShown(question, kept)) continue;
    shown.push(question);
    const answer = answers[question.questionId];
    if (answer !== undefined) kept[question.questionId] = answer;
  }
  return shown;
}

export interface AnswerIssue {
  questionId: string;
  problem: 'required' | 'not-asked' | 'unknown-question' | 'wrong-type' | 'out-of-range' | 'unknown-option' | 'too-long';
}

/**
 * What is wrong with a set of answers to a version's questions. `complete`: the response is being
 * submitted, so every required question shown must be answered; a saved draft may leave them.
 * An answer to a question its skip logic hides is refused (never silently kept).
 */
export function answerIssues(questions: readonly SurveyQuestion[], answers: Answers, options: { complete: boolean }): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const byId = new Map(questions.map((question) => [question.questionId, question]));
  for (const questionId of Object.keys(answers)) if (!byId.has(questionId)) issues.push({ questionId, problem: 'unknown-question' });
  const shown = new Set(shownQuestions(questions, answers).map((question) => question.questionId));
  for (const question of questions) {
    const answer = answers[question.questionId];
    const blank = answer === undefined || (typeof answer === 'string' && answer.trim() === '');
    if (!shown.has(question.questionId)) {
      if (answer !== undefined) issues.push({ questionId: question.questionId, problem: 'not-asked' });
      continue;
    }
    if (blank) {
      if (options.complete && question.required) issues.push({ questionId: question.questionId, problem: 'required' });
      continue;
    }
    const problem = valueProblem(question, answer);
    if (problem) issues.push({ questionId: question.questionId, problem });
  }
  return issues;
}

function valueProblem(question: SurveyQuestion, answer: AnswerValue): AnswerIssue['problem'] | null {
  if (isRated(question.kind)) {
    if (typeof answer !== 'number') return 'wrong-type';
    const range = SCORE_RANGE[question.kind];
    return answer < range.min || answer > range.max ? 'out-of-range' : null;
  }
  if (isChoice(question.kind)) {
    if (!Array.isArray(answer)) return 'wrong-type';
    if (question.kind === 'single' && answer.length !== 1) return 'wrong-type';
    if (new Set(answer).size !== answer.length) return 'wrong-type';
    const known = new Set((question.options ?? []).map((option) => option.optionId));
    return answer.every((optionId) => known.has(optionId)) ? null : 'unknown-option';
  }
  if (typeof answer !== 'string') return 'wrong-type';
  return answer.length > (question.kind === 'short-text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX) ? 'too-long' : null;
}

export const NPS_CLASSES = ['promoter', 'passive', 'detractor'] as const;
export type NpsClass = (typeof NPS_CLASSES)[number];
export const NPS_CLASS_NAMES: Record<NpsClass, string> = { promoter: '推荐者', passive: '中立者', detractor: '贬损者' };

/** 9–10 promoters, 7–8 passives, 0–6 detractors. */
export function npsClass(score: number): NpsClass {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** A CSAT of 4–5 counts as satisfied; 1–2 opens a follow-up. */
export const csatSatisfied = (score: number) => score >= 4;

export const FOLLOW_UP_REASONS = ['nps-detractor', 'csat-low'] as const;
export type FollowUpReason = (typeof FOLLOW_UP_REASONS)[number];
export const FOLLOW_UP_REASON_NAMES: Record<FollowUpReason, string> = {
  'nps-detractor': '贬损者（0–6 分）',
  'csat-low': '不满意（1–2 分）',
};

/**
 * Why a completed response needs a follow-up (回访): an NPS of 0–6 or a CSAT of 1–2 on any of its
 * questions (the first such question decides); null when none.
 */
export function followUpReason(
  questions: readonly SurveyQuestion[],
  answers: Answers,
): { reason: FollowUpReason; questionId: string; score: number } | null {
  for (const question of questions) {
    const score = answers[question.questionId];
    if (typeof score !== 'number') continue;
    if (question.kind === 'nps' && npsClass(score) === 'detractor')
      return { reason: 'nps-detractor', questionId: question.questionId, score };
    if (question.kind === 'csat' && score <= 2) return { reason: 'csat-low', questionId: question.questionId, score };
  }
  return null;
}

/** A response's headline: its first rated question answered (what Customer 360 shows of it); null when none. */
export function responseHeadline(
  questions: readonly SurveyQuestion[],
  answers: Answers,
): { questionId: string; kind: 'nps' | 'csat' | 'stars'; score: number } | null {
  for (const question of questions) {
    const score = answers[question.questionId];
    if (isRated(question.kind) && typeof score === 'number') return { questionId: question.questionId, kind: question.kind, score };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Surveys as staff see them

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const SURVEY_STATUS_NAMES: Record<SurveyStatus, string> = { draft: '草稿', published: '进行中', closed: '已结束' };

/** The survey a complaint's resolution rating (1–5) is recorded in as a CSAT: built in, read-only. */
export const COMPLAINT_SURVEY_ID = 'sv_complaint-resolution';

export const SurveyId = z
  .string()
  .regex(/^sv_[0-9A-Za-z-]{1,29}$/, 'A survey id')
  .describe('Fits a 小程序码 scene (≤ 32 characters)');

export const Survey = z
  .object({
    surveyId: z.string(),
    status: z.enum(SURVEY_STATUSES),
    builtIn: z.boolean().describe('The complaint-resolution CSAT: its questions are fixed'),
    definition: SurveyInput.describe('The draft while status is draft; otherwise the current published version'),
    version: z.number().int().describe('The published version (0 while a draft); an edit of a published survey publishes version + 1'),
    revision: z.number().int().min(1).describe('Optimistic lock: send it back with an edit'),
    responses: z.number().int().describe('Completed responses, every version'),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'Survey' });
export type Survey = z.infer<typeof Survey>;

export const SurveyUpdate = z.object({ survey: SurveyInput, revision: z.number().int().min(1) }).meta({ id: 'SurveyUpdate' });

export const SurveySettings = z
  .object({
    recontactDays: z.number().int().min(0).max(365).describe('No member is asked a survey more than once every N days'),
    followUp: z.object({
      assign: z
        .enum(['complaint-owner', 'queue'])
        .describe("complaint-owner: the agent who owned the order's (or the complaint's) complaint, else the queue; queue: unassigned"),
      slaHours: z.number().int().min(1).max(120).describe('Working hours (the desk calendar) to record an outcome'),
    }),
  })
  .meta({ id: 'SurveySettings' });
export type SurveySettings = z.infer<typeof SurveySettings>;
export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  recontactDays: DEFAULT_RECONTACT_DAYS,
  followUp: { assign: 'complaint-owner', slaHours: 8 },
};

// ---------------------------------------------------------------------------------------------
// Asking and answering (the buyer's side)

/** Why a member may not be asked (or may not answer) now; the server decides, never a client cache. */
export const INELIGIBLE_REASONS = [
  'not-published',
  'closed',
  'limit-reached',
  'answered',
  'dismissed',
  'shown-enough',
  'recontact',
  'not-sampled',
  'not-member',
] as const;
export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number];
export const INELIGIBLE_REASON_NAMES: Record<IneligibleReason, string> = {
  'not-published': '问卷未发布',
  closed: '问卷已结束',
  'limit-reached': '问卷已收满',
  answered: '已填写过',
  dismissed: '已关闭该问卷',
  'shown-enough': '已达到展示次数',
  recontact: '近期已邀请过其他问卷',
  'not-sampled': '未被抽中',
  'not-member': '不是会员',
};

/** Where an answer came from: the home card, a link or 小程序码, a care message, a complaint's rating. */
export const RESPONSE_SOURCES = ['card', 'link', 'invitation', 'complaint'] as const;
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];

export const BuyerSurvey = z
  .object({
    surveyId: z.string(),
    version: z.number().int(),
    title: z.string(),
    intro: z.string(),
    questions: z.array(SurveyQuestion),
    rewardPoints: z.number().int(),
    draft: Answers.describe('Answers saved earlier and not yet submitted (resume here)'),
    answerable: z.boolean(),
    reason: z.enum(INELIGIBLE_REASONS).nullable().describe('Why not answerable'),
  })
  .meta({ id: 'BuyerSurvey' });
export type BuyerSurvey = z.infer<typeof BuyerSurvey>;

export const SurveyDraftRequest = z.object({ version: z.number().int().min(1), answers: Answers }).meta({ id: 'SurveyDraftRequest' });

export const SurveySubmitRequest = z
  .object({
    requestId: z.uuid().describe('Client-generated; a retried submission is answered with the first one’s result'),
    version: z.number().int().min(1).describe('The version answered: an answer to an older version than the current is refused'),
    answers: Answers,
    source: z.enum(['card', 'link', 'invitation']).default('link'),
    orderId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("The order a post-purchase invitation asked about (its link carries it); another member's order is ignored"),
  })
  .meta({ id: 'SurveySubmitRequest' });
export type SurveySubmitRequest = z.infer<typeof SurveySubmitRequest>;

export const SurveySubmitResult = z
  .object({
    responseId: z.string(),
    thankYou: z.string(),
    rewardPoints: z.number().int().describe('Points this response earned (0 when none, or given for an earlier response)'),
  })
  .meta({ id: 'SurveySubmitResult' });
export type SurveySubmitResult = z.infer<typeof SurveySubmitResult>;

export const SurveyCard = z
  .object({ surveyId: z.string(), title: z.string(), intro: z.string(), rewardPoints: z.number().int(), questions: z.number().int() })
  .meta({ id: 'SurveyCard' });
export type SurveyCard = z.infer<typeof SurveyCard>;

// ---------------------------------------------------------------------------------------------
// Follow-ups (回访): the desk's task for every unhappy answer

export const FOLLOW_UP_OUTCOMES = ['resolved', 'contacted', 'unreachable', 'declined'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];
export const FOLLOW_UP_OUTCOME_NAMES: Record<FollowUpOutcome, string> = {
  resolved: '已解决',
  contacted: '已沟通，待改进',
  unreachable: '联系不上',
  declined: '客户不愿沟通',
};

export const FollowUpTask = z
  .object({
    taskId: z.string(),
    memberId: z.string(),
    nickname: z.string().nullable(),
    surveyId: z.string(),
    surveyName: z.string(),
    responseId: z.string(),
    reason: z.enum(FOLLOW_UP_REASONS),
    score: z.number().int(),
    comment: z.string().nullable().describe("The response's first text answer"),
    complaintId: z.string().nullable(),
    orderId: z.string().nullable(),
    status: z.enum(['open', 'done']),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    createdAt: z.string(),
    dueAt: z.string().describe('The SLA target, in the desk’s working hours'),
    breached: z.boolean(),
    outcome: z.enum(FOLLOW_UP_OUTCOMES).nullable(),
    outcomeNote: z.string().nullable(),
    doneAt: z.string().nullable(),
    doneBy: z.string().nullable(),
  })
  .meta({ id: 'FollowUpTask' });
export type FollowUpTask = z.infer<typeof FollowUpTask>;

export const FollowUpOutcomeRequest = z
  .object({ outcome: z.enum(FOLLOW_UP_OUTCOMES), note: z.string().trim().min(1).max(500) })
  .meta({ id: 'FollowUpOutcomeRequest' });
export type FollowUpOutcomeRequest = z.infer<typeof FollowUpOutcomeRequest>;

// ---------------------------------------------------------------------------------------------
// Follow-ups: the desk's lists and the member's surveys on Customer 360

/**
 * open: every open task; mine: open tasks assigned to me; unclaimed: open tasks nobody holds (each
 * by when it falls due, soonest first); done: tasks with an outcome, newest first by when opened.
 */
export const FOLLOW_UP_VIEWS = ['open', 'mine', 'unclaimed', 'done'] as const;
export type FollowUpView = (typeof FOLLOW_UP_VIEWS)[number];
export const FOLLOW_UP_VIEW_NAMES: Record<FollowUpView, string> = { open: '全部进行中', mine: '我的', unclaimed: '待领取', done: '已完成' };

export const FollowUpListQuery = z.object({
  view: z.enum(FOLLOW_UP_VIEWS).default('open'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(512).optional(),
});
export type FollowUpListQuery = z.infer<typeof FollowUpListQuery>;

export const FollowUpPage = z.object({ items: z.array(FollowUpTask), nextCursor: z.string().nullable() }).meta({ id: 'FollowUpPage' });
export type FollowUpPage = z.infer<typeof FollowUpPage>;

export const FollowUpClaimRequest = z
  .object({
    assigneeId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('Supervisors and admins: the active staff member (member id) to assign it to; omitted: the caller takes it'),
  })
  .meta({ id: 'FollowUpClaimRequest' });
export type FollowUpClaimRequest = z.infer<typeof FollowUpClaimRequest>;

/** A response on the member's Customer 360: which survey, when, and its first rated answer. */
export const MemberSurveyResponse = z
  .object({
    surveyId: z.string(),
    surveyName: z.string().nullable().describe("The survey's name now (null once it is gone)"),
    responseId: z.string(),
    completedAt: z.string(),
    headline: z
      .object({ questionId: z.string(), kind: z.enum(['nps', 'csat', 'stars']), score: z.number().int() })
      .nullable()
      .describe('The first rated question answered; null when none was'),
  })
  .meta({ id: 'MemberSurveyResponse' });
export type MemberSurveyResponse = z.infer<typeof MemberSurveyResponse>;

export const MemberSurveys = z
  .object({
    followUps: z.array(FollowUpTask).describe('Newest first, at most 20'),
    responses: z.array(MemberSurveyResponse).describe('Newest first, at most 20'),
  })
  .meta({ id: 'MemberSurveys' });
export type MemberSurveys = z.infer<typeof MemberSurveys>;
// Staff routes' bodies and answers (definitions, versions, settings, the 小程序码)

/** The most surveys a shop keeps (the built-in one aside). Every survey counts: answers refer to it, so none is deleted. */
export const MAX_SURVEYS = 200;

export const SurveyList = z.object({ items: z.array(Survey) }).meta({ id: 'SurveyList' });
export type SurveyList = z.infer<typeof SurveyList>;

/** Publish, close or reopen: the revision the operator saw (optimistic lock). */
export const SurveyRevisionRequest = z.object({ revision: z.number().int().min(1) }).meta({ id: 'SurveyRevisionRequest' });
export type SurveyRevisionRequest = z.infer<typeof SurveyRevisionRequest>;

/** One published version as it was published: old answers are read against it. */
export const SurveyVersionView = z
  .object({ surveyId: z.string(), version: z.number().int().min(1), definition: SurveyInput, publishedAt: z.string() })
  .meta({ id: 'SurveyVersionView' });
export type SurveyVersionView = z.infer<typeof SurveyVersionView>;

export const SurveySettingsView = SurveySettings.extend({
  version: z.number().int().min(0).describe('0: the defaults, never saved'),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
}).meta({ id: 'SurveySettingsView' });
export type SurveySettingsView = z.infer<typeof SurveySettingsView>;

export const SurveySettingsUpdate = SurveySettings.extend({
  version: z.number().int().min(0).describe('The version read (optimistic lock)'),
}).meta({ id: 'SurveySettingsUpdate' });
export type SurveySettingsUpdate = z.infer<typeof SurveySettingsUpdate>;

/** The buyer page a survey's link and 小程序码 open (the code carries the survey id as its `scene`). */
export const SURVEY_PAGE = 'pages/survey/index';

export const SurveyQrCode = z
  .object({
    surveyId: z.string(),
    path: z.string().describe('The page with the survey id, for a link: pages/survey/index?id=…'),
    wxaCode: z
      .discriminatedUnion('status', [
        z.object({ status: z.literal('ready'), dataUrl: z.string().regex(/^data:image\/(png|jpeg);base64,/) }),
        z.object({ status: z.literal('unavailable') }),
      ])
      .describe('The 小程序码 (scene = the survey id); unavailable when WeChat could not draw one just then'),
  })
  .meta({ id: 'SurveyQrCode' });
export type SurveyQrCode = z.infer<typeof SurveyQrCode>;

export const SurveyCardResult = z.object({ card: SurveyCard.nullable() }).meta({ id: 'SurveyCardResult' });
export type SurveyCardResult = z.infer<typeof SurveyCardResult>;
