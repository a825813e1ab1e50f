import { createRoute } from '@hono/zod-openapi';
import { ClientConfig, SubscriptionQuota, SubscriptionReport } from '@linli/shared/subscriptions';
import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { publicRoute, signedIn } from '../http/access.ts';

import { careTemplateIds } from '../automation/message-settings.ts';
import { quotaView, recordSubscriptionReport } from './subscriptions.ts';

export function subscriptionRoutes(deps: Deps) {
  const router = newRouter();
  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/client-config',
        ...publicRoute(),
        tags: ['config'],
        summary: 'What the mini-program needs to know: policy version and subscribe-message template ids',
        responses: { 200: jsonContent(ClientConfig, 'Client configuration') },
      }),
      (c) =>
        c.json(
          {
            policyVersion: PRIVACY_POLICY_VERSION,
            templates: { ...deps.config.wechat.templates },
            templatesPerSubscribeRequest: deps.config.wechat.templatesPerSubscribeRequest,
          },
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/subscriptions',
        ...signedIn(deps),
        tags: ['subscriptions'],
        summary: 'Remaining subscribe-message authorizations per template',
        responses: { 200: jsonContent(SubscriptionQuota, 'Remaining sends'), 401: jsonContent(ErrorBody, 'Not logged in') },
      }),
      async (c) => c.json(await quotaView(deps, c.var.session.memberId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/subscriptions',
        ...signedIn(deps),
        tags: ['subscriptions'],
        summary: "Report what wx.requestSubscribeMessage answered (the configured templates' ids and the care rules')",
        request: { body: { content: { 'application/json': { schema: SubscriptionReport } }, required: true } },
        responses: {
          200: jsonContent(SubscriptionQuota, 'Remaining sends after the report'),
          400: jsonContent(ErrorBody, 'Unknown template or bad report'),
          401: jsonContent(ErrorBody, 'Not logged in'),
        },
      }),
      async (c) =>
        // Care rules' templates are known to the rules above subscriptions/ in the ladder: read here and passed down.
        c.json(await recordSubscriptionReport(deps, c.var.session.memberId, c.req.valid('json'), await careTemplateIds(deps)), 200),
    );
}
