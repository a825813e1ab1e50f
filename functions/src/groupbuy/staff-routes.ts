import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import {
  FulfilmentItem,
  FulfilmentList,
  FulfilmentListQuery,
  GroupBuyCampaign,
  GroupBuyCampaignInput,
  GroupBuyCampaignStats,
  GroupBuyCampaignList,
  GroupBuyCampaignUpdate,
  GroupBuyRevisionRequest,
  StaffGroupOrder,
  StaffGroupOrderList,
  StaffGroupOrderListQuery,
} from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { staffOnly, staffReadingPersonalData } from '../http/access.ts';
import { jsonContent, newRouter, CSV_NEXT_CURSOR_HEADER } from '../http/router.ts';
import { careRuleNames } from '../automation/care-rule-admin.ts';
import { campaignStats } from './campaign-stats.ts';
import { createCampaign, endCampaign, getCampaign, listCampaigns, publishCampaign, updateCampaign } from './campaign-admin.ts';
import { retryFulfilment } from './fulfilment.ts';
import { FULFILMENT_CSV_ROW_LIMIT, fulfilmentCsv, fulfilmentItems, fulfilmentList } from './fulfilment-list.ts';
import { CampaignParams, OrderParams } from './path-params.ts';
import { startAfterSalesRefund } from './refunds.ts';
import { campaignOrders, staffGroupOrder } from './staff-orders.ts';

const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const staffErrors = {
  404: jsonContent(ErrorBody, 'GROUP_BUY_NOT_FOUND'),
  409: jsonContent(ErrorBody, 'CONFLICT (changed since read, or not in a state for this), GROUP_BUY_ENDED'),
};
const pictureErrors = {
  422: jsonContent(
    ErrorBody,
    'PHOTO_NOT_YOURS / PHOTO_NOT_UPLOADED / PHOTO_TOO_LARGE / PHOTO_TYPE_NOT_ALLOWED / PHOTO_ALREADY_ATTACHED: a picture that is not the editor’s own "groupbuy" upload',
  ),
};

/** 拼团 for staff: campaigns (admins change them; supervisors read), a campaign's orders, and the fulfilment list. */
export function groupBuyStaffRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/groupbuy/campaigns',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['groupbuy', 'staff'],
        summary: 'Every campaign, newest first, with its stock and group counts',
        responses: { 200: jsonContent(GroupBuyCampaignList, 'Campaigns') },
      }),
      async (c) => c.json({ items: await listCampaigns(deps) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/groupbuy/campaigns',
        ...staffOnly(deps, 'admin'),
        tags: ['groupbuy', 'staff'],
        summary: 'Create a campaign as a draft (version 0); at most 200 campaigns',
        request: body(GroupBuyCampaignInput),
        responses: {
          200: jsonContent(GroupBuyCampaign, 'The draft'),
          422: jsonContent(ErrorBody, `GROUP_BUY_LIMIT_OF_CAMPAIGNS; ${pictureErrors[422].description}`),
          ...staffErrors,
        },
      }),
      async (c) => c.json(await createCampaign(deps, c.var.session.memberId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/groupbuy/campaigns/{campaignId}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['groupbuy', 'staff'],
        summary: 'One campaign with its stock, group counts and picture links',
        request: { params: CampaignParams },
        responses: { 200: jsonContent(GroupBuyCampaign, 'The campaign'), ...staffErrors },
      }),
      async (c) => c.json(await getCampaign(deps, c.req.valid('param').campaignId), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/groupbuy/campaigns/{campaignId}',
        ...staffOnly(deps, 'admin'),
        tags: ['groupbuy', 'staff'],
        summary:
          'Edit at the revision read: a draft in place; a published campaign publishes version + 1 at once (groups already open keep their terms). Stock moves by the difference, never below what is reserved or sold',
        request: { params: CampaignParams, ...body(GroupBuyCampaignUpdate) },
        responses: { 200: jsonContent(GroupBuyCampaign, 'The campaign'), ...pictureErrors, ...staffErrors },
      }),
      async (c) => c.json(await updateCampaign(deps, c.var.session.memberId, c.req.valid('param').campaignId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/groupbuy/campaigns/{campaignId}/publish',
        ...staffOnly(deps, 'admin'),
        tags: ['groupbuy', 'staff'],
        summary: 'Publish a draft as version 1',
        request: { params: CampaignParams, ...body(GroupBuyRevisionRequest) },
        responses: { 200: jsonContent(GroupBuyCampaign, 'The campaign'), ...staffErrors },
      }),
      async (c) => c.json(await publishCampaign(deps, c.req.valid('param').campaignId, c.req.valid('json').revision), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/groupbuy/campaigns/{campaignId}/end',
        ...staffOnly(deps, 'admin'),
        tags: ['groupbuy', 'staff'],
        summary: 'End a published campaign now: no new groups; groups already open run to their deadline',
        request: { params: CampaignParams, ...body(GroupBuyRevisionRequest) },
        responses: { 200: jsonContent(GroupBuyCampaign, 'The campaign'), ...staffErrors },
      }),
      async (c) => c.json(await endCampaign(deps, c.req.valid('param').campaignId, c.req.valid('json').revision), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/groupbuy/campaigns/{campaignId}/stats',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['groupbuy', 'staff'],
        summary:
          "A campaign's figures (the seller's view): groups opened, succeeded and failed; the funnel invited → viewed → joined → paid → succeeded with GMV; refunds; fission (shares per leader, new members per share); by invitation arm, shares and direct, and by RFM class",
        request: { params: CampaignParams },
        responses: { 200: jsonContent(GroupBuyCampaignStats, 'Figures'), 404: jsonContent(ErrorBody, 'GROUP_BUY_NOT_FOUND') },
      }),
      async (c) => c.json(await campaignStats(deps, c.req.valid('param').campaignId, (ruleIds) => careRuleNames(deps, ruleIds)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/groupbuy/campaigns/{campaignId}/orders',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['groupbuy', 'staff'],
        summary:
          "A campaign's orders, newest first, optionally of one status, 20 a page (a filtered page may be short; its cursor carries on); phones masked",
        request: { params: CampaignParams, query: StaffGroupOrderListQuery },
        responses: { 200: jsonContent(StaffGroupOrderList, 'Orders'), 404: jsonContent(ErrorBody, 'GROUP_BUY_NOT_FOUND') },
      }),
      async (c) => c.json(await campaignOrders(deps, c.req.valid('param').campaignId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/groupbuy/orders/{orderNo}/refund',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['groupbuy', 'staff'],
        summary:
          'After-sales refund of a succeeded order: the whole payment through WeChat Pay (asked now, then retried until confirmed), then taken back through the order pipeline (points clawed back). The group stays succeeded',
        request: { params: OrderParams },
        responses: {
          200: jsonContent(StaffGroupOrder, 'The order with its refund under way (or done)'),
          404: jsonContent(ErrorBody, 'GROUP_ORDER_NOT_FOUND'),
          409: jsonContent(ErrorBody, 'GROUP_BUY_REFUND_NOT_ALLOWED: not succeeded, or refunded already'),
        },
      }),
      async (c) => {
        const { orderNo } = c.req.valid('param');
        await startAfterSalesRefund(deps, orderNo);
        return c.json(await staffGroupOrder(deps, orderNo), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/groupbuy/fulfilments',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['groupbuy', 'staff'],
        summary:
          "发货清单: successful orders handed to the seller's shop with their delivery state, newest success first, 20 a page, optionally of one campaign or state (a filtered page may be short; its cursor carries on); phones masked",
        request: { query: FulfilmentListQuery },
        responses: { 200: jsonContent(FulfilmentList, 'A page') },
      }),
      async (c) => c.json(await fulfilmentList(deps, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/groupbuy/fulfilments.csv',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['groupbuy', 'staff'],
        summary: `The fulfilment list as CSV for the shop (UTF-8 with BOM; phones masked; with the product code), newest first; at most ${FULFILMENT_CSV_ROW_LIMIT.toLocaleString('en')} rows a request, the rest from the cursor in ${CSV_NEXT_CURSOR_HEADER}`,
        request: { query: FulfilmentListQuery },
        responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' } },
      }),
      async (c) => {
        const result = await fulfilmentCsv(deps, c.req.valid('query'));
        return c.body(result.csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="groupbuy-fulfilments.csv"',
          ...(result.nextCursor ? { [CSV_NEXT_CURSOR_HEADER]: result.nextCursor } : {}),
        });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/groupbuy/fulfilments/{orderNo}/retry',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['groupbuy', 'staff'],
        summary:
          'Send a delivery that is failing or gave up to the shop again: due at once (the timer job posts it within a minute), its attempts counted on',
        request: { params: OrderParams },
        responses: {
          200: jsonContent(FulfilmentItem, 'The delivery, due again'),
          404: jsonContent(ErrorBody, 'GROUP_ORDER_NOT_FOUND: no such order, or not a succeeded one'),
          409: jsonContent(ErrorBody, 'FULFILMENT_ALREADY_DELIVERED; CONFLICT (changed meanwhile, retry)'),
        },
      }),
      async (c) => {
        const { orderNo } = c.req.valid('param');
        const [item] = await fulfilmentItems(deps, [await retryFulfilment(deps, orderNo)]);
        return c.json(item!, 200);
      },
    );
}
