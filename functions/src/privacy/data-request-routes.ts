import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import {
  AnswerDataRequest,
  DATA_REQUEST_DEADLINE_DAYS,
  DataRequestListQuery,
  DataRequestPage,
  DataRequestView,
  FileDataRequest,
  OPEN_DATA_REQUESTS_PER_MEMBER,
  RefuseDataRequest,
  StaffDataRequestPage,
  StaffDataRequestQuery,
  StaffDataRequestView,
} from '@linli/shared/data-requests';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { signedIn, staffOnly, staffReadingPersonalData } from '../http/access.ts';
import type { AppEnv } from '../http/app-env.ts';
import { currentStaff } from '../http/require-session.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import {
  answerDataRequest,
  dataRequestQueue,
  fileDataRequest,
  myDataRequest,
  myDataRequests,
  refuseDataRequest,
  staffDataRequest,
  takeDataRequest,
} from './data-requests.ts';

const Params = z.object({ dataRequestId: z.string().min(1).max(64) });
const errors = {
  400: jsonContent(ErrorBody, 'Invalid request'),
  401: jsonContent(ErrorBody, 'Not logged in'),
  404: jsonContent(ErrorBody, "DATA_REQUEST_NOT_FOUND (also for another member's request)"),
};
const staffErrors = {
  ...errors,
  403: jsonContent(ErrorBody, 'Not an admin'),
  409: jsonContent(ErrorBody, 'DATA_REQUEST_CLOSED: answered or refused already (nothing written)'),
};
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

/** 数据请求: buyers file and follow their requests; admins work the queue. */
export function dataRequestRoutes(deps: Deps) {
  /** The admin acting, as the request records them; the audit trail names the request's member. */
  const admin = (c: Context<AppEnv>) => ({ memberId: c.var.session.memberId, name: currentStaff(c).name });
  const auditedView = (c: Context<AppEnv>, view: StaffDataRequestView) => {
    c.set('auditedMemberId', view.member.memberId);
    return c.json(view, 200);
  };

  return newRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/data-requests',
        ...signedIn(deps),
        tags: ['privacy'],
        summary: `File a data request (idempotent by requestId): answered within ${DATA_REQUEST_DEADLINE_DAYS} days; at most ${OPEN_DATA_REQUESTS_PER_MEMBER} open at once`,
        request: body(FileDataRequest),
        responses: {
          200: jsonContent(DataRequestView, 'The request'),
          ...errors,
          409: jsonContent(ErrorBody, 'DATA_REQUEST_LIMIT_REACHED (nothing filed) or NOT_JOINED'),
        },
      }),
      async (c) => c.json(await fileDataRequest(deps, c.var.session.memberId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/data-requests',
        ...signedIn(deps),
        tags: ['privacy'],
        summary: '我的数据请求, newest first: status, due day, the answer or the reason for a refusal',
        request: { query: DataRequestListQuery },
        responses: { 200: jsonContent(DataRequestPage, 'A page'), ...errors },
      }),
      async (c) => c.json(await myDataRequests(deps, c.var.session.memberId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/data-requests/{dataRequestId}',
        ...signedIn(deps),
        tags: ['privacy'],
        summary: 'One of my data requests',
        request: { params: Params },
        responses: { 200: jsonContent(DataRequestView, 'The request'), ...errors },
      }),
      async (c) => c.json(await myDataRequest(deps, c.var.session.memberId, c.req.valid('param').dataRequestId), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/data-requests',
        ...staffOnly(deps, 'admin'),
        tags: ['privacy', 'staff'],
        summary:
          'The data request queue (admins): open requests soonest due first, overdue leading; or one status (closed ones newest first). Rows carry no buyer text or identity',
        request: { query: StaffDataRequestQuery },
        responses: { 200: jsonContent(StaffDataRequestPage, 'A page'), ...staffErrors },
      }),
      async (c) => c.json(await dataRequestQueue(deps, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/data-requests/{dataRequestId}',
        ...staffReadingPersonalData(deps, 'admin'),
        tags: ['privacy', 'staff'],
        summary: "One data request with the buyer's text and who filed it (admins; each read is audited)",
        request: { params: Params },
        responses: { 200: jsonContent(StaffDataRequestView, 'The request'), ...staffErrors },
      }),
      async (c) => auditedView(c, await staffDataRequest(deps, c.req.valid('param').dataRequestId)),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/data-requests/{dataRequestId}/take',
        ...staffOnly(deps, 'admin'),
        tags: ['privacy', 'staff'],
        summary: 'Take an open request (处理中); another admin may take it over',
        request: { params: Params },
        responses: { 200: jsonContent(StaffDataRequestView, 'The request'), ...staffErrors },
      }),
      async (c) => auditedView(c, await takeDataRequest(deps, admin(c), c.req.valid('param').dataRequestId)),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/data-requests/{dataRequestId}/answer',
        ...staffOnly(deps, 'admin'),
        tags: ['privacy', 'staff'],
        summary: 'Answer an open request (已答复): the buyer reads the answer; the same answer again changes nothing',
        request: { params: Params, ...body(AnswerDataRequest) },
        responses: { 200: jsonContent(StaffDataRequestView, 'The request'), ...staffErrors },
      }),
      async (c) => auditedView(c, await answerDataRequest(deps, admin(c), c.req.valid('param').dataRequestId, c.req.valid('json'))),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/data-requests/{dataRequestId}/refuse',
        ...staffOnly(deps, 'admin'),
        tags: ['privacy', 'staff'],
        summary: 'Refuse an open request (已拒绝) with a reason the buyer reads; the same refusal again changes nothing',
        request: { params: Params, ...body(RefuseDataRequest) },
        responses: { 200: jsonContent(StaffDataRequestView, 'The request'), ...staffErrors },
      }),
      async (c) => auditedView(c, await refuseDataRequest(deps, admin(c), c.req.valid('param').dataRequestId, c.req.valid('json'))),
    );
}
