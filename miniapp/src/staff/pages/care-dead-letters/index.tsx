import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { listCareDeadLetters, retryCareDeadLetter, type DeadLetter } from '@/api/care';
import { errorText, isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { deliveryStatusText, failureText } from '@/format/care';
import { formatShanghaiDateTime } from '@/format/time';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';
import '@/staff/care.css';

/** 失败消息: care messages that failed every attempt (the dead-letter queue), with 重试 for admins. */
export default function CareDeadLettersPage() {
  return (
    <StaffFrame title="失败消息">
      <CareDeadLettersContent />
    </StaffFrame>
  );
}

function CareDeadLettersContent() {
  const canRetry = (loadSession()?.roles ?? []).includes('admin');
  const letters = useResource(listCareDeadLetters);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);

  usePullDownRefresh(async () => {
    await letters.reload();
    Taro.stopPullDownRefresh();
  });

  const retry = async (letter: DeadLetter) => {
    if (retrying) return;
    setRetrying(letter.messageId);
    setNotice(null);
    try {
      await retryCareDeadLetter(letter.messageId);
      // Back on the queue: it leaves this list (the worker sends it, or it comes back here).
      if (letters.state.status === 'ready') {
        letters.replace({ items: letters.state.data.items.filter((item) => item.messageId !== letter.messageId) });
      }
      setNotice({ text: '已重新放入发送队列', ok: true });
    } catch (error) {
      setNotice({ text: errorText(error), ok: false });
    } finally {
      setRetrying(null);
    }
  };

  if (letters.state.status === 'loading') return <Loading rows={4} />;
  if (letters.state.status === 'error') {
    return isForbidden(letters.state.error) ? (
      <Forbidden text="失败消息仅限主管和管理员查看" />
    ) : (
      <ErrorState message={letters.state.message} onRetry={() => void letters.reload()} />
    );
  }
  const items = letters.state.data.items;
  return (
    <View className="page care-dead-letters" data-testid="care-dead-letters">
      <Text className="muted care-note">
        多次重试仍发送失败的关怀消息。排除原因（如模板被删除、微信接口异常）后可重试；重试不会重复发送已发出的消息。
      </Text>
      {notice && <Text className={`notice ${notice.ok ? 'notice--ok' : 'notice--error'}`}>{notice.text}</Text>}
      {items.length === 0 ? (
        <EmptyState text="没有失败的消息" />
      ) : (
        items.map((letter) => (
          <View key={letter.messageId} className="staff-row care-delivery" data-testid="care-dead-letter">
            <View className="staff-row__head">
              <Text className="staff-row__name">{letter.delivery?.ruleName ?? '无法识别的消息'}</Text>
              {letter.delivery && (
                <Text className={`care-delivery__status care-delivery__status--${letter.delivery.status}`}>
                  {deliveryStatusText(letter.delivery)}
                </Text>
              )}
            </View>
            <Text className="care-rule-card__meta">
              {letter.delivery
                ? `${letter.delivery.nickname ?? '会员'} · ${letter.delivery.occasionName}`
                : '消息内容无法读取，找不到对应的关怀计划'}
            </Text>
            <Text className="care-rule-card__meta">{`${formatShanghaiDateTime(letter.deadAt)} 停止重试 · 共尝试 ${letter.receiveCount} 次`}</Text>
            {letter.delivery?.detail && failureText(letter.delivery.detail) && (
              <Text className="care-delivery__detail">{failureText(letter.delivery.detail)}</Text>
            )}
            {canRetry && (
              <View className="care-retry__line">
                <Button
                  className="btn btn--ghost care-retry"
                  data-testid="care-dead-letter-retry"
                  {...whileBusy(retrying === letter.messageId)}
                  onClick={() => void retry(letter)}
                >
                  重试
                </Button>
              </View>
            )}
          </View>
        ))
      )}
    </View>
  );
}
