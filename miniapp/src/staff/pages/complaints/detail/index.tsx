import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import {
  categoryName,
  COMPENSATION_POINTS_MAX,
  COMPLAINT_DESCRIPTION_MAX,
  CONTACT_PREFERENCE_ZH,
  ROOT_CAUSE_CODES,
  ROOT_CAUSE_ZH,
  type ComplaintCategory,
  type ComplaintDeskSettingsView,
  type RootCauseCode,
  type StaffComplaintView,
} from '@linli/shared/complaints';
import {
  addComplaintNote,
  assignComplaint,
  claimComplaint,
  getDeskSettings,
  getStaffComplaint,
  listCompensationCoupons,
  listDeskAgents,
  replyToComplaint,
  resolveComplaint,
} from '@/api/linli';
import { ApiError, isForbidden } from '@/api/errors';
import { newRequestId } from '@/api/request-id';
import { useComplaintActions } from '@/hooks/useComplaintActions';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { disabledClass, disabledWhen, whileBusy } from '@/components/button-state';
import { ComplaintTimeline } from '@/components/complaint-timeline';
import { PhotoGrid } from '@/components/photo-grid';
import { PhotoPicker, usePhotoUploads } from '@/components/photo-picker';
import { complaintOrderText, deskEntryText, isComplaintOpen, slaMeterText, staffStatusText } from '@/format/complaints';
import { formatShanghaiDateTime } from '@/format/time';
import '@/staff/pages/staff.css';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/complaints/complaints.css';

type Action = 'claim' | 'assign' | 'reply' | 'note' | 'resolve';

export default function StaffComplaintDetailPage() {
  return (
    <StaffFrame title="工单详情">
      <StaffComplaintDetailContent />
    </StaffFrame>
  );
}

function StaffComplaintDetailContent() {
  const complaintId = useRouter().params.id ?? '';
  const complaint = useResource(() =>
    complaintId ? getStaffComplaint(complaintId) : Promise.reject(new ApiError('COMPLAINT_NOT_FOUND', 404, 'No id in the page query')),
  );
  const [forbidden, setForbidden] = useState(false);
  const {
    busy,
    run,
    outcome: message,
  } = useComplaintActions<Action, StaffComplaintView>(complaint, {
    // Losing the staff role locks the page. Someone else's complaint is a message, and the complaint
    // is read again: it was taken meanwhile, and the page then says by whom.
    onError: (error, action) => {
      if (isForbidden(error) && action !== 'assign' && action !== 'claim') setForbidden(true);
      if (error instanceof ApiError && error.code === 'COMPLAINT_NOT_YOURS') void complaint.reload();
    },
  });
  // Categories (names, the resolve form's choices) and reply templates come from the desk settings.
  const settings = useResource(getDeskSettings);
  const deskSettings = settings.state.status === 'ready' ? settings.state.data : null;

  usePullDownRefresh(async () => {
    await complaint.reload();
    Taro.stopPullDownRefresh();
  });

  const notice = (action: Action) =>
    message?.action === action ? (
      <Text className={`notice ${message.ok ? 'notice--ok' : 'notice--error'} desk-notice`} data-testid={`desk-${action}-notice`}>
        {message.text}
      </Text>
    ) : null;

  if (forbidden) return <Forbidden />;
  if (complaint.state.status === 'loading') return <Loading rows={5} />;
  if (complaint.state.status === 'error') {
    return isForbidden(complaint.state.error) ? <Forbidden /> : <ErrorState message={complaint.state.message} onRetry={complaint.reload} />;
  }

  const c = complaint.state.data;
  const open = isComplaintOpen(c.status);
  // An agent works only their own or unclaimed complaints; the server says so for this viewer.
  const mayAct = c.authority.mayAct;
  const canClaim = mayAct && open && (c.ownerId === null || c.actions.includes('acknowledge') || c.actions.includes('start'));
  const canResolve = mayAct && c.actions.includes('resolve');
  const rows: Array<[string, string]> = [
    ['客户', c.memberNickname ?? '未设置昵称'],
    ['手机号', c.memberPhoneMasked ?? '未绑定'],
    ['联系方式', CONTACT_PREFERENCE_ZH[c.contactPreference]],
    ['投诉类型', c.categoryName],
    ['订单', c.order ? complaintOrderText(c.order) : c.orderId ? `订单号 ${c.orderId}` : '未填写'],
    ['提交时间', formatShanghaiDateTime(c.submittedAt)],
    ['处理人', c.ownerId ? (c.ownerName ?? '已离职员工') : '未认领'],
    ['问题描述', c.description],
  ];
  if (c.rootCause)
    rows.push([
      '根因',
      `${deskSettings ? categoryName(deskSettings, c.rootCause.category) : c.rootCause.category} · ${ROOT_CAUSE_ZH[c.rootCause.causeCode]}${c.rootCause.sku ? ` · ${c.rootCauseProductName ?? '未知商品'}` : ''}`,
    ]);

  const meters = [slaMeterText('首次响应', c.sla.firstResponse), slaMeterText('解决', c.sla.resolution)];
  return (
    <View className="page">
      <View className="card">
        <View className="staff-row__head">
          <Text className="card__title">投诉工单</Text>
          <Text className={`desk-status desk-status--${c.status}`} data-testid="desk-status">
            {staffStatusText(c.status)}
          </Text>
        </View>
        {rows.map(([label, value]) => (
          <View key={label} className="scan-coupon__row">
            <Text className="scan-coupon__label">{label}</Text>
            <Text className="scan-coupon__value desk-value">{value}</Text>
          </View>
        ))}
        <PhotoGrid photos={c.photos} testPrefix="desk" />
        <View className="desk-meters">
          {meters.map((meter) => (
            <Text key={meter.text} className={`desk-meter desk-sla desk-sla--${meter.tone}`} data-testid="desk-sla">
              {meter.text}
            </Text>
          ))}
        </View>
        {canClaim && (
          <Button
            className="btn btn--primary desk-claim"
            data-testid="desk-claim"
            {...whileBusy(busy === 'claim')}
            onClick={() => void run('claim', () => claimComplaint(c.complaintId), '已认领')}
          >
            认领
          </Button>
        )}
        {notice('claim')}
        {!mayAct && (
          <Text className="notice desk-notice desk-not-yours" data-testid="desk-not-yours">
            该投诉由{c.ownerName ?? '其他同事'}负责：只有负责人、主管或管理员可以回复、备注、指派和解决。如需接手，请联系主管指派给你。
          </Text>
        )}
      </View>

      {open && mayAct && <AssignBox complaint={c} busy={busy === 'assign'} run={run} notice={notice('assign')} />}

      <View className="card">
        <Text className="card__title">处理记录</Text>
        <ComplaintTimeline entries={c.timeline} viewer="staff" testPrefix="desk" />
      </View>

      {c.internal.length > 0 && (
        <View className="card desk-internal" data-testid="desk-internal">
          <Text className="card__title">内部记录（客户不可见）</Text>
          {c.internal.map((entry) => {
            const { title, body, at } = deskEntryText(entry);
            return (
              <View key={entry.entryId} className="timeline-entry timeline-entry--note" data-testid="desk-internal-entry">
                <View className="timeline-entry__head">
                  <Text className="timeline-entry__title">{title}</Text>
                  <Text className="timeline-entry__at">{at}</Text>
                </View>
                {body && <Text className="timeline-entry__body">{body}</Text>}
              </View>
            );
          })}
        </View>
      )}

      {open && mayAct && (
        <ReplyBox
          complaintId={c.complaintId}
          templates={deskSettings?.replyTemplates ?? []}
          busy={busy === 'reply'}
          run={run}
          notice={notice('reply')}
        />
      )}
      {mayAct && <NoteBox complaintId={c.complaintId} busy={busy === 'note'} run={run} notice={notice('note')} />}
      {canResolve && <ResolveForm complaint={c} settings={deskSettings} busy={busy === 'resolve'} run={run} notice={notice('resolve')} />}
    </View>
  );
}

type Run = (action: Action, call: () => Promise<StaffComplaintView>, done?: string) => Promise<boolean>;

/** Hand the complaint to someone: supervisors to anyone, agents what is theirs or unclaimed (the server decides). */
function AssignBox({
  complaint,
  busy,
  run,
  notice,
}: {
  complaint: StaffComplaintView;
  busy: boolean;
  run: Run;
  notice: JSX.Element | null;
}) {
  const agents = useResource(listDeskAgents);
  const [chosen, setChosen] = useState<string | null>(null);
  if (agents.state.status !== 'ready') return null;
  const others = agents.state.data.items.filter((agent) => agent.memberId !== complaint.ownerId);
  if (others.length === 0) return null;
  const assign = async () => {
    if (!chosen) return;
    const name = others.find((agent) => agent.memberId === chosen)?.name ?? '';
    if (await run('assign', () => assignComplaint(complaint.complaintId, chosen), `已指派给${name}`)) setChosen(null);
  };
  return (
    <View className="card desk-assign" data-testid="desk-assign">
      <Text className="card__title">指派</Text>
      <View className="desk-chips">
        {others.map((agent) => (
          <Text
            key={agent.memberId}
            className={`desk-chip ${chosen === agent.memberId ? 'desk-chip--on' : ''}`}
            data-testid={`desk-assign-${agent.memberId}`}
            onClick={() => setChosen(agent.memberId)}
          >
            {agent.name}
          </Text>
        ))}
      </View>
      {notice}
      <Button
        className={`btn btn--ghost desk-assign-send ${disabledClass(!chosen || busy)}`}
        data-testid="desk-assign-send"
        {...disabledWhen(!chosen)}
        {...whileBusy(busy)}
        onClick={() => void assign()}
      >
        指派给TA
      </Button>
    </View>
  );
}

function ReplyBox({
  complaintId,
  templates,
  busy,
  run,
  notice,
}: {
  complaintId: string;
  templates: ComplaintDeskSettingsView['replyTemplates'];
  busy: boolean;
  run: Run;
  notice: JSX.Element | null;
}) {
  const [text, setText] = useState('');
  const [askBuyer, setAskBuyer] = useState(false);
  const [blocked, setBlocked] = useState<string | null>(null);
  const photos = usePhotoUploads();
  const requestId = useRef(newRequestId());
  const send = async () => {
    const body = text.trim();
    if (!body) return;
    setBlocked(photos.blocker);
    if (photos.blocker) return;
    const ok = await run(
      'reply',
      () => replyToComplaint(complaintId, requestId.current, body, askBuyer, photos.keys),
      askBuyer ? '已回复，等待客户补充' : '已回复客户',
    );
    if (ok) {
      setText('');
      setAskBuyer(false);
      photos.reset();
      requestId.current = newRequestId();
    }
  };
  return (
    <View className="card">
      <Text className="card__title">回复客户</Text>
      {templates.length > 0 && (
        <View className="desk-chips desk-templates" data-testid="desk-templates">
          {templates.map((template) => (
            <Text
              key={template.title}
              className="desk-chip desk-template"
              data-testid="desk-template"
              onClick={() => setText((current) => (current.trim() ? `${current}\n${template.text}` : template.text))}
            >
              {template.title}
            </Text>
          ))}
        </View>
      )}
      <Textarea
        className="desk-textarea desk-reply-input"
        data-testid="desk-reply-input"
        placeholder="客户可以看到此回复"
        maxlength={COMPLAINT_DESCRIPTION_MAX}
        value={text}
        onInput={(event) => setText(event.detail.value)}
      />
      <Text
        className={`desk-check desk-ask-buyer ${askBuyer ? 'desk-check--on' : ''}`}
        data-testid="desk-ask-buyer"
        onClick={() => setAskBuyer(!askBuyer)}
      >
        {askBuyer ? '☑' : '☐'} 需要客户补充（暂停解决时限，直到客户回复）
      </Text>
      <PhotoPicker uploads={photos} testPrefix="desk-reply-form" disabled={busy} />
      {blocked && <Text className="notice notice--error">{blocked}</Text>}
      {notice}
      <Button className="btn btn--primary desk-reply-send" data-testid="desk-reply-send" {...whileBusy(busy)} onClick={() => void send()}>
        发送回复
      </Button>
    </View>
  );
}

function NoteBox({ complaintId, busy, run, notice }: { complaintId: string; busy: boolean; run: Run; notice: JSX.Element | null }) {
  const [text, setText] = useState('');
  const send = async () => {
    const body = text.trim();
    if (!body) return;
    if (await run('note', () => addComplaintNote(complaintId, body), '备注已保存（客户不可见）')) setText('');
  };
  return (
    <View className="card">
      <Text className="card__title">内部备注</Text>
      <Textarea
        className="desk-textarea desk-note-input"
        data-testid="desk-note-input"
        placeholder="仅员工可见"
        maxlength={1000}
        value={text}
        onInput={(event) => setText(event.detail.value)}
      />
      {notice}
      <Button className="btn btn--ghost desk-note-send" data-testid="desk-note-send" {...whileBusy(busy)} onClick={() => void send()}>
        保存备注
      </Button>
    </View>
  );
}

function ResolveForm({
  complaint,
  settings,
  busy,
  run,
  notice,
}: {
  complaint: StaffComplaintView;
  settings: ComplaintDeskSettingsView | null;
  busy: boolean;
  run: Run;
  notice: JSX.Element | null;
}) {
  const coupons = useResource(listCompensationCoupons);
  const [couponId, setCouponId] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [category, setCategory] = useState<ComplaintCategory>(complaint.category);
  // The product at fault is picked from the complaint's order (by name; its SKU is what is stored).
  const products = complaint.order?.items ?? [];
  const [sku, setSku] = useState('');
  const [cause, setCause] = useState<RootCauseCode | null>(null);
  const [points, setPoints] = useState('');
  const [error, setError] = useState<string | null>(null);
  // One id per resolution: it keys the compensation, so a retry credits the points once.
  const requestId = useRef(newRequestId());

  // An agent's compensation is capped (points plus the coupon's points price); supervisors and admins are not.
  const cap = complaint.authority.compensationCapPoints;
  const couponChoices = coupons.state.status === 'ready' ? coupons.state.data.items : [];

  const submit = async () => {
    const text = summary.trim();
    const code = sku;
    const pointsText = points.trim();
    const pointsValue = pointsText ? Number(pointsText) : undefined;
    if (!text) return setError('请填写处理结果（客户可见）');
    if (!cause) return setError('请选择根因');
    if (pointsValue !== undefined && (!Number.isInteger(pointsValue) || pointsValue < 1 || pointsValue > COMPENSATION_POINTS_MAX))
      return setError(`补偿积分须为 1–${COMPENSATION_POINTS_MAX} 的整数`);
    const worth = (pointsValue ?? 0) + (couponChoices.find((coupon) => coupon.rewardId === couponId)?.pointsPrice ?? 0);
    if (cap !== null && worth > cap) return setError(`补偿合计 ${worth} 积分，超过 ${cap} 积分需主管处理：请减少补偿，或指派给主管`);
    setError(null);
    const compensation =
      pointsValue !== undefined || couponId
        ? { ...(pointsValue !== undefined ? { points: pointsValue } : {}), ...(couponId ? { rewardId: couponId } : {}) }
        : undefined;
    await run(
      'resolve',
      () =>
        resolveComplaint(complaint.complaintId, {
          requestId: requestId.current,
          summary: text,
          rootCause: { category, causeCode: cause, ...(code ? { sku: code } : {}) },
          ...(compensation ? { compensation } : {}),
        }),
      '已解决，等待客户确认',
    );
  };

  return (
    <View className="card desk-resolve" data-testid="desk-resolve">
      <Text className="card__title">解决</Text>
      <Text className="desk-label">处理结果（客户可见）</Text>
      <Textarea
        className="desk-textarea desk-resolve-summary"
        data-testid="desk-resolve-summary"
        placeholder="如：已为您补发新品，并补偿积分"
        maxlength={COMPLAINT_DESCRIPTION_MAX}
        value={summary}
        onInput={(event) => setSummary(event.detail.value)}
      />
      <Text className="desk-label">根因类型</Text>
      <View className="desk-chips" data-testid="desk-resolve-category">
        {(settings?.categories ?? [])
          .filter((option) => option.active || option.code === complaint.category)
          .map((option) => (
            <Text
              key={option.code}
              className={`desk-chip ${category === option.code ? 'desk-chip--on' : ''}`}
              onClick={() => setCategory(option.code)}
            >
              {option.name}
            </Text>
          ))}
      </View>
      <Text className="desk-label">根因</Text>
      <View className="desk-chips desk-resolve-cause" data-testid="desk-resolve-cause">
        {ROOT_CAUSE_CODES.map((value) => (
          <Text
            key={value}
            className={`desk-chip desk-resolve-cause__option desk-resolve-cause--${value} ${cause === value ? 'desk-chip--on' : ''}`}
            data-testid={`desk-resolve-cause-${value}`}
            onClick={() => setCause(value)}
          >
            {ROOT_CAUSE_ZH[value]}
          </Text>
        ))}
      </View>
      {products.length > 0 && (
        <>
          <Text className="desk-label">相关商品（选填）</Text>
          <View className="desk-chips desk-resolve-product" data-testid="desk-resolve-product">
            {products.map((product) => (
              <Text
                key={product.sku}
                className={`desk-chip ${sku === product.sku ? 'desk-chip--on' : ''}`}
                onClick={() => setSku(sku === product.sku ? '' : product.sku)}
              >
                {product.name}
              </Text>
            ))}
          </View>
        </>
      )}
      <Text className="desk-label">补偿积分（选填）</Text>
      <Input
        className="field desk-resolve-points"
        data-testid="desk-resolve-points"
        type="number"
        placeholder="不补偿请留空"
        value={points}
        onInput={(event) => setPoints(event.detail.value)}
      />
      {cap !== null && (
        <Text className="muted desk-resolve-cap" data-testid="desk-resolve-cap">
          {cap === 0 ? '补偿需主管处理：如需补偿，请指派给主管' : `超过 ${cap} 积分需主管处理（补偿优惠券按兑换所需积分计入）`}
        </Text>
      )}
      {couponChoices.length > 0 && (
        <>
          <Text className="desk-label">补偿优惠券（选填）</Text>
          <View className="desk-chips" data-testid="desk-resolve-coupons">
            {couponChoices.map((coupon) => (
              <Text
                key={coupon.rewardId}
                className={`desk-chip desk-resolve-coupon ${couponId === coupon.rewardId ? 'desk-chip--on' : ''}`}
                data-testid={`desk-resolve-coupon-${coupon.rewardId}`}
                onClick={() => setCouponId(couponId === coupon.rewardId ? null : coupon.rewardId)}
              >
                {coupon.name}（{cap !== null ? `${coupon.pointsPrice}积分 · ` : ''}剩{coupon.stock}）
              </Text>
            ))}
          </View>
        </>
      )}
      {error && (
        <Text className="notice notice--error desk-resolve-error" data-testid="desk-resolve-error">
          {error}
        </Text>
      )}
      {notice}
      <Button
        className="btn btn--primary desk-resolve-submit"
        data-testid="desk-resolve-submit"
        {...whileBusy(busy)}
        onClick={() => void submit()}
      >
        标记为已解决
      </Button>
    </View>
  );
}
