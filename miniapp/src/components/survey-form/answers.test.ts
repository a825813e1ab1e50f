import { describe, expect, it } from 'vitest';
import { answerIssues, SurveyQuestion, type Answers } from '@linli/shared/surveys';
import { answersToSend, carriedOver, issuesByQuestion, submitIssues, tappedOption, tappedScore, withAnswer } from './answers';

const question = (input: Record<string, unknown>) => SurveyQuestion.parse(input);

/** NPS, "why" only for 0–6, a multiple choice, and a comment only when 'price' was chosen. */
const QUESTIONS = [
  question({ questionId: 'q1', kind: 'nps', title: '推荐意愿' }),
  question({ questionId: 'q2', kind: 'long-text', title: '原因', required: true, showIf: { questionId: 'q1', max: 6 } }),
  question({
    questionId: 'q3',
    kind: 'multiple',
    title: '改进',
    required: false,
    options: [
      { optionId: 'o1', label: '价格' },
      { optionId: 'o2', label: '速度' },
      { optionId: 'o3', label: '包装' },
    ],
  }),
  question({ questionId: 'q4', kind: 'short-text', title: '价格', required: false, showIf: { questionId: 'q3', anyOf: ['o1'] } }),
  question({
    questionId: 'q5',
    kind: 'single',
    title: '渠道',
    required: false,
    options: [
      { optionId: 'o4', label: '朋友' },
      { optionId: 'o5', label: '广告' },
    ],
  }),
];

describe('the answers sent', () => {
  it('leave out the answer to a question a later change hid, and bring it back when the change is undone', () => {
    let answers: Answers = withAnswer({}, 'q1', 3);
    answers = withAnswer(answers, 'q2', '太慢了');
    expect(answersToSend(QUESTIONS, answers)).toEqual({ q1: 3, q2: '太慢了' });
    answers = withAnswer(answers, 'q1', 9);
    // The server refuses an answer to a hidden question: it is not sent…
    expect(answersToSend(QUESTIONS, answers)).toEqual({ q1: 9 });
    expect(answerIssues(QUESTIONS, answersToSend(QUESTIONS, answers), { complete: true })).toEqual([]);
    // …but kept, should the buyer go back to 3.
    expect(answersToSend(QUESTIONS, withAnswer(answers, 'q1', 3))).toEqual({ q1: 3, q2: '太慢了' });
  });

  it('trim text and leave out blank answers and empty choices', () => {
    let answers = withAnswer({ q1: 5 }, 'q2', '  贵  ');
    answers = withAnswer(answers, 'q3', []);
    expect(answers).not.toHaveProperty('q3');
    expect(answersToSend(QUESTIONS, { ...answers, q4: '   ' })).toEqual({ q1: 5, q2: '贵' });
  });
});

describe('taps', () => {
  it('set a score, and clear it on a second tap only when the question is optional', () => {
    const optional = question({ questionId: 'q9', kind: 'stars', title: '星级', required: false });
    expect(tappedScore(QUESTIONS[0]!, undefined, 7)).toBe(7);
    expect(tappedScore(QUESTIONS[0]!, 7, 7)).toBe(7);
    expect(tappedScore(optional, 4, 4)).toBeUndefined();
  });

  it('replace a single choice and toggle multiple ones, kept in the question’s order', () => {
    expect(tappedOption(QUESTIONS[4]!, ['o4'], 'o5')).toEqual(['o5']);
    expect(tappedOption(QUESTIONS[4]!, ['o4'], 'o4')).toBeUndefined();
    expect(tappedOption(QUESTIONS[2]!, ['o3'], 'o1')).toEqual(['o1', 'o3']);
    expect(tappedOption(QUESTIONS[2]!, ['o1', 'o3'], 'o3')).toEqual(['o1']);
    expect(tappedOption(QUESTIONS[2]!, ['o1'], 'o1')).toBeUndefined();
  });
});

describe('before submitting', () => {
  it('names each required question shown and left blank, in Chinese, and no hidden one', () => {
    expect(submitIssues(QUESTIONS, {})).toEqual({ q1: '请回答这道题' });
    expect(submitIssues(QUESTIONS, { q1: 2 })).toEqual({ q2: '请回答这道题' });
    expect(submitIssues(QUESTIONS, { q1: 10 })).toEqual({});
  });

  it('places the server’s SURVEY_ANSWERS_INVALID issues on their questions', () => {
    expect(
      issuesByQuestion([
        { path: 'answers.q2', message: 'required' },
        { path: 'q3', message: 'unknown-option' },
        { path: 'answers.q4', message: 'Something else' },
        { path: 'answers', message: 'required' },
      ]),
    ).toEqual({ q2: '请回答这道题', q3: '选项已更新，请重新选择', q4: '请检查这道题的回答' });
  });
});

describe('a newer version', () => {
  it('keeps the answers that still fit and drops the rest, with the questions they revealed', () => {
    const newer = [
      question({ questionId: 'q1', kind: 'csat', title: '满意度' }),
      question({ questionId: 'q2', kind: 'long-text', title: '原因', required: false, showIf: { questionId: 'q1', max: 2 } }),
      QUESTIONS[2]!,
      QUESTIONS[3]!,
      question({
        questionId: 'q5',
        kind: 'single',
        title: '渠道',
        required: false,
        options: [
          { optionId: 'o6', label: '其他' },
          { optionId: 'o5', label: '广告' },
        ],
      }),
    ];
    // 9 is no CSAT score: q1 goes, and q2 (asked only after q1) with it.
    expect(carriedOver(newer, { q1: 9, q2: '原因', q3: ['o1'], q4: '贵', q5: ['o4'] })).toEqual({ q3: ['o1'], q4: '贵' });
    expect(carriedOver(newer, { q1: 2, q2: '原因', q5: ['o5'] })).toEqual({ q1: 2, q2: '原因', q5: ['o5'] });
  });
});
