import { useState, type ReactNode } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  AUDIT_KIND_ZH,
  AUDIT_KINDS,
  AUDIT_ROLE_ZH,
  auditActionLabel,
  type AuditEntry,
  type AuditKind,
  type RetentionSettings,
  type RetentionSettingsView,
} from '@linli/shared/audit';
import { exportAuditLogCsv, getRetentionSettings, searchAuditLog, updateRetentionSettings, type AuditFilter } from '@/api/audit';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { usePagedList } from '@/hooks/usePagedList';
import { useResource } from '@/hooks/useResource';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { formatShanghaiDateTime, formatShanghaiDateTimeThisYear, shanghaiToday } from '@/format/time';
import { presetRange, type RangePreset, type ReportRange } from '@/staff/report-range';
import { ReportRangePicker } from '@/staff/report-range-picker';
import { useCsvExport } from '@/staff/csv-export-state';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';
import '@/staff/pages/complaints/complaints.css';
import '@/staff/segments.css';
import './audit-log.css';

/**
 * 审计日志 (admins): who read a member's personal data or changed anything, when, as which role;
 * reveals with their reason, settings changes with their versions. Filtered by period, kind and (from
 * a customer's page) one member; 导出 CSV; and the retention periods the daily purge applies.
 */
export default function AuditLogPage() {
  return (
    <StaffFrame title="审计日志">
      <AuditLogContent />
    </StaffFrame>
  );
}

function AuditLogContent() {
  const today = shanghaiToday(new Date());
  const memberId = useRouter().params.memberId || undefined;
  const [preset, setPreset] = useState<RangePreset | null>('last7');
  const [range, setRange] = useState<ReportRange>(() => presetRange('last7', today));
  const [kind, setKind] = useState<AuditKind | undefined>(undefined);
  const filter: AuditFilter = { ...range, kind, memberId };
  const list = usePagedList((cursor?: string) => searchAuditLog(filter, cursor));
  const { exporting, exportError, exportCsv } = useCsvExport(() => exportAuditLogCsv(filter));
  const desktop = useDesktop();

  useReloadOnChange(list.refresh, [range.from, range.to, kind]);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'error' && isForbidden(list.state.error)) return <Forbidden text="审计日志仅限管理员查看" />;
  const more = () => void list.loadMore();
  return (
    <View className="page audit-log" data-testid="audit-log">
      <ReportRangePicker
        today={today}
        range={range}
        preset={preset}
        onChange={(next, chosen) => {
          setPreset(chosen);
          setRange(next);
        }}
      />
      <View className="segment-chips audit-filters" data-testid="audit-kinds">
        {KIND_FILTERS.map((option) => (
          <Text
            key={option.value ?? 'all'}
            className={`segment-chip audit-kind-${option.value ?? 'all'} ${kind === option.value ? 'segment-chip--on' : ''}`}
            data-testid={`audit-kind-${option.value ?? 'all'}`}
            onClick={() => setKind(option.value)}
          >
            {option.label}
          </Text>
        ))}
        <Button
          className="btn btn--ghost audit-export"
          data-testid="audit-export"
          {...whileBusy(exporting)}
          onClick={() => void exportCsv()}
        >
          导出 CSV
        </Button>
      </View>
      {memberId && (
        <View className="notice" data-testid="audit-member-filter">
          <Text>只显示这位会员的记录。</Text>
          <Text className="link" onClick={() => void Taro.redirectTo({ url: '/staff/pages/audit-log/index' })}>
            查看全部
          </Text>
        </View>
      )}
      {exportError && (
        <Text className="notice notice--error" data-testid="audit-export-error">
          {exportError}
        </Text>
      )}
      {list.state.status === 'loading' ? (
        <Loading rows={6} />
      ) : list.state.status === 'error' ? (
        <ErrorState message={list.state.message} onRetry={() => void list.refresh()} />
      ) : list.state.items.length === 0 ? (
        <EmptyState text="这段时间没有记录。员工查看会员个人信息或修改任何内容时，都会记在这里。" />
      ) : (
        <>
          {desktop ? (
            <StaffTable
              testId="audit-table"
              rows={list.state.items}
              columns={COLUMNS}
              rowKey={(entry) => entry.entryId}
              rowProps={() => ({ 'data-testid': 'audit-entry' })}
            />
          ) : (
            list.state.items.map((entry) => <AuditRow key={entry.entryId} entry={entry} />)
          )}
          <ListFooter status={list.state.footer} onRetry={more} onMore={more} />
        </>
      )}
      <RetentionCard />
    </View>
  );
}

const KIND_FILTERS: ReadonlyArray<{ value: AuditKind | undefined; label: string }> = [
  { value: undefined, label: '全部' },
  ...AUDIT_KINDS.map((value) => ({ value, label: AUDIT_KIND_ZH[value] })),
];

// A buyer acting on their own data has no roster name: 会员本人 says it all (not 会员 · 会员本人).
const actorText = (entry: AuditEntry) =>
  entry.actor.role === 'buyer' ? AUDIT_ROLE_ZH.buyer : `${entry.actor.name || '员工'} · ${AUDIT_ROLE_ZH[entry.actor.role]}`;

/** What else an entry says: the reason given, or a settings change's versions, or a refusal. */
function detailText(entry: AuditEntry): string | null {
  if (entry.reason) return `原因：${entry.reason}`;
  const version = (json: string | undefined) => {
    if (json === undefined) return null;
    const settings = JSON.parse(json) as unknown;
    return settings && typeof settings === 'object' && 'version' in settings ? String((settings as { version: unknown }).version) : null;
  };
  if (entry.before !== undefined || entry.after !== undefined)
    return `设置版本 ${version(entry.before) ?? 0} → ${version(entry.after) ?? '?'}`;
  return null;
}

const openCustomer = (memberId: string) => Taro.navigateTo({ url: `/staff/pages/customer/index?id=${encodeURIComponent(memberId)}` });

/**
 * The member an entry is about, as Customer 360 — a buyer's own export or data request too. Not on a
 * deletion, the member's own or the retention job's: no Customer 360 is left of that member (an older
 * entry of a deleted member still links; the page then says the member is gone).
 */
function MemberLink({ entry }: { entry: AuditEntry }): ReactNode {
  if (!entry.memberId || entry.actor.role === 'system' || entry.action === 'privacy.account-deleted') return null;
  return (
    <Text className="link audit-member" data-testid="audit-member" onClick={() => void openCustomer(entry.memberId!)}>
      查看会员
    </Text>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const detail = detailText(entry);
  return (
    <View className="staff-row audit-entry" data-testid="audit-entry">
      <View className="staff-row__head">
        <Text className="staff-row__name audit-action" data-testid="audit-action">
          {auditActionLabel(entry.action)}
        </Text>
        <MemberLink entry={entry} />
      </View>
      <Text className="muted audit-actor" data-testid="audit-actor">{`${formatShanghaiDateTime(entry.at)} · ${actorText(entry)}`}</Text>
      {detail && (
        <Text className="muted audit-detail" data-testid="audit-detail">
          {detail}
        </Text>
      )}
    </View>
  );
}

const COLUMNS: StaffTableColumn<AuditEntry>[] = [
  {
    key: 'at',
    label: '时间',
    descFirst: true,
    sortValue: (entry) => entry.at,
    render: (entry) => <Text className="audit-time">{formatShanghaiDateTimeThisYear(entry.at, new Date())}</Text>,
  },
  { key: 'actor', label: '操作人', render: actorText },
  { key: 'action', label: '操作', wide: true, render: (entry) => <Text data-testid="audit-action">{auditActionLabel(entry.action)}</Text> },
  { key: 'detail', label: '说明', wide: true, render: (entry) => detailText(entry) ?? '' },
  { key: 'member', label: '会员', render: (entry) => <MemberLink entry={entry} /> },
];

const RETENTION_FIELDS: ReadonlyArray<{
  key: keyof RetentionSettings;
  label: string;
  unit: string;
  min: number;
  max: number;
  hint: string;
}> = [
  { key: 'auditLogDays', label: '审计日志保留', unit: '天', min: 365, max: 3650, hint: '至少一年' },
  { key: 'inactiveMemberYears', label: '不活跃会员的个人信息保留', unit: '年', min: 1, max: 10, hint: '超过后清除个人信息' },
  { key: 'unattachedPhotoDays', label: '未使用的上传图片保留', unit: '天', min: 1, max: 90, hint: '上传后未提交的图片' },
];

/** 保留期限: how long the log, inactive members' personal data and unattached photos are kept. */
function RetentionCard() {
  const settings = useResource(getRetentionSettings);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  if (settings.state.status === 'loading') return <Loading rows={2} />;
  if (settings.state.status === 'error') return <ErrorState message={settings.state.message} onRetry={() => void settings.reload()} />;
  const current: RetentionSettingsView = settings.state.data;
  const value = (key: keyof RetentionSettings) => draft[key] ?? String(current[key]);

  const save = async () => {
    if (saving) return;
    setNotice(null);
    const numbers = Object.fromEntries(RETENTION_FIELDS.map(({ key }) => [key, Number(value(key))])) as unknown as RetentionSettings;
    const outOfRange = RETENTION_FIELDS.find(
      ({ key, min, max }) => !Number.isInteger(numbers[key]) || numbers[key] < min || numbers[key] > max,
    );
    if (outOfRange) {
      setNotice({ tone: 'error', text: `${outOfRange.label}请填写 ${outOfRange.min}–${outOfRange.max} ${outOfRange.unit}` });
      return;
    }
    setSaving(true);
    try {
      await updateRetentionSettings(numbers, current.version);
      setDraft({});
      await settings.reload();
      setNotice({ tone: 'ok', text: '已保存，每日清理任务将按新期限执行' });
    } catch (error) {
      const conflict = error instanceof ApiError && error.code === 'CONFLICT';
      setNotice({ tone: 'error', text: conflict ? '设置已被他人修改，请刷新后重试' : errorText(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="card retention-settings" data-testid="retention-settings">
      <Text className="card__title">保留期限</Text>
      {RETENTION_FIELDS.map((field) => (
        <View key={field.key} className="retention-field">
          <Text className="retention-field__label">{field.label}</Text>
          {/* A box for a number of up to four digits, its unit and bounds beside it. */}
          <View className="retention-field__line">
            <Input
              className={`field retention-field__input retention-${field.key}`}
              type="number"
              data-testid={`retention-${field.key}`}
              value={value(field.key)}
              onInput={(event) => setDraft((previous) => ({ ...previous, [field.key]: event.detail.value }))}
            />
            <Text className="muted retention-field__hint">{`${field.unit}（${field.min}–${field.max} ${field.unit}，${field.hint}）`}</Text>
          </View>
        </View>
      ))}
      {notice && (
        <Text className={`notice notice--${notice.tone} retention-notice`} data-testid="retention-notice">
          {notice.text}
        </Text>
      )}
      <Button className="btn btn--primary retention-save" data-testid="retention-save" {...whileBusy(saving)} onClick={() => void save()}>
        保存
      </Button>
    </View>
  );
}
