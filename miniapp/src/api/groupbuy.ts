import * as z from 'zod';
import {
  BuyerCampaignList,
  BuyerCampaignView,
  GroupJoinResult,
  GroupView,
  MyGroupOrder,
  MyGroupOrderList,
  type CampaignViewRequest,
  type GroupJoinRequest,
  type GroupShareRequest,
} from '@linli/shared/groupbuy';
import { apiRequest } from './http';

/*
 * The buyer's 拼团 calls: the campaign list, a campaign, a group, opening, joining, paying and
 * leaving, 我的拼团, and the views and shares the seller's funnel counts.
 *
 * Written before the group-buy routes joined the API: these go through apiRequest with the route's
 * path spelled out. Once functions/src has the routes, switch them to callApi (contract.ts), which
 * checks paths, parameters and bodies against the server's own types.
 */

const segment = encodeURIComponent;

/** The campaigns running now, in the order the server chose (猜你喜欢, or plainly). */
export function listGroupBuyCampaigns() {
  return apiRequest(BuyerCampaignList, 'GET', '/v1/groupbuy/campaigns');
}

/** One campaign as the buyer sees it: price, terms, whether they may open a group, the groups they may join. */
export function getGroupBuyCampaign(campaignId: string) {
  return apiRequest(BuyerCampaignView, 'GET', `/v1/groupbuy/campaigns/${segment(campaignId)}`);
}

/**
 * Opens a group as its leader (团长), reserving a slot and the units until the order is paid.
 * `request.requestId` is made once per attempt and reused on every retry of it: the server answers
 * a repeated id with the same order instead of opening a second group.
 */
export function openGroup(campaignId: string, request: GroupJoinRequest) {
  return apiRequest(GroupJoinResult, 'POST', `/v1/groupbuy/campaigns/${segment(campaignId)}/groups`, { body: request });
}

/** Joins a forming group (idempotent by `request.requestId`, as for opening). */
export function joinGroup(groupId: string, request: GroupJoinRequest) {
  return apiRequest(GroupJoinResult, 'POST', `/v1/groupbuy/groups/${segment(groupId)}/join`, { body: request });
}

/** A group as its page shows it; any signed-in user may look (a share card opens it). */
export function getGroup(groupId: string) {
  return apiRequest(GroupView, 'GET', `/v1/groupbuy/groups/${segment(groupId)}`);
}

/** One of the buyer's own group-buy orders. */
export function getGroupOrder(orderNo: string) {
  return apiRequest(MyGroupOrder, 'GET', `/v1/groupbuy/orders/${segment(orderNo)}`);
}

/** The wx.requestPayment parameters for an unpaid order (asking again answers fresh ones for the same prepay). */
export function payGroupOrder(orderNo: string) {
  return apiRequest(GroupJoinResult, 'POST', `/v1/groupbuy/orders/${segment(orderNo)}/pay`);
}

/** Leaves a group before it succeeds: an unpaid place is released, a paid one refunded. */
export function leaveGroupOrder(orderNo: string) {
  return apiRequest(GroupJoinResult, 'POST', `/v1/groupbuy/orders/${segment(orderNo)}/leave`);
}

/** 我的拼团, newest first, a page at a time. */
export function listMyGroupOrders(cursor?: string) {
  return apiRequest(MyGroupOrderList, 'GET', '/v1/me/group-orders', { query: { cursor } });
}

/**
 * Records that the buyer opened the campaign (or one of its groups) and how they came: the server
 * keeps the first view per person per campaign. Answers 204; callers do not wait on it.
 */
export function recordCampaignView(campaignId: string, view: CampaignViewRequest) {
  return apiRequest(z.null(), 'POST', `/v1/groupbuy/campaigns/${segment(campaignId)}/views`, { body: view });
}

/** Records one share of a group's card (or its copied link) by the id the card carries; idempotent by `shareId`. Answers 204. */
export function recordGroupShare(groupId: string, shareId: string) {
  return apiRequest(z.null(), 'POST', `/v1/groupbuy/groups/${segment(groupId)}/shares`, { body: { shareId } satisfies GroupShareRequest });
}
