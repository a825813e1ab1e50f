import Taro from '@tarojs/taro';

/* The ways between the 拼团活动 pages. */

const CAMPAIGN_PAGE = '/staff/pages/groupbuy/index';
const ORDERS_PAGE = '/staff/pages/groupbuy-orders/index';
const FULFILMENTS_PAGE = '/staff/pages/groupbuy-fulfilments/index';
/** 活动数据, in the insight subpackage beside 客户洞察 (its charts' library is there). */
const INSIGHT_PAGE = '/insight/pages/groupbuy-insight/index';

const withId = (page: string, id: string) => `${page}?id=${encodeURIComponent(id)}`;

/** The editor: a new campaign, or the saved one `campaignId`. */
export function openGroupBuyCampaign(campaignId?: string): void {
  void Taro.navigateTo({ url: campaignId ? withId(CAMPAIGN_PAGE, campaignId) : CAMPAIGN_PAGE });
}

/** The same, in place of the page shown (the editor once a new campaign is saved, so 返回 goes to the list). */
export function replaceWithGroupBuyCampaign(campaignId: string): void {
  void Taro.redirectTo({ url: withId(CAMPAIGN_PAGE, campaignId) });
}

/** The campaign's orders. */
export function openGroupBuyOrders(campaignId: string): void {
  void Taro.navigateTo({ url: withId(ORDERS_PAGE, campaignId) });
}

/** 发货清单: every campaign's successful orders and their delivery to the shop. */
export function openGroupBuyFulfilments(): void {
  void Taro.navigateTo({ url: FULFILMENTS_PAGE });
}

/** 活动数据 of the campaign `campaignId`: its groups, funnel, refunds and fission, by source and by RFM class. */
export function openGroupBuyInsight(campaignId: string): void {
  void Taro.navigateTo({ url: withId(INSIGHT_PAGE, campaignId) });
}
