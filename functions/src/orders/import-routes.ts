import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { ErrorBody } from '@linli/shared/errors';
import {
  IMPORT_TIME_BUDGET_MS,
  MAX_IMPORT_BODY_BYTES,
  MAX_IMPORT_CSV_CHARS,
  MAX_IMPORT_LINES_PER_REQUEST,
  OrderImportReport,
  OrderImportRequest,
} from '@linli/shared/order-import';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { staffOnly } from '../http/access.ts';
import { DomainError } from '../platform/domain-error.ts';
import { importOrders } from './import-orders.ts';
import { riskOrderWatch } from '../risk/order-watch.ts';

export function orderImportRoutes(deps: Deps) {
  const access = staffOnly(deps, 'admin');
  return newRouter().openapi(
    createRoute({
      method: 'post',
      path: '/v1/staff/order-imports',
      ...access,
      // After the role check: a caller who may not import is refused before their body is read.
      middleware: [
        ...access.middleware,
        bodyLimit({
          maxSize: MAX_IMPORT_BODY_BYTES,
          onError: () => {
            throw new DomainError('IMPORT_TOO_LARGE', `The body is over ${MAX_IMPORT_BODY_BYTES} bytes: split the file`);
          },
        }),
      ],
      tags: ['staff'],
      summary:
        'Import order history from CSV (admin): orders by openid or phone, counted on members now or kept until they join or verify the phone; every bad line reported',
      request: { body: { content: { 'application/json': { schema: OrderImportRequest } }, required: true } },
      responses: {
        200: jsonContent(
          OrderImportReport,
          'What was imported (or, with dryRun, would be), every bad line with its reason, and how many orders time left for another request',
        ),
        413: jsonContent(
          ErrorBody,
          `IMPORT_TOO_LARGE: more than ${MAX_IMPORT_LINES_PER_REQUEST} item lines or ${MAX_IMPORT_BODY_BYTES} bytes of body (more than ${MAX_IMPORT_CSV_CHARS} characters of CSV is 400 VALIDATION_FAILED)`,
        ),
        503: jsonContent(ErrorBody, 'BUSY: too many concurrent changes to one member; import the same file again'),
      },
    }),
    async (c) => {
      const { csv, creditPoints, dryRun } = c.req.valid('json');
      const deadline = new Date(deps.clock().getTime() + IMPORT_TIME_BUDGET_MS);
      const watch = riskOrderWatch(deps);
      return c.json(await importOrders(deps, csv, { creditPoints, dryRun, maxLines: MAX_IMPORT_LINES_PER_REQUEST, deadline, watch }), 200);
    },
  );
}
