import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import {
  AUDIT_CSV_ROW_LIMIT,
  AuditPage,
  AuditSearchQuery,
  RetentionSettingsView,
  UpdateRetentionSettingsRequest,
} from '@linli/shared/audit';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { staffChangingSettings, staffOnly, staffReadingPersonalData } from '../http/access.ts';
import { CSV_NEXT_CURSOR_HEADER, jsonContent, newRouter } from '../http/router.ts';
import { auditLogCsv, searchAuditLog } from './audit-log.ts';
import { getRetentionSettings, updateRetentionSettings } from './retention-settings.ts';

const errors = {
  400: jsonContent(ErrorBody, 'Bad query or body'),
  401: jsonContent(ErrorBody, 'Not logged in'),
  403: jsonContent(ErrorBody, 'Not an admin'),
};

/** The audit log (admins: search and CSV; no route changes or deletes an entry) and the retention periods. */
export function auditRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/audit-log',
        ...staffOnly(deps, 'admin'),
        tags: ['staff', 'audit'],
        summary: 'Search the audit log (admins): a range of Shanghai days, by member, staff member or kind; newest first',
        request: { query: AuditSearchQuery },
        responses: { 200: jsonContent(AuditPage, 'One page of entries'), ...errors },
      }),
      async (c) => c.json(await searchAuditLog(deps, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/audit-log.csv',
        ...staffReadingPersonalData(deps, 'admin'),
        tags: ['staff', 'audit'],
        summary: `The audit log as CSV (UTF-8 with BOM, Chinese headers; the export is itself audited); at most ${AUDIT_CSV_ROW_LIMIT.toLocaleString('en')} rows a request, the rest from the cursor in ${CSV_NEXT_CURSOR_HEADER}`,
        request: { query: AuditSearchQuery },
        responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' }, ...errors },
      }),
      async (c) => {
        const result = await auditLogCsv(deps, c.req.valid('query'));
        return c.body(result.csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="audit-log.csv"',
          ...(result.nextCursor ? { [CSV_NEXT_CURSOR_HEADER]: result.nextCursor } : {}),
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/retention-settings',
        ...staffOnly(deps, 'admin'),
        tags: ['staff', 'audit'],
        summary: 'How long the audit log, inactive members and unattached photos are kept (defaults until an admin saves them)',
        responses: { 200: jsonContent(RetentionSettingsView, 'The periods'), ...errors },
      }),
      async (c) => c.json(await getRetentionSettings(deps.db), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/retention-settings',
        ...staffChangingSettings(deps, () => getRetentionSettings(deps.db), 'admin'),
        tags: ['staff', 'audit'],
        summary: 'Change the retention periods (admins); the daily retention job applies them; audited with before and after',
        request: { body: { content: { 'application/json': { schema: UpdateRetentionSettingsRequest } }, required: true } },
        responses: {
          200: jsonContent(RetentionSettingsView, 'Saved'),
          409: jsonContent(ErrorBody, 'CONFLICT: changed by someone else'),
          ...errors,
        },
      }),
      async (c) => c.json(await updateRetentionSettings(deps, { request: c.req.valid('json'), by: c.var.session.memberId }), 200),
    );
}
