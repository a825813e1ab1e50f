import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import {
  CouponList,
  CouponListQuery,
  GoodsRedemptionQuery,
  RedemptionNumberParams,
  ShipRequest,
  StaffGoodsRedemptionDetail,
  StaffGoodsRedemptionList,
  MallRewardList,
  Redemption,
  RedeemRequest,
  Reward,
  RewardInput,
  StaffCouponView,
  StaffRewardList,
} from '@linli/shared/mall';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { signedIn, staffOnly, staffReadingPersonalData } from '../http/access.ts';
import { currentStaff } from '../http/require-session.ts';
import { rewardPictureAttachItem } from '../photos/attach.ts';

import { listRewards } from './repository.ts';
import { lookUpCoupon, myCoupons, redeemCoupon } from './coupons.ts';
import { mallFor, redeemReward } from './redeem.ts';
import { addReward, updateReward, type AttachPicture } from './rewards.ts';
import { withPictureUrls } from './reward-views.ts';
import {
  goodsRedemptionDetail,
  goodsRedemptionsCsv,
  handOverGoodsRedemption,
  listGoodsRedemptions,
  shipGoodsRedemption,
} from './goods-redemptions.ts';

const RewardParams = z.object({ rewardId: z.string().min(1).max(64) });
const CouponParams = z.object({
  code: z
    .string()
    .min(4)
    .max(32)
    .regex(/^[A-Z0-9]+$/, 'Coupon codes are capital letters and digits'),
});
const common = { 401: jsonContent(ErrorBody, 'Not logged in'), 403: jsonContent(ErrorBody, 'Wrong role') };

export function mallRoutes(deps: Deps) {
  const router = newRouter();
  // A reward's picture is the editor's own upload, checked and attached by the photos domain.
  const attachFor =
    (memberId: string): AttachPicture =>
    ({ objectKey, rewardId }) =>
      rewardPictureAttachItem(deps, { memberId, objectKey, rewardId, at: deps.clock().toISOString() });
  const staffActor = (c: Parameters<typeof currentStaff>[0]) => ({ memberId: c.var.session.memberId, name: currentStaff(c).name });

  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/mall/rewards',
        ...signedIn(deps),
        tags: ['mall'],
        summary: 'The points mall as the member sees it: each reward and whether they can redeem it',
        responses: { 200: jsonContent(MallRewardList, 'Rewards on offer'), ...common },
      }),
      async (c) => c.json(await mallFor(deps, c.var.session.memberId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/mall/rewards/{rewardId}/redemptions',
        ...signedIn(deps),
        tags: ['mall'],
        summary: 'Redeem a reward for points (one transaction; idempotent by requestId)',
        request: { params: RewardParams, body: { content: { 'application/json': { schema: RedeemRequest } }, required: true } },
        responses: {
          200: jsonContent(Redemption, 'The redemption and its coupon (the same for a repeated requestId)'),
          400: jsonContent(ErrorBody, 'Invalid request'),
          404: jsonContent(ErrorBody, 'REWARD_NOT_FOUND'),
          409: jsonContent(ErrorBody, 'POINTS_INSUFFICIENT, REWARD_OUT_OF_STOCK, REWARD_LIMIT_REACHED or NOT_JOINED: nothing changed'),
          422: jsonContent(ErrorBody, 'REWARD_NOT_AVAILABLE, REWARD_TIER_RESTRICTED or DELIVERY_ADDRESS_REQUIRED: nothing changed'),
          ...common,
          403: jsonContent(ErrorBody, "ACCOUNT_UNDER_REVIEW: a supervisor holds the member's redemptions (账户审核中); nothing changed"),
        },
      }),
      async (c) =>
        c.json(
          await redeemReward(deps, {
            memberId: c.var.session.memberId,
            rewardId: c.req.valid('param').rewardId,
            requestId: c.req.valid('json').requestId,
            address: c.req.valid('json').address,
          }),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/coupons',
        ...signedIn(deps),
        tags: ['mall'],
        summary: "我的券: the member's coupons, newest first",
        request: { query: CouponListQuery },
        responses: { 200: jsonContent(CouponList, 'Coupons'), ...common },
      }),
      async (c) => c.json({ items: await myCoupons(deps, c.var.session.memberId, c.req.valid('query').status) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/rewards',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['staff', 'mall'],
        summary: 'Every reward, including withdrawn ones (admin, supervisor)',
        responses: { 200: jsonContent(StaffRewardList, 'Rewards'), ...common },
      }),
      async (c) => c.json({ items: await withPictureUrls(deps.photos, await listRewards(deps.db)) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/rewards',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['staff', 'mall'],
        summary: 'Add a reward (admin, supervisor)',
        request: { body: { content: { 'application/json': { schema: RewardInput } }, required: true } },
        responses: {
          200: jsonContent(Reward, 'The reward'),
          400: jsonContent(ErrorBody, 'Invalid reward (an unknown tier included)'),
          422: jsonContent(ErrorBody, 'PHOTO_*: the picture is not an upload of yours that can be attached'),
          ...common,
        },
      }),
      async (c) => c.json(await addReward(deps, c.req.valid('json'), attachFor(c.var.session.memberId)), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/rewards/{rewardId}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['staff', 'mall'],
        summary: "Replace a reward's settings (admin, supervisor); pass the version you edited",
        request: {
          params: RewardParams,
          query: z.object({ version: z.coerce.number().int().positive() }),
          body: { content: { 'application/json': { schema: RewardInput } }, required: true },
        },
        responses: {
          200: jsonContent(Reward, 'The reward'),
          400: jsonContent(ErrorBody, 'Invalid reward'),
          404: jsonContent(ErrorBody, 'No such reward'),
          409: jsonContent(ErrorBody, 'Changed since loaded'),
          422: jsonContent(ErrorBody, 'PHOTO_*: a new picture that is not an upload of yours that can be attached'),
          ...common,
        },
      }),
      async (c) =>
        c.json(
          await updateReward(
            deps,
            c.req.valid('param').rewardId,
            c.req.valid('json'),
            c.req.valid('query').version,
            attachFor(c.var.session.memberId),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/coupons/{code}',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff', 'mall'],
        summary: 'Look up a scanned coupon (staff)',
        request: { params: CouponParams },
        responses: {
          200: jsonContent(StaffCouponView, 'The coupon and its holder, phone masked'),
          404: jsonContent(ErrorBody, 'COUPON_NOT_FOUND'),
          ...common,
        },
      }),
      async (c) => c.json(await lookUpCoupon(deps, c.req.valid('param').code), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/coupons/{code}/use',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff', 'mall'],
        summary: 'Use a scanned coupon (staff): once, however many scans arrive at once',
        request: { params: CouponParams },
        responses: {
          200: jsonContent(StaffCouponView, 'The coupon, now used'),
          404: jsonContent(ErrorBody, 'COUPON_NOT_FOUND'),
          409: jsonContent(ErrorBody, 'COUPON_ALREADY_USED, COUPON_EXPIRED, or REDEMPTION_TRANSITION_INVALID (delivery goods are shipped)'),
          ...common,
          403: jsonContent(ErrorBody, "Wrong role, or ACCOUNT_UNDER_REVIEW: a supervisor holds the coupon holder's redemptions"),
        },
      }),
      async (c) =>
        c.json(
          await redeemCoupon(deps, { code: c.req.valid('param').code, staffId: c.var.session.memberId, staffName: currentStaff(c).name }),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/goods-redemptions',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff', 'mall'],
        summary: '兑换订单: goods redemptions, newest first, by status and search (phone last four, nickname, number), paged',
        request: { query: GoodsRedemptionQuery },
        responses: {
          200: jsonContent(StaffGoodsRedemptionList, 'One page; phones masked'),
          400: jsonContent(ErrorBody, 'Bad query or cursor'),
          ...common,
        },
      }),
      async (c) => c.json(await listGoodsRedemptions(deps, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/goods-redemptions.csv',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff', 'mall'],
        summary: 'The filtered 兑换订单 as CSV, one row each (UTF-8 with BOM, phones masked)',
        request: { query: GoodsRedemptionQuery.pick({ status: true, q: true }) },
        responses: {
          200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' },
          400: jsonContent(ErrorBody, 'Bad query'),
          ...common,
        },
      }),
      async (c) =>
        c.body(await goodsRedemptionsCsv(deps, c.req.valid('query')), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="goods-redemptions.csv"',
        }),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/goods-redemptions/{redemptionNo}',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff', 'mall'],
        summary: 'The shipping detail of one goods redemption: the address with the whole phone number',
        request: { params: RedemptionNumberParams },
        responses: {
          200: jsonContent(StaffGoodsRedemptionDetail, 'The redemption'),
          404: jsonContent(ErrorBody, 'REDEMPTION_NOT_FOUND'),
          ...common,
        },
      }),
      async (c) => c.json(await goodsRedemptionDetail(deps, c.req.valid('param').redemptionNo), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/goods-redemptions/{redemptionNo}/ship',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff', 'mall'],
        summary:
          '发货: a pending delivery redemption is shipped with carrier and tracking number (a repeat of the same shipment answers the same)',
        request: { params: RedemptionNumberParams, body: { content: { 'application/json': { schema: ShipRequest } }, required: true } },
        responses: {
          200: jsonContent(StaffGoodsRedemptionDetail, 'The redemption, shipped'),
          400: jsonContent(ErrorBody, 'Invalid shipment'),
          404: jsonContent(ErrorBody, 'REDEMPTION_NOT_FOUND'),
          409: jsonContent(ErrorBody, 'REDEMPTION_TRANSITION_INVALID: a pickup reward, or shipped already with other details'),
          ...common,
        },
      }),
      async (c) =>
        c.json(
          await shipGoodsRedemption(deps, {
            redemptionNo: c.req.valid('param').redemptionNo,
            shipment: c.req.valid('json'),
            by: staffActor(c),
          }),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/goods-redemptions/{redemptionNo}/hand-over',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff', 'mall'],
        summary: '已自提: a pending pickup redemption is handed over to the buyer',
        request: { params: RedemptionNumberParams },
        responses: {
          200: jsonContent(StaffGoodsRedemptionDetail, 'The redemption, handed over'),
          404: jsonContent(ErrorBody, 'REDEMPTION_NOT_FOUND'),
          409: jsonContent(ErrorBody, 'REDEMPTION_TRANSITION_INVALID: a delivery reward, or handed over already'),
          ...common,
        },
      }),
      async (c) => c.json(await handOverGoodsRedemption(deps, { redemptionNo: c.req.valid('param').redemptionNo, by: staffActor(c) }), 200),
    );
}
