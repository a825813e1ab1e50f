import { useEffect, useMemo, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Picker, Text, View } from '@tarojs/components';
import { CSV_ROW_LIMIT, type SurveyInsight, type SurveyResponseView } from '@linli/shared/survey-stats';
import { exportSurveyResponses, getSurveyInsight, listSurveyResponses } from '@/api/survey-insight';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { usePagedList } from '@/hooks/usePagedList';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { formatShanghaiDateTime, shanghaiToday } from '@/format/time';
import { StaffFrame } from '@/staff/staff-frame';
import { InsightChart } from '@/insight/charts/insight-chart';
import {
  SURVEY_PERIOD_NAMES,
  SURVEY_PERIODS,
  breakdownTables,
  choiceRows,
  classSharesOf,
  comparisonOf,
  distributionSpec,
  exportNotice,
  followUpText,
  headlineOf,
  pickedRange,
  responseFiltersFor,
  responsesQuery,
  surveyPeriodRange,
  trendHasAnswers,
  trendSpec,
  type DayRange,
  type ResponseFilter,
  type SurveyPeriod,
} from '@/insight/survey-view';
import './index.css';

/**
 * 满意度看板 (supervisors, admins): one survey's NPS or CSAT over a period with its margin of
 * error, the change from the period before, distribution, trend, breakdowns by segment, choices,
 * follow-ups and sources; then the answers themselves, filtered, and their CSV export. In the
 * insight subpackage with 客户洞察, where the chart library already is.
 */
export default function SurveyInsightPage() {
  return (
    <StaffFrame title="满意度看板">
      <SurveyInsightContent />
    </StaffFrame>
  );
}

const FORBIDDEN_TEXT = '满意度看板仅限主管和管理员查看';

function SurveyInsightContent() {
  const surveyId = useRouter().params.id ?? '';
  const roles = loadSession()?.roles ?? [];
  const allowed = roles.includes('admin') || roles.includes('supervisor');
  const today = shanghaiToday(new Date());
  const [period, setPeriod] = useState<SurveyPeriod>('last90');
  const [range, setRange] = useState<DayRange>(() => surveyPeriodRange('last90', today));
  const [questionId, setQuestionId] = useState<string | null>(null);
  const insight = useResource(
    () =>
      surveyId
        ? getSurveyInsight(surveyId, { from: range.from, to: range.to, ...(questionId ? { questionId } : {}) })
        : Promise.reject(new ApiError('SURVEY_NOT_FOUND', 404, 'No id in the page query')),
    { enabled: allowed },
  );
  useReloadOnChange(insight.reload, [range.from, range.to, questionId]);
  usePullDownRefresh(async () => {
    await insight.reload();
    Taro.stopPullDownRefresh();
  });

  const name = insight.state.status === 'ready' ? insight.state.data.surveyName : null;
  useEffect(() => {
    if (name) void Taro.setNavigationBarTitle({ title: `${name} · 满意度` }).catch(() => undefined);
  }, [name]);

  if (!allowed) return <Forbidden text={FORBIDDEN_TEXT} />;
  if (insight.state.status === 'error') {
    if (isForbidden(insight.state.error)) return <Forbidden text={FORBIDDEN_TEXT} />;
    const gone = insight.state.error instanceof ApiError && insight.state.error.code === 'SURVEY_NOT_FOUND';
    if (gone) return <EmptyState text="这份问卷已不存在" />;
  }

  const choosePeriod = (next: SurveyPeriod) => {
    setPeriod(next);
    if (next !== 'custom') setRange(surveyPeriodRange(next, today));
  };
  const pick = (end: 'from' | 'to', day: string) => {
    setPeriod('custom');
    setRange(pickedRange(range, end, day));
  };
  const data = insight.state.status === 'ready' ? insight.state.data : null;

  return (
    <View className="page survey-insight" data-testid="survey-insight">
      {data && (
        <Text className="survey-insight__name" data-testid="survey-insight-name">
          {data.surveyName}
        </Text>
      )}
      <View className="card survey-insight__controls">
        <View className="sv-chips" data-testid="survey-insight-periods">
          {SURVEY_PERIODS.map((value) => (
            <Text
              key={value}
              className={`sv-chip survey-insight-period--${value} ${period === value ? 'sv-chip--on' : ''}`}
              data-testid={`survey-insight-period-${value}`}
              onClick={() => choosePeriod(value)}
            >
              {SURVEY_PERIOD_NAMES[value]}
            </Text>
          ))}
        </View>
        {period === 'custom' && (
          <View className="survey-insight__dates">
            <Picker mode="date" value={range.from} end={today} onChange={(event) => pick('from', String(event.detail.value))}>
              <Text className="survey-insight__date" data-testid="survey-insight-from">
                {range.from}
              </Text>
            </Picker>
            <Text>至</Text>
            <Picker mode="date" value={range.to} end={today} onChange={(event) => pick('to', String(event.detail.value))}>
              <Text className="survey-insight__date" data-testid="survey-insight-to">
                {range.to}
              </Text>
            </Picker>
          </View>
        )}
        {data && data.ratedQuestions.length > 1 && (
          <View className="sv-chips survey-insight__questions" data-testid="survey-insight-questions">
            {data.ratedQuestions.map((question, index) => (
              <Text
                key={question.questionId}
                className={`sv-chip survey-insight-question ${data.question?.questionId === question.questionId ? 'sv-chip--on' : ''}`}
                data-testid="survey-insight-question"
                onClick={() => setQuestionId(question.questionId)}
              >
                {`第 ${index + 1} 题：${question.title}`}
              </Text>
            ))}
          </View>
        )}
      </View>
      {insight.state.status === 'loading' ? (
        <Loading rows={6} />
      ) : insight.state.status === 'error' ? (
        <ErrorState message={insight.state.message} onRetry={() => void insight.reload()} />
      ) : data!.responses === 0 ? (
        <EmptyState text="还没有回答" />
      ) : (
        <Figures insight={data!} />
      )}
      {data && data.responses > 0 && (
        <>
          <ExportCard insight={data} surveyId={surveyId} />
          <Answers surveyId={surveyId} range={range} insight={data} />
        </>
      )}
    </View>
  );
}

function Figures({ insight }: { insight: SurveyInsight }) {
  const headline = headlineOf(insight);
  const comparison = comparisonOf(insight);
  const shares = classSharesOf(insight);
  const tables = breakdownTables(insight);
  const specs = useMemo(
    () => ({ distribution: distributionSpec(insight), weeks: trendSpec(insight, 'weeks'), months: trendSpec(insight, 'months') }),
    [insight],
  );
  return (
    <View data-testid="survey-insight-figures">
      {headline ? (
        <View className="card survey-headline" data-testid="survey-headline">
          <Text className="survey-headline__metric">{headline.metricName}</Text>
          <Text className="survey-headline__question muted">{insight.question?.title}</Text>
          <View className="survey-headline__figure">
            <Text className="survey-headline__value" data-testid="survey-headline-value">
              {headline.value}
            </Text>
            <Text className="survey-headline__margin" data-testid="survey-headline-margin">
              {headline.margin}
            </Text>
          </View>
          <Text className="survey-headline__basis" data-testid="survey-headline-basis">
            {[headline.basis, headline.average].filter(Boolean).join(' · ')}
          </Text>
          {headline.warning && (
            <Text className="survey-headline__warning" data-testid="survey-headline-warning">
              {headline.warning}
            </Text>
          )}
          {comparison && (
            <View className="survey-change" data-testid="survey-change">
              <Text className={`survey-change__verdict survey-change__verdict--${comparison.tone}`} data-testid="survey-change-verdict">
                {comparison.verdict}
              </Text>
              <Text className="survey-change__detail" data-testid="survey-change-detail">
                {comparison.detail}
              </Text>
            </View>
          )}
          <Text className="survey-headline__note muted">±为 95% 误差范围；少于 30 份回答的数字误差较大。</Text>
        </View>
      ) : (
        <EmptyState text="这份问卷没有评分题，下面只统计选择题和文字回答。" />
      )}

      <View className="survey-insight__grid">
        {headline && (
          <InsightChart title="分数分布" spec={specs.distribution} testId="survey-distribution" note={insight.question?.title} />
        )}
        {shares.length > 0 && (
          <View className="card" data-testid="survey-classes">
            <Text className="card__title">推荐者、中立者与贬损者</Text>
            {shares.map((row) => (
              <View key={row.key} className={`sv-row survey-class survey-class--${row.key}`} data-testid="survey-class">
                <Text className="sv-row__label">{row.label}</Text>
                <Text className="sv-row__value">{`${row.count} 人 · ${row.share}`}</Text>
              </View>
            ))}
            <Text className="insight-chart__note muted">NPS = 推荐者占比 − 贬损者占比。</Text>
          </View>
        )}
        {headline && (
          <>
            <InsightChart
              title="按周趋势"
              spec={trendHasAnswers(insight, 'weeks') ? specs.weeks : { ...specs.weeks, series: [] }}
              testId="survey-trend-weeks"
              note="虚线为 95% 误差范围的上下限；回答越少，范围越宽。"
            />
            <InsightChart
              title="按月趋势"
              spec={trendHasAnswers(insight, 'months') ? specs.months : { ...specs.months, series: [] }}
              testId="survey-trend-months"
            />
          </>
        )}
      </View>

      {headline && (
        <View className="card" data-testid="survey-breakdowns">
          <Text className="card__title">{`分组对比（${headline.metricName}）`}</Text>
          {!insight.breakdownsKept && <Text className="muted">这道题没有按客户分组统计。</Text>}
          {tables.map((table) => (
            <View key={table.key} className="sv-table" data-testid={`survey-breakdown-${table.key}`}>
              <Text className="sv-table__title">{table.name}</Text>
              {table.rows.length === 0 ? (
                <Text className="muted">暂无数据</Text>
              ) : (
                <>
                  <View className="sv-table__row sv-table__row--head">
                    <Text className="sv-table__name">分组</Text>
                    <Text className="sv-table__n">回答数</Text>
                    <Text className="sv-table__score">得分</Text>
                  </View>
                  {table.rows.map((row) => (
                    <View key={row.key} className="sv-table__row" data-testid="survey-breakdown-row">
                      <Text className="sv-table__name">{row.label}</Text>
                      <Text className="sv-table__n">{row.n}</Text>
                      <Text className={`sv-table__score ${row.tooFew ? 'muted' : ''}`}>{row.score}</Text>
                    </View>
                  ))}
                </>
              )}
            </View>
          ))}
          <Text className="insight-chart__note muted">
            按客户回答时所在的等级、分类、阶段、品类和地区统计；灰色为回答少于 30 份的分组。
          </Text>
        </View>
      )}

      {insight.choices.map((choice) => (
        <View key={choice.questionId} className="card" data-testid="survey-choice">
          <Text className="card__title">{choice.title}</Text>
          <Text className="muted">{`${choice.answered} 人作答${choice.kind === 'multiple' ? '（可多选）' : ''}`}</Text>
          {choiceRows(choice).map((row) => (
            <View key={row.key} className="sv-row survey-choice-option" data-testid="survey-choice-option">
              <Text className="sv-row__label">{row.label}</Text>
              <Text className="sv-row__value">{`${row.count} 人 · ${row.share}`}</Text>
            </View>
          ))}
        </View>
      ))}

      <View className="survey-insight__grid">
        <View className="card" data-testid="survey-follow-ups">
          <Text className="card__title">回访</Text>
          {insight.followUps.opened.map((row) => (
            <View key={row.reason} className="sv-row" data-testid="survey-follow-up-opened">
              <Text className="sv-row__label">{`新建回访 · ${row.label}`}</Text>
              <Text className="sv-row__value">{`${row.count} 个`}</Text>
            </View>
          ))}
          {insight.followUps.outcomes.map((row) => (
            <View key={row.outcome} className="sv-row" data-testid="survey-follow-up-outcome">
              <Text className="sv-row__label">{`回访结果 · ${row.label}`}</Text>
              <Text className="sv-row__value">{`${row.count} 个`}</Text>
            </View>
          ))}
        </View>
        <View className="card" data-testid="survey-sources">
          <Text className="card__title">回答来源</Text>
          {insight.sources.map((row) => (
            <View key={row.source} className="sv-row" data-testid="survey-source">
              <Text className="sv-row__label">{row.label}</Text>
              <Text className="sv-row__value">{`${row.count} 份`}</Text>
            </View>
          ))}
          {insight.textAnswers.map((row) => (
            <View key={row.questionId} className="sv-row">
              <Text className="sv-row__label">{`文字回答 · ${row.title}`}</Text>
              <Text className="sv-row__value">{`${row.count} 条`}</Text>
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}

/** 导出 CSV: the period's answers, a file to forward in WeChat or to download on a desktop. */
function ExportCard({ insight, surveyId }: { insight: SurveyInsight; surveyId: string }) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const run = async () => {
    if (busy) return;
    setBusy(true);
    setNotice(null);
    try {
      await exportSurveyResponses({ surveyId, name: insight.surveyName }, insight.from, insight.to);
      const partial = exportNotice(insight.responses, CSV_ROW_LIMIT);
      setNotice({ text: partial ?? `已导出 ${insight.responses} 条回答`, error: false });
    } catch (error) {
      setNotice({ text: `导出失败：${errorText(error)}`, error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="card" data-testid="survey-export-card">
      <Button className="btn btn--ghost" data-testid="survey-export" {...whileBusy(busy)} onClick={() => void run()}>
        导出 CSV
      </Button>
      <Text className="muted survey-export__hint">导出所选时间段的全部回答，每份回答一行。</Text>
      {notice && (
        <Text className={`notice ${notice.error ? 'notice--error' : ''}`} data-testid="survey-export-notice">
          {notice.text}
        </Text>
      )}
    </View>
  );
}

/** 回答明细: the period's answers, newest first, with a score filter and 有文字回答; more by 加载更多. */
function Answers({ surveyId, range, insight }: { surveyId: string; range: DayRange; insight: SurveyInsight }) {
  const questionId = insight.question?.questionId ?? null;
  const [filter, setFilter] = useState<ResponseFilter>('all');
  const [withText, setWithText] = useState(false);
  const filters = responseFiltersFor(insight.question?.metric ?? null);
  const list = usePagedList((cursor?: string) =>
    listSurveyResponses(surveyId, responsesQuery({ range, questionId, filter, withText }, cursor)),
  );
  useReloadOnChange(list.refresh, [range.from, range.to, questionId, filter, withText]);
  // A question without this filter (another kind chosen): back to 全部.
  useEffect(() => {
    if (!filters.some((option) => option.key === filter)) setFilter('all');
  }, [filters, filter]);

  return (
    <View className="card survey-answers" data-testid="survey-answers">
      <Text className="card__title">回答明细</Text>
      <View className="sv-chips">
        {filters.map((option) => (
          <Text
            key={option.key}
            className={`sv-chip survey-answers-filter--${option.key} ${filter === option.key ? 'sv-chip--on' : ''}`}
            data-testid={`survey-answers-filter-${option.key}`}
            onClick={() => setFilter(option.key)}
          >
            {option.label}
          </Text>
        ))}
        <Text
          className={`sv-chip survey-answers-with-text ${withText ? 'sv-chip--on' : ''}`}
          data-testid="survey-answers-with-text"
          onClick={() => setWithText(!withText)}
        >
          有文字回答
        </Text>
      </View>
      {list.state.status === 'loading' ? (
        <Loading rows={3} />
      ) : list.state.status === 'error' ? (
        <ErrorState message={list.state.message} onRetry={() => void list.refresh()} />
      ) : list.state.items.length === 0 ? (
        <Text className="muted survey-answers__none" data-testid="survey-answers-none">
          {list.state.nextCursor ? '已读的回答里没有符合条件的，点「加载更多」继续查找' : '没有符合条件的回答'}
        </Text>
      ) : (
        list.state.items.map((item) => <AnswerRow key={item.responseId} item={item} />)
      )}
      {list.state.status === 'ready' && (
        <ListFooter status={list.state.footer} onRetry={() => void list.loadMore()} onMore={() => void list.loadMore()} />
      )}
    </View>
  );
}

function AnswerRow({ item }: { item: SurveyResponseView }) {
  const followUp = followUpText(item.followUpReason, item.followUp);
  return (
    <View className="survey-answer" data-testid="survey-answer">
      <View className="survey-answer__head">
        <Text className="survey-answer__who">{item.nickname ?? '未设置昵称的会员'}</Text>
        <Text className="muted survey-answer__when">{`${formatShanghaiDateTime(item.completedAt)} · ${item.sourceLabel}`}</Text>
      </View>
      {item.answers.map((answer) => (
        <View key={answer.questionId} className="survey-answer__line">
          <Text className="survey-answer__question muted">{answer.title}</Text>
          <Text className="survey-answer__text">{answer.text}</Text>
        </View>
      ))}
      {followUp && (
        <Text className="survey-answer__follow-up" data-testid="survey-answer-follow-up">
          {followUp}
        </Text>
      )}
    </View>
  );
}
