import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { Survey } from '@linli/shared/surveys';
import { listSurveys } from '@/api/staff-surveys';
import { isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { openSurvey, openSurveyInsight, openSurveySettings } from '@/staff/survey-pages';
import { surveyClosesText, surveyStatusText, surveyVersionText } from '@/staff/survey-words';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';
import '@/staff/surveys.css';

/** 问卷调查 (supervisors read, admins build): every survey with its state, version and responses. */
export default function SurveysPage() {
  return (
    <StaffFrame title="问卷调查">
      <SurveysContent />
    </StaffFrame>
  );
}

const FORBIDDEN_TEXT = '问卷调查仅限主管和管理员使用';

function SurveysContent() {
  const canEdit = (loadSession()?.roles ?? []).includes('admin');
  const surveys = useResource(listSurveys);
  const desktop = useDesktop();

  useRefreshOnReturn(() => void surveys.reload());
  usePullDownRefresh(async () => {
    await surveys.reload();
    Taro.stopPullDownRefresh();
  });

  if (surveys.state.status === 'loading') return <Loading rows={4} />;
  if (surveys.state.status === 'error') {
    return isForbidden(surveys.state.error) ? (
      <Forbidden text={FORBIDDEN_TEXT} />
    ) : (
      <ErrorState message={surveys.state.message} onRetry={() => void surveys.reload()} />
    );
  }
  // The built-in complaint-resolution CSAT after the operators' own.
  const items = [...surveys.state.data.items].sort((a, b) => Number(a.builtIn) - Number(b.builtIn));
  const own = items.filter((survey) => !survey.builtIn);
  return (
    <View className="page surveys" data-testid="surveys">
      <View className="care-links">
        <Text className="segment-action surveys-open-settings" data-testid="surveys-open-settings" onClick={openSurveySettings}>
          问卷设置
        </Text>
      </View>
      {canEdit && (
        <Button className="btn btn--primary staff-add survey-new" data-testid="survey-new" onClick={() => openSurvey()}>
          新建问卷
        </Button>
      )}
      {own.length === 0 && (
        <EmptyState text="还没有问卷。新建一份 NPS 或满意度问卷，可在首页邀请会员填写、随关怀消息发送，或生成小程序码贴在包裹里。" />
      )}
      {desktop ? (
        <StaffTable
          testId="surveys-table"
          rows={items}
          columns={COLUMNS}
          rowKey={(survey) => survey.surveyId}
          rowProps={() => ({ 'data-testid': 'survey-row' })}
          onRowClick={(survey) => openSurvey(survey.surveyId)}
        />
      ) : (
        items.map((survey) => <SurveyRow key={survey.surveyId} survey={survey} />)
      )}
    </View>
  );
}

function StatusBadge({ survey }: { survey: Survey }) {
  return (
    <Text className={`care-state survey-status survey-status--${survey.status}`} data-testid="survey-status">
      {surveyStatusText(survey)}
    </Text>
  );
}

function SurveyRow({ survey }: { survey: Survey }) {
  return (
    <View className="staff-row survey-row" data-testid="survey-row" onClick={() => openSurvey(survey.surveyId)}>
      <View className="staff-row__head">
        <Text className="staff-row__name survey-name" data-testid="survey-name">
          {survey.definition.name}
        </Text>
        {survey.builtIn ? <Text className="muted">系统内置</Text> : <StatusBadge survey={survey} />}
      </View>
      {survey.builtIn && <Text className="muted survey-row__line">投诉处理完成后，客户的评分自动记为这份满意度问卷的回答，题目固定。</Text>}
      <View className="staff-row__figures survey-figures" data-testid="survey-figures">
        <Text>{surveyVersionText(survey)}</Text>
        <Text className="survey-responses" data-testid="survey-responses">
          已回收 {survey.responses} 份
        </Text>
        {!survey.builtIn && <Text>截止：{surveyClosesText(survey)}</Text>}
      </View>
      <InsightLink survey={survey} />
    </View>
  );
}

/** 查看数据: the survey's 满意度看板 (a draft has no answers yet); a tap on it does not open the builder too. */
function InsightLink({ survey }: { survey: Survey }) {
  if (survey.version === 0) return null;
  return (
    <Text
      className="segment-action survey-open-insight"
      data-testid="survey-open-insight"
      onClick={(event) => {
        event.stopPropagation();
        openSurveyInsight(survey.surveyId);
      }}
    >
      查看数据
    </Text>
  );
}

const COLUMNS: StaffTableColumn<Survey>[] = [
  {
    key: 'name',
    label: '名称',
    wide: true,
    sortValue: (survey) => survey.definition.name,
    render: (survey) => (
      <View className="care-table-name">
        <Text className="care-table-name__text">{survey.definition.name}</Text>
        {survey.builtIn ? <Text className="muted">系统内置</Text> : <StatusBadge survey={survey} />}
      </View>
    ),
  },
  { key: 'version', label: '版本', sortValue: (survey) => survey.version, render: surveyVersionText },
  {
    key: 'responses',
    label: '已回收',
    numeric: true,
    descFirst: true,
    sortValue: (survey) => survey.responses,
    render: (survey) => `${survey.responses} 份`,
  },
  { key: 'closes', label: '截止', render: (survey) => (survey.builtIn ? '—' : surveyClosesText(survey)) },
  { key: 'insight', label: '数据', render: (survey) => <InsightLink survey={survey} /> },
];
