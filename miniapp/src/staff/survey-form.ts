import {
  DISPLAY_MODES,
  isChoice,
  isRated,
  MAX_OPTIONS,
  MAX_QUESTIONS,
  MAX_SURVEY_REWARD_POINTS,
  QUESTION_KIND_NAMES,
  questionIssues,
  SCORE_RANGE,
  SurveyInput,
  type DisplayMode,
  type QuestionKind,
  type ShowIf,
  type SurveyQuestion,
} from '@linli/shared/surveys';
import { errorsByPlace, wholeNumber } from './form-errors';

/** Re-exported: the pages clear a field's problem with it. */
export { withoutError } from './form-errors';

/*
 * The 问卷 builder as a form: every value as the operator types it, checked by the schema the server
 * applies (SurveyInput), with the problems filed by where they show, in Chinese. Problems are keyed
 * by the survey's own paths (`questions.2.title`, `display.times`), so the server's issues land in
 * the same places as the form's.
 */

export interface OptionForm {
  optionId: string;
  label: string;
}

/** Skip logic as the form holds it: none, a score range of an earlier rated question, or options of an earlier choice. */
export type SkipForm =
  | { kind: 'none' }
  | { kind: 'score'; questionId: string; min: string; max: string }
  | { kind: 'choice'; questionId: string; anyOf: string[] };

export interface QuestionForm {
  /** Stable across versions (answers compare over time); never shown. */
  questionId: string;
  kind: QuestionKind;
  title: string;
  help: string;
  required: boolean;
  options: OptionForm[];
  skip: SkipForm;
}

export interface SurveyFormValues {
  name: string;
  title: string;
  intro: string;
  thankYou: string;
  questions: QuestionForm[];
  rewardPoints: string;
  displayMode: DisplayMode;
  /** 最多展示 N 次: N. */
  displayTimes: string;
  /** Empty: the shop's setting (店铺默认). */
  recontactDays: string;
  samplePercent: string;
  /** YYYY-MM-DD or empty (no date). */
  closesOn: string;
  /** Empty: no limit. */
  responseLimit: string;
  homeCard: boolean;
}

/** Problems by the survey's path (`title`, `questions.0.options.1.label`), or `form` for the survey as a whole. */
export type SurveyErrors = Record<string, string>;

// ---- Ids ---------------------------------------------------------------------------------------

/**
 * A fresh id with `prefix` that none of `taken` has. Random rather than q1, q2…: a question removed
 * in an earlier version is not in the form, and reusing its id would mix its old answers with the
 * new question's.
 */
export function freshId(prefix: 'q' | 'o', taken: Iterable<string>, random: () => number = Math.random): string {
  const used = new Set(taken);
  for (;;) {
    const id = `${prefix}${Array.from({ length: 8 }, () => Math.floor(random() * 36).toString(36)).join('')}`;
    if (!used.has(id)) return id;
  }
}

function optionIdsOf(questions: readonly QuestionForm[]): string[] {
  return questions.flatMap((question) => question.options.map((option) => option.optionId));
}

// ---- New and saved surveys ----------------------------------------------------------------------

export const NPS_QUESTION_TITLE = '你有多大可能把我们推荐给朋友或家人？';

/** A new survey: the NPS question, and "why" asked only of those who gave 0–6. */
export function newSurveyForm(random: () => number = Math.random): SurveyFormValues {
  const nps = freshId('q', [], random);
  const why = freshId('q', [nps], random);
  return {
    name: '',
    title: '',
    intro: '',
    thankYou: '感谢你的反馈！',
    questions: [
      { questionId: nps, kind: 'nps', title: NPS_QUESTION_TITLE, help: '', required: true, options: [], skip: { kind: 'none' } },
      {
        questionId: why,
        kind: 'long-text',
        title: '请告诉我们哪里做得不够好',
        help: '',
        required: false,
        options: [],
        skip: { kind: 'score', questionId: nps, min: '0', max: '6' },
      },
    ],
    rewardPoints: '0',
    displayMode: 'until-answered',
    displayTimes: '3',
    recontactDays: '',
    samplePercent: '100',
    closesOn: '',
    responseLimit: '',
    homeCard: false,
  };
}

function skipToForm(rule: ShowIf | undefined): SkipForm {
  if (!rule) return { kind: 'none' };
  if ('anyOf' in rule) return { kind: 'choice', questionId: rule.questionId, anyOf: [...rule.anyOf] };
  return {
    kind: 'score',
    questionId: rule.questionId,
    min: rule.min === undefined ? '' : String(rule.min),
    max: rule.max === undefined ? '' : String(rule.max),
  };
}

/** The form for a saved survey's definition (the draft, or the version in force). */
export function surveyToForm(survey: SurveyInput): SurveyFormValues {
  return {
    name: survey.name,
    title: survey.title,
    intro: survey.intro,
    thankYou: survey.thankYou,
    questions: survey.questions.map((question) => ({
      questionId: question.questionId,
      kind: question.kind,
      title: question.title,
      help: question.help ?? '',
      required: question.required,
      options: (question.options ?? []).map((option) => ({ ...option })),
      skip: skipToForm(question.showIf),
    })),
    rewardPoints: String(survey.rewardPoints),
    displayMode: survey.display.mode,
    displayTimes: survey.display.mode === 'up-to' ? String(survey.display.times) : '3',
    recontactDays: survey.recontactDays === null ? '' : String(survey.recontactDays),
    samplePercent: String(survey.samplePercent),
    closesOn: survey.closesOn ?? '',
    responseLimit: survey.responseLimit === null ? '' : String(survey.responseLimit),
    homeCard: survey.homeCard,
  };
}

// ---- Editing questions --------------------------------------------------------------------------

const DEFAULT_TITLES: Record<QuestionKind, string> = {
  nps: NPS_QUESTION_TITLE,
  csat: '你对这次购物体验满意吗？',
  stars: '请为我们的服务打分',
  single: '',
  multiple: '',
  'short-text': '',
  'long-text': '还有什么想对我们说的吗？',
};

function newOptions(questions: readonly QuestionForm[], random: () => number): OptionForm[] {
  const first = freshId('o', optionIdsOf(questions), random);
  const second = freshId('o', [...optionIdsOf(questions), first], random);
  return [
    { optionId: first, label: '选项 1' },
    { optionId: second, label: '选项 2' },
  ];
}

/** The survey with a new question of `kind` at the end (its id unlike any other question's). */
export function addQuestion(values: SurveyFormValues, kind: QuestionKind, random: () => number = Math.random): SurveyFormValues {
  const questionId = freshId(
    'q',
    values.questions.map((question) => question.questionId),
    random,
  );
  const question: QuestionForm = {
    questionId,
    kind,
    title: DEFAULT_TITLES[kind],
    help: '',
    required: true,
    options: isChoice(kind) ? newOptions(values.questions, random) : [],
    skip: { kind: 'none' },
  };
  return { ...values, questions: [...values.questions, question] };
}

/** Whether a skip rule still fits the question it names (a score rule needs a rated one, an option rule a choice). */
function ruleFits(rule: SkipForm, source: QuestionForm | undefined): boolean {
  if (rule.kind === 'none') return true;
  if (!source) return false;
  return rule.kind === 'score' ? isRated(source.kind) : isChoice(source.kind);
}

/** Clears the skip rules that no longer fit what they name (gone, or of another kind now). */
function withFittingRules(questions: QuestionForm[]): QuestionForm[] {
  const byId = new Map(questions.map((question) => [question.questionId, question]));
  return questions.map((question) =>
    ruleFits(question.skip, byId.get(question.skip.kind === 'none' ? '' : question.skip.questionId))
      ? question
      : { ...question, skip: { kind: 'none' } },
  );
}

/** The survey without question `index`; the skip rules of other questions that named it are cleared. */
export function removeQuestion(values: SurveyFormValues, index: number): SurveyFormValues {
  return { ...values, questions: withFittingRules(values.questions.filter((_, i) => i !== index)) };
}

/**
 * The survey with question `index` moved by `delta` (−1 up, +1 down). A skip rule the move leaves
 * pointing at a later question is kept, and the form says so (the operator chooses: move it back or
 * change the rule).
 */
export function moveQuestion(values: SurveyFormValues, index: number, delta: -1 | 1): SurveyFormValues {
  const target = index + delta;
  if (target < 0 || target >= values.questions.length) return values;
  const questions = [...values.questions];
  [questions[index], questions[target]] = [questions[target]!, questions[index]!];
  return { ...values, questions };
}

/** The survey with question `index` changed by `patch`. */
export function updateQuestion(values: SurveyFormValues, index: number, patch: Partial<QuestionForm>): SurveyFormValues {
  return { ...values, questions: values.questions.map((question, i) => (i === index ? { ...question, ...patch } : question)) };
}

/**
 * The survey with question `index` of another kind: a choice gets two options to start from, other
 * kinds lose theirs; later rules that named it and no longer fit (a score rule on what is now a
 * choice) are cleared.
 */
export function changeKind(
  values: SurveyFormValues,
  index: number,
  kind: QuestionKind,
  random: () => number = Math.random,
): SurveyFormValues {
  const question = values.questions[index];
  if (!question || question.kind === kind) return values;
  const options = isChoice(kind) ? (question.options.length >= 2 ? question.options : newOptions(values.questions, random)) : [];
  const title = question.title.trim() === '' || question.title === DEFAULT_TITLES[question.kind] ? DEFAULT_TITLES[kind] : question.title;
  const changed = updateQuestion(values, index, { kind, options, title });
  return { ...changed, questions: withFittingRules(changed.questions) };
}

/** The survey with a new option at the end of question `index`. */
export function addOption(values: SurveyFormValues, index: number, random: () => number = Math.random): SurveyFormValues {
  const question = values.questions[index];
  if (!question || question.options.length >= MAX_OPTIONS) return values;
  const optionId = freshId('o', optionIdsOf(values.questions), random);
  return updateQuestion(values, index, { options: [...question.options, { optionId, label: `选项 ${question.options.length + 1}` }] });
}

/** The survey without option `optionIndex` of question `index`; a rule choosing it no longer does (none left: no rule). */
export function removeOption(values: SurveyFormValues, index: number, optionIndex: number): SurveyFormValues {
  const question = values.questions[index];
  const removed = question?.options[optionIndex];
  if (!question || !removed) return values;
  const changed = updateQuestion(values, index, { options: question.options.filter((_, i) => i !== optionIndex) });
  return {
    ...changed,
    questions: changed.questions.map((other) => {
      const rule = other.skip;
      if (rule.kind !== 'choice' || rule.questionId !== question.questionId || !rule.anyOf.includes(removed.optionId)) return other;
      const anyOf = rule.anyOf.filter((optionId) => optionId !== removed.optionId);
      return { ...other, skip: anyOf.length ? { ...rule, anyOf } : { kind: 'none' } };
    }),
  };
}

/** A question as the builder names it to people: 第 N 题「title」. */
export function questionLabel(values: SurveyFormValues, questionId: string): string {
  const index = values.questions.findIndex((question) => question.questionId === questionId);
  if (index < 0) return '（已删除的题目）';
  const title = values.questions[index]!.title.trim();
  return `第 ${index + 1} 题「${title || QUESTION_KIND_NAMES[values.questions[index]!.kind]}」`;
}

/** The questions a skip rule of question `index` may name: the earlier rated and choice ones. */
export function skipSources(values: SurveyFormValues, index: number): QuestionForm[] {
  return values.questions.slice(0, Math.max(0, index)).filter((question) => isRated(question.kind) || isChoice(question.kind));
}

/** A new rule on `source` for question `index`: a rated source's lower half (NPS 0–6), or its first option. */
export function skipOn(source: QuestionForm): SkipForm {
  if (isRated(source.kind)) {
    const range = SCORE_RANGE[source.kind];
    return { kind: 'score', questionId: source.questionId, min: String(range.min), max: source.kind === 'nps' ? '6' : '2' };
  }
  return { kind: 'choice', questionId: source.questionId, anyOf: source.options[0] ? [source.options[0].optionId] : [] };
}

// ---- Problems in Chinese ------------------------------------------------------------------------

/** What each field takes (the schema's ranges), by its path with question and option numbers as `#`. */
const FIELD_TEXT: Record<string, string> = {
  name: '名称填 1 到 30 个字',
  title: '标题填 1 到 40 个字',
  intro: '开头说明最多 200 个字',
  thankYou: '感谢语最多 200 个字',
  questions: `请添加 1 到 ${MAX_QUESTIONS} 道题目`,
  'questions.#': '这道题有误，请检查',
  'questions.#.title': '题目填 1 到 100 个字',
  'questions.#.help': '题目说明最多 200 个字',
  'questions.#.options': `选择题需要 2 到 ${MAX_OPTIONS} 个选项`,
  'questions.#.options.#.label': '选项填 1 到 40 个字',
  'questions.#.showIf': '跳转条件有误，请重新设置',
  'questions.#.questionId': '题目有误，请删除后重新添加',
  rewardPoints: `奖励积分填 0 到 ${MAX_SURVEY_REWARD_POINTS} 的整数`,
  'display.times': '展示次数填 1 到 10 的整数',
  display: '请选择展示方式',
  recontactDays: '间隔天数填 0 到 365 的整数，留空则使用店铺默认',
  samplePercent: '抽样比例填 1 到 100 的整数',
  closesOn: '请选择截止日期',
  responseLimit: '回收上限填 1 到 1000000 的整数，留空则不限',
  homeCard: '请选择是否在首页展示',
};

/**
 * Where a problem at a survey path shows and what it says: the field's own text, or `form`. The
 * server's body wraps the survey (`survey.questions.0.title`); that `survey.` is dropped.
 */
function placeIssue(path: readonly (string | number)[]): [string, string] {
  let parts = path.map(String);
  if (parts[0] === 'survey') parts = parts.slice(1);
  // A skip rule's problem is the rule's, whichever part of it (`questions.2.showIf.max`).
  const showIf = parts.indexOf('showIf');
  if (showIf >= 0) parts = parts.slice(0, showIf + 1);
  for (let length = parts.length; length > 0; length--) {
    const place = parts.slice(0, length);
    const text = FIELD_TEXT[place.map((part) => (/^\d+$/.test(part) ? '#' : part)).join('.')];
    if (text) return [place.join('.'), text];
  }
  return ['form', '问卷有误，请检查后重试'];
}

/** The server's VALIDATION_FAILED issues by where they show; the first per place wins. */
export function issuesToErrors(issues: ReadonlyArray<{ path: string; message: string }>): SurveyErrors {
  return errorsByPlace(issues, placeIssue);
}

// ---- Form → request body ------------------------------------------------------------------------

/** A skip rule's own problems, in words the operator knows (which question, which scores). */
function skipProblem(values: SurveyFormValues, index: number): string | null {
  const rule = values.questions[index]!.skip;
  if (rule.kind === 'none') return null;
  const sourceIndex = values.questions.findIndex((question) => question.questionId === rule.questionId);
  if (sourceIndex < 0) return '跳转条件引用的题目已删除，请重新设置';
  if (sourceIndex >= index) return `跳转条件引用的${questionLabel(values, rule.questionId)}须排在本题之前，请调整顺序或条件`;
  const source = values.questions[sourceIndex]!;
  if (rule.kind === 'choice') return rule.anyOf.length ? null : '请至少选择一个选项';
  if (!isRated(source.kind)) return '请重新设置跳转条件';
  const range = SCORE_RANGE[source.kind];
  const min = rule.min.trim() === '' ? range.min : wholeNumber(rule.min);
  const max = rule.max.trim() === '' ? range.max : wholeNumber(rule.max);
  if (min === null || max === null || min < range.min || max > range.max) return `分数填 ${range.min} 到 ${range.max} 的整数`;
  if (min > max) return '最低分不能高于最高分';
  return null;
}

function showIfOf(rule: SkipForm): ShowIf | undefined {
  if (rule.kind === 'none') return undefined;
  if (rule.kind === 'choice') return { questionId: rule.questionId, anyOf: rule.anyOf };
  const min = wholeNumber(rule.min);
  const max = wholeNumber(rule.max);
  return { questionId: rule.questionId, ...(min === null ? {} : { min }), ...(max === null ? {} : { max }) };
}

function questionOf(form: QuestionForm): SurveyQuestion {
  const help = form.help.trim();
  const showIf = showIfOf(form.skip);
  return {
    questionId: form.questionId,
    kind: form.kind,
    title: form.title.trim(),
    ...(help ? { help } : {}),
    required: form.required,
    ...(isChoice(form.kind) ? { options: form.options.map((option) => ({ optionId: option.optionId, label: option.label.trim() })) } : {}),
    ...(showIf ? { showIf } : {}),
  };
}

/**
 * Checks the form and builds the survey to send, or the problems by place: numbers that cannot be
 * read, skip rules, and the schema's ranges (the same checks the server makes).
 */
export function formToSurvey(values: SurveyFormValues): { ok: true; survey: SurveyInput } | { ok: false; errors: SurveyErrors } {
  const errors: SurveyErrors = {};
  const read = (path: string, text: string): number => {
    const value = wholeNumber(text);
    if (value !== null) return value;
    const [key, message] = placeIssue(path.split('.'));
    errors[key] ??= message;
    // Unreadable, it still goes to the schema (as NaN) so that the other fields are checked too.
    return Number.NaN;
  };
  const optional = (path: string, text: string): number | null => (text.trim() === '' ? null : read(path, text));
  values.questions.forEach((_, index) => {
    const problem = skipProblem(values, index);
    if (problem) errors[`questions.${index}.showIf`] ??= problem;
  });
  const candidate = {
    name: values.name.trim(),
    title: values.title.trim(),
    intro: values.intro.trim(),
    questions: values.questions.map(questionOf),
    thankYou: values.thankYou.trim(),
    rewardPoints: read('rewardPoints', values.rewardPoints),
    display:
      values.displayMode === 'up-to'
        ? { mode: 'up-to' as const, times: read('display.times', values.displayTimes) }
        : { mode: values.displayMode },
    recontactDays: optional('recontactDays', values.recontactDays),
    samplePercent: read('samplePercent', values.samplePercent),
    closesOn: values.closesOn.trim() === '' ? null : values.closesOn.trim(),
    responseLimit: optional('responseLimit', values.responseLimit),
    homeCard: values.homeCard,
  };
  // The schema checks the questions' ids, options and rules only once every field parses; the form
  // says all its problems at once.
  for (const issue of questionIssues(candidate.questions)) {
    const [key, text] = placeIssue(issue.path);
    errors[key] ??= text;
  }
  const parsed = SurveyInput.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, survey: parsed.data };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key, text] = placeIssue(issue.path as (string | number)[]);
      errors[key] ??= text;
    }
  }
  return { ok: false, errors };
}

/**
 * The questions as the preview shows them while the operator edits: what the form holds, blank
 * titles named by their kind, a rule that is not complete yet left out (the question shows always).
 */
export function previewQuestions(values: SurveyFormValues): SurveyQuestion[] {
  return values.questions.map((form, index) => {
    const question = questionOf(form);
    if (!question.title) question.title = QUESTION_KIND_NAMES[form.kind];
    if (question.options) question.options = question.options.map((option, i) => ({ ...option, label: option.label || `选项 ${i + 1}` }));
    if (question.showIf && skipProblem(values, index)) delete question.showIf;
    return question;
  });
}

// ---- Words for the builder and the list ---------------------------------------------------------

export const DISPLAY_MODE_HINTS: Record<DisplayMode, string> = {
  once: '每位会员只邀请一次，不论是否填写。',
  'until-answered': '每次符合条件都会邀请，直到会员填写或点 ✕ 关闭。',
  'up-to': '最多邀请 N 次（同一天只算一次），填写或关闭后不再邀请。',
  repeat: '会员可以多次填写（如每次购物后都邀请），邀请间隔受「再次邀请间隔」限制。',
};

export const DISPLAY_MODE_ORDER: readonly DisplayMode[] = DISPLAY_MODES;

/** 「仅当 … 」: a rule in words, for the builder's summary line. */
export function skipText(values: SurveyFormValues, rule: SkipForm): string | null {
  if (rule.kind === 'none') return null;
  const source = values.questions.find((question) => question.questionId === rule.questionId);
  if (rule.kind === 'score') {
    const range = source && isRated(source.kind) ? SCORE_RANGE[source.kind] : { min: 0, max: 10 };
    const min = rule.min.trim() || String(range.min);
    const max = rule.max.trim() || String(range.max);
    return `仅当${questionLabel(values, rule.questionId)}的分数在 ${min}–${max} 时显示`;
  }
  const labels = (source?.options ?? []).filter((option) => rule.anyOf.includes(option.optionId)).map((option) => `「${option.label}」`);
  return `仅当${questionLabel(values, rule.questionId)}选了${labels.join('或') || '…'}时显示`;
}
