import { useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import { TAG_MAX_CHARS, tagNameProblem, type MemberProfile, type MemberTag } from '@linli/shared/customers';
import { formatMemberCode } from '@linli/shared/member-code';
import type { MyOrderSummary } from '@linli/shared/orders';
import type { ComplaintSummary } from '@linli/shared/complaints';
import { listMemberCareDeliveries } from '@/api/care';
import { getMemberSurveys } from '@/api/follow-ups';
import { addMemberTag, getMemberProfile, listStaffMemberOrders, listTagCatalog, removeMemberTag } from '@/api/linli';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { PhoneReveal } from '@/staff/phone-reveal';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { formatBirthday } from '@/format/birthday';
import { followUpAssigneeText, followUpReasonText, followUpStatusText, surveyHeadlineText } from '@/format/follow-ups';
import { deliveryStatusText } from '@/format/care';
import { staffStatusText } from '@/format/complaints';
import { consentText, expiringText, messageText } from '@/format/customers';
import { redemptionHoldText } from '@/format/risk';
import { scoreLines, scoresAsOfText } from '@/format/insight';
import { formatFen } from '@/format/money';
import { ORDER_STATUS_ZH, orderItemsText, orderMetaText } from '@/format/orders';
import { formatShanghaiDate, formatShanghaiDateTime } from '@/format/time';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';
import './index.css';

/** 客户画像: one customer at a glance for every staff role; supervisors and admins also curate the tags. */
export default function CustomerProfilePage() {
  return (
    <StaffFrame title="客户画像">
      <CustomerProfileContent />
    </StaffFrame>
  );
}

function CustomerProfileContent() {
  const memberId = useRouter().params.id ?? '';
  const profile = useResource(() =>
    memberId ? getMemberProfile(memberId) : Promise.reject(new ApiError('NOT_FOUND', 404, 'No id in the page query')),
  );
  const desktop = useDesktop();
  const roles = loadSession()?.roles ?? [];
  const mayEditTags = roles.includes('admin') || roles.includes('supervisor');

  if (profile.state.status === 'loading') return <Loading rows={6} />;
  if (profile.state.status === 'error') {
    if (isForbidden(profile.state.error)) return <Forbidden />;
    // A deleted account leaves no member behind its id (the audit log still names it): nothing to retry.
    const gone = profile.state.error instanceof ApiError && profile.state.error.code === 'NOT_FOUND';
    return gone ? (
      <EmptyState text="找不到这位会员，可能已注销账户" />
    ) : (
      <ErrorState message={profile.state.message} onRetry={profile.reload} />
    );
  }
  const p = profile.state.data;
  return (
    <View className={`page customer ${desktop ? 'customer--desktop' : ''}`} data-testid="customer-profile">
      <View className="customer__column">
        <IdentityCard profile={p} mayReveal={roles.includes('admin') || roles.includes('supervisor')} />
        <PointsCard profile={p} />
        <CustomerScores scores={p.scores} />
        <TagsCard memberId={memberId} initial={p.tags} editable={mayEditTags} />
        <View
          className="cell customer__link"
          data-testid="customer-open-member"
          onClick={() => void Taro.navigateTo({ url: `/staff/pages/member/index?id=${encodeURIComponent(memberId)}` })}
        >
          <Text className="cell__label">积分明细与调整</Text>
          <Text className="cell__arrow" />
        </View>
        {roles.includes('admin') && (
          <View
            className="cell customer__link customer-audit-link"
            data-testid="customer-open-audit"
            onClick={() => void Taro.navigateTo({ url: `/staff/pages/audit-log/index?memberId=${encodeURIComponent(memberId)}` })}
          >
            <Text className="cell__label">访问记录（审计日志）</Text>
            <Text className="cell__arrow" />
          </View>
        )}
      </View>
      <View className="customer__column">
        <OrdersSection memberId={memberId} first={p.orders} />
        <ComplaintsSection complaints={p.complaints} />
        <SurveysSection memberId={memberId} />
        <MessagesSection messages={p.messages} />
        <CareSection memberId={memberId} />
      </View>
    </View>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <View className="card customer-section" data-testid={testId}>
      <Text className="card__title">{title}</Text>
      {children}
    </View>
  );
}

const ROW_TEST_IDS: Record<string, string> = { 兑换: 'customer-redemption-hold' };

function IdentityCard({ profile, mayReveal }: { profile: MemberProfile; mayReveal: boolean }) {
  const { identity } = profile;
  const rows: Array<[string, string]> = [
    ['会员码', identity.memberCode ? formatMemberCode(identity.memberCode) : '—'],
    ['生日', identity.birthday ? formatBirthday(identity.birthday) : '未填写'],
    ['入会日期', formatShanghaiDate(identity.joinedAt)],
    ['最近下单', profile.stats.lastOrderAt ? formatShanghaiDateTime(profile.stats.lastOrderAt) : '暂无'],
    ['隐私政策', consentText(profile.consent)],
    // Held by a supervisor (风险监控): who, when and why; released there too.
    ...(profile.redemptionHold ? [['兑换', redemptionHoldText(profile.redemptionHold)] as [string, string]] : []),
  ];
  return (
    <View className="card customer-identity" data-testid="customer-identity">
      <View className="customer-identity__head">
        {identity.avatarUrl ? (
          <Image className="customer-identity__avatar" src={identity.avatarUrl} mode="aspectFill" />
        ) : (
          <Text className="customer-identity__avatar customer-identity__avatar--initial">{(identity.nickname ?? '客').slice(0, 1)}</Text>
        )}
        <View className="customer-identity__names">
          <Text className="customer-identity__name" data-testid="customer-name">
            {identity.nickname ?? '未设置昵称'}
          </Text>
          <Text className="staff-tier customer-identity__tier">{profile.tier.name}</Text>
          {identity.minor && (
            <Text className="staff-tier customer-identity__tier" data-testid="customer-minor">
              未成年
            </Text>
          )}
        </View>
      </View>
      <View className="customer-row">
        <Text className="customer-row__label">手机号</Text>
        {identity.phoneMasked ? (
          <PhoneReveal memberId={profile.memberId} masked={identity.phoneMasked} mayReveal={mayReveal} />
        ) : (
          <Text className="customer-row__value" data-testid="customer-phone">
            未绑定
          </Text>
        )}
      </View>
      {rows.map(([label, value]) => (
        <View key={label} className="customer-row">
          <Text className="customer-row__label">{label}</Text>
          <Text className="customer-row__value" data-testid={ROW_TEST_IDS[label]}>
            {value}
          </Text>
        </View>
      ))}
      {profile.consent.withdrawals.map((withdrawal) => (
        <Text key={withdrawal.at} className="customer-row__note">
          {`${formatShanghaiDate(withdrawal.at)} 撤回了隐私政策同意`}
        </Text>
      ))}
    </View>
  );
}

function PointsCard({ profile }: { profile: MemberProfile }) {
  const figures: Array<[string, string]> = [
    ['可用积分', String(profile.points.balance)],
    ['待生效', String(profile.points.pending)],
    ['订单数', String(profile.stats.orderCount)],
    ['累计消费', formatFen(profile.stats.totalSpentFen)],
  ];
  const expiring = expiringText(profile.points.expiringSoon);
  return (
    <Section title="积分与消费" testId="customer-points">
      <View className="customer-figures">
        {figures.map(([label, value]) => (
          <View key={label} className="customer-figure">
            <Text className="customer-figure__value">{value}</Text>
            <Text className="customer-figure__label">{label}</Text>
          </View>
        ))}
      </View>
      {expiring && <Text className="customer-row__note">{expiring}</Text>}
    </Section>
  );
}

/** The nightly scores (stage, RFM class, churn risk, value), each with its one-line reason; not shown before the first run. */
function CustomerScores({ scores }: { scores: MemberProfile['scores'] }) {
  if (scores === null) return null;
  return (
    <Section title="客户洞察" testId="customer-scores">
      {scoreLines(scores).map((line) => (
        <View key={line.label} className="customer-score">
          <View className="customer-row">
            <Text className="customer-row__label">{line.label}</Text>
            <Text className="customer-row__value">{line.value}</Text>
          </View>
          {line.reason && <Text className="customer-score__reason">{line.reason}</Text>}
        </View>
      ))}
      <Text className="customer-score__as-of">{scoresAsOfText(scores.analysisDay)}</Text>
    </Section>
  );
}

/** Tags as chips: manual ones removable by supervisors and admins, rule ones outlined and read-only. */
function TagsCard({ memberId, initial, editable }: { memberId: string; initial: MemberTag[]; editable: boolean }) {
  const [tags, setTags] = useState(initial);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const catalog = useResource(() => (editable ? listTagCatalog() : Promise.resolve({ items: [] })));

  const change = async (action: () => Promise<{ items: MemberTag[] }>) => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      setTags((await action()).items);
      // The catalog's suggestions follow what the member now carries (and what the shop has).
      void catalog.reload();
      return true;
    } catch (failure) {
      setError(errorText(failure));
      return false;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };
  const add = async (raw: string) => {
    const problem = tagNameProblem(raw);
    if (problem) {
      setError(problem);
      return;
    }
    if (await change(() => addMemberTag(memberId, raw))) setTyped('');
  };

  const carried = new Set(tags.map((tag) => tag.tag));
  const suggestions =
    catalog.state.status === 'ready'
      ? catalog.state.data.items.filter((entry) => entry.kind === 'manual' && !carried.has(entry.tag)).slice(0, 8)
      : [];

  return (
    <Section title="标签" testId="customer-tags">
      {tags.length === 0 ? (
        <Text className="customer-empty">还没有标签</Text>
      ) : (
        <View className="customer-chips">
          {tags.map((tag) => (
            <View
              key={tag.tag}
              className={`customer-chip ${tag.kind === 'rule' ? 'customer-chip--rule' : ''}`}
              data-testid="customer-tag"
              data-kind={tag.kind}
            >
              <Text className="customer-chip__text">{tag.kind === 'rule' ? `自动 · ${tag.tag}` : tag.tag}</Text>
              {editable && tag.kind === 'manual' && (
                <Text
                  className="customer-chip__remove"
                  data-testid="customer-tag-remove"
                  aria-label={`移除标签 ${tag.tag}`}
                  onClick={() => void change(() => removeMemberTag(memberId, tag.tag))}
                >
                  ×
                </Text>
              )}
            </View>
          ))}
        </View>
      )}
      {editable && (
        <>
          <View className="redemptions-search customer-tag-add">
            <Input
              className="field redemptions-search__input"
              data-testid="customer-tag-input"
              placeholder={`新标签，最多 ${TAG_MAX_CHARS} 个字`}
              value={typed}
              maxlength={TAG_MAX_CHARS * 2}
              onInput={(event) => setTyped(event.detail.value)}
              onConfirm={() => void add(typed)}
            />
            <Button
              className="btn btn--ghost redemptions-search__button"
              data-testid="customer-tag-add"
              {...whileBusy(busy)}
              onClick={() => void add(typed)}
            >
              添加
            </Button>
          </View>
          {suggestions.length > 0 && (
            <View className="customer-chips customer-chips--suggest">
              {suggestions.map((entry) => (
                <Text
                  key={entry.tag}
                  className="customer-chip customer-chip--suggest"
                  data-testid="customer-tag-suggestion"
                  onClick={() => void add(entry.tag)}
                >
                  {`+ ${entry.tag}`}
                </Text>
              ))}
            </View>
          )}
        </>
      )}
      {error && (
        <Text className="notice notice--error customer-tag-error" data-testid="customer-tag-error">
          {error}
        </Text>
      )}
    </Section>
  );
}

function OrdersSection({ memberId, first }: { memberId: string; first: MemberProfile['orders'] }) {
  const [orders, setOrders] = useState<MyOrderSummary[]>(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const more = async () => {
    if (!cursor || loading) return;
    setLoading(true);
    setError(null);
    try {
      const page = await listStaffMemberOrders(memberId, cursor);
      setOrders((shown) => [...shown, ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setLoading(false);
    }
  };
  return (
    <Section title="订单" testId="customer-orders">
      {orders.length === 0 ? (
        <Text className="customer-empty">还没有订单</Text>
      ) : (
        orders.map((order) => (
          <View key={order.orderId} className="customer-item" data-testid="customer-order">
            <Text className="customer-item__title">{orderItemsText(order)}</Text>
            <Text className="customer-item__meta">
              {orderMetaText(order)}
              {order.status === 'paid' ? '' : ` · ${ORDER_STATUS_ZH[order.status]}`}
            </Text>
          </View>
        ))
      )}
      {error && <Text className="notice notice--error">{error}</Text>}
      {cursor && (
        <Text className="customer-more" data-testid="customer-orders-more" onClick={() => void more()}>
          {loading ? '加载中…' : '查看更多订单'}
        </Text>
      )}
    </Section>
  );
}

const openComplaint = (complaint: ComplaintSummary) =>
  Taro.navigateTo({ url: `/staff/pages/complaints/detail/index?id=${encodeURIComponent(complaint.complaintId)}` });

function ComplaintsSection({ complaints }: { complaints: MemberProfile['complaints'] }) {
  return (
    <Section title="投诉" testId="customer-complaints">
      {complaints.items.length === 0 ? (
        <Text className="customer-empty">没有投诉记录</Text>
      ) : (
        complaints.items.map((complaint) => (
          <View
            key={complaint.complaintId}
            className="customer-item"
            data-testid="customer-complaint"
            onClick={() => void openComplaint(complaint)}
          >
            <View className="customer-item__head">
              <Text className="customer-item__title">{complaint.categoryName}</Text>
              <Text className="customer-item__status">{staffStatusText(complaint.status)}</Text>
            </View>
            <Text className="customer-item__meta">{`${formatShanghaiDate(complaint.submittedAt)} · ${complaint.description}`}</Text>
          </View>
        ))
      )}
      {complaints.more && <Text className="customer-note">只列出最近几条投诉</Text>}
    </Section>
  );
}

/**
 * 问卷与回访: the member's newest survey answers with their headline score in words, and the
 * follow-up (回访) tasks unhappy answers opened, with what came of them.
 */
function SurveysSection({ memberId }: { memberId: string }) {
  const surveys = useResource(() => getMemberSurveys(memberId));
  if (surveys.state.status === 'loading') {
    return (
      <Section title="问卷与回访" testId="customer-surveys">
        <Text className="customer-empty">加载中…</Text>
      </Section>
    );
  }
  if (surveys.state.status === 'error') {
    return (
      <Section title="问卷与回访" testId="customer-surveys">
        <Text className="notice notice--error">{surveys.state.message}</Text>
        <Text className="customer-more" onClick={() => void surveys.reload()}>
          重试
        </Text>
      </Section>
    );
  }
  const { responses, followUps } = surveys.state.data;
  return (
    <Section title="问卷与回访" testId="customer-surveys">
      {responses.length === 0 && followUps.length === 0 && <Text className="customer-empty">还没有填写过问卷</Text>}
      {responses.map((response) => {
        const headline = surveyHeadlineText(response.headline);
        return (
          <View key={response.responseId} className="customer-item customer-survey-response" data-testid="customer-survey-response">
            <View className="customer-item__head">
              <Text className="customer-item__title">{response.surveyName ?? '已删除的问卷'}</Text>
              {headline && <Text className="customer-item__status customer-survey-response__score">{headline}</Text>}
            </View>
            <Text className="customer-item__meta">{`${formatShanghaiDateTime(response.completedAt)} 填写`}</Text>
          </View>
        );
      })}
      {followUps.length > 0 && <Text className="customer-subtitle">回访</Text>}
      {followUps.map((task) => (
        <View key={task.taskId} className="customer-item customer-follow-up" data-testid="customer-follow-up">
          <View className="customer-item__head">
            <Text className="customer-item__title">{task.surveyName}</Text>
            <Text className={`customer-item__status customer-follow-up__status--${task.status}`}>{followUpStatusText(task)}</Text>
          </View>
          <Text className="customer-item__meta">{`${followUpReasonText(task)} · 处理人：${followUpAssigneeText(task)}`}</Text>
          {task.comment && <Text className="customer-follow-up__text">{`客户留言：${task.comment}`}</Text>}
          {task.outcomeNote && <Text className="customer-follow-up__text customer-follow-up__note">{`回访记录：${task.outcomeNote}`}</Text>}
        </View>
      ))}
    </Section>
  );
}

function MessagesSection({ messages }: { messages: MemberProfile['messages'] }) {
  return (
    <Section title="收到的消息" testId="customer-messages">
      {messages.items.length === 0 ? (
        <Text className="customer-empty">还没有给这位客户发过消息</Text>
      ) : (
        messages.items.map((message) => {
          const { title, meta } = messageText(message);
          return (
            <View key={`${message.kind}-${message.at}`} className="customer-item" data-testid="customer-message">
              <Text className="customer-item__title">{title}</Text>
              <Text className="customer-item__meta">{meta}</Text>
            </View>
          );
        })
      )}
      {messages.more && <Text className="customer-note">只列出最近 10 条消息</Text>}
    </Section>
  );
}

/** 关怀记录: the care messages planned for this customer, newest first (the first page); every staff role reads it. */
function CareSection({ memberId }: { memberId: string }) {
  const deliveries = useResource(() => listMemberCareDeliveries(memberId));
  return (
    <Section title="关怀记录" testId="customer-care">
      {deliveries.state.status === 'loading' ? (
        <Text className="customer-empty">加载中…</Text>
      ) : deliveries.state.status === 'error' ? (
        <>
          <Text className="notice notice--error">{deliveries.state.message}</Text>
          <Text className="customer-more" onClick={() => void deliveries.reload()}>
            重试
          </Text>
        </>
      ) : deliveries.state.data.items.length === 0 ? (
        <Text className="customer-empty">还没有关怀消息</Text>
      ) : (
        deliveries.state.data.items.map((delivery) => (
          <View key={delivery.deliveryId} className="customer-item customer-care-delivery" data-testid="customer-care-delivery">
            <View className="customer-item__head">
              <Text className="customer-item__title">{delivery.ruleName}</Text>
              <Text className={`customer-item__status customer-care__status--${delivery.status}`}>{deliveryStatusText(delivery)}</Text>
            </View>
            <Text className="customer-item__meta">{`${delivery.occasionName} · ${formatShanghaiDateTime(delivery.sendAt)}`}</Text>
          </View>
        ))
      )}
      {deliveries.state.status === 'ready' && deliveries.state.data.nextCursor && (
        <Text className="customer-note">只列出最近 20 条关怀记录</Text>
      )}
    </Section>
  );
}
