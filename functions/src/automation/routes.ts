import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import { SellerOccasion } from '@linli/shared/care-calendar';
import {
  CareDelivery,
  CareDeliveryPage,
  CareDryRun,
  CareDryRunRequest,
  CareEditorOptions,
  CarePolicy,
  CarePreview,
  CarePreviewRequest,
  CareRule,
  CareRuleInput,
  CareRuleList,
  CareRuleResults,
  CareRuleUpdate,
  DELIVERY_STATUSES,
} from '@linli/shared/care-rules';
import { SeasonalCalendar, SeasonalCalendarUpdate } from '@linli/shared/seasonal-tips';
import type { Deps } from '../deps.ts';
import { staffOnly, staffReadingPersonalData, staffChangingSettings } from '../http/access.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import {
  careEditorOptions,
  careRuleSummaries,
  serviceNoticeSummaries,
  careSettingsView,
  createCareRule,
  memberDeliveryPage,
  previewCareRule,
  removeCareRule,
  replaceCareSettings,
  requireCareRule,
  ruleDeliveryPage,
  updateCareRule,
} from './care-rule-admin.ts';
import { dryRunCareRule } from './care-planner.ts';
import { careRuleResults } from './care-results.ts';
import { deadLetterViews, retryDeadLetter } from './dead-letters.ts';
import { replaceSeasonalCalendar, seasonalCalendarView } from './seasonal-calendar.ts';

const RuleIdParam = z.object({ ruleId: z.string().min(1).max(64) });
const Cursor = z.string().max(1024).optional();
const errors = { 401: jsonContent(ErrorBody, 'Not logged in'), 403: jsonContent(ErrorBody, 'Not a supervisor or admin') };
const adminErrors = { 401: jsonContent(ErrorBody, 'Not logged in'), 403: jsonContent(ErrorBody, 'Not an admin') };

const CareSettingsBody = z
  .object({
    policy: CarePolicy,
    shopName: z.string().trim().min(1).max(20).describe('What {店铺名} says'),
    sellerOccasions: z.array(SellerOccasion).max(50),
    version: z.number().int().min(0),
  })
  .meta({ id: 'CareSettings' });

const DeadLetterList = z
  .object({
    items: z.array(
      z.object({ messageId: z.string(), deadAt: z.string(), receiveCount: z.number().int(), delivery: CareDelivery.nullable() }),
    ),
  })
  .meta({ id: 'CareDeadLetterList' });

/** 关怀计划: care rules, their preview and dry run, logs, the policy, and dead letters (admins change; supervisors read). */
export function careRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/care/rules',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: 'Care rules and the built-in service notices, each with what it did over the last 30 days',
        responses: { 200: jsonContent(CareRuleList, 'The rules'), ...errors },
      }),
      async (c) => {
        const [items, serviceNotices] = await Promise.all([careRuleSummaries(deps), serviceNoticeSummaries(deps)]);
        return c.json({ items, serviceNotices }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/care/rules',
        ...staffOnly(deps, 'admin'),
        tags: ['care', 'staff'],
        summary: 'Create a care rule',
        request: { body: { content: { 'application/json': { schema: CareRuleInput } }, required: true } },
        responses: {
          201: jsonContent(CareRule, 'The rule'),
          404: jsonContent(ErrorBody, 'REWARD_NOT_FOUND: the gift coupon'),
          422: jsonContent(ErrorBody, 'CARE_MESSAGE_INVALID, CARE_AUDIENCE_NOT_FOUND or CARE_RULE_LIMIT_REACHED'),
          ...adminErrors,
        },
      }),
      async (c) => c.json(await createCareRule(deps, c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/care/rules/{ruleId}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: 'One care rule',
        request: { params: RuleIdParam },
        responses: { 200: jsonContent(CareRule, 'The rule'), 404: jsonContent(ErrorBody, 'CARE_RULE_NOT_FOUND'), ...errors },
      }),
      async (c) => c.json(await requireCareRule(deps, c.req.valid('param').ruleId), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/care/rules/{ruleId}',
        ...staffOnly(deps, 'admin'),
        tags: ['care', 'staff'],
        summary: 'Edit a care rule (the version read guards against overwriting another edit)',
        request: { params: RuleIdParam, body: { content: { 'application/json': { schema: CareRuleUpdate } }, required: true } },
        responses: {
          200: jsonContent(CareRule, 'The rule as saved'),
          404: jsonContent(ErrorBody, 'CARE_RULE_NOT_FOUND or REWARD_NOT_FOUND'),
          409: jsonContent(ErrorBody, 'CONFLICT'),
          422: jsonContent(ErrorBody, 'CARE_MESSAGE_INVALID or CARE_AUDIENCE_NOT_FOUND'),
          ...adminErrors,
        },
      }),
      async (c) => c.json(await updateCareRule(deps, c.req.valid('param').ruleId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/staff/care/rules/{ruleId}',
        ...staffOnly(deps, 'admin'),
        tags: ['care', 'staff'],
        summary: 'Delete a care rule (what it planned and has not sent is not sent; its log stays)',
        request: { params: RuleIdParam },
        responses: { 204: { description: 'Deleted' }, 404: jsonContent(ErrorBody, 'CARE_RULE_NOT_FOUND'), ...adminErrors },
      }),
      async (c) => {
        await removeCareRule(deps, c.req.valid('param').ruleId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/care/options',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: "The rule editor's choices: holidays with their next date, segments, coupons, variables",
        responses: { 200: jsonContent(CareEditorOptions, 'Choices'), ...errors },
      }),
      async (c) => c.json(await careEditorOptions(deps), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/care/preview',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: "A rule's message as a member (or the examples) would read it, each arm",
        request: { body: { content: { 'application/json': { schema: CarePreviewRequest } }, required: true } },
        responses: { 200: jsonContent(CarePreview, 'The rendered fields'), 404: jsonContent(ErrorBody, 'No such member'), ...errors },
      }),
      async (c) => c.json(await previewCareRule(deps, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/care/dry-run',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: 'Who a rule would send to today and why the others would not (nothing is written or sent)',
        request: { body: { content: { 'application/json': { schema: CareDryRunRequest } }, required: true } },
        responses: { 200: jsonContent(CareDryRun, 'Counts by outcome'), ...errors },
      }),
      async (c) => c.json(await dryRunCareRule(deps, c.req.valid('json').rule, c.req.valid('json').day), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/care/rules/{ruleId}/deliveries',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: "A rule's (or a built-in service notice's, service-<kind>) delivery log, newest first, optionally of one status",
        request: { params: RuleIdParam, query: z.object({ status: z.enum(DELIVERY_STATUSES).optional(), cursor: Cursor }) },
        responses: { 200: jsonContent(CareDeliveryPage, 'A page'), 404: jsonContent(ErrorBody, 'CARE_RULE_NOT_FOUND'), ...errors },
      }),
      async (c) => c.json(await ruleDeliveryPage(deps, c.req.valid('param').ruleId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/care/rules/{ruleId}/results',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: "What a rule's messages brought: conversion and revenue within 7 days per arm, the hold-out and the lift",
        request: { params: RuleIdParam, query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }) },
        responses: { 200: jsonContent(CareRuleResults, 'The results'), 404: jsonContent(ErrorBody, 'CARE_RULE_NOT_FOUND'), ...errors },
      }),
      async (c) => c.json(await careRuleResults(deps, c.req.valid('param').ruleId, c.req.valid('query').days), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/members/{memberId}/care-deliveries',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['care', 'staff'],
        summary: "A member's care messages, newest first (客户画像)",
        request: { params: z.object({ memberId: z.string().min(1).max(64) }), query: z.object({ cursor: Cursor }) },
        responses: { 200: jsonContent(CareDeliveryPage, 'A page'), ...errors, 403: jsonContent(ErrorBody, 'Not staff') },
      }),
      async (c) => c.json(await memberDeliveryPage(deps, c.req.valid('param').memberId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/care/settings',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: 'The policy over every care rule (caps, quiet hours), the shop name in messages and the seller’s own dates',
        responses: { 200: jsonContent(CareSettingsBody, 'The settings'), ...errors },
      }),
      async (c) => c.json(await careSettingsView(deps), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/care/settings',
        ...staffChangingSettings(deps, () => careSettingsView(deps), 'admin'),
        tags: ['care', 'staff'],
        summary: 'Replace the care settings (the version read guards against overwriting another edit)',
        request: { body: { content: { 'application/json': { schema: CareSettingsBody } }, required: true } },
        responses: { 200: jsonContent(CareSettingsBody, 'The settings as saved'), 409: jsonContent(ErrorBody, 'CONFLICT'), ...adminErrors },
      }),
      async (c) => c.json(await replaceCareSettings(deps, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/care/seasonal-tips',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: 'The seasonal calendar (时令日历): tips by category, each with its next date, and the categories bought lately',
        responses: { 200: jsonContent(SeasonalCalendar, 'The calendar'), ...errors },
      }),
      async (c) => c.json(await seasonalCalendarView(deps), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/care/seasonal-tips',
        ...staffChangingSettings(deps, () => seasonalCalendarView(deps), 'admin'),
        tags: ['care', 'staff'],
        summary: 'Replace the seasonal calendar (the version read guards against overwriting another edit)',
        request: { body: { content: { 'application/json': { schema: SeasonalCalendarUpdate } }, required: true } },
        responses: {
          200: jsonContent(SeasonalCalendar, 'The calendar as saved'),
          400: jsonContent(ErrorBody, 'VALIDATION_FAILED: a bad tip, two of one name, or a tip a rule still uses removed'),
          409: jsonContent(ErrorBody, 'CONFLICT'),
          ...adminErrors,
        },
      }),
      async (c) => c.json(await replaceSeasonalCalendar(deps, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/care/dead-letters',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['care', 'staff'],
        summary: 'Care messages that failed every attempt, newest first',
        responses: { 200: jsonContent(DeadLetterList, 'Dead letters'), ...errors },
      }),
      async (c) => c.json({ items: await deadLetterViews(deps) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/care/dead-letters/{messageId}/retry',
        ...staffOnly(deps, 'admin'),
        tags: ['care', 'staff'],
        summary: 'Put a dead letter back on the delivery queue',
        request: { params: z.object({ messageId: z.string().min(1).max(128) }) },
        responses: { 204: { description: 'Queued again' }, 404: jsonContent(ErrorBody, 'No such dead letter'), ...adminErrors },
      }),
      async (c) => {
        await retryDeadLetter(deps, c.req.valid('param').messageId);
        return c.body(null, 204);
      },
    );
}
