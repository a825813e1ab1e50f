import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import {
  RedemptionHoldRequest,
  RedemptionHoldState,
  RiskFlagList,
  RiskFlagListQuery,
  RiskFlagReviewRequest,
  RiskFlagView,
} from '@linli/shared/risk';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { staffOnly } from '../http/access.ts';
import { currentStaff } from '../http/require-session.ts';
import { reviewRiskFlag, riskFlagList } from './flags.ts';
import { holdRedemptions, releaseRedemptions } from './redemption-hold.ts';

const staffErrors = {
  401: jsonContent(ErrorBody, 'Not logged in'),
  403: jsonContent(ErrorBody, 'Not a supervisor or admin'),
};
const MemberParam = z.object({ memberId: z.string().min(1).max(64) });

/** 风险监控 (supervisors and admins): the flags the risk watch raised, their review, and holds on members' redemptions. */
export function riskRoutes(deps: Deps) {
  const access = staffOnly(deps, 'admin', 'supervisor');
  const actor = (c: Parameters<typeof currentStaff>[0]) => ({ memberId: c.var.session.memberId, name: currentStaff(c).name });
  const holdRoute = (action: 'hold' | 'release') =>
    createRoute({
      method: 'post',
      path: action === 'hold' ? '/v1/staff/members/{memberId}/redemption-hold' : '/v1/staff/members/{memberId}/redemption-hold/release',
      ...access,
      tags: ['staff'],
      summary:
        action === 'hold'
          ? "暂停兑换 (admin, supervisor): hold the member's points-mall and coupon redemptions, with the reason recorded; the member sees 账户审核中"
          : "恢复兑换 (admin, supervisor): release the hold on the member's redemptions, with the reason recorded",
      request: { params: MemberParam, body: { content: { 'application/json': { schema: RedemptionHoldRequest } }, required: true } },
      responses: {
        200: jsonContent(RedemptionHoldState, 'The hold now (placing one twice, or releasing none, changes nothing)'),
        400: jsonContent(ErrorBody, 'No reason given'),
        404: jsonContent(ErrorBody, 'No such member'),
        ...staffErrors,
      },
    });
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/risk/flags',
        ...access,
        tags: ['staff'],
        summary: '风险监控 (admin, supervisor): flags raised by the order path and the daily risk watch, newest first, by status and kind',
        request: { query: RiskFlagListQuery },
        responses: {
          200: jsonContent(RiskFlagList, 'A page of flags'),
          400: jsonContent(ErrorBody, 'Bad filter, limit or cursor'),
          ...staffErrors,
        },
      }),
      async (c) => c.json(await riskFlagList(deps, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/risk/flags/{flagId}/review',
        ...access,
        tags: ['staff'],
        summary: '标记已查看 (dismissed) or 确认风险 (confirmed) with a note (admin, supervisor); a flag is reviewed once',
        request: {
          params: z.object({ flagId: z.string().min(1).max(64) }),
          body: { content: { 'application/json': { schema: RiskFlagReviewRequest } }, required: true },
        },
        responses: {
          200: jsonContent(RiskFlagView, 'The reviewed flag'),
          400: jsonContent(ErrorBody, 'No note, or an unknown outcome'),
          404: jsonContent(ErrorBody, 'RISK_FLAG_NOT_FOUND'),
          409: jsonContent(ErrorBody, 'RISK_FLAG_ALREADY_REVIEWED: someone reviewed it first'),
          ...staffErrors,
        },
      }),
      async (c) =>
        c.json(await reviewRiskFlag(deps, { flagId: c.req.valid('param').flagId, staff: actor(c), request: c.req.valid('json') }), 200),
    )
    .openapi(holdRoute('hold'), async (c) =>
      c.json(
        await holdRedemptions(deps, { memberId: c.req.valid('param').memberId, staff: actor(c), reason: c.req.valid('json').reason }),
        200,
      ),
    )
    .openapi(holdRoute('release'), async (c) =>
      c.json(
        await releaseRedemptions(deps, { memberId: c.req.valid('param').memberId, staff: actor(c), reason: c.req.valid('json').reason }),
        200,
      ),
    );
}
