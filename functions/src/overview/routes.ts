import { createRoute } from '@hono/zod-openapi';
import { ErrorBody } from '@linli/shared/errors';
import { ShopOverview } from '@linli/shared/overview';
import type { Deps } from '../deps.ts';
import { staffOnly } from '../http/access.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { shopOverview } from './shop-overview.ts';

export function overviewRoutes(deps: Deps) {
  const router = newRouter();
  return router.openapi(
    createRoute({
      method: 'get',
      path: '/v1/staff/overview',
      ...staffOnly(deps, 'admin', 'supervisor'),
      tags: ['staff'],
      summary: '店铺概览: members, orders and sales, points, coupons and complaints, with 30-day trends (admin, supervisor)',
      responses: {
        200: jsonContent(ShopOverview, 'The figures'),
        401: jsonContent(ErrorBody, 'Not logged in'),
        403: jsonContent(ErrorBody, 'Not a supervisor or admin'),
      },
    }),
    async (c) => c.json(await shopOverview(deps), 200),
  );
}
