import { createRoute } from '@hono/zod-openapi';
import { ErrorBody } from '@linli/shared/errors';
import {
  BuyerCampaignList,
  BuyerCampaignView,
  CampaignViewRequest,
  GroupJoinRequest,
  GroupJoinResult,
  GroupView,
  MyGroupOrder,
  MyGroupOrderList,
  MyGroupOrderListQuery,
  GroupShareRequest,
} from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { signedIn } from '../http/access.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { recordCampaignView, recordGroupShare } from './arrivals.ts';
import { buyerCampaignList, buyerCampaignView, groupView } from './buyer-views.ts';
import { joinGroup, openGroup } from './join.ts';
import { leaveGroup } from './leave.ts';
import { myGroupOrder, myGroupOrders } from './my-orders.ts';
import { CampaignParams, GroupParams, OrderParams } from './path-params.ts';
import { payOrder } from './payment.ts';

const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const joinErrors = {
  404: jsonContent(ErrorBody, 'GROUP_BUY_NOT_FOUND, GROUP_NOT_FOUND'),
  409: jsonContent(
    ErrorBody,
    'NOT_JOINED, GROUP_BUY_NOT_OPEN (not started, ended, a draft), GROUP_BUY_NOT_ELIGIBLE, GROUP_BUY_SOLD_OUT, GROUP_BUY_LIMIT_REACHED, GROUP_FULL, GROUP_CLOSED, GROUP_ALREADY_JOINED',
  ),
  503: jsonContent(ErrorBody, 'BUSY: too many joins at once; retry with the same requestId'),
};

/** 拼团 for buyers: running campaigns, a campaign's page, opening and joining groups, a group's page, 我的拼团. */
export function groupBuyRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/groupbuy/campaigns',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary:
          'Published campaigns running now, in 猜你喜欢 order (plain: soonest ending first, for members who switched personalised marketing off)',
        responses: { 200: jsonContent(BuyerCampaignList, 'Campaigns') },
      }),
      async (c) => c.json(await buyerCampaignList(deps, c.var.session.memberId), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/groupbuy/campaigns/{campaignId}',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary:
          "A campaign's page: product, price, countdown, whether the viewer may open a group and why not, and groups forming with a free place",
        request: { params: CampaignParams },
        responses: {
          200: jsonContent(BuyerCampaignView, 'The campaign'),
          404: jsonContent(ErrorBody, 'GROUP_BUY_NOT_FOUND (also a draft)'),
        },
      }),
      async (c) => c.json(await buyerCampaignView(deps, c.var.session.memberId, c.req.valid('param').campaignId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/groupbuy/campaigns/{campaignId}/views',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary:
          "The campaign's page (or one of its groups') was opened, with its link's from, rule, arm and share: counted once per person in the seller's funnel, under how they first came (an invitation sent to them, a share, or on their own; the link's words are checked, never trusted)",
        request: { params: CampaignParams, ...body(CampaignViewRequest) },
        responses: {
          204: { description: 'Recorded (or recorded before)' },
          404: jsonContent(ErrorBody, 'GROUP_BUY_NOT_FOUND (also a draft)'),
        },
      }),
      async (c) => {
        await recordCampaignView(deps, c.var.session.memberId, c.req.valid('param').campaignId, c.req.valid('json'));
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/groupbuy/groups/{groupId}/shares',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary:
          "A group's card was shared (or its link copied) with a new share id, which the card's path carries: counted once per id (a leader's share when the sharer leads the group)",
        request: { params: GroupParams, ...body(GroupShareRequest) },
        responses: { 204: { description: 'Recorded (or recorded before)' }, 404: jsonContent(ErrorBody, 'GROUP_NOT_FOUND') },
      }),
      async (c) => {
        await recordGroupShare(deps, c.var.session.memberId, c.req.valid('param').groupId, c.req.valid('json').shareId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/groupbuy/campaigns/{campaignId}/groups',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary:
          'Open a group as its leader (团长): the place and units are reserved in one write until the reservation ends; pay with POST /v1/groupbuy/orders/{orderNo}/pay. Idempotent by requestId',
        request: { params: CampaignParams, ...body(GroupJoinRequest) },
        responses: { 200: jsonContent(GroupJoinResult, 'The reserved order (payment null)'), ...joinErrors },
      }),
      async (c) => {
        const { requestId, qty } = c.req.valid('json');
        return c.json(
          await openGroup(deps, { memberId: c.var.session.memberId, campaignId: c.req.valid('param').campaignId, requestId, qty }),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/groupbuy/groups/{groupId}/join',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary: 'Join a forming group (from its page or a shared card): a place and units reserved in one write. Idempotent by requestId',
        request: { params: GroupParams, ...body(GroupJoinRequest) },
        responses: { 200: jsonContent(GroupJoinResult, 'The reserved order (payment null)'), ...joinErrors },
      }),
      async (c) => {
        const { requestId, qty } = c.req.valid('json');
        return c.json(
          await joinGroup(deps, { memberId: c.var.session.memberId, groupId: c.req.valid('param').groupId, requestId, qty }),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/groupbuy/groups/{groupId}',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary:
          "A group's page (anyone signed in: the share card opens it): members by nickname and avatar, countdown, status, and whether the viewer may join",
        request: { params: GroupParams },
        responses: { 200: jsonContent(GroupView, 'The group'), 404: jsonContent(ErrorBody, 'GROUP_NOT_FOUND') },
      }),
      async (c) => c.json(await groupView(deps, c.var.session.memberId, c.req.valid('param').groupId), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/groupbuy/orders/{orderNo}',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary: 'One of my group-buy orders with its group’s standing and its refund’s progress',
        request: { params: OrderParams },
        responses: {
          200: jsonContent(MyGroupOrder, 'The order'),
          404: jsonContent(ErrorBody, 'GROUP_ORDER_NOT_FOUND (also anyone else’s)'),
        },
      }),
      async (c) => c.json(await myGroupOrder(deps, c.var.session.memberId, c.req.valid('param').orderNo), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/groupbuy/orders/{orderNo}/pay',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary:
          'Pay a reserved order: WeChat Pay is asked for its JSAPI order (expiring with the reservation) and the wx.requestPayment parameters are answered; asking again answers fresh parameters for the same prepay',
        request: { params: OrderParams },
        responses: {
          200: jsonContent(GroupJoinResult, 'The order and payment (payment null when WeChat Pay had it paid already)'),
          404: jsonContent(ErrorBody, 'GROUP_ORDER_NOT_FOUND (also anyone else’s)'),
          409: jsonContent(ErrorBody, 'GROUP_ORDER_NOT_PAYABLE: released, paid already, or past the reservation or the group’s deadline'),
          503: jsonContent(ErrorBody, 'WECHAT_PAY_UNAVAILABLE: the reservation stays until it expires; try again'),
        },
      }),
      async (c) => c.json(await payOrder(deps, c.var.session.memberId, c.req.valid('param').orderNo), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/groupbuy/orders/{orderNo}/leave',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary:
          'Leave the group before it succeeds: an unpaid place is released (its WeChat Pay order closed); a paid one is refunded. The earliest remaining member leads when the leader leaves',
        request: { params: OrderParams },
        responses: {
          200: jsonContent(GroupJoinResult, 'The order, released or left with its refund under way'),
          404: jsonContent(ErrorBody, 'GROUP_ORDER_NOT_FOUND'),
          409: jsonContent(
            ErrorBody,
            'GROUP_ORDER_CANNOT_LEAVE: the group succeeded (ask for an after-sales refund), or its deadline came',
          ),
          503: jsonContent(ErrorBody, 'WECHAT_PAY_UNAVAILABLE: the payment could not be closed; try again'),
        },
      }),
      async (c) => c.json(await leaveGroup(deps, c.var.session.memberId, c.req.valid('param').orderNo), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/group-orders',
        ...signedIn(deps),
        tags: ['groupbuy'],
        summary: '我的拼团: my group-buy orders in every state, newest first, 20 a page',
        request: { query: MyGroupOrderListQuery },
        responses: { 200: jsonContent(MyGroupOrderList, 'Orders'), 409: jsonContent(ErrorBody, 'NOT_JOINED') },
      }),
      async (c) => c.json(await myGroupOrders(deps, c.var.session.memberId, c.req.valid('query')), 200),
    );
}
