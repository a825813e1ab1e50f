import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { deleteMyAccount } from '@/api/linli';
import { errorText } from '@/api/errors';
import { clearSession } from '@/api/session';
import { disabledWhen, whileBusy } from '@/components/button-state';
import './index.css';

// What the server erases and keeps (functions/src/privacy/account-deletion.ts, README "Account deletion"), said plainly.
const ERASED = [
  '与你微信账号的关联、手机号、昵称、头像、生日',
  '会员码、会员等级、剩余积分（注销后作废，不可恢复）和未使用的优惠券',
  '投诉与回复的文字和照片、问卷中填写的文字、兑换礼品的收货地址',
  '客户标签、消费偏好分析、订阅消息授权和未发送的关怀消息',
];
const KEPT = [
  '订单、退款和积分收支的金额记录：依据《会计法》《电子商务法》须保存，保存时不再包含任何能识别你的信息',
  '投诉的类型和处理过程、问卷的评分：仅用于统计，同样不再关联到你',
];

async function confirmedAgain(): Promise<boolean> {
  try {
    const answer = await Taro.showModal({
      title: '确认注销账户？',
      content: '注销后个人信息将被删除且无法恢复，积分和优惠券同时作废。',
      confirmText: '确认注销',
      confirmColor: '#c0392b',
    });
    return answer.confirm;
  } catch {
    return false;
  }
}

/** 注销账户 (from 我的资料): what goes and what stays, a tick and a second confirmation, then logged out to the home page. */
export default function AccountDeletionPage() {
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    if (!understood || !(await confirmedAgain())) return;
    setBusy(true);
    setFailure(null);
    try {
      await deleteMyAccount();
    } catch (error) {
      setFailure(errorText(error));
      setBusy(false);
      return;
    }
    // The account is gone: so is the session. Opening the app later starts as a new visitor.
    clearSession();
    void Taro.showToast({ title: '账户已注销', icon: 'success' });
    void Taro.reLaunch({ url: '/pages/index/index' });
  };

  return (
    <View className="page">
      <View className="card">
        <Text className="card__title">注销后将删除</Text>
        <View className="deletion__list deletion__erased" data-testid="deletion-erased">
          {ERASED.map((line) => (
            <Text key={line} className="deletion__item deletion__item--erased">
              · {line}
            </Text>
          ))}
        </View>
      </View>
      <View className="card">
        <Text className="card__title">依法保留（不含个人身份）</Text>
        <View className="deletion__list deletion__kept" data-testid="deletion-kept">
          {KEPT.map((line) => (
            <Text key={line} className="deletion__item deletion__item--kept">
              · {line}
            </Text>
          ))}
        </View>
        <Text className="muted">注销后再次登录，将作为新会员重新开始，原有积分、订单和记录不会恢复。</Text>
      </View>
      <View className="deletion__understood" data-testid="deletion-understood" onClick={() => setUnderstood(!understood)}>
        <Text className={`deletion__box${understood ? ' deletion__box--ticked' : ''}`}>{understood ? '✓' : ''}</Text>
        <Text>我已了解以上内容，确认注销我的账户</Text>
      </View>
      {failure && (
        <Text className="notice notice--error deletion__error" data-testid="deletion-error">
          {failure}
        </Text>
      )}
      <Button
        className="btn deletion__submit"
        data-testid="deletion-submit"
        {...(busy ? whileBusy(busy) : disabledWhen(!understood))}
        onClick={() => void submit()}
      >
        注销账户
      </Button>
      <Button className="btn btn--plain" onClick={() => Taro.navigateBack().catch(() => Taro.reLaunch({ url: '/pages/index/index' }))}>
        暂不注销
      </Button>
    </View>
  );
}
