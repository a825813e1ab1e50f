import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import {
  DATA_REQUEST_DEADLINE_DAYS,
  DATA_REQUEST_KINDS,
  DATA_REQUEST_KIND_HINT_ZH,
  DATA_REQUEST_KIND_ZH,
  DATA_REQUEST_REFERENCE_MAX,
  DATA_REQUEST_STATUS_ZH,
  DATA_REQUEST_SUBJECTS,
  DATA_REQUEST_SUBJECT_ZH,
  DATA_REQUEST_TEXT_MAX,
  type DataRequestKind,
  type DataRequestSubject,
  type DataRequestView,
} from '@linli/shared/data-requests';
import { fileDataRequest, listMyDataRequests } from '@/api/data-requests';
import { errorText } from '@/api/errors';
import { newRequestId } from '@/api/request-id';
import { usePagedList } from '@/hooks/usePagedList';
import { EmptyState, ErrorState, ListFooter, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { answerTimeText } from '@/format/data-requests';
import { formatShanghaiDateTime } from '@/format/time';
import '@/pages/complaints/complaints.css';
import './index.css';

/**
 * 我的数据请求: what a buyer asks of the shop about their personal data that needs a person (a correction
 * they cannot make themselves, how their data is used, withdrawing or deleting some of it), with each
 * request's status, when it will be answered, and the answer or the reason for a refusal.
 */
export default function DataRequestsPage() {
  const list = usePagedList((cursor?: string) => listMyDataRequests(cursor));
  const [formOpen, setFormOpen] = useState(false);

  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'loading') return <Loading rows={4} />;
  if (list.state.status === 'error') return <ErrorState message={list.state.message} onRetry={list.refresh} />;

  return (
    <View className="page">
      <View className="card data-requests__intro">
        <Text className="muted">
          需要人工处理的个人信息请求可在这里提交，例如更正自己无法修改的订单、积分记录或手机号，了解信息的用途，撤回或删除某些信息。我们会在
          {DATA_REQUEST_DEADLINE_DAYS} 天内答复。
        </Text>
      </View>
      {formOpen ? (
        <NewRequestForm
          onFiled={() => {
            setFormOpen(false);
            void list.refresh();
          }}
          onCancel={() => setFormOpen(false)}
        />
      ) : (
        <Button className="btn btn--primary data-requests__new" data-testid="data-request-new" onClick={() => setFormOpen(true)}>
          提交新请求
        </Button>
      )}
      {list.state.items.length === 0 ? (
        <EmptyState text="暂无数据请求" />
      ) : (
        <>
          {list.state.items.map((request) => (
            <RequestRow key={request.dataRequestId} request={request} />
          ))}
          <ListFooter status={list.state.footer} onRetry={() => void list.loadMore()} />
        </>
      )}
    </View>
  );
}

function RequestRow({ request }: { request: DataRequestView }) {
  return (
    <View className="complaint-row data-request-row" data-testid="data-request-row">
      <View className="complaint-head">
        <Text className="complaint-row__category">
          {DATA_REQUEST_KIND_ZH[request.kind]}
          {request.subject ? ` · ${DATA_REQUEST_SUBJECT_ZH[request.subject]}` : ''}
        </Text>
        <Text className={`data-request-status data-request-status--${request.status}`} data-testid="data-request-status">
          {DATA_REQUEST_STATUS_ZH[request.status]}
        </Text>
      </View>
      <Text className="data-request__text">{request.text}</Text>
      {request.reference && <Text className="data-request__meta">相关内容：{request.reference}</Text>}
      <Text className="data-request__meta">提交于 {formatShanghaiDateTime(request.filedAt)}</Text>
      <Text className={`data-request__due ${request.overdue ? 'data-request__due--late' : ''}`} data-testid="data-request-due">
        {answerTimeText(request)}
      </Text>
      {request.answer && (
        <Text className="data-request__answer" data-testid="data-request-answer">
          店铺答复：{request.answer}
        </Text>
      )}
      {request.refusalReason && (
        <Text className="data-request__answer data-request__answer--refused" data-testid="data-request-refusal">
          拒绝原因：{request.refusalReason}
        </Text>
      )}
    </View>
  );
}

const KIND_MISSING = '请选择请求类型';
const TEXT_MISSING = '请说明你的请求';

function NewRequestForm({ onFiled, onCancel }: { onFiled: () => void; onCancel: () => void }) {
  const [kind, setKind] = useState<DataRequestKind | null>(null);
  const [subject, setSubject] = useState<DataRequestSubject | null>(null);
  const [reference, setReference] = useState('');
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One id per submission of this form, reused on every retry: a retry never files twice.
  const requestId = useRef(newRequestId());

  const submit = async () => {
    if (busy) return;
    const body = text.trim();
    if (!kind) return setFailure(KIND_MISSING);
    if (!body) return setFailure(TEXT_MISSING);
    if ([...body].length > DATA_REQUEST_TEXT_MAX) return setFailure(`说明不能超过 ${DATA_REQUEST_TEXT_MAX} 字`);
    setBusy(true);
    setFailure(null);
    try {
      await fileDataRequest({ requestId: requestId.current, kind, subject, reference: reference.trim() || null, text: body });
      requestId.current = newRequestId();
      onFiled();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card data-request-form" data-testid="data-request-form">
      <Text className="form-label">请求类型</Text>
      <View className="chips">
        {DATA_REQUEST_KINDS.map((option) => (
          <Text
            key={option}
            className={`chip data-request-kind data-request-kind--${option} ${kind === option ? 'chip--on' : ''}`}
            data-testid={`data-request-kind-${option}`}
            onClick={() => {
              setKind(option);
              setFailure((shown) => (shown === KIND_MISSING ? null : shown));
            }}
          >
            {DATA_REQUEST_KIND_ZH[option]}
          </Text>
        ))}
      </View>
      {kind && <Text className="muted data-request__hint">{DATA_REQUEST_KIND_HINT_ZH[kind]}</Text>}

      <Text className="form-label">涉及的信息（选填）</Text>
      <View className="chips">
        {DATA_REQUEST_SUBJECTS.map((option) => (
          <Text
            key={option}
            className={`chip ${subject === option ? 'chip--on' : ''}`}
            data-testid={`data-request-subject-${option}`}
            onClick={() => setSubject(subject === option ? null : option)}
          >
            {DATA_REQUEST_SUBJECT_ZH[option]}
          </Text>
        ))}
      </View>

      <Text className="form-label">具体内容（选填）</Text>
      <Input
        className="field"
        data-testid="data-request-reference"
        maxlength={DATA_REQUEST_REFERENCE_MAX}
        value={reference}
        placeholder="例如订单号、积分记录的日期"
        onInput={(event) => setReference(event.detail.value)}
      />

      <Text className="form-label">请求说明</Text>
      <Textarea
        className="textarea data-request-form__text"
        data-testid="data-request-text"
        maxlength={DATA_REQUEST_TEXT_MAX}
        value={text}
        placeholder="请说明需要我们做什么"
        onInput={(event) => {
          setText(event.detail.value);
          if (event.detail.value.trim()) setFailure((shown) => (shown === TEXT_MISSING ? null : shown));
        }}
      />
      <Text className="counter">
        {text.length}/{DATA_REQUEST_TEXT_MAX}
      </Text>

      {failure && (
        <Text className="notice notice--error data-request-form__error" data-testid="data-request-error">
          {failure}
        </Text>
      )}
      <Button
        className="btn btn--primary data-request-form__submit"
        data-testid="data-request-submit"
        {...whileBusy(busy)}
        onClick={() => void submit()}
      >
        提交
      </Button>
      <Button className="btn btn--plain" onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}
