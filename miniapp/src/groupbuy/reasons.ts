import type { BuyerCampaignView, GroupView } from '@linli/shared/groupbuy';

/* Why a buyer cannot open or join a group, in the words the pages show (the server gives a reason code). */

export type CannotOpenReason = NonNullable<BuyerCampaignView['cannotOpenReason']>;
export type CannotJoinReason = NonNullable<GroupView['viewer']['cannotJoinReason']>;

const CANNOT_OPEN_TEXT: Record<Exclude<CannotOpenReason, 'limit-reached'>, string> = {
  'not-eligible': '本活动仅限指定会员开团，你暂不符合条件',
  'sold-out': '商品已抢光',
  ended: '活动已结束',
  'not-started': '活动尚未开始，敬请期待',
  'not-joined': '加入会员后即可开团',
};

/** Why 发起拼团 is not offered; the limit names the campaign's per-buyer limit. */
export function cannotOpenText(reason: CannotOpenReason, perBuyerLimit: number): string {
  if (reason === 'limit-reached') return `每人限购${perBuyerLimit}件，你已达到上限`;
  return CANNOT_OPEN_TEXT[reason];
}

export const CANNOT_JOIN_TEXT: Record<CannotJoinReason, string> = {
  full: '这个团已满员，去开个新团吧',
  closed: '这个团已结束',
  'not-eligible': '本团仅限指定会员参加，你暂不符合条件',
  'limit-reached': '你已达到本活动的每人限购数量',
  'sold-out': '商品已抢光',
  'already-in-group': '你已经在这个团里了',
  'not-joined': '加入会员后即可参团',
};
