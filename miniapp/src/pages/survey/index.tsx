import { useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { shownQuestions, type AnswerValue, type Answers, type BuyerSurvey, type SurveySubmitResult } from '@linli/shared/surveys';
import { getBuyerSurvey, saveSurveyDraft, submitSurvey } from '@/api/surveys';
import { ApiError, errorText } from '@/api/errors';
import { newRequestId } from '@/api/request-id';
import { useResource } from '@/hooks/useResource';
import { useDraftSaver } from '@/hooks/useDraftSaver';
import { ErrorState, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { questionAnchor, SurveyQuestions } from '@/components/survey-form';
import { answersToSend, carriedOver, issuesByQuestion, submitIssues, withAnswer } from '@/components/survey-form/answers';
import {
  blockOfError,
  blockOfSurvey,
  rewardEarnedText,
  rewardOfferText,
  SURVEY_BLOCK_TEXT,
  surveyLaunch,
  type SurveyBlock,
  type SurveyLaunch,
} from '@/format/surveys';
import './index.css';

const HOME = '/pages/index/index';

/**
 * 问卷调查: a survey as the buyer answers it, opened from the home card, a link, a care message or a
 * 小程序码 (`scene`). The draft is saved as the buyer goes and when the page is left, and picked up
 * on the next visit; a submission is sent with one request id however often it is retried.
 */
export default function SurveyPage() {
  const params = useRouter().params;
  const launch = useMemo(() => surveyLaunch(params), [params]);
  if (!launch.surveyId) return <BlockedScreen block="not-found" />;
  return <SurveyContent launch={{ ...launch, surveyId: launch.surveyId }} />;
}

function SurveyContent({ launch }: { launch: SurveyLaunch & { surveyId: string } }) {
  const survey = useResource(() => getBuyerSurvey(launch.surveyId));
  const [block, setBlock] = useState<SurveyBlock | null>(null);
  const [result, setResult] = useState<SurveySubmitResult | null>(null);
  const [reloading, setReloading] = useState(false);
  /** The answers given when a newer version interrupted: carried into it once it is loaded. */
  const carried = useRef<Answers | null>(null);

  if (result) return <ThankYou result={result} />;
  if (reloading) return <Loading rows={5} />;
  if (block === 'outdated') {
    const reload = async () => {
      // The version answered is gone: nothing of it is shown (or saved) until the newer one is here.
      setReloading(true);
      await survey.reload();
      setBlock(null);
      setReloading(false);
    };
    return <BlockedScreen block="outdated" action={{ label: '重新加载', run: () => void reload() }} />;
  }
  if (block) return <BlockedScreen block={block} />;
  if (survey.state.status === 'loading') return <Loading rows={5} />;
  if (survey.state.status === 'error') {
    const blocked = blockOfError(survey.state.error);
    return blocked ? <BlockedScreen block={blocked} /> : <ErrorState message={survey.state.message} onRetry={() => void survey.reload()} />;
  }
  const data = survey.state.data;
  const blocked = blockOfSurvey(data);
  if (blocked) return <BlockedScreen block={blocked} />;
  const start = carriedOver(data.questions, carried.current ?? data.draft);
  return (
    <AnswerForm
      // A newer version starts the form again, with the answers that still fit.
      key={data.version}
      survey={data}
      launch={launch}
      initial={start}
      onBlocked={(next, answers) => {
        carried.current = answers;
        setBlock(next);
      }}
      onDone={setResult}
    />
  );
}

interface AnswerFormProps {
  survey: BuyerSurvey;
  launch: SurveyLaunch & { surveyId: string };
  initial: Answers;
  onBlocked: (block: SurveyBlock, answers: Answers) => void;
  onDone: (result: SurveySubmitResult) => void;
}

function AnswerForm({ survey, launch, initial, onBlocked, onDone }: AnswerFormProps) {
  const { questions } = survey;
  const [answers, setAnswers] = useState<Answers>(initial);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  // One id per submission of this form, reused on every retry: a retry never records a second response.
  const requestId = useRef(newRequestId());
  const finished = useRef(false);

  const saver = useDraftSaver(
    (sent) => saveSurveyDraft(survey.surveyId, survey.version, sent).then(() => undefined),
    (error) => {
      // Once submitted (or while submitting) a late draft save may be refused: that is no news.
      if (finished.current || busyRef.current) return;
      const blocked = blockOfError(error);
      if (blocked) {
        saver.stop();
        onBlocked(blocked, answers);
      }
      // Any other failure: the next change or leaving the page tries again; answering goes on.
    },
  );
  // What the server holds already is not saved again.
  const marked = useRef(false);
  if (!marked.current) {
    saver.markSaved(answersToSend(questions, survey.draft));
    marked.current = true;
  }

  const answer = (questionId: string, value: AnswerValue | undefined) => {
    const next = withAnswer(answers, questionId, value);
    setAnswers(next);
    setIssues((previous) => {
      if (!(questionId in previous)) return previous;
      const rest = { ...previous };
      delete rest[questionId];
      return rest;
    });
    setFailure(null);
    saver.change(answersToSend(questions, next));
  };

  const scrollToFirstIssue = (found: Record<string, string>) => {
    const number = shownQuestions(questions, answers).findIndex((question) => question.questionId in found) + 1;
    if (number > 0) Taro.pageScrollTo({ selector: `#${questionAnchor(number)}`, duration: 200 }).catch(() => undefined);
  };

  const submit = async () => {
    if (busyRef.current) return;
    const local = submitIssues(questions, answers);
    if (Object.keys(local).length > 0) {
      setIssues(local);
      setFailure(`还有 ${Object.keys(local).length} 道题需要完善`);
      scrollToFirstIssue(local);
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    saver.stop();
    try {
      const result = await submitSurvey(survey.surveyId, {
        requestId: requestId.current,
        version: survey.version,
        answers: answersToSend(questions, answers),
        source: launch.source,
        ...(launch.orderId ? { orderId: launch.orderId } : {}),
      });
      finished.current = true;
      onDone(result);
    } catch (error) {
      const blocked = blockOfError(error);
      if (blocked) {
        finished.current = true;
        onBlocked(blocked, answers);
        return;
      }
      saver.resume();
      if (error instanceof ApiError && error.code === 'SURVEY_ANSWERS_INVALID') {
        const found = issuesByQuestion(error.issues);
        setIssues(found);
        scrollToFirstIssue(found);
      }
      setFailure(errorText(error));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const offer = rewardOfferText(survey.rewardPoints);
  return (
    <View className="page survey-page" data-testid="survey-page">
      <View className="card survey-head">
        <Text className="survey-head__title" data-testid="survey-title">
          {survey.title}
        </Text>
        {survey.intro && <Text className="survey-head__intro">{survey.intro}</Text>}
        {offer && (
          <Text className="survey-head__reward" data-testid="survey-reward-offer">
            {offer}
          </Text>
        )}
        <Text className="muted survey-head__note">带 * 的为必答题，填写内容会自动保存</Text>
      </View>
      <View className="card">
        <SurveyQuestions questions={questions} answers={answers} onAnswer={answer} issues={issues} disabled={busy} />
      </View>
      {failure && (
        <Text className="notice notice--error survey-failure" data-testid="survey-failure">
          {failure}
        </Text>
      )}
      <Button className="btn btn--primary survey-submit" data-testid="survey-submit" {...whileBusy(busy)} onClick={() => void submit()}>
        提交
      </Button>
    </View>
  );
}

function ThankYou({ result }: { result: SurveySubmitResult }) {
  const reward = rewardEarnedText(result.rewardPoints);
  return (
    <View className="page survey-end survey-thank-you" data-testid="survey-thank-you">
      <View className="card survey-end__card">
        <Text className="survey-end__mark survey-end__mark--ok">✓</Text>
        <Text className="survey-end__title">提交成功</Text>
        <Text className="survey-end__text survey-thank-you__text" data-testid="survey-thank-you-text">
          {result.thankYou}
        </Text>
        {reward && (
          <Text className="survey-end__reward survey-reward" data-testid="survey-reward">
            {reward}
          </Text>
        )}
      </View>
      {reward && (
        <Button
          className="btn btn--ghost"
          data-testid="survey-to-points"
          onClick={() => void Taro.redirectTo({ url: '/pages/points/index' })}
        >
          查看积分
        </Button>
      )}
      <Button className="btn btn--primary" data-testid="survey-home" onClick={() => void Taro.switchTab({ url: HOME })}>
        返回首页
      </Button>
    </View>
  );
}

/** Why the questions are not shown: not found, closed, already answered, a newer version, not a member. */
function BlockedScreen({ block, action }: { block: SurveyBlock; action?: { label: string; run: () => void } }) {
  const { title, text } = SURVEY_BLOCK_TEXT[block];
  return (
    <View className={`page survey-end survey-blocked survey-blocked--${block}`} data-testid="survey-blocked" data-block={block}>
      <View className="card survey-end__card">
        <Text className="survey-end__mark">{block === 'answered' ? '✓' : 'i'}</Text>
        <Text className="survey-end__title" data-testid="survey-blocked-title">
          {title}
        </Text>
        <Text className="survey-end__text">{text}</Text>
      </View>
      {action && (
        <Button className="btn btn--primary survey-blocked-action" data-testid="survey-blocked-action" onClick={action.run}>
          {action.label}
        </Button>
      )}
      {block === 'not-member' && (
        <Button className="btn btn--primary" data-testid="survey-join" onClick={() => void Taro.navigateTo({ url: '/pages/join/index' })}>
          加入会员
        </Button>
      )}
      <Button className="btn btn--ghost" data-testid="survey-home" onClick={() => void Taro.switchTab({ url: HOME })}>
        返回首页
      </Button>
    </View>
  );
}
