import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import {
  CouponList,
  CouponListQuery,
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
import { signedIn, staffOnly } from '../http/access.ts';

import { listRewards } from './repository.ts';
import { lookUpCoupon, myCoupons, redeemCoupon } from './coupons.ts';
import { mallFor, redeemReward } from './redeem.ts';
import { addReward, updateReward } from './rewards.ts';

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
          422: jsonContent(ErrorBody, 'REWARD_NOT_AVAILABLE or REWARD_TIER_RESTRICTED: nothing changed'),
          ...common,
        },
      }),
      async (c) =>
        c.json(
          await redeemReward(deps, {
            memberId: c.var.session.memberId,
            rewardId: c.req.valid('param').rewardId,
            requestId: c.req.valid('json').requestId,
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
      async (c) => c.json({ items: await listRewards(deps.db) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/rewards',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['staff', 'mall'],
        summary: 'Add a reward (admin, supervisor)',
        request: { body: { content: { 'application/json': { schema: RewardInput } }, required: true } },
        responses: { 200: jsonContent(Reward, 'The reward'), 400: jsonContent(ErrorBody, 'Invalid reward'), ...common },
      }),
      async (c) => c.json(await addReward(deps, c.req.valid('json')), 200),
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
          ...common,
        },
      }),
      async (c) => c.json(await updateReward(deps, c.req.valid('param').rewardId, c.req.valid('json'), c.req.valid('query').version), 200),
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
          409: jsonContent(ErrorBody, 'COUPON_ALREADY_USED or COUPON_EXPIRED'),
          ...common,
        },
      }),
      async (c) => c.json(await redeemCoupon(deps, { code: c.req.valid('param').code, staffId: c.var.session.memberId }), 200),
    );
}
