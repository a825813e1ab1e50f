import { useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import {
  RISK_FLAG_KIND_ZH,
  RISK_FLAG_STATUS_ZH,
  RISK_NOTE_MAX_CHARS,
  type RiskFlagKind,
  type RiskFlagMember,
  type RiskFlagStatus,
  type RiskFlagView,
} from '@linli/shared/risk';
import { holdMemberRedemptions, listRiskFlags, releaseMemberRedemptions, reviewRiskFlag } from '@/api/risk';
import { whileBusy } from '@/components/button-state';
import { formatShanghaiDateTime } from '@/format/time';
import { RISK_KIND_FILTERS, RISK_STATUS_TABS, riskFactsText, riskMemberText, riskMoreMembersText, riskReviewText } from '@/format/risk';
import { StaffFrame } from '@/staff/staff-frame';
import { ActionNotice, FilterChips, StaffList, useRowActions, useStaffList, type RunRowAction as Run } from '@/staff/staff-list';
import type { StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';
import '@/staff/pages/complaints/complaints.css';
import '@/staff/pages/follow-ups/follow-ups.css';
import './risk.css';

/**
 * 风险监控 (supervisors, admins): what the order path and the daily risk watch flagged, in words; each
 * flag is marked 已查看 or confirmed as a risk with a note, and a member's redemptions can be held
 * (暂停兑换) or released with a reason. A flag alone never stops anyone.
 */
export default function StaffRiskPage() {
  return (
    <StaffFrame title="风险监控">
      <StaffRiskContent />
    </StaffFrame>
  );
}

function StaffRiskContent() {
  const [status, setStatus] = useState<RiskFlagStatus | undefined>('open');
  const [kind, setKind] = useState<RiskFlagKind | undefined>(undefined);
  const list = useStaffList((cursor?: string) => listRiskFlags({ status, kind }, cursor), [status, kind]);
  // A reviewed flag leaves 待处理, and a hold shows on every flag naming the member: each action reads the list again.
  const { notice, busy, run, clearingNotice } = useRowActions(list.refresh, ['RISK_FLAG_ALREADY_REVIEWED']);
  const tab = RISK_STATUS_TABS.find((entry) => entry.value === status)!;

  return (
    <StaffList
      list={list}
      forbidden="风险监控仅限主管和管理员查看"
      testId="risk-flags"
      filters={
        <>
          <FilterChips name="risk-tab" options={RISK_STATUS_TABS} chosen={status} onChoose={clearingNotice(setStatus)} />
          <FilterChips name="risk-kind" options={RISK_KIND_FILTERS} chosen={kind} onChoose={clearingNotice(setKind)} />
        </>
      }
      notice={<ActionNotice notice={notice} testId="risk-notice" className="risk-notice" />}
      empty={kind ? `没有${status ? RISK_FLAG_STATUS_ZH[status] : ''}的「${RISK_FLAG_KIND_ZH[kind]}」提示` : tab.empty}
      rowKey={(flag) => flag.flagId}
      row={(flag) => <FlagCard flag={flag} busy={busy} run={run} />}
      table={{
        testId: 'risk-table',
        columns: columnsWith(busy, run),
        rowProps: (flag) => ({ 'data-testid': 'risk-flag', 'data-id': flag.flagId }),
      }}
    />
  );
}

const openCustomer = (memberId: string) => Taro.navigateTo({ url: `/staff/pages/customer/index?id=${encodeURIComponent(memberId)}` });

function KindBadge({ flag }: { flag: RiskFlagView }) {
  return (
    <Text className={`desk-status risk-status risk-status--${flag.status}`} data-testid="risk-flag-status">
      {RISK_FLAG_STATUS_ZH[flag.status]}
    </Text>
  );
}

function Facts({ flag }: { flag: RiskFlagView }) {
  return (
    <View className="risk-facts" data-testid="risk-flag-facts">
      {riskFactsText(flag.facts).map((line) => (
        <Text key={line} className="risk-facts__line">
          {line}
        </Text>
      ))}
      {flag.review && (
        <Text className="follow-up__note risk-review" data-testid="risk-flag-review">
          {riskReviewText(flag)}
        </Text>
      )}
    </View>
  );
}

function FlagCard({ flag, busy, run }: { flag: RiskFlagView; busy: string | null; run: Run }) {
  return (
    <View className="staff-row risk-flag" data-testid="risk-flag" data-id={flag.flagId}>
      <View className="staff-row__head">
        <Text className="staff-row__name risk-flag__kind" data-testid="risk-flag-kind">
          {RISK_FLAG_KIND_ZH[flag.kind]}
        </Text>
        <KindBadge flag={flag} />
      </View>
      <Text className="follow-up__survey risk-flag__at">{`发现于 ${formatShanghaiDateTime(flag.raisedAt)}`}</Text>
      <Facts flag={flag} />
      <FlagActions flag={flag} busy={busy} run={run} />
    </View>
  );
}

/** What can be done on a flag: its members (each to 客户画像, with 暂停兑换 / 恢复兑换) and, while open, the review. */
function FlagActions({ flag, busy, run }: { flag: RiskFlagView; busy: string | null; run: Run }) {
  const [panel, setPanel] = useState<Panel | null>(null);
  const toggle = (next: Panel) => setPanel(panel && samePanel(panel, next) ? null : next);
  return (
    <View className="risk-actions">
      <Members flag={flag} onHold={(member) => toggle({ type: member.redemptionsHeld ? 'release' : 'hold', member })} />
      {flag.status === 'open' && (
        <View className="follow-up__actions">
          <Button
            className="btn btn--ghost risk-dismiss-open"
            data-testid="risk-dismiss-open"
            onClick={() => toggle({ type: 'dismissed' })}
          >
            标记已查看
          </Button>
          <Button
            className="btn btn--ghost risk-confirm-open"
            data-testid="risk-confirm-open"
            onClick={() => toggle({ type: 'confirmed' })}
          >
            确认风险
          </Button>
        </View>
      )}
      {panel && (
        <ReasonForm
          key={panelKey(panel)}
          panel={panel}
          busy={busy === `${flag.flagId}:${panelKey(panel)}`}
          onSubmit={async (text) => {
            const key = `${flag.flagId}:${panelKey(panel)}`;
            const done =
              panel.type === 'hold'
                ? await run(
                    key,
                    () => holdMemberRedemptions(panel.member.memberId, text),
                    `已暂停「${riskMemberText(panel.member)}」的兑换`,
                  )
                : panel.type === 'release'
                  ? await run(
                      key,
                      () => releaseMemberRedemptions(panel.member.memberId, text),
                      `已恢复「${riskMemberText(panel.member)}」的兑换`,
                    )
                  : await run(
                      key,
                      () => reviewRiskFlag(flag.flagId, { outcome: panel.type as 'dismissed' | 'confirmed', note: text }),
                      panel.type === 'confirmed' ? '已确认风险' : '已标记为已查看',
                    );
            if (done) setPanel(null);
          }}
        />
      )}
    </View>
  );
}

type Panel = { type: 'dismissed' | 'confirmed' } | { type: 'hold' | 'release'; member: RiskFlagMember };
const panelKey = (panel: Panel) => ('member' in panel ? `${panel.type}:${panel.member.memberId}` : panel.type);
const samePanel = (a: Panel, b: Panel) => panelKey(a) === panelKey(b);

function Members({ flag, onHold }: { flag: RiskFlagView; onHold: (member: RiskFlagMember) => void }) {
  const more = riskMoreMembersText(flag);
  if (flag.members.length === 0) return null;
  return (
    <View className="risk-members" data-testid="risk-flag-members">
      {flag.members.map((member) => (
        <View key={member.memberId} className="risk-member" data-testid="risk-member">
          <Text
            className="follow-up__member risk-member__name"
            data-testid="risk-member-open"
            onClick={() => void openCustomer(member.memberId)}
          >
            {riskMemberText(member)}
          </Text>
          {member.redemptionsHeld && (
            <Text className="risk-member__held" data-testid="risk-member-held">
              已暂停兑换
            </Text>
          )}
          <Text
            className="risk-member__hold"
            data-testid={member.redemptionsHeld ? 'risk-release-open' : 'risk-hold-open'}
            onClick={() => onHold(member)}
          >
            {member.redemptionsHeld ? '恢复兑换' : '暂停兑换'}
          </Text>
        </View>
      ))}
      {more && <Text className="risk-members__more">{more}</Text>}
    </View>
  );
}

const FORM_WORDS: Record<Panel['type'], { placeholder: string; submit: string; empty: string }> = {
  dismissed: { placeholder: '查看结果（必填）：为什么没有问题', submit: '标记已查看', empty: '请填写查看结果' },
  confirmed: { placeholder: '确认说明（必填）：发现了什么，如何处理', submit: '确认风险', empty: '请填写确认说明' },
  hold: { placeholder: '暂停原因（必填）：会员将看到“账户审核中”', submit: '暂停兑换', empty: '请填写暂停原因' },
  release: { placeholder: '恢复原因（必填）：核实的结果', submit: '恢复兑换', empty: '请填写恢复原因' },
};

/** One note or reason, required, then the action it is for. */
function ReasonForm({ panel, busy, onSubmit }: { panel: Panel; busy: boolean; onSubmit: (text: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const words = FORM_WORDS[panel.type];
  const submit = async () => {
    const trimmed = text.trim();
    if (!trimmed) return setProblem(words.empty);
    setProblem(null);
    await onSubmit(trimmed);
  };
  return (
    <View className="follow-up__panel risk-form" data-testid="risk-form">
      {'member' in panel && <Text className="risk-form__who">{riskMemberText(panel.member)}</Text>}
      <Textarea
        className="desk-textarea risk-form__text"
        data-testid="risk-form-text"
        placeholder={words.placeholder}
        maxlength={RISK_NOTE_MAX_CHARS}
        value={text}
        onInput={(event) => setText(event.detail.value)}
      />
      {problem && (
        <Text className="notice notice--error risk-form__problem" data-testid="risk-form-problem">
          {problem}
        </Text>
      )}
      <Button
        className={`btn btn--primary risk-form__submit ${panel.type === 'hold' || panel.type === 'confirmed' ? 'risk-form__submit--stop' : ''}`}
        data-testid="risk-form-submit"
        {...whileBusy(busy)}
        onClick={() => void submit()}
      >
        {words.submit}
      </Button>
    </View>
  );
}

const columnsWith = (busy: string | null, run: Run): StaffTableColumn<RiskFlagView>[] => [
  { key: 'kind', label: '类型', render: (flag) => <Text className="risk-flag__kind">{RISK_FLAG_KIND_ZH[flag.kind]}</Text> },
  {
    key: 'raisedAt',
    label: '发现时间',
    descFirst: true,
    sortValue: (flag) => flag.raisedAt,
    render: (flag) => formatShanghaiDateTime(flag.raisedAt),
  },
  { key: 'facts', label: '情况', wide: true, render: (flag): ReactNode => <Facts flag={flag} /> },
  { key: 'status', label: '状态', render: (flag) => <KindBadge flag={flag} /> },
  { key: 'actions', label: '会员与处理', wide: true, render: (flag) => <FlagActions flag={flag} busy={busy} run={run} /> },
];
