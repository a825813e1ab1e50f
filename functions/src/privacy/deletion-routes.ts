import { createRoute } from '@hono/zod-openapi';
import { AccountDeletionRequest, AccountDeletionResult } from '@linli/shared/account-deletion';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { signedIn } from '../http/access.ts';
import { deleteAccount } from './account-deletion.ts';

export function accountDeletionRoutes(deps: Deps) {
  return newRouter().openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/deletion',
      ...signedIn(deps),
      tags: ['privacy'],
      summary:
        'Delete my account (注销账户): personal data erased, orders and the points ledger kept without identity; a repeat answers the first result',
      request: { body: { content: { 'application/json': { schema: AccountDeletionRequest } }, required: true } },
      responses: {
        200: jsonContent(AccountDeletionResult, 'The account is deleted (now, or by an earlier request)'),
        400: jsonContent(ErrorBody, 'The confirmation is missing or wrong'),
        401: jsonContent(ErrorBody, 'Not logged in, or the session expired'),
        409: jsonContent(
          ErrorBody,
          'Something is still under way: a group-buy place, payment or refund (ACCOUNT_DELETION_GROUP_BUY_OPEN), a gift to hand over (ACCOUNT_DELETION_GOODS_PENDING), a complaint being handled (ACCOUNT_DELETION_COMPLAINT_OPEN), or a staff role (ACCOUNT_DELETION_STAFF)',
        ),
      },
    }),
    async (c) => c.json(await deleteAccount(deps, c.var.session.memberId), 200),
  );
}
