import {
  FulfilmentItem,
  FulfilmentList,
  GroupBuyCampaign,
  GroupBuyCampaignList,
  GroupBuyCampaignStats,
  StaffGroupOrder,
  StaffGroupOrderList,
  type FulfilmentState,
  type GroupBuyCampaignInput,
  type GroupOrderStatus,
} from '@linli/shared/groupbuy';
import { callApi } from './contract';
import { apiRequest } from './http';

/*
 * The calls of the 拼团活动 pages (supervisors read, admins create and change; supervisors also refund
 * after sales). Apart from the buyer's group-buy calls so that only the staff pages import them.
 */

/** 拼团活动: every campaign (drafts, running and ended), with its stock and groups. */
export function listGroupBuyCampaigns() {
  return callApi(GroupBuyCampaignList, 'GET', '/v1/staff/groupbuy/campaigns');
}

export function getGroupBuyCampaign(campaignId: string) {
  return callApi(GroupBuyCampaign, 'GET', '/v1/staff/groupbuy/campaigns/:campaignId', { param: { campaignId } });
}

/** A new campaign, saved as a draft (422 GROUP_BUY_LIMIT_OF_CAMPAIGNS past 200). */
export function createGroupBuyCampaign(campaign: GroupBuyCampaignInput) {
  return callApi(GroupBuyCampaign, 'POST', '/v1/staff/groupbuy/campaigns', { body: campaign });
}

/**
 * Replaces a campaign's terms; `revision` is the one read (a stale one is 409 CONFLICT). A draft stays
 * a draft; a published campaign publishes version + 1 at once, and groups already open keep theirs.
 */
export function updateGroupBuyCampaign(campaignId: string, campaign: GroupBuyCampaignInput, revision: number) {
  return callApi(GroupBuyCampaign, 'PUT', '/v1/staff/groupbuy/campaigns/:campaignId', {
    param: { campaignId },
    body: { campaign, revision },
  });
}

/** Publishes a draft: buyers may open and join groups from its start. */
export function publishGroupBuyCampaign(campaignId: string, revision: number) {
  return callApi(GroupBuyCampaign, 'POST', '/v1/staff/groupbuy/campaigns/:campaignId/publish', {
    param: { campaignId },
    body: { revision },
  });
}

/** Ends a campaign now (结束活动): no new groups; open groups run to their deadline. */
export function endGroupBuyCampaign(campaignId: string, revision: number) {
  return callApi(GroupBuyCampaign, 'POST', '/v1/staff/groupbuy/campaigns/:campaignId/end', {
    param: { campaignId },
    body: { revision },
  });
}

/** A page of the campaign's orders, newest first, of one status or all. */
export function listGroupBuyOrders(campaignId: string, status: GroupOrderStatus | undefined, cursor?: string) {
  return callApi(StaffGroupOrderList, 'GET', '/v1/staff/groupbuy/campaigns/:campaignId/orders', {
    param: { campaignId },
    query: { status, cursor },
  });
}

/** 售后退款 of a succeeded order through WeChat Pay (the group stays successful); answers the order with the refund's progress. */
export function refundGroupOrder(orderNo: string) {
  return callApi(StaffGroupOrder, 'POST', '/v1/staff/groupbuy/orders/:orderNo/refund', { param: { orderNo } });
}

/** 发货清单: a page of the orders handed to the shop, newest success first, of one delivery state (and campaign) or all. */
export function listFulfilments(filter: { state?: FulfilmentState; campaignId?: string }, cursor?: string) {
  return callApi(FulfilmentList, 'GET', '/v1/staff/groupbuy/fulfilments', { query: { ...filter, cursor } });
}

/** 重新推送 of a delivery that is failing or gave up: due at once; answers the delivery (409 FULFILMENT_ALREADY_DELIVERED when the shop has it). */
export function retryFulfilment(orderNo: string) {
  return callApi(FulfilmentItem, 'POST', '/v1/staff/groupbuy/fulfilments/:orderNo/retry', { param: { orderNo } });
}

/**
 * 活动数据: the campaign's groups, funnel, refunds and fission, by how buyers came and by RFM class
 * (404 GROUP_BUY_NOT_FOUND). Through apiRequest with the path spelled out while the route is being
 * added to the API; switch to callApi once functions/src has it.
 */
export function getGroupBuyStats(campaignId: string) {
  return apiRequest(GroupBuyCampaignStats, 'GET', `/v1/staff/groupbuy/campaigns/${encodeURIComponent(campaignId)}/stats`);
}
