import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { PrivacyPolicy } from '@linli/shared/privacy';
import '@/pages/join/index.css';

/** The privacy policy's text (加入会员 and 隐私政策 show the same): its title, what the page says of the version, and each section. */
export function PrivacyPolicyCard({ policy, children }: { policy: PrivacyPolicy; children: ReactNode }) {
  return (
    <View className="card policy" data-testid="privacy-policy">
      <Text className="policy__title">{policy.title}</Text>
      {children}
      {policy.sections.map((section) => (
        <View key={section.heading} className="policy__section">
          <Text className="policy__heading">{section.heading}</Text>
          <Text className="policy__body">{section.body}</Text>
        </View>
      ))}
    </View>
  );
}
