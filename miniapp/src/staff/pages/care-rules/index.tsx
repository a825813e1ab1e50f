import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { CareEditorOptions, CareRuleSummary, ServiceNoticeSummary } from '@linli/shared/care-rules';
import { getCareEditorOptions, listCareRules } from '@/api/care';
import { isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { audienceText, priorityText, triggerText } from '@/format/care';
import { openCareDeadLetters, openCareLog, openCareRule, openCareSettings, openSeasonalCalendar } from '@/staff/care-pages';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';

/** 关怀计划 (supervisors read, admins change): every rule in words with what it did over the last 30 days. */
export default function CareRulesPage() {
  return (
    <StaffFrame title="关怀计划">
      <CareRulesContent />
    </StaffFrame>
  );
}

const FORBIDDEN_TEXT = '关怀计划仅限主管和管理员使用';

/** Names the rules' holidays and segments from the editor's options (loaded beside the list). */
function namesOf(options: CareEditorOptions | null) {
  const holidays = new Map(options?.holidays.map((holiday) => [holiday.key, holiday.name]));
  const segments = new Map(options?.segments.map((segment) => [segment.segmentId, segment.name]));
  const tips = new Map(options?.seasonalTips.map((tip) => [tip.tipId, tip.name]));
  return {
    trigger: (rule: CareRuleSummary) =>
      triggerText(
        rule.trigger,
        (key) => holidays.get(key),
        (tipId) => tips.get(tipId),
      ),
    audience: (rule: CareRuleSummary) => audienceText(rule.audience, (id) => segments.get(id)),
  };
}
type RuleNames = ReturnType<typeof namesOf>;

function CareRulesContent() {
  const roles = loadSession()?.roles ?? [];
  const canEdit = roles.includes('admin');
  const rules = useResource(listCareRules);
  const options = useResource(getCareEditorOptions);
  const desktop = useDesktop();
  const reload = async () => {
    await Promise.all([rules.reload(), options.reload()]);
  };

  useRefreshOnReturn(() => void reload());
  usePullDownRefresh(async () => {
    await reload();
    Taro.stopPullDownRefresh();
  });

  if (rules.state.status === 'loading') return <Loading rows={4} />;
  if (rules.state.status === 'error') {
    return isForbidden(rules.state.error) ? (
      <Forbidden text={FORBIDDEN_TEXT} />
    ) : (
      <ErrorState message={rules.state.message} onRetry={() => void reload()} />
    );
  }
  // Without the options a rule still shows; its holiday or segment reads as gone until they load.
  const names = namesOf(options.state.status === 'ready' ? options.state.data : null);
  const items = rules.state.data.items;
  return (
    <View className="page care-rules" data-testid="care-rules">
      <View className="care-links">
        <Text className="segment-action" data-testid="care-open-settings" onClick={openCareSettings}>
          发送设置
        </Text>
        <Text className="segment-action" data-testid="care-open-seasonal" onClick={openSeasonalCalendar}>
          时令日历
        </Text>
        <Text className="segment-action" data-testid="care-open-dead-letters" onClick={openCareDeadLetters}>
          失败消息
        </Text>
      </View>
      {canEdit && (
        <Button className="btn btn--primary staff-add" data-testid="care-rule-new" onClick={() => openCareRule()}>
          新建关怀计划
        </Button>
      )}
      {items.length === 0 ? (
        <EmptyState text="还没有关怀计划。为生日、节日、入会周年或客户阶段变化设置一条关怀消息，可附赠积分或优惠券，系统会按时自动发送。" />
      ) : desktop ? (
        <StaffTable
          testId="care-rules-table"
          rows={items}
          columns={columnsOf(names)}
          rowKey={(rule) => rule.ruleId}
          rowProps={() => ({ 'data-testid': 'care-rule-card' })}
          onRowClick={(rule) => openCareRule(rule.ruleId)}
        />
      ) : (
        items.map((rule) => <RuleCard key={rule.ruleId} rule={rule} names={names} />)
      )}
      {rules.state.data.serviceNotices.map((notice) => (
        <ServiceNoticeCard key={notice.ruleId} notice={notice} />
      ))}
      {items.length > 0 && (
        <Text className="muted care-note">
          近 30 天的消息：已发送；未发送（超过频率上限、会员未订阅、对照组等）；发送失败；待发送（已安排，尚未到发送时间）。
        </Text>
      )}
    </View>
  );
}

function StateBadge({ enabled }: { enabled: boolean }) {
  return (
    <Text className={`care-state ${enabled ? 'care-state--on' : ''}`} data-testid="care-rule-state">
      {enabled ? '已开启' : '已关闭'}
    </Text>
  );
}

function RuleCard({ rule, names }: { rule: CareRuleSummary; names: RuleNames }) {
  const figures = rule.last30Days;
  return (
    <View className="staff-row care-rule-card" data-testid="care-rule-card" onClick={() => openCareRule(rule.ruleId)}>
      <View className="staff-row__head">
        <Text className="staff-row__name" data-testid="care-rule-name">
          {rule.name}
        </Text>
        <StateBadge enabled={rule.enabled} />
      </View>
      <Text className="care-rule-card__line" data-testid="care-rule-trigger">
        {names.trigger(rule)}
      </Text>
      <Text className="care-rule-card__meta">
        {`发送对象：${names.audience(rule)} · 每天 ${rule.sendTime} 发送 · ${priorityText(rule.priority)}`}
      </Text>
      <View className="staff-row__figures" data-testid="care-rule-figures">
        <Text>已发送 {figures.sent}</Text>
        <Text>未发送 {figures.skipped}</Text>
        <Text>失败 {figures.failed}</Text>
        <Text>待发送 {figures.planned}</Text>
      </View>
      <Text
        className="segment-link care-rule-card__log"
        data-testid="care-rule-log"
        onClick={(event) => {
          event.stopPropagation();
          openCareLog(rule.ruleId);
        }}
      >
        发送记录 ›
      </Text>
    </View>
  );
}

/** A count of the last 30 days as a sortable number column. */
function countColumn(key: keyof CareRuleSummary['last30Days'], label: string): StaffTableColumn<CareRuleSummary> {
  return {
    key,
    label,
    numeric: true,
    descFirst: true,
    sortValue: (rule) => rule.last30Days[key],
    render: (rule) => `${rule.last30Days[key]} 条`,
  };
}

/**
 * A built-in service notice (等级变更, 积分到期提醒): read-only, with its figures and its log. It is sent
 * on its occasion, outside the caps and the marketing opt-out, to members who subscribed to it.
 */
function ServiceNoticeCard({ notice }: { notice: ServiceNoticeSummary }) {
  const figures = notice.last30Days;
  return (
    <View className="staff-row care-service-notice" data-testid="care-service-notice">
      <View className="staff-row__head">
        <Text className="staff-row__name">{`服务通知：${notice.name}`}</Text>
        <Text className="muted">系统内置</Text>
      </View>
      <Text className="muted">发生时自动发送给已订阅的会员，不占发送频率上限，免打扰时段顺延</Text>
      <View className="staff-row__figures">
        <Text>已发送 {figures.sent}</Text>
        <Text>未发送 {figures.skipped}</Text>
        <Text>失败 {figures.failed}</Text>
        <Text>待发送 {figures.planned}</Text>
      </View>
      <Text className="segment-link" data-testid="care-service-notice-log" onClick={() => openCareLog(notice.ruleId)}>
        发送记录 ›
      </Text>
    </View>
  );
}

/**
 * The desktop table: a rule a row (a click opens it), the state under the name, send time and priority
 * together, then the last 30 days' messages a number a column, so they line up and sort.
 */
function columnsOf(names: RuleNames): StaffTableColumn<CareRuleSummary>[] {
  return [
    {
      key: 'name',
      label: '名称',
      wide: true,
      sortValue: (rule) => rule.name,
      render: (rule) => (
        <View className="care-table-name">
          <Text className="care-table-name__text">{rule.name}</Text>
          <StateBadge enabled={rule.enabled} />
        </View>
      ),
    },
    { key: 'trigger', label: '触发', wide: true, render: (rule) => names.trigger(rule) },
    { key: 'audience', label: '发送对象', render: (rule) => names.audience(rule) },
    {
      key: 'send',
      label: '发送',
      sortValue: (rule) => rule.sendTime,
      render: (rule) => (
        <View className="care-table-name">
          <Text className="care-table-name__text">每天 {rule.sendTime}</Text>
          <Text className="muted">{priorityText(rule.priority)}</Text>
        </View>
      ),
    },
    countColumn('sent', '已发送'),
    countColumn('skipped', '未发送'),
    countColumn('failed', '失败'),
    countColumn('planned', '待发送'),
  ];
}
