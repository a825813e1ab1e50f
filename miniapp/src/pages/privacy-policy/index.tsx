import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { getMe, getPrivacyPolicy } from '@/api/linli';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import { PrivacyPolicyCard } from '@/components/privacy-policy';

async function loadPrivacy() {
  const [policy, member] = await Promise.all([getPrivacyPolicy(), getMe()]);
  return { policy, member };
}

/** 隐私政策 from 我的 (and from 隐私中心's 我的授权): the policy in force and the version the member agreed to. */
export default function PrivacyPage() {
  const privacy = useResource(loadPrivacy);
  if (privacy.state.status === 'loading') return <Loading rows={6} />;
  if (privacy.state.status === 'error') return <ErrorState message={privacy.state.message} onRetry={privacy.reload} />;
  const { policy, member } = privacy.state.data;
  const current = member.status === 'member' && member.policyVersion === policy.version;
  return (
    <View className="page">
      <PrivacyPolicyCard policy={policy}>
        <Text className="muted" data-testid="privacy-agreed">
          {current ? `版本 ${policy.version} · 你已同意` : `版本 ${policy.version} · 尚未同意`}
        </Text>
      </PrivacyPolicyCard>
      {!current && (
        <Button className="btn btn--primary" onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
          阅读并同意
        </Button>
      )}
    </View>
  );
}
