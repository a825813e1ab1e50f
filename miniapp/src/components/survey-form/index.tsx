import { Input, Text, Textarea, View } from '@tarojs/components';
import {
  CSAT_LABELS,
  isChoice,
  SCORE_RANGE,
  shownQuestions,
  type Answers,
  type AnswerValue,
  type SurveyQuestion,
} from '@linli/shared/surveys';
import { NPS_ENDS, tappedOption, tappedScore, textLimit } from './answers';
import './index.css';

export interface SurveyQuestionsProps {
  /** Every question of the version; those the skip logic hides are left out as the answers change. */
  questions: readonly SurveyQuestion[];
  answers: Answers;
  onAnswer: (questionId: string, value: AnswerValue | undefined) => void;
  /** Problems by question id, shown under the question. */
  issues?: Readonly<Record<string, string>>;
  /** While submitting: taps do nothing. */
  disabled?: boolean;
}

/** The element id of the question shown `number`th (1-based), for scrolling to the first problem. */
export const questionAnchor = (number: number) => `survey-question-${number}`;

/**
 * A survey's questions as the buyer answers them, on the survey page and in the builder's preview:
 * the questions shown given the answers so far (answering NPS ≤ 6 reveals "why"), each with its
 * control, a required mark and its problem.
 */
export function SurveyQuestions({ questions, answers, onAnswer, issues = {}, disabled = false }: SurveyQuestionsProps) {
  const answer = (questionId: string, value: AnswerValue | undefined) => {
    if (!disabled) onAnswer(questionId, value);
  };
  return (
    <View className="survey-questions" data-testid="survey-questions">
      {shownQuestions(questions, answers).map((question, index) => (
        <View
          key={question.questionId}
          id={questionAnchor(index + 1)}
          className={`survey-question ${issues[question.questionId] ? 'survey-question--issue' : ''}`}
          data-testid="survey-question"
          data-kind={question.kind}
        >
          <View className="survey-question__head">
            <Text className="survey-question__number">{index + 1}.</Text>
            <Text className="survey-question__title" data-testid="survey-question-title">
              {question.title}
            </Text>
            {question.required && (
              <Text className="survey-question__required" data-testid="survey-question-required">
                *
              </Text>
            )}
          </View>
          {question.help && <Text className="survey-question__help">{question.help}</Text>}
          <QuestionControl
            question={question}
            value={answers[question.questionId]}
            onAnswer={(value) => answer(question.questionId, value)}
          />
          {issues[question.questionId] && (
            <Text className="survey-question__issue" data-testid="survey-question-issue">
              {issues[question.questionId]}
            </Text>
          )}
        </View>
      ))}
    </View>
  );
}

interface ControlProps {
  question: SurveyQuestion;
  value: AnswerValue | undefined;
  onAnswer: (value: AnswerValue | undefined) => void;
}

function QuestionControl(props: ControlProps) {
  const { question } = props;
  if (question.kind === 'nps') return <NpsRow {...props} />;
  if (question.kind === 'csat') return <CsatRow {...props} />;
  if (question.kind === 'stars') return <StarRow {...props} />;
  if (isChoice(question.kind)) return <Choices {...props} />;
  return <TextAnswer {...props} />;
}

/** 0–10 as a row of 11, 不可能 under 0 and 极有可能 under 10. */
function NpsRow({ question, value, onAnswer }: ControlProps) {
  const { min, max } = SCORE_RANGE.nps;
  return (
    <View className="survey-nps">
      <View className="survey-nps__row">
        {Array.from({ length: max - min + 1 }, (_, i) => min + i).map((score) => (
          <Text
            key={score}
            className={`survey-nps__score survey-score-${score} ${value === score ? 'survey-nps__score--on' : ''}`}
            data-testid={`survey-score-${score}`}
            onClick={() => onAnswer(tappedScore(question, value, score))}
          >
            {score}
          </Text>
        ))}
      </View>
      <View className="survey-nps__ends">
        <Text>{NPS_ENDS[0]}</Text>
        <Text>{NPS_ENDS[1]}</Text>
      </View>
    </View>
  );
}

/** 1–5, each with its word (非常不满意 … 非常满意). */
function CsatRow({ question, value, onAnswer }: ControlProps) {
  return (
    <View className="survey-csat">
      {CSAT_LABELS.map((label, i) => {
        const score = i + 1;
        return (
          <View
            key={score}
            className={`survey-csat__choice survey-score-${score} ${value === score ? 'survey-csat__choice--on' : ''}`}
            data-testid={`survey-score-${score}`}
            onClick={() => onAnswer(tappedScore(question, value, score))}
          >
            <Text className="survey-csat__score">{score}</Text>
            <Text className="survey-csat__label">{label}</Text>
          </View>
        );
      })}
    </View>
  );
}

function StarRow({ question, value, onAnswer }: ControlProps) {
  const chosen = typeof value === 'number' ? value : 0;
  return (
    <View className="survey-stars">
      {[1, 2, 3, 4, 5].map((score) => (
        <Text
          key={score}
          className={`survey-stars__star survey-score-${score} ${score <= chosen ? 'survey-stars__star--on' : ''}`}
          data-testid={`survey-score-${score}`}
          onClick={() => onAnswer(tappedScore(question, value, score))}
        >
          ★
        </Text>
      ))}
      {chosen > 0 && <Text className="survey-stars__count">{chosen} 星</Text>}
    </View>
  );
}

function Choices({ question, value, onAnswer }: ControlProps) {
  const chosen = Array.isArray(value) ? value : [];
  const multiple = question.kind === 'multiple';
  return (
    <View className="survey-choices">
      {multiple && <Text className="survey-choices__hint">可多选</Text>}
      {(question.options ?? []).map((option, i) => {
        const on = chosen.includes(option.optionId);
        return (
          <View
            key={option.optionId}
            className={`survey-choice survey-option-${i + 1} ${on ? 'survey-choice--on' : ''}`}
            data-testid={`survey-option-${i + 1}`}
            onClick={() => onAnswer(tappedOption(question, value, option.optionId))}
          >
            <Text className={`survey-choice__mark ${multiple ? 'survey-choice__mark--box' : ''}`}>{on ? (multiple ? '✓' : '●') : ''}</Text>
            <Text className="survey-choice__label">{option.label}</Text>
          </View>
        );
      })}
    </View>
  );
}

function TextAnswer({ question, value, onAnswer }: ControlProps) {
  const text = typeof value === 'string' ? value : '';
  const limit = textLimit(question);
  const counter = (
    <Text className={`survey-text__counter ${text.length > limit ? 'survey-text__counter--over' : ''}`} data-testid="survey-text-count">
      {text.length}/{limit}
    </Text>
  );
  if (question.kind === 'short-text') {
    return (
      <View className="survey-text-answer">
        <Input
          className="field survey-text survey-text__input"
          data-testid="survey-text"
          placeholder="请输入"
          maxlength={limit}
          value={text}
          onInput={(event) => onAnswer(event.detail.value)}
        />
        {counter}
      </View>
    );
  }
  return (
    <View className="survey-text-answer">
      <Textarea
        className="survey-text survey-text__area"
        data-testid="survey-text"
        placeholder="请输入"
        maxlength={limit}
        value={text}
        onInput={(event) => onAnswer(event.detail.value)}
      />
      {counter}
    </View>
  );
}
