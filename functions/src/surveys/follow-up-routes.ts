import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import {
  FollowUpClaimRequest,
  FollowUpListQuery,
  FollowUpOutcomeRequest,
  FollowUpPage,
  FollowUpTask,
  MemberSurveys,
} from '@linli/shared/surveys';
import type { Deps } from '../deps.ts';
import { staffOnly, staffReadingPersonalData } from '../http/access.ts';
import type { AppEnv } from '../http/app-env.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { claimFollowUp, followUpPage, followUpView, memberSurveys, recordFollowUpOutcome, type FollowUpActor } from './follow-ups.ts';

const TaskParams = z.object({ taskId: z.string().min(1).max(100) });
const MemberParams = z.object({ memberId: z.string().min(1).max(64) });
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const notFound = { 404: jsonContent(ErrorBody, 'FOLLOW_UP_NOT_FOUND') };

/**
 * Follow-ups (回访) for the desk: the lists, a task, claiming and assigning, recording the outcome;
 * and the member's surveys on Customer 360. Every desk role works follow-ups.
 */
export function followUpRoutes(deps: Deps) {
  const router = newRouter();
  const actor = (c: Context<AppEnv>): FollowUpActor => ({
    id: c.var.session.memberId,
    supervises: c.var.session.roles.some((role) => role === 'admin' || role === 'supervisor'),
  });

  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/follow-ups',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['surveys', 'staff'],
        summary: 'A page of follow-up tasks: open, mine or unclaimed by due time (soonest first); done ones newest first',
        request: { query: FollowUpListQuery },
        responses: { 200: jsonContent(FollowUpPage, 'A page') },
      }),
      async (c) => c.json(await followUpPage(deps, c.var.session.memberId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/follow-ups/{taskId}',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['surveys', 'staff'],
        summary: 'One follow-up task',
        request: { params: TaskParams },
        responses: { 200: jsonContent(FollowUpTask, 'The task'), ...notFound },
      }),
      async (c) => c.json(await followUpView(deps, c.req.valid('param').taskId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/follow-ups/{taskId}/claim',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['surveys', 'staff'],
        summary:
          'Take an open task ({}), or assign it to an active staff member ({assigneeId}: supervisors and admins). Agents take only unclaimed ones',
        request: { params: TaskParams, ...body(FollowUpClaimRequest) },
        responses: {
          200: jsonContent(FollowUpTask, 'The task'),
          403: jsonContent(ErrorBody, "FORBIDDEN: a buyer, or an agent taking another agent's task or assigning one"),
          ...notFound,
          409: jsonContent(ErrorBody, 'FOLLOW_UP_DONE: its outcome is recorded'),
          422: jsonContent(ErrorBody, 'ASSIGNEE_NOT_STAFF'),
        },
      }),
      async (c) => c.json(await claimFollowUp(deps, actor(c), c.req.valid('param').taskId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/follow-ups/{taskId}/outcome',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['surveys', 'staff'],
        summary:
          'Record the outcome, once (agents: on their own task or an unclaimed one, which they take); a second outcome is FOLLOW_UP_DONE',
        request: { params: TaskParams, ...body(FollowUpOutcomeRequest) },
        responses: {
          200: jsonContent(FollowUpTask, 'The task, done'),
          403: jsonContent(ErrorBody, "FORBIDDEN: a buyer, or an agent on another agent's task"),
          ...notFound,
          409: jsonContent(ErrorBody, 'FOLLOW_UP_DONE: an outcome is already recorded'),
        },
      }),
      async (c) => c.json(await recordFollowUpOutcome(deps, actor(c), c.req.valid('param').taskId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/members/{memberId}/surveys',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['surveys', 'customers'],
        summary: "客户画像's 满意度: the member's follow-up tasks with their outcomes, and their survey responses (newest 20 of each)",
        request: { params: MemberParams },
        responses: { 200: jsonContent(MemberSurveys, "The member's surveys"), 404: jsonContent(ErrorBody, 'NOT_FOUND: no such member') },
      }),
      async (c) => c.json(await memberSurveys(deps, c.req.valid('param').memberId), 200),
    );
}
