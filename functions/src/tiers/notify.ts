import type { TierDefinition } from '@linli/shared/tiers';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import type { AnnounceNotice, ServiceNotice } from '../care/service-notice.ts';
import type { TierChange } from './standing.ts';

/**
 * How long a tier notice stays worth sending: a change made by the 03:00 review waits for the end of
 * quiet hours that morning, and one held past this (the engine down for a day) would be old news.
 */
export const TIER_NOTICE_RELEVANT_HOURS = 48;

/** WeChat's template fields (thing ≤ 20 characters, phrase ≤ 5 Chinese characters). */
export function tierChangeMessageData(change: Pick<TierChange, 'direction' | 'at'>, to: Pick<TierDefinition, 'name'>) {
  const day = shanghaiDay(new Date(change.at));
  return {
    thing1: { value: to.name.slice(0, 20) },
    phrase2: { value: change.direction === 'up' ? '等级提升' : '等级调整' },
    thing3: { value: change.direction === 'up' ? '恭喜升级，新权益已生效' : '近12个月成长值未达当前等级' },
    date4: { value: `${day.year}年${day.month}月${day.day}日` },
  };
}

/** The service notice of one tier change (once per change: its occasion is the change's id). */
export function tierChangeNotice(deps: Pick<Deps, 'config'>, change: TierChange, to: Pick<TierDefinition, 'name'>): ServiceNotice {
  return {
    kind: 'tier-change',
    memberId: change.memberId,
    occasion: `tier-change#${change.changeId}`,
    occasionName: `${change.direction === 'up' ? '升级为' : '调整为'}${to.name}`,
    templateId: deps.config.wechat.templates.tierChanged,
    page: 'pages/index/index',
    data: tierChangeMessageData(change, to),
    staleAt: new Date(Date.parse(change.at) + TIER_NOTICE_RELEVANT_HOURS * 3600_000).toISOString(),
  };
}

/**
 * Hands a change's notice to care automation. Best effort: the change is already recorded, so a
 * failure here is logged, never thrown (the order stays credited, the review goes on).
 */
export async function announceTierChange(
  deps: Pick<Deps, 'config' | 'logger'>,
  announce: AnnounceNotice,
  change: TierChange,
  tiers: readonly TierDefinition[],
): Promise<boolean> {
  const to = tiers.find((tier) => tier.code === change.to);
  if (!to) return false;
  try {
    await announce(tierChangeNotice(deps, change, to));
    return true;
  } catch (error) {
    deps.logger.warn('tier change notice not planned', { memberId: change.memberId, changeId: change.changeId, error: error as Error });
    return false;
  }
}
