import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import {
  DATA_REQUEST_ANSWER_MAX,
  DATA_REQUEST_KIND_ZH,
  DATA_REQUEST_REASON_MAX,
  DATA_REQUEST_STATUS_ZH,
  DATA_REQUEST_SUBJECT_ZH,
  type StaffDataRequestView,
} from '@linli/shared/data-requests';
import { answerDataRequest, getStaffDataRequest, refuseDataRequest, takeDataRequest } from '@/api/data-requests';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { answerTimeText, isDataRequestOpen } from '@/format/data-requests';
import { formatShanghaiDateTime } from '@/format/time';
import '@/staff/pages/staff.css';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/complaints/complaints.css';
import '../data-requests.css';

const EVENT_ZH: Record<StaffDataRequestView['history'][number]['event'], string> = {
  // Each history line reads "<time> <who> <event>": who is 会员 for the buyer's own filing.
  filed: '提交',
  taken: '领取处理',
  answered: '答复',
  refused: '拒绝',
};

/** One data request (admins): the buyer's words, the deadline, and 领取 / 答复 / 拒绝（须填写原因）. */
export default function StaffDataRequestDetailPage() {
  return (
    <StaffFrame title="数据请求详情">
      <StaffDataRequestDetailContent />
    </StaffFrame>
  );
}

function StaffDataRequestDetailContent() {
  const dataRequestId = useRouter().params.id ?? '';
  const request = useResource(() =>
    dataRequestId
      ? getStaffDataRequest(dataRequestId)
      : Promise.reject(new ApiError('DATA_REQUEST_NOT_FOUND', 404, 'No id in the page query')),
  );
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [forbidden, setForbidden] = useState(false);

  usePullDownRefresh(async () => {
    await request.reload();
    Taro.stopPullDownRefresh();
  });

  /** Runs one action; resolves true when it went through (the page then shows the request as saved). */
  const run = async (call: () => Promise<StaffDataRequestView>, done: string): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setNotice(null);
    try {
      request.replace(await call());
      setNotice({ ok: true, text: done });
      return true;
    } catch (error) {
      if (isForbidden(error)) setForbidden(true);
      setNotice({ ok: false, text: errorText(error) });
      // Someone else answered or refused it meanwhile: show it as it is now.
      if (error instanceof ApiError && error.code === 'DATA_REQUEST_CLOSED') void request.reload();
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (forbidden || (request.state.status === 'error' && isForbidden(request.state.error))) {
    return <Forbidden text="数据请求仅限管理员处理" />;
  }
  if (request.state.status === 'loading') return <Loading rows={5} />;
  if (request.state.status === 'error') return <ErrorState message={request.state.message} onRetry={request.reload} />;
  const view = request.state.data;
  const open = isDataRequestOpen(view.status);

  return (
    <View className="page">
      <View className="card data-request-detail" data-testid="data-request-detail">
        <View className="staff-row__head">
          <Text className="card__title">
            {DATA_REQUEST_KIND_ZH[view.kind]}
            {view.subject ? ` · ${DATA_REQUEST_SUBJECT_ZH[view.subject]}` : ''}
          </Text>
          <Text className={`desk-status data-request-status data-request-status--${view.status}`} data-testid="data-request-status">
            {DATA_REQUEST_STATUS_ZH[view.status]}
          </Text>
        </View>
        <Text className="data-request-detail__text" data-testid="data-request-text">
          {view.text}
        </Text>
        {[
          ['会员', `${view.member.nickname ?? '未设置昵称'}${view.member.phoneMasked ? ` · ${view.member.phoneMasked}` : ''}`],
          ['相关内容', view.reference ?? '未填写'],
          ['提交时间', formatShanghaiDateTime(view.filedAt)],
          ['处理人', view.handler?.name ?? '未领取'],
        ].map(([label, value]) => (
          <View key={label} className="data-request-detail__row">
            <Text className="data-request-detail__label">{label}</Text>
            <Text>{value}</Text>
          </View>
        ))}
        <Text className={`desk-sla ${view.overdue ? 'desk-sla--breached' : 'desk-sla--ok'}`} data-testid="data-request-due">
          {view.overdue ? `已超期 · ${answerTimeText(view)}` : answerTimeText(view)}
        </Text>
        {view.answer && <Text className="data-request-detail__answer" data-testid="data-request-answer">{`答复：${view.answer}`}</Text>}
        {view.refusalReason && (
          <Text
            className="data-request-detail__answer data-request-detail__refusal"
            data-testid="data-request-refusal"
          >{`拒绝原因：${view.refusalReason}`}</Text>
        )}
        <Text
          className="data-request-detail__link"
          onClick={() => void Taro.navigateTo({ url: `/staff/pages/customer/index?id=${encodeURIComponent(view.member.memberId)}` })}
        >
          查看客户画像
        </Text>
      </View>

      {notice && (
        <Text className={`notice ${notice.ok ? 'notice--ok' : 'notice--error'}`} data-testid="data-request-notice">
          {notice.text}
        </Text>
      )}

      {open && <Actions view={view} busy={busy} run={run} />}

      <View className="card">
        <Text className="card__title">处理记录</Text>
        {view.history.map((entry) => (
          <Text key={`${entry.event}-${entry.at}`} className="data-request-detail__history">
            {`${formatShanghaiDateTime(entry.at)} ${entry.by ?? '会员'} ${EVENT_ZH[entry.event]}`}
          </Text>
        ))}
      </View>
    </View>
  );
}

function Actions({
  view,
  busy,
  run,
}: {
  view: StaffDataRequestView;
  busy: boolean;
  run: (call: () => Promise<StaffDataRequestView>, done: string) => Promise<boolean>;
}) {
  const [mode, setMode] = useState<'answer' | 'refuse' | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const choose = (next: 'answer' | 'refuse') => {
    setMode(mode === next ? null : next);
    setProblem(null);
  };
  const submit = async () => {
    const body = text.trim();
    if (!body) return setProblem(mode === 'refuse' ? '请填写拒绝原因，会员会看到' : '请填写答复内容');
    setProblem(null);
    const saved =
      mode === 'refuse'
        ? await run(() => refuseDataRequest(view.dataRequestId, body), '已拒绝，会员可以看到原因')
        : await run(() => answerDataRequest(view.dataRequestId, body), '已答复');
    if (saved) setText('');
  };
  return (
    <View className="card data-request-detail__actions-card" data-testid="data-request-actions">
      <View className="data-request-detail__actions">
        {view.status === 'submitted' && (
          <Button
            className="btn btn--ghost"
            data-testid="data-request-take"
            {...whileBusy(busy)}
            onClick={() => void run(() => takeDataRequest(view.dataRequestId), '已领取')}
          >
            领取
          </Button>
        )}
        <Button className="btn btn--primary" data-testid="data-request-answer-open" onClick={() => choose('answer')}>
          答复
        </Button>
        <Button
          className="btn btn--ghost data-request-detail__refuse"
          data-testid="data-request-refuse-open"
          onClick={() => choose('refuse')}
        >
          拒绝（须填写原因）
        </Button>
      </View>
      {mode && (
        <View className={`data-request-detail__form data-request-detail__form--${mode}`} data-testid={`data-request-${mode}-form`}>
          <Textarea
            className="desk-textarea data-request-detail__reply"
            data-testid="data-request-reply"
            maxlength={mode === 'refuse' ? DATA_REQUEST_REASON_MAX : DATA_REQUEST_ANSWER_MAX}
            placeholder={
              mode === 'refuse'
                ? '拒绝原因（必填），会员会看到，例如依据哪项法律规定需要保留'
                : '答复内容，会员会看到，例如已为您更正的内容'
            }
            value={text}
            onInput={(event) => setText(event.detail.value)}
          />
          {problem && (
            <Text className="notice notice--error data-request-detail__problem" data-testid="data-request-problem">
              {problem}
            </Text>
          )}
          <Button
            className="btn btn--primary data-request-detail__send"
            data-testid="data-request-send"
            {...whileBusy(busy)}
            onClick={() => void submit()}
          >
            {mode === 'refuse' ? '确认拒绝' : '发送答复'}
          </Button>
        </View>
      )}
    </View>
  );
}
