import { describe, expect, it } from 'vitest';
import { SurveyInput, shownQuestions, type SurveyInputBody } from '@linli/shared/surveys';
import {
  addOption,
  addQuestion,
  changeKind,
  formToSurvey,
  freshId,
  issuesToErrors,
  moveQuestion,
  newSurveyForm,
  previewQuestions,
  removeOption,
  removeQuestion,
  skipOn,
  skipSources,
  skipText,
  surveyToForm,
  updateQuestion,
  withoutError,
  type SurveyFormValues,
} from './survey-form';

/** A random source that repeats `values` in turn, so ids collide on purpose. */
function cycling(values: number[]): () => number {
  let n = 0;
  return () => values[n++ % values.length]!;
}

/** A new survey with a name and a title, the starting NPS and "why" questions. */
function named(change: (values: SurveyFormValues) => SurveyFormValues = (values) => values): SurveyFormValues {
  return change({ ...newSurveyForm(), name: '购后满意度', title: '邀请你评价这次购物' });
}

/** The survey with a question of `kind` at the end, titled. */
function withQuestion(values: SurveyFormValues, kind: Parameters<typeof addQuestion>[1], title = `新题目 ${values.questions.length + 1}`) {
  const added = addQuestion(values, kind);
  return updateQuestion(added, added.questions.length - 1, { title });
}

function errorsOf(values: SurveyFormValues) {
  const result = formToSurvey(values);
  if (result.ok) throw new Error('expected the form to be refused');
  return result.errors;
}

function surveyOf(values: SurveyFormValues): SurveyInput {
  const result = formToSurvey(values);
  if (!result.ok) throw new Error(`expected the form to pass: ${JSON.stringify(result.errors)}`);
  return result.survey;
}

const SAVED: SurveyInputBody = {
  name: '门店体验',
  title: '说说你在门店的体验',
  intro: '只需 1 分钟',
  questions: [
    { questionId: 'q1', kind: 'csat', title: '你对门店服务满意吗？', required: true },
    {
      questionId: 'q2',
      kind: 'multiple',
      title: '哪些方面需要改进？',
      required: false,
      options: [
        { optionId: 'o1', label: '排队' },
        { optionId: 'o2', label: '价格' },
        { optionId: 'o3', label: '态度' },
      ],
      showIf: { questionId: 'q1', max: 3 },
    },
    { questionId: 'q3', kind: 'short-text', title: '具体说说态度问题', required: false, showIf: { questionId: 'q2', anyOf: ['o3'] } },
  ],
  thankYou: '谢谢！',
  rewardPoints: 20,
  display: { mode: 'up-to', times: 2 },
  recontactDays: null,
  samplePercent: 50,
  closesOn: '2026-12-31',
  responseLimit: 500,
  homeCard: true,
};

describe('new questions', () => {
  it('gets an id no other question has, even when the random source repeats itself', () => {
    const random = cycling([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5]);
    const taken = [freshId('q', [], cycling([0.1]))];
    const next = freshId('q', taken, random);
    expect(next).not.toBe(taken[0]);
    expect(next).toMatch(/^q[0-9a-z]{8}$/);
  });

  it('adds each kind of question with ids unique across the survey, choices with two options of their own', () => {
    let values = named();
    for (const kind of ['nps', 'csat', 'stars', 'single', 'multiple', 'short-text', 'long-text'] as const)
      values = withQuestion(values, kind);
    const questionIds = values.questions.map((question) => question.questionId);
    expect(new Set(questionIds).size).toBe(questionIds.length);
    const optionIds = values.questions.flatMap((question) => question.options.map((option) => option.optionId));
    expect(optionIds).toHaveLength(4);
    expect(new Set(optionIds).size).toBe(4);
    values = addOption(values, 5);
    const all = values.questions.flatMap((question) => question.options.map((option) => option.optionId));
    expect(new Set(all).size).toBe(5);
    // Every id is one the schema takes.
    expect(surveyOf(values).questions.map((question) => question.questionId)).toEqual(questionIds);
  });
});

describe('skip logic', () => {
  it('offers only earlier rated and choice questions as the condition of a question', () => {
    let values = named(); // q NPS, q long-text
    values = addQuestion(values, 'short-text'); // 2
    values = addQuestion(values, 'single'); // 3
    values = addQuestion(values, 'stars'); // 4
    values = addQuestion(values, 'multiple'); // 5
    const kindsOffered = (index: number) => skipSources(values, index).map((question) => question.kind);
    expect(kindsOffered(0)).toEqual([]);
    expect(kindsOffered(1)).toEqual(['nps']);
    expect(kindsOffered(4)).toEqual(['nps', 'single']);
    // Not the question itself, nor any later one.
    expect(kindsOffered(5)).toEqual(['nps', 'single', 'stars']);
  });

  it('starts a rule on NPS at 0–6 and on a choice at its first option, and says it in words', () => {
    let values = named((v) => addQuestion(v, 'single'));
    const nps = values.questions[0]!;
    const choice = values.questions[2]!;
    expect(skipOn(nps)).toEqual({ kind: 'score', questionId: nps.questionId, min: '0', max: '6' });
    values = updateQuestion(values, 2, { title: '你从哪里知道我们？' });
    values = addQuestion(values, 'short-text');
    values = updateQuestion(values, 3, { skip: skipOn(values.questions[2]!) });
    expect(values.questions[3]!.skip).toEqual({ kind: 'choice', questionId: choice.questionId, anyOf: [choice.options[0]!.optionId] });
    expect(skipText(values, values.questions[1]!.skip)).toBe(`仅当第 1 题「${nps.title}」的分数在 0–6 时显示`);
    expect(skipText(values, values.questions[3]!.skip)).toBe('仅当第 3 题「你从哪里知道我们？」选了「选项 1」时显示');
  });

  it('clears the rules pointing at a removed question, and keeps the others', () => {
    let values = named((v) => withQuestion(v, 'short-text'));
    values = updateQuestion(values, 2, { skip: skipOn(values.questions[0]!) });
    values = removeQuestion(values, 0);
    expect(values.questions.map((question) => question.skip)).toEqual([{ kind: 'none' }, { kind: 'none' }]);
    // The body sent has no rule left pointing anywhere.
    expect(surveyOf(values).questions.every((question) => question.showIf === undefined)).toBe(true);

    let kept = named((v) => addQuestion(v, 'short-text'));
    kept = removeQuestion(kept, 2);
    expect(kept.questions[1]!.skip.kind).toBe('score');
  });

  it('drops a removed option from the rules choosing it, and the rule with its last option', () => {
    let values = named((v) => addQuestion(addQuestion(v, 'multiple'), 'short-text'));
    const [first, second] = values.questions[2]!.options;
    values = updateQuestion(values, 3, {
      skip: { kind: 'choice', questionId: values.questions[2]!.questionId, anyOf: [first!.optionId, second!.optionId] },
    });
    values = addOption(values, 2);
    values = removeOption(values, 2, 0);
    expect(values.questions[3]!.skip).toMatchObject({ anyOf: [second!.optionId] });
    values = removeOption(values, 2, 0);
    expect(values.questions[3]!.skip).toEqual({ kind: 'none' });
  });

  it('clears a rule when its question changes to a kind the rule cannot name', () => {
    let values = named();
    values = changeKind(values, 0, 'csat');
    // A score rule still fits a rated question (its range is checked when saving).
    expect(values.questions[1]!.skip.kind).toBe('score');
    values = changeKind(values, 0, 'single');
    expect(values.questions[1]!.skip).toEqual({ kind: 'none' });
    expect(values.questions[0]!.options).toHaveLength(2);
    values = changeKind(values, 0, 'long-text');
    expect(values.questions[0]!.options).toEqual([]);
  });

  it('refuses a rule left pointing at a later question by a move, and accepts it moved back', () => {
    const values = moveQuestion(named(), 1, -1);
    expect(errorsOf(values)['questions.0.showIf']).toMatch(/须排在本题之前/);
    expect(formToSurvey(moveQuestion(values, 0, 1)).ok).toBe(true);
    // Moving past either end changes nothing.
    expect(moveQuestion(values, 0, -1)).toBe(values);
  });

  it('refuses scores outside the question’s range and a minimum above the maximum', () => {
    const withRule = (min: string, max: string) =>
      named((v) => updateQuestion(v, 1, { skip: { kind: 'score', questionId: v.questions[0]!.questionId, min, max } }));
    expect(errorsOf(withRule('0', '11'))['questions.1.showIf']).toBe('分数填 0 到 10 的整数');
    expect(errorsOf(withRule('7', '3'))['questions.1.showIf']).toBe('最低分不能高于最高分');
    expect(errorsOf(changeKind(withRule('0', '6'), 0, 'csat'))['questions.1.showIf']).toBe('分数填 1 到 5 的整数');
    // An empty end is the question's own end.
    expect(surveyOf(withRule('', '6')).questions[1]!.showIf).toEqual({ questionId: expect.any(String), max: 6 });
  });
});

describe('the body sent', () => {
  it('is a SurveyInput the server schema takes as it is, with the starting questions’ rule', () => {
    const survey = surveyOf(named());
    expect(SurveyInput.parse(survey)).toEqual(survey);
    expect(survey).toMatchObject({
      name: '购后满意度',
      title: '邀请你评价这次购物',
      display: { mode: 'until-answered' },
      recontactDays: null,
      closesOn: null,
      responseLimit: null,
      rewardPoints: 0,
      samplePercent: 100,
      homeCard: false,
    });
    const [nps, why] = survey.questions;
    expect(why!.showIf).toEqual({ questionId: nps!.questionId, min: 0, max: 6 });
    // Skip logic live: "why" is asked only of a detractor.
    expect(shownQuestions(survey.questions, { [nps!.questionId]: 4 })).toHaveLength(2);
    expect(shownQuestions(survey.questions, { [nps!.questionId]: 9 })).toHaveLength(1);
  });

  it('round-trips a saved survey: the form of a definition sends that definition back', () => {
    const saved = SurveyInput.parse(SAVED);
    const sent = surveyOf(surveyToForm(saved));
    expect(sent).toEqual(saved);
    expect(SurveyInput.parse(sent)).toEqual(sent);
  });

  it('sends the display mode, empty limits as null and the numbers typed', () => {
    const values = named((v) => ({
      ...v,
      displayMode: 'up-to',
      displayTimes: '4',
      recontactDays: '14',
      samplePercent: '30',
      responseLimit: ' ',
      rewardPoints: '50',
      closesOn: '2027-01-31',
      homeCard: true,
    }));
    expect(surveyOf(values)).toMatchObject({
      display: { mode: 'up-to', times: 4 },
      recontactDays: 14,
      samplePercent: 30,
      responseLimit: null,
      rewardPoints: 50,
      closesOn: '2027-01-31',
      homeCard: true,
    });
    expect(surveyOf({ ...values, displayMode: 'repeat' }).display).toEqual({ mode: 'repeat' });
  });

  it('files each problem by where it shows, in Chinese', () => {
    let values = named((v) => ({ ...v, name: ' ', rewardPoints: '-5', samplePercent: '0', displayMode: 'up-to', displayTimes: '11' }));
    values = addQuestion(values, 'single');
    values = updateQuestion(values, 2, { title: '', options: [{ optionId: 'oonly', label: '唯一' }] });
    const errors = errorsOf(values);
    expect(errors).toMatchObject({
      name: '名称填 1 到 30 个字',
      rewardPoints: '奖励积分填 0 到 10000 的整数',
      samplePercent: '抽样比例填 1 到 100 的整数',
      'display.times': '展示次数填 1 到 10 的整数',
      'questions.2.title': '题目填 1 到 100 个字',
      'questions.2.options': '选择题需要 2 到 20 个选项',
    });
    expect(Object.values(errors).every((text) => /[\u4e00-\u9fa5]/.test(text))).toBe(true);
    expect(errorsOf({ ...named(), questions: [] }).questions).toBe('请添加 1 到 30 道题目');
  });

  it('places the server’s issues on the same fields, an edit clearing its own', () => {
    const errors = issuesToErrors([
      { path: 'survey.questions.1.options.0.label', message: 'Too small' },
      { path: 'survey.questions.2.showIf.max', message: 'Too big' },
      { path: 'survey.closesOn', message: 'Use YYYY-MM-DD' },
      { path: 'revision', message: 'Required' },
    ]);
    expect(errors).toEqual({
      'questions.1.options.0.label': '选项填 1 到 40 个字',
      'questions.2.showIf': '跳转条件有误，请重新设置',
      closesOn: '请选择截止日期',
      form: '问卷有误，请检查后重试',
    });
    expect(withoutError(errors, 'questions.1')).toEqual({ 'questions.2.showIf': '跳转条件有误，请重新设置', closesOn: '请选择截止日期' });
  });
});

describe('the preview', () => {
  it('shows what the form holds, blank titles named by their kind, an unfinished rule left out', () => {
    let values = named((v) => addQuestion(v, 'multiple'));
    values = updateQuestion(values, 2, { title: '' });
    values = addQuestion(values, 'short-text');
    values = updateQuestion(values, 3, { skip: { kind: 'score', questionId: values.questions[0]!.questionId, min: '9', max: '3' } });
    const questions = previewQuestions(values);
    expect(questions[2]!.title).toBe('多选题');
    expect(questions[1]!.showIf).toBeDefined();
    expect(questions[3]!.showIf).toBeUndefined();
  });
});
