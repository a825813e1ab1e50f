import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MemberView } from '@linli/shared/members';
import type { TierDefinition, TierLadder } from '@linli/shared/tiers';
import { getMe, getTiers } from '@/api/linli';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import { growthRuleLines, progressPercent, rightsTexts, thresholdText, toNextText } from '@/format/tiers';
import './index.css';

async function loadTiersPage(): Promise<{ ladder: TierLadder; member: MemberView }> {
  const [ladder, member] = await Promise.all([getTiers(), getMe()]);
  return { ladder, member };
}

/** 会员等级: the whole ladder with the member's own tier marked, and how growth works. */
export default function TiersPage() {
  const page = useResource(loadTiersPage);

  usePullDownRefresh(async () => {
    await page.reload();
    Taro.stopPullDownRefresh();
  });

  if (page.state.status === 'loading') return <Loading rows={5} />;
  if (page.state.status === 'error') return <ErrorState message={page.state.message} onRetry={page.reload} />;

  const { ladder, member } = page.state.data;
  const progress = member.tierProgress;
  const growth = progress?.growth;
  return (
    <View className="page">
      <View className="tiers-hero" data-testid="tiers-summary">
        <Text className="tiers-hero__label">我的等级</Text>
        <Text className="tiers-hero__tier">{member.tier.name}</Text>
        {progress && (
          <>
            <Text className="tiers-hero__growth">
              成长值 <Text className="tiers-hero__growth-value">{progress.growth}</Text>
            </Text>
            <View className="tiers-hero__bar">
              <View className="tiers-hero__fill" style={{ width: `${progressPercent(progress)}%` }} />
            </View>
            <Text className="tiers-hero__to-next">{toNextText(progress)}</Text>
          </>
        )}
      </View>

      <View className="tier-list">
        {ladder.tiers.map((tier) => (
          <TierRow key={tier.code} tier={tier} current={tier.code === member.tier.code} growth={growth} />
        ))}
      </View>

      <View className="card tier-rules" data-testid="tier-rules">
        <Text className="card__title">成长值与等级规则</Text>
        {growthRuleLines(ladder).map((line) => (
          <Text key={line} className="tier-rules__line">
            {line}
          </Text>
        ))}
      </View>
    </View>
  );
}

function TierRow({ tier, current, growth }: { tier: TierDefinition; current: boolean; growth: number | undefined }) {
  const missing = growth !== undefined && !current && tier.minGrowth > growth ? tier.minGrowth - growth : 0;
  return (
    <View className={`tier-row ${current ? 'tier-row--current' : ''}`} data-testid="tier-row" data-code={tier.code}>
      <View className="tier-row__head">
        <Text className="tier-row__name">{tier.name}</Text>
        {current && (
          <Text className="tier-row__current" data-testid="tier-current">
            当前等级
          </Text>
        )}
        <Text className="tier-row__threshold" data-testid="tier-row-threshold">
          {thresholdText(tier.minGrowth)}
        </Text>
      </View>
      <View className="tier-row__rights" data-testid="tier-row-rights">
        {rightsTexts(tier.rights).map((text) => (
          <Text key={text} className="tier-row__right">
            {text}
          </Text>
        ))}
      </View>
      {missing > 0 && <Text className="tier-row__missing">还差 {missing} 成长值</Text>}
    </View>
  );
}
