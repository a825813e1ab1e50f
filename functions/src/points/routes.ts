import { createRoute } from '@hono/zod-openapi';
import { PointsPage, PointsPageQuery } from '@linli/shared/points';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/app-env.ts';
import { AppError } from '../http/errors.ts';
import { BEARER_SECURITY, requireSession } from '../http/require-session.ts';
import { listLedger } from './ledger.ts';

export function pointsRoutes(deps: Deps) {
  const router = newRouter();
  router.use('/v1/me/points', requireSession(deps));
  return router.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/points',
      tags: ['points'],
      summary: 'The member\'s points ledger, newest first',
      security: BEARER_SECURITY,
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
      if (page === 'bad-cursor') throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
      return c.json(page, 200);
    },
  );
}
