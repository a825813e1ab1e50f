import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { MemberView } from '@linli/shared/members';
import type { PrivacyPolicy } from '@linli/shared/privacy';
import { acceptPolicy, getClientConfig, getMe, getPrivacyPolicy } from '@/api/linli';
import { errorText } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import { BirthdayField, BirthdayReminder, PhoneField } from '@/components/member-extras';
import { whileBusy } from '@/components/button-state';
import { PrivacyPolicyCard } from '@/components/privacy-policy';
import { PrivacyAuthorizationPopup } from '@/components/privacy-authorization';
import './index.css';

async function loadJoin() {
  const [policy, config, member] = await Promise.all([getPrivacyPolicy(), getClientConfig(), getMe()]);
  return { policy, config, member };
}

export default function JoinPage() {
  const join = useResource(loadJoin);

  if (join.state.status === 'loading') return <Loading rows={6} />;
  if (join.state.status === 'error') return <ErrorState message={join.state.message} onRetry={join.reload} />;

  const data = join.state.data;
  const setMember = (member: MemberView) => join.replace({ ...data, member });
  const hasAccepted = data.member.status === 'member' && data.member.policyVersion === data.policy.version;

  return (
    <View className="page">
      {hasAccepted ? (
        <Extras member={data.member} birthdayTemplateId={data.config.templates.birthdayGreeting} onMember={setMember} />
      ) : (
        <PolicyConsent policy={data.policy} isMember={data.member.status === 'member'} onJoined={setMember} />
      )}
    </View>
  );
}

function PolicyConsent({
  policy,
  isMember,
  onJoined,
}: {
  policy: PrivacyPolicy;
  isMember: boolean;
  onJoined: (member: MemberView) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const accept = async () => {
    setBusy(true);
    setFailure(null);
    try {
      onJoined(await acceptPolicy(policy.version));
    } catch (error) {
      setFailure(errorText(error));
      setBusy(false);
    }
  };

  return (
    <>
      <PrivacyPolicyCard policy={policy}>
        <Text className="muted">版本 {policy.version}</Text>
        {isMember && <Text className="notice">隐私政策已更新，请阅读并同意新版本后继续使用会员服务。</Text>}
      </PrivacyPolicyCard>
      {failure && <Text className="notice notice--error">{failure}</Text>}
      <Button className="btn btn--primary" data-testid="join-accept" {...whileBusy(busy)} onClick={accept}>
        同意并加入
      </Button>
      <Button className="btn btn--plain" onClick={() => Taro.navigateBack().catch(() => Taro.reLaunch({ url: '/pages/index/index' }))}>
        暂不加入
      </Button>
    </>
  );
}

function Extras({
  member,
  birthdayTemplateId,
  onMember,
}: {
  member: MemberView;
  birthdayTemplateId: string | undefined;
  onMember: (member: MemberView) => void;
}) {
  return (
    <>
      <View className="card welcome" data-testid="join-welcome">
        <Text className="welcome__title">欢迎加入邻里会员</Text>
        <Text className="muted">以下信息均为选填，用于生日祝福和订单联系，可随时在“我的资料”中修改。</Text>
      </View>
      <View className="cells">
        <BirthdayField member={member} onSaved={onMember} />
        <PhoneField member={member} onSaved={onMember} />
      </View>
      {/* WeChat's phone number button needs the privacy guide agreed to: this asks when it must. */}
      <PrivacyAuthorizationPopup />
      <View className="cells">
        <BirthdayReminder templateId={birthdayTemplateId} />
      </View>
      <Button className="btn btn--primary" data-testid="join-done" onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
        完成，查看会员卡
      </Button>
    </>
  );
}
