import { createRoute } from '@hono/zod-openapi';
import { MessageSettings } from '@linli/shared/care-rules';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { signedIn } from '../http/access.ts';
import { messageSettings } from './message-settings.ts';

/** 消息设置: what the buyer can subscribe to (POST /v1/me/subscriptions reports answers; PATCH /v1/me changes the opt-out). */
export function messageSettingsRoutes(deps: Deps) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/message-settings',
      ...signedIn(deps),
      tags: ['subscriptions'],
      summary: 'The messages I can subscribe to (service and care), the sends I have allowed of each, and my 个性化推荐 choice',
      responses: { 200: jsonContent(MessageSettings, 'My message settings'), 401: jsonContent(ErrorBody, 'Not logged in') },
    }),
    async (c) => c.json(await messageSettings(deps, c.var.session.memberId), 200),
  );
}
