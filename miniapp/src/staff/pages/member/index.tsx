import { useRef, useState } from 'react';
import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { POINTS_ENTRY_TYPE_ZH, type PointsEntry } from '@linli/shared/points';
import { adjustMemberPoints, getStaffMember, listStaffMemberPoints } from '@/api/linli';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { newRequestId } from '@/api/request-id';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { usePagedList } from '@/hooks/usePagedList';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { formatFen } from '@/format/money';
import { formatPointsDelta } from '@/format/points';
import { formatShanghaiDate, formatShanghaiDateTime } from '@/format/time';
import { adjustQuestion, readAdjustForm, REASON_MAX, type AdjustForm } from '@/staff/adjust-form';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';
import './index.css';

/** A member for staff: the figures, 积分调整 for supervisors and admins, and the points ledger. */
export default function StaffMemberPage() {
  return (
    <StaffFrame title="会员详情">
      <StaffMemberContent />
    </StaffFrame>
  );
}

function StaffMemberContent() {
  const memberId = useRouter().params.id ?? '';
  const member = useResource(() =>
    memberId ? getStaffMember(memberId) : Promise.reject(new ApiError('NOT_FOUND', 404, 'No id in the page query')),
  );
  const ledger = usePagedList((cursor) => listStaffMemberPoints(memberId, cursor));
  const roles = loadSession()?.roles ?? [];
  const mayAdjust = roles.includes('admin') || roles.includes('supervisor');

  useReachBottom(() => void ledger.loadMore());

  if (member.state.status === 'loading') return <Loading rows={5} />;
  if (member.state.status === 'error') {
    return isForbidden(member.state.error) ? <Forbidden /> : <ErrorState message={member.state.message} onRetry={member.reload} />;
  }

  const m = member.state.data;
  const rows: Array<[string, string]> = [
    ['昵称', m.nickname ?? '未设置'],
    ['手机号', m.phoneMasked ?? '未绑定'],
    ['会员等级', m.tier.name],
    ['积分余额', String(m.pointsBalance)],
    ['订单数', String(m.orderCount)],
    ['累计消费', formatFen(m.totalSpentFen)],
    ['最近下单', m.lastOrderAt ? formatShanghaiDateTime(m.lastOrderAt) : '暂无'],
    ['入会日期', formatShanghaiDate(m.joinedAt)],
  ];
  return (
    <View className="page">
      <View className="cells" data-testid="staff-member-detail">
        {rows.map(([label, value]) => (
          <View key={label} className="cell">
            <Text className="cell__label">{label}</Text>
            <Text className="cell__value">{value}</Text>
          </View>
        ))}
      </View>
      <View
        className="cell member-profile-link"
        data-testid="staff-member-open-profile"
        onClick={() => void Taro.navigateTo({ url: `/staff/pages/customer/index?id=${encodeURIComponent(memberId)}` })}
      >
        <Text className="cell__label">客户画像（订单、投诉、消息、标签）</Text>
        <Text className="cell__arrow" />
      </View>

      {mayAdjust && (
        <AdjustPoints
          memberId={memberId}
          onDone={() => {
            void member.reload();
            void ledger.refresh();
          }}
        />
      )}

      <Text className="member-section">积分明细</Text>
      {ledger.state.status === 'loading' ? (
        <Loading rows={4} />
      ) : ledger.state.status === 'error' ? (
        <ErrorState message={ledger.state.message} onRetry={ledger.refresh} />
      ) : ledger.state.items.length === 0 ? (
        <EmptyState text="暂无积分记录" />
      ) : (
        <>
          <View className="member-ledger" data-testid="staff-member-ledger">
            {ledger.state.items.map((entry) => (
              <LedgerRow key={entry.entryId} entry={entry} />
            ))}
          </View>
          <ListFooter status={ledger.state.footer} onRetry={() => void ledger.loadMore()} />
        </>
      )}
    </View>
  );
}

/** Asks before an adjustment; resolves to whether the operator confirmed. */
async function confirmed(content: string): Promise<boolean> {
  try {
    return (await Taro.showModal({ title: '确认调整积分', content, confirmText: '确认调整', confirmColor: '#1f6f4a' })).confirm;
  } catch {
    return false;
  }
}

/** 积分调整: points to add or deduct and the reason; confirmed, then sent once per confirmation. */
function AdjustPoints({ memberId, onDone }: { memberId: string; onDone: () => void }) {
  const [form, setForm] = useState<AdjustForm>({ direction: 'add', amount: '', reason: '' });
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  const submit = async () => {
    if (busyRef.current) return;
    const read = readAdjustForm(form);
    if ('error' in read) {
      setNotice({ tone: 'error', text: read.error });
      return;
    }
    if (!(await confirmed(adjustQuestion(read.delta, read.reason)))) return;
    busyRef.current = true;
    setBusy(true);
    setNotice(null);
    try {
      // One request id per confirmation: a retry of it is applied once.
      const entry = await adjustMemberPoints(memberId, { ...read, requestId: newRequestId() });
      setNotice({
        tone: 'ok',
        text: `已${entry.delta > 0 ? '增加' : '扣减'} ${Math.abs(entry.delta)} 积分，当前余额 ${entry.balanceAfter}`,
      });
      setForm({ direction: form.direction, amount: '', reason: '' });
      onDone();
    } catch (error) {
      setNotice({ tone: 'error', text: errorText(error) });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  return (
    <View className="card member-adjust" data-testid="staff-member-adjust">
      <Text className="card__title">积分调整</Text>
      <View className="member-adjust__directions">
        {(['add', 'deduct'] as const).map((direction) => (
          <Text
            key={direction}
            className={`member-adjust__direction ${form.direction === direction ? 'member-adjust__direction--on' : ''}`}
            data-testid={`staff-member-adjust-${direction}`}
            onClick={() => setForm({ ...form, direction })}
          >
            {direction === 'add' ? '增加积分' : '扣减积分'}
          </Text>
        ))}
      </View>
      <Input
        className="field member-adjust__amount"
        data-testid="staff-member-adjust-amount"
        type="number"
        placeholder="积分数量"
        value={form.amount}
        onInput={(event) => setForm({ ...form, amount: event.detail.value })}
      />
      <Textarea
        className="field member-adjust__reason"
        data-testid="staff-member-adjust-reason"
        placeholder="调整原因（必填，会记入积分明细）"
        maxlength={REASON_MAX}
        value={form.reason}
        onInput={(event) => setForm({ ...form, reason: event.detail.value })}
      />
      {notice && (
        <Text className={`notice notice--${notice.tone} member-adjust__notice`} data-testid="staff-member-adjust-notice">
          {notice.text}
        </Text>
      )}
      <Button
        className="btn btn--primary member-adjust__submit"
        data-testid="staff-member-adjust-submit"
        {...whileBusy(busy)}
        onClick={() => void submit()}
      >
        调整积分
      </Button>
    </View>
  );
}

function LedgerRow({ entry }: { entry: PointsEntry }) {
  return (
    <View className="member-ledger__row" data-testid="staff-member-ledger-entry">
      <View className="member-ledger__main">
        <Text className="member-ledger__type" data-testid="staff-member-ledger-type">
          {POINTS_ENTRY_TYPE_ZH[entry.type]}
        </Text>
        {entry.note && (
          <Text className="member-ledger__note" data-testid="staff-member-ledger-note">
            {entry.note}
          </Text>
        )}
        <Text className="member-ledger__time">{formatShanghaiDateTime(entry.createdAt)}</Text>
      </View>
      <View className="member-ledger__side">
        <Text
          className={`member-ledger__delta ${entry.delta > 0 ? 'member-ledger__delta--credit' : 'member-ledger__delta--debit'}`}
          data-testid="staff-member-ledger-delta"
        >
          {formatPointsDelta(entry.delta)}
        </Text>
        <Text className="member-ledger__balance">余额 {entry.balanceAfter}</Text>
      </View>
    </View>
  );
}
