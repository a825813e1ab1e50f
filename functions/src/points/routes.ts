import { createRoute } from '@hono/zod-openapi';
import { CheckinCalendar, CheckinMonthQuery, CheckinResult, PointsPage, PointsPageQuery } from '@linli/shared/points';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { signedIn } from '../http/access.ts';
import { DomainError } from '../platform/domain-error.ts';

import { listLedger } from './ledger.ts';
import { checkIn, checkinCalendar } from './checkin.ts';

export function pointsRoutes(deps: Deps) {
  const router = newRouter();
  return router
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/checkins',
        ...signedIn(deps),
        tags: ['points'],
        summary: 'Check in for today (Asia/Shanghai); once a day however often it is tapped',
        responses: {
          200: jsonContent(CheckinResult, "The check-in, or today's earlier one"),
          401: jsonContent(ErrorBody, 'Not logged in'),
          409: jsonContent(ErrorBody, 'Not joined yet'),
          422: jsonContent(ErrorBody, 'TOTAL_LIMIT_REACHED: the points balance would pass its ceiling'),
        },
      }),
      async (c) => c.json(await checkIn(deps, c.var.session.memberId), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/checkins',
        ...signedIn(deps),
        tags: ['points'],
        summary: 'A month of check-ins, the current streak and the rules',
        request: { query: CheckinMonthQuery },
        responses: {
          200: jsonContent(CheckinCalendar, 'The calendar'),
          400: jsonContent(ErrorBody, 'Bad month'),
          401: jsonContent(ErrorBody, 'Not logged in'),
          409: jsonContent(ErrorBody, 'Not joined yet'),
        },
      }),
      async (c) => c.json(await checkinCalendar(deps, c.var.session.memberId, c.req.valid('query').month), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/points',
        ...signedIn(deps),
        tags: ['points'],
        summary: "The member's points ledger, newest first",
        request: { query: PointsPageQuery },
        responses: {
          200: jsonContent(PointsPage, 'One page of ledger entries'),
          400: jsonContent(ErrorBody, 'Bad limit or cursor'),
          401: jsonContent(ErrorBody, 'Not logged in'),
        },
      }),
      async (c) => {
        const query = c.req.valid('query');
        const page = await listLedger(deps.db, c.var.session.memberId, query);
        if (page === 'bad-cursor')
          throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
        return c.json(page, 200);
      },
    );
}
