import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import { InsightDashboard, InsightSettings, MemberInsightView } from '@linli/shared/insight';
import type { Deps } from '../deps.ts';
import { staffOnly, staffReadingPersonalData, staffChangingSettings } from '../http/access.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getMember } from '../members/repository.ts';
import { insightDashboard } from './dashboard.ts';
import { getInsightSettings, getMemberInsight, listStageChanges, replaceInsightSettings } from './repository.ts';

const StoredSettings = z
  .object({ settings: InsightSettings, version: z.number().int().nonnegative(), updatedAt: z.iso.datetime().nullable() })
  .meta({ id: 'StoredInsightSettings' });
const SettingsUpdate = z.object({
  settings: InsightSettings,
  version: z.number().int().nonnegative().describe('The version read (0: the defaults)'),
});
const errors = { 401: jsonContent(ErrorBody, 'Not logged in'), 403: jsonContent(ErrorBody, 'Role not allowed') };

/** 客户洞察: the dashboards, a member's scores, and the settings the scores follow. */
export function insightRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/insight/dashboard',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: 'The customer-insight dashboards: funnel, RFM classes, churn risk, CLV, cohorts, categories, pairs, forecast and target',
        responses: { 200: jsonContent(InsightDashboard, 'The dashboards'), ...errors },
      }),
      async (c) => c.json(await insightDashboard(deps), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/members/{memberId}/insight',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['insight', 'staff'],
        summary: "A member's scores with a reason for each, and their lifecycle stage history",
        request: { params: z.object({ memberId: z.string().min(1).max(64) }) },
        responses: { 200: jsonContent(MemberInsightView, 'Scores'), 404: jsonContent(ErrorBody, 'No such member'), ...errors },
      }),
      async (c) => {
        const { memberId } = c.req.valid('param');
        const member = await getMember(deps.db, memberId);
        if (!member || member.joinedAt === null) throw new DomainError('NOT_FOUND', 'No such member');
        const [insight, stageHistory] = await Promise.all([getMemberInsight(deps.db, memberId), listStageChanges(deps.db, memberId)]);
        return c.json({ scores: insight?.scores ?? null, stageHistory }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/insight/settings',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: 'The settings customer insight scores by (defaults until an admin saves them)',
        responses: { 200: jsonContent(StoredSettings, 'Settings'), ...errors },
      }),
      async (c) => {
        const { version, updatedAt, ...settings } = await getInsightSettings(deps.db);
        return c.json({ settings, version, updatedAt }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/insight/settings',
        ...staffChangingSettings(deps, () => getInsightSettings(deps.db), 'admin'),
        tags: ['insight', 'staff'],
        summary: 'Change the insight settings (admins); the next nightly run scores by them',
        request: { body: { content: { 'application/json': { schema: SettingsUpdate } }, required: true } },
        responses: { 200: jsonContent(StoredSettings, 'Saved'), 409: jsonContent(ErrorBody, 'Changed by someone else'), ...errors },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const saved = await replaceInsightSettings(deps.db, {
          settings: body.settings,
          expectedVersion: body.version,
          at: deps.clock().toISOString(),
          by: c.var.session.memberId,
        });
        if (saved === 'conflict') throw new DomainError('CONFLICT', 'The settings were changed by someone else; reload them');
        const { version, updatedAt, ...settings } = saved;
        return c.json({ settings, version, updatedAt }, 200);
      },
    );
}
