import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { getMe, getPrivacyPolicy } from '@/api/linli';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import '@/pages/join/index.css';

async function loadPrivacy() {
  const [policy, member] = await Promise.all([getPrivacyPolicy(), getMe()]);
  return { policy, member };
}

/** 隐私政策 from 我的: the policy in force and the version the member agreed to. */
export default function PrivacyPage() {
  const privacy = useResource(loadPrivacy);
  if (privacy.state.status === 'loading') return <Loading rows={6} />;
  if (privacy.state.status === 'error') return <ErrorState message={privacy.state.message} onRetry={privacy.reload} />;
  const { policy, member } = privacy.state.data;
  const current = member.status === 'member' && member.policyVersion === policy.version;
  return (
    <View className="page">
      <View className="card policy" data-testid="privacy-policy">
        <Text className="policy__title">{policy.title}</Text>
        <Text className="muted" data-testid="privacy-agreed">
          {current ? `版本 ${policy.version} · 你已同意` : `版本 ${policy.version} · 尚未同意`}
        </Text>
        {policy.sections.map((section) => (
          <View key={section.heading} className="policy__section">
            <Text className="policy__heading">{section.heading}</Text>
            <Text className="policy__body">{section.body}</Text>
          </View>
        ))}
      </View>
      {!current && (
        <Button className="btn btn--primary" onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
          阅读并同意
        </Button>
      )}
    </View>
  );
}
