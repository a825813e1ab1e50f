import type { TierDefinition } from '@linli/shared/tiers';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { sendWithAuthorization } from '../care/send-with-authorization.ts';
import { claimTierNotice, markTierNotice, releaseTierNotice } from './changes-repository.ts';
import type { TierChange } from './standing.ts';

export type TierNoticeOutcome = 'sent' | 'no-authorization' | 'already-notified' | 'refused-by-wechat' | 'failed';

type NotifyDeps = Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>;

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

/**
 * Tells the member their tier changed, by subscribe message, only where they hold an
 * authorization (one is spent per send; WeChat's 43101 zeroes our count). At most once per change.
 */
export async function notifyTierChange(
  deps: NotifyDeps,
  input: { member: Pick<MemberRecord, 'memberId' | 'openid'>; change: TierChange; to: Pick<TierDefinition, 'name'> },
): Promise<TierNoticeOutcome> {
  const { change } = input;
  const templateId = deps.config.wechat.templates.tierChanged;
  const outcome = await sendWithAuthorization(deps, {
    record: {
      claim: async (at) => {
        const claimed = await claimTierNotice(deps.db, { change, templateId, at });
        return claimed === 'already-notified' ? 'already-sent' : claimed;
      },
      mark: (status, at, detail) => markTierNotice(deps.db, { change, status, at, msgid: detail.msgid, detail: detail.error }),
      release: () => releaseTierNotice(deps.db, change),
    },
    memberId: change.memberId,
    openid: input.member.openid,
    templateId,
    page: 'pages/index/index',
    data: tierChangeMessageData(change, input.to),
  });
  return outcome === 'already-sent' ? 'already-notified' : outcome;
}
