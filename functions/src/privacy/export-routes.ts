import { createRoute } from '@hono/zod-openapi';
import { DATA_EXPORT_KEEP_HOURS, DATA_EXPORT_LINK_MINUTES, DataExport, DataExportList, RequestDataExport } from '@linli/shared/data-export';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { signedIn } from '../http/access.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { listMyDataExports, requestDataExport } from './data-export.ts';

/** 导出我的数据: a buyer asks for a copy of their data and downloads it (privacy/data-export.ts). */
export function dataExportRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/data-exports',
        ...signedIn(deps),
        tags: ['privacy'],
        summary: `Ask for a copy of my data (joined members, one request a Shanghai day; idempotent by requestId): audited, then built by the export worker into JSON and one CSV per kind, kept ${DATA_EXPORT_KEEP_HOURS} hours`,
        request: { body: { content: { 'application/json': { schema: RequestDataExport } }, required: true } },
        responses: {
          200: jsonContent(DataExport, 'The export (queued; the same one for a repeated requestId)'),
          409: jsonContent(
            ErrorBody,
            'EXPORT_ALREADY_REQUESTED_TODAY (one a Shanghai day; GET says from when the next may be asked for) or NOT_JOINED',
          ),
        },
      }),
      async (c) =>
        c.json(await requestDataExport(deps, { memberId: c.var.session.memberId, requestId: c.req.valid('json').requestId }), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/data-exports',
        ...signedIn(deps),
        tags: ['privacy'],
        summary: `My exports, newest first, with their status; a ready one with signed download links made now, valid ${DATA_EXPORT_LINK_MINUTES} minutes`,
        responses: { 200: jsonContent(DataExportList, 'Exports, and when the next may be requested') },
      }),
      async (c) => c.json(await listMyDataExports(deps, c.var.session.memberId), 200),
    );
}
