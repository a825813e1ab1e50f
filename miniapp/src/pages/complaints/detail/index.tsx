import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import {
  COMPLAINT_DESCRIPTION_MAX,
  COMPLAINT_STATUS_ZH,
  CONTACT_PREFERENCE_ZH,
  REOPEN_WINDOW_DAYS,
  type ComplaintView,
} from '@linli/shared/complaints';
import { confirmMyComplaint, getMyComplaint, rateMyComplaint, reopenMyComplaint, replyToMyComplaint } from '@/api/linli';
import { ApiError } from '@/api/errors';
import { newRequestId } from '@/api/request-id';
import { useComplaintActions } from '@/hooks/useComplaintActions';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { ComplaintTimeline } from '@/components/complaint-timeline';
import { PhotoGrid } from '@/components/photo-grid';
import { PhotoPicker, usePhotoUploads } from '@/components/photo-picker';
import { isComplaintOpen } from '@/format/complaints';
import { formatShanghaiDateTime } from '@/format/time';
import '@/pages/complaints/complaints.css';

type Action = 'reply' | 'confirm' | 'reopen' | 'rate';

export default function ComplaintDetailPage() {
  const complaintId = useRouter().params.id ?? '';
  const complaint = useResource(() =>
    complaintId ? getMyComplaint(complaintId) : Promise.reject(new ApiError('COMPLAINT_NOT_FOUND', 404, 'No id in the page query')),
  );
  const { busy, run, outcome, refuse } = useComplaintActions<Action, ComplaintView>(complaint);
  const [reply, setReply] = useState('');
  const replyId = useRef(newRequestId());
  const replyPhotos = usePhotoUploads();
  const [reason, setReason] = useState('');
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');

  usePullDownRefresh(async () => {
    await complaint.reload();
    Taro.stopPullDownRefresh();
  });

  if (complaint.state.status === 'loading') return <Loading rows={5} />;
  if (complaint.state.status === 'error') return <ErrorState message={complaint.state.message} onRetry={complaint.reload} />;

  const c = complaint.state.data;
  const open = isComplaintOpen(c.status);
  const canConfirm = c.actions.includes('confirm');
  const canReopen = c.actions.includes('reopen') && c.reopenableUntil !== null && Date.parse(c.reopenableUntil) > Date.now();
  const canRate = (c.status === 'resolved' || c.status === 'closed') && c.rating === null;
  const errorFor = (action: Action) =>
    outcome?.action === action && !outcome.ok ? (
      <Text className="notice notice--error complaint-action-error" data-testid="complaint-action-error">
        {outcome.text}
      </Text>
    ) : null;

  const sendReply = () => {
    const text = reply.trim();
    if (!text) return refuse('reply', '请输入留言内容');
    if (replyPhotos.blocker) return refuse('reply', replyPhotos.blocker);
    void run('reply', () => replyToMyComplaint(c.complaintId, replyId.current, text, replyPhotos.keys)).then((ok) => {
      if (!ok) return;
      setReply('');
      replyPhotos.reset();
      replyId.current = newRequestId();
    });
  };
  const reopen = () => {
    const text = reason.trim();
    if (!text) return refuse('reopen', '请填写重新打开的原因');
    void run('reopen', () => reopenMyComplaint(c.complaintId, text)).then((ok) => ok && setReason(''));
  };
  const rate = () => {
    if (stars < 1) return refuse('rate', '请选择评分');
    const text = comment.trim();
    void run('rate', () => rateMyComplaint(c.complaintId, stars, text || undefined));
  };

  const rows: Array<[string, string]> = [
    ['投诉类型', c.categoryName],
    ['订单号', c.orderId ?? '未填写'],
    ['联系方式', CONTACT_PREFERENCE_ZH[c.contactPreference]],
    ['提交时间', formatShanghaiDateTime(c.submittedAt)],
    ['问题描述', c.description],
  ];

  return (
    <View className="page">
      <View className="card">
        <View className="complaint-head">
          <Text className="card__title">投诉详情</Text>
          <Text className={`complaint-status complaint-status--${c.status}`} data-testid="complaint-status">
            {COMPLAINT_STATUS_ZH[c.status]}
          </Text>
        </View>
        <View className="detail-rows">
          {rows.map(([label, value]) => (
            <View key={label} className="detail-row">
              <Text className="detail-row__label">{label}</Text>
              <Text className="detail-row__value">{value}</Text>
            </View>
          ))}
        </View>
        <PhotoGrid photos={c.photos} testPrefix="complaint" />
        {c.status === 'waiting_for_buyer' && <Text className="notice notice--error">客服需要您补充信息，请在下方留言</Text>}
      </View>

      <View className="card">
        <Text className="card__title">处理进度</Text>
        <ComplaintTimeline entries={c.timeline} viewer="buyer" testPrefix="complaint" />
      </View>

      {open && (
        <View className="card complaint-reply">
          <Text className="card__title">留言</Text>
          <Textarea
            className="textarea textarea--short complaint-reply-input"
            data-testid="complaint-reply-input"
            placeholder={c.status === 'waiting_for_buyer' ? '请补充客服需要的信息' : '补充说明或询问进度'}
            maxlength={COMPLAINT_DESCRIPTION_MAX}
            value={reply}
            onInput={(event) => setReply(event.detail.value)}
          />
          <PhotoPicker uploads={replyPhotos} testPrefix="complaint-reply-form" disabled={busy === 'reply'} />
          {errorFor('reply')}
          <Button
            className="btn btn--primary complaint-reply-send"
            data-testid="complaint-reply-send"
            {...whileBusy(busy === 'reply')}
            onClick={sendReply}
          >
            发送
          </Button>
        </View>
      )}

      {(canConfirm || canReopen) && (
        <View className="card complaint-decide">
          <Text className="card__title">问题解决了吗？</Text>
          {c.reopenableUntil && (
            <Text className="muted complaint-reopen-until">
              如未解决，可在 {formatShanghaiDateTime(c.reopenableUntil)} 前重新打开（解决后 {REOPEN_WINDOW_DAYS} 天内），逾期将自动关闭
            </Text>
          )}
          {canConfirm && (
            <Button
              className="btn btn--primary complaint-confirm"
              data-testid="complaint-confirm"
              {...whileBusy(busy === 'confirm')}
              onClick={() => void run('confirm', () => confirmMyComplaint(c.complaintId))}
            >
              确认已解决
            </Button>
          )}
          {errorFor('confirm')}
          {canReopen && (
            <View className="complaint-reopen-box">
              <Textarea
                className="textarea textarea--short complaint-reopen-reason"
                data-testid="complaint-reopen-reason"
                placeholder="仍未解决？请说明原因"
                maxlength={500}
                value={reason}
                onInput={(event) => setReason(event.detail.value)}
              />
              {errorFor('reopen')}
              <Button
                className="btn btn--ghost complaint-reopen"
                data-testid="complaint-reopen"
                {...whileBusy(busy === 'reopen')}
                onClick={reopen}
              >
                重新打开
              </Button>
            </View>
          )}
        </View>
      )}

      {canRate && (
        <View className="card complaint-rating" data-testid="complaint-rating">
          <Text className="card__title">评价本次处理</Text>
          <View className="stars">
            {[1, 2, 3, 4, 5].map((n) => (
              <Text
                key={n}
                className={`star complaint-rate-${n} ${n <= stars ? 'star--on' : ''}`}
                data-testid={`complaint-rate-${n}`}
                onClick={() => setStars(n)}
              >
                ★
              </Text>
            ))}
          </View>
          <Textarea
            className="textarea textarea--short complaint-rating-comment"
            data-testid="complaint-rating-comment"
            placeholder="说说您的感受（选填）"
            maxlength={500}
            value={comment}
            onInput={(event) => setComment(event.detail.value)}
          />
          {errorFor('rate')}
          <Button
            className="btn btn--primary complaint-rating-submit"
            data-testid="complaint-rating-submit"
            {...whileBusy(busy === 'rate')}
            onClick={rate}
          >
            提交评价
          </Button>
        </View>
      )}
      {c.rating !== null && (
        <View className="card">
          <Text className="card__title">我的评价</Text>
          <Text className="star star--on complaint-rated" data-testid="complaint-rated">
            {'★'.repeat(c.rating)}
            {'☆'.repeat(5 - c.rating)}
          </Text>
        </View>
      )}
    </View>
  );
}
