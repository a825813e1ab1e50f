import { createRoute } from '@hono/zod-openapi';
import { ErrorBody } from '@linli/shared/errors';
import { GROWTH_WINDOW_MONTHS, StoredTierConfig, TierConfigUpdate, TierLadder } from '@linli/shared/tiers';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { signedIn, staffOnly, staffChangingSettings } from '../http/access.ts';

import { getTierConfig } from './config-repository.ts';
import { saveTierConfig } from './tier-config.ts';

const errors = {
  401: jsonContent(ErrorBody, 'Not logged in'),
};
const adminErrors = {
  ...errors,
  403: jsonContent(ErrorBody, 'Not an admin'),
};

/** The tier ladder: members read it for the card; admins configure it. */
export function tierRoutes(deps: Deps) {
  const router = newRouter();
  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/tiers',
        ...signedIn(deps),
        tags: ['tiers'],
        summary: "The tier ladder with each tier's threshold and rights",
        responses: { 200: jsonContent(TierLadder, 'Tiers, lowest first'), ...errors },
      }),
      async (c) => {
        const config = await getTierConfig(deps.db);
        return c.json(
          { tiers: config.tiers, growthWindowMonths: GROWTH_WINDOW_MONTHS, downgradeGraceDays: config.downgradeGraceDays },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/tiers',
        ...staffOnly(deps, 'admin'),
        tags: ['staff', 'tiers'],
        summary: 'The tier configuration and its version (admin)',
        responses: { 200: jsonContent(StoredTierConfig, 'The configuration in force (version 0: the built-in defaults)'), ...adminErrors },
      }),
      async (c) => c.json(await getTierConfig(deps.db), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/tiers',
        ...staffChangingSettings(deps, () => getTierConfig(deps.db), 'admin'),
        tags: ['staff', 'tiers'],
        summary: 'Replace the tier configuration (admin); send the version you read',
        request: { body: { content: { 'application/json': { schema: TierConfigUpdate } }, required: true } },
        responses: {
          200: jsonContent(StoredTierConfig, 'The saved configuration'),
          400: jsonContent(ErrorBody, 'Not a valid ladder: overlapping thresholds, no base tier at 0, duplicate codes…'),
          409: jsonContent(ErrorBody, 'Someone saved another version since yours was read'),
          ...adminErrors,
        },
      }),
      async (c) => c.json(await saveTierConfig(deps, c.req.valid('json'), c.var.session.memberId), 200),
    );
}
