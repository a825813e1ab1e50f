import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { MessageTemplate, SubscriptionQuota } from '@linli/shared/subscriptions';
import { getMySubscriptions, reportSubscriptions } from '@/api/linli';
import { errorText } from '@/api/errors';
import { platform } from '@/platform';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import './index.css';

/** The messages a buyer can receive (staff alerts are not theirs), in the order shown. */
const BUYER_MESSAGES: Array<{ template: MessageTemplate; title: string; explain: string }> = [
  { template: 'birthdayGreeting', title: '生日祝福', explain: '生日当天送上祝福和生日礼' },
  { template: 'tierChanged', title: '等级变动', explain: '会员等级升降时通知你' },
  { template: 'pointsExpiring', title: '积分到期', explain: '积分到期前 30 天提醒一次' },
  { template: 'complaintUpdate', title: '投诉进展', explain: '投诉被受理、回复或解决时通知你' },
];

/**
 * 消息提醒: WeChat subscribe messages are one-time: each 允许 lets the shop send that message once.
 * The page shows what is left of each and asks for one more (from a tap, as WeChat requires).
 */
export default function MessagesPage() {
  const quota = useResource(getMySubscriptions);
  const [busy, setBusy] = useState<MessageTemplate | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  if (quota.state.status === 'loading') return <Loading rows={4} />;
  if (quota.state.status === 'error') return <ErrorState message={quota.state.message} onRetry={quota.reload} />;
  const items = quota.state.data.items;

  const ask = async (entry: SubscriptionQuota['items'][number]) => {
    // WeChat only shows the dialog straight from a tap: ask before anything else is awaited.
    const results = await platform.requestSubscribe([entry.templateId]);
    if (results.length === 0) return setNotice({ ok: false, text: '未能开启提醒，请稍后再试' });
    setBusy(entry.template);
    try {
      quota.replace(await reportSubscriptions(results));
      const accepted = results.some((result) => result.result === 'accept');
      setNotice(accepted ? { ok: true, text: '已开启，可再收到一次提醒' } : { ok: false, text: '你没有允许这条提醒' });
    } catch (error) {
      setNotice({ ok: false, text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="page">
      <Text className="muted messages__intro">微信服务通知每次允许只能收到一次，用完后可在这里再次开启。</Text>
      <View className="cells">
        {BUYER_MESSAGES.map((message) => {
          const entry = items.find((item) => item.template === message.template);
          if (!entry) return null;
          return (
            <View key={message.template} className="cell messages__row" data-testid={`message-${message.template}`}>
              <View className="messages__text">
                <Text className="cell__label">{message.title}</Text>
                <Text className="muted">{message.explain}</Text>
                <Text className={`messages__left ${entry.remaining > 0 ? '' : 'messages__left--off'}`} data-testid="message-remaining">
                  {entry.remaining > 0 ? `还可收到 ${entry.remaining} 次` : '未开启'}
                </Text>
              </View>
              <Button
                className="btn btn--ghost messages__button"
                data-testid="message-subscribe"
                {...whileBusy(busy === message.template)}
                onClick={() => void ask(entry)}
              >
                {entry.remaining > 0 ? '再开启一次' : '开启'}
              </Button>
            </View>
          );
        })}
      </View>
      {notice && <Text className={`notice ${notice.ok ? 'notice--ok' : 'notice--error'}`}>{notice.text}</Text>}
    </View>
  );
}
