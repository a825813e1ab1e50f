import type { GroupBuyCampaignInput } from '@linli/shared/groupbuy';
import { addDays, shanghaiDay, shanghaiDayStart } from '@linli/shared/time';
import type { Deps } from '../functions/src/deps.ts';
import { createCampaign, publishCampaign } from '../functions/src/groupbuy/campaign-admin.ts';
import { uploadDemoPicture, type RewardPicture } from './seed-demo.ts';

/**
 * The demo shop's 拼团: campaigns running from today for two weeks, created and published by the shop owner
 * through the same functions as 拼团活动 (pictures uploaded as the editor does), so `npm start` opens with
 * something to join: a farm-egg 2-person group with a leader reward, and an orange 3-person group that
 * succeeds at its deadline with two.
 */
export async function seedGroupBuys(deps: Deps, owner: { memberId: string; openid: string }): Promise<number> {
  const today = shanghaiDay(deps.clock()).date;
  const window = { startsAt: shanghaiDayStart(today).toISOString(), endsAt: shanghaiDayStart(addDays(today, 14)).toISOString() };
  const campaigns: Array<{
    picture: RewardPicture;
    input: Omit<GroupBuyCampaignInput, 'product'> & { product: Omit<GroupBuyCampaignInput['product'], 'pictureKeys'> };
  }> = [
    {
      picture: 'eggs',
      input: {
        name: '散养土鸡蛋 2 人团',
        product: {
          sku: 'EGG-FREE-30',
          name: '散养土鸡蛋 30 枚',
          category: '禽蛋',
          description: '山里散养，当天捡的蛋，破损包赔',
          originalPriceFen: 5_980,
          groupPriceFen: 3_990,
        },
        groupSize: 2,
        minGroupSize: null,
        groupHours: 24,
        reservationMinutes: 15,
        stock: 200,
        perBuyerLimit: 2,
        ...window,
        whoMayOpen: { kind: 'all' },
        whoMayJoin: { kind: 'all' },
        leaderReward: { kind: 'points', points: 50 },
      },
    },
    {
      picture: 'oranges',
      input: {
        name: '赣南脐橙 3 人团',
        product: {
          sku: 'ORANGE-GN-5KG',
          name: '赣南脐橙 5 斤装',
          category: '水果',
          description: '果园直发，现摘现发',
          originalPriceFen: 4_990,
          groupPriceFen: 2_990,
        },
        groupSize: 3,
        minGroupSize: 2,
        groupHours: 24,
        reservationMinutes: 15,
        stock: 300,
        perBuyerLimit: 3,
        ...window,
        whoMayOpen: { kind: 'all' },
        whoMayJoin: { kind: 'all' },
        leaderReward: { kind: 'none' },
      },
    },
  ];
  for (const { picture, input } of campaigns) {
    const pictureKey = await uploadDemoPicture(deps, owner, picture, 'groupbuy');
    const draft = await createCampaign(deps, owner.memberId, {
      ...input,
      product: { ...input.product, pictureKeys: pictureKey ? [pictureKey] : [] },
    });
    await publishCampaign(deps, draft.campaignId, draft.revision);
  }
  return campaigns.length;
}
