import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import {
  AssignRequest,
  ComplaintDeskSettingsView,
  ComplaintOptions,
  CompensationCouponList,
  DeskAgentList,
  UpdateComplaintDeskSettingsRequest,
  ComplaintReport,
  ComplaintReportQuery,
  ComplaintListQuery,
  ComplaintPage,
  ComplaintView,
  FileComplaintRequest,
  RatingRequest,
  ReopenRequest,
  ReplyRequest,
  ResolveRequest,
  StaffComplaintPage,
  StaffComplaintQueueQuery,
  StaffComplaintView,
  StaffReplyRequest,
} from '@linli/shared/complaints';
import type { Deps } from '../deps.ts';
import type { Context } from 'hono';
import { jsonContent, newRouter } from '../http/router.ts';
import type { AppEnv } from '../http/app-env.ts';
import { signedIn, staffOnly, staffReadingPersonalData, staffChangingSettings } from '../http/access.ts';
import { currentStaff } from '../http/require-session.ts';
import { buyerConfirm, buyerReopen, buyerReply, fileNewComplaint } from './buyer-actions.ts';
import { buyerView, staffViewFor } from './complaint-views.ts';
import { compensationCouponChoices } from './coupon-compensation.ts';
import { assignComplaint, claimComplaint, resolveComplaint, staffNote, staffReply } from './desk-actions.ts';
import { deskAgents } from './desk-agents.ts';
import type { DeskActor } from './desk-authority.ts';
import { complaintQueue } from './desk-queue.ts';
import { complaintOptions, getDeskSettings, updateDeskSettings } from './desk-settings.ts';
import { memberComplaints } from './member-complaints.ts';
import { supervisorsReport, supervisorsReportCsv } from './supervisor-report.ts';
import { rateComplaintResolution } from '../surveys/complaint-csat.ts';

const Params = z.object({ complaintId: z.string().min(1).max(64) });
const errors = {
  400: jsonContent(ErrorBody, 'Invalid request'),
  401: jsonContent(ErrorBody, 'Not logged in'),
  403: jsonContent(ErrorBody, 'Wrong role'),
  404: jsonContent(ErrorBody, "COMPLAINT_NOT_FOUND (also for another member's complaint)"),
  409: jsonContent(ErrorBody, 'COMPLAINT_TRANSITION_INVALID (the message is the reason), NOT_JOINED or CONFLICT'),
};
/** For the routes that act on a complaint at the desk: its owner's, or a supervisor's or admin's. */
const deskErrors = {
  ...errors,
  403: jsonContent(ErrorBody, 'Wrong role, or COMPLAINT_NOT_YOURS: another agent owns the complaint (nothing written)'),
};
/** For the routes that take photoKeys. */
const photoErrors = {
  422: jsonContent(
    ErrorBody,
    'A photo key refused: PHOTO_NOT_YOURS, PHOTO_NOT_UPLOADED, PHOTO_TOO_LARGE, PHOTO_TYPE_NOT_ALLOWED or PHOTO_ALREADY_ATTACHED (nothing attached)',
  ),
};
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

export function complaintRoutes(deps: Deps) {
  const router = newRouter();

  /** The caller as the desk names them, with the role their staff item holds: the item the role guard already read for this request. */
  const caller = (c: Context<AppEnv>): DeskActor => {
    const staff = currentStaff(c);
    return { id: c.var.session.memberId, name: staff.name || null, role: staff.role };
  };

  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/complaint-options',
        ...signedIn(deps),
        tags: ['complaints'],
        summary: 'The categories open for new complaints and the limits of the form',
        responses: { 200: jsonContent(ComplaintOptions, 'Options'), ...errors },
      }),
      async (c) => c.json(complaintOptions(await getDeskSettings(deps.db)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/complaint-settings',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary: 'The desk settings: categories with SLA targets, business and quiet hours, reply templates',
        responses: { 200: jsonContent(ComplaintDeskSettingsView, 'Settings'), ...errors },
      }),
      async (c) => c.json(await getDeskSettings(deps.db), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/complaint-settings',
        ...staffChangingSettings(deps, () => getDeskSettings(deps.db), 'admin', 'supervisor'),
        tags: ['complaints', 'staff'],
        summary:
          'Replace the desk settings (supervisor, admin). Categories can be deactivated, not removed; new SLA targets apply to complaints filed afterwards',
        request: body(UpdateComplaintDeskSettingsRequest),
        responses: { 200: jsonContent(ComplaintDeskSettingsView, 'Saved'), ...errors },
      }),
      async (c) => c.json(await updateDeskSettings(deps, { request: c.req.valid('json'), by: c.var.session.memberId }), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/complaint-agents',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary: 'Active staff a complaint can be assigned to',
        responses: { 200: jsonContent(DeskAgentList, 'Staff'), ...errors },
      }),
      async (c) => c.json({ items: (await deskAgents(deps.db)).list }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/compensation-coupons',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary: 'Coupon rewards the desk can give as compensation (active, in stock)',
        responses: { 200: jsonContent(CompensationCouponList, 'Coupons'), ...errors },
      }),
      async (c) => c.json({ items: await compensationCouponChoices(deps) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/complaints/{complaintId}/assign',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary: 'Hand the complaint to an active staff member (agents: only their own or unclaimed ones)',
        request: { params: Params, ...body(AssignRequest) },
        responses: {
          200: jsonContent(StaffComplaintView, 'The complaint'),
          422: jsonContent(ErrorBody, 'ASSIGNEE_NOT_STAFF'),
          ...deskErrors,
        },
      }),
      async (c) => c.json(await assignComplaint(deps, caller(c), c.req.valid('param').complaintId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/complaints',
        ...signedIn(deps),
        tags: ['complaints'],
        summary: 'File a complaint (idempotent by requestId)',
        request: body(FileComplaintRequest),
        responses: { 200: jsonContent(ComplaintView, 'The complaint'), ...errors, ...photoErrors },
      }),
      async (c) => c.json(await fileNewComplaint(deps, c.var.session.memberId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/complaints',
        ...signedIn(deps),
        tags: ['complaints'],
        summary: '我的投诉, newest first',
        request: { query: ComplaintListQuery },
        responses: { 200: jsonContent(ComplaintPage, 'A page'), ...errors },
      }),
      async (c) => c.json(await memberComplaints(deps, c.var.session.memberId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/me/complaints/{complaintId}',
        ...signedIn(deps),
        tags: ['complaints'],
        summary: 'One of my complaints with its timeline',
        request: { params: Params },
        responses: { 200: jsonContent(ComplaintView, 'The complaint'), ...errors },
      }),
      async (c) => c.json(await buyerView(deps, c.var.session.memberId, c.req.valid('param').complaintId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/complaints/{complaintId}/replies',
        ...signedIn(deps),
        tags: ['complaints'],
        summary: 'Reply (answering a question resumes the SLA clock)',
        request: { params: Params, ...body(ReplyRequest) },
        responses: { 200: jsonContent(ComplaintView, 'The complaint'), ...errors, ...photoErrors },
      }),
      async (c) => c.json(await buyerReply(deps, c.var.session.memberId, c.req.valid('param').complaintId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/complaints/{complaintId}/confirm',
        ...signedIn(deps),
        tags: ['complaints'],
        summary: 'Confirm the resolution (closes it)',
        request: { params: Params },
        responses: { 200: jsonContent(ComplaintView, 'The complaint'), ...errors },
      }),
      async (c) => c.json(await buyerConfirm(deps, c.var.session.memberId, c.req.valid('param').complaintId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/complaints/{complaintId}/reopen',
        ...signedIn(deps),
        tags: ['complaints'],
        summary: 'Reopen within 7 days of resolution',
        request: { params: Params, ...body(ReopenRequest) },
        responses: { 200: jsonContent(ComplaintView, 'The complaint'), ...errors },
      }),
      async (c) => c.json(await buyerReopen(deps, c.var.session.memberId, c.req.valid('param').complaintId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/me/complaints/{complaintId}/rating',
        ...signedIn(deps),
        tags: ['complaints'],
        summary: 'Rate the resolution (once); recorded in the same write as a CSAT response of the built-in complaint survey',
        request: { params: Params, ...body(RatingRequest) },
        responses: { 200: jsonContent(ComplaintView, 'The complaint'), ...errors },
      }),
      async (c) => {
        const rated = await rateComplaintResolution(deps, c.var.session.memberId, c.req.valid('param').complaintId, c.req.valid('json'));
        return c.json(rated, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/complaints',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary: 'The queue: open complaints, soonest SLA deadline first',
        request: { query: StaffComplaintQueueQuery },
        responses: { 200: jsonContent(StaffComplaintPage, 'The queue'), ...errors },
      }),
      async (c) => c.json(await complaintQueue(deps, c.var.session.memberId, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/complaints/{complaintId}',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary: 'A complaint with buyer (masked), SLA clocks, timeline and internal notes',
        request: { params: Params },
        responses: { 200: jsonContent(StaffComplaintView, 'The complaint'), ...errors },
      }),
      async (c) => c.json(await staffViewFor(deps, caller(c), c.req.valid('param').complaintId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/complaints/{complaintId}/claim',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary:
          "Take the complaint: acknowledged and in progress, owned by me (agents: an unclaimed one or their own; supervisors and admins take over another's)",
        request: { params: Params },
        responses: { 200: jsonContent(StaffComplaintView, 'The complaint'), ...deskErrors },
      }),
      async (c) => c.json(await claimComplaint(deps, caller(c), c.req.valid('param').complaintId), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/complaints/{complaintId}/replies',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary: "Reply to the buyer (askBuyer: wait for them, pausing the clock); an unclaimed complaint becomes the replier's",
        request: { params: Params, ...body(StaffReplyRequest) },
        responses: { 200: jsonContent(StaffComplaintView, 'The complaint'), ...deskErrors, ...photoErrors },
      }),
      async (c) => c.json(await staffReply(deps, caller(c), c.req.valid('param').complaintId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/complaints/{complaintId}/notes',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary: 'An internal note the buyer never sees',
        request: { params: Params, ...body(z.object({ text: z.string().trim().min(1).max(1000) })) },
        responses: { 200: jsonContent(StaffComplaintView, 'The complaint'), ...deskErrors },
      }),
      async (c) => c.json(await staffNote(deps, caller(c), c.req.valid('param').complaintId, c.req.valid('json').text), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/complaint-report',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['complaints', 'staff'],
        summary:
          "Supervisors' report over a period: Pareto by category, product and root cause; response and resolution medians; SLA attainment; reopen rate; rating; per agent",
        request: { query: ComplaintReportQuery },
        responses: { 200: jsonContent(ComplaintReport, 'The report'), ...errors },
      }),
      async (c) => c.json(await supervisorsReport(deps, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/complaint-report.csv',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor'),
        tags: ['complaints', 'staff'],
        summary: 'The complaints of a period as CSV, one row each (UTF-8 with BOM)',
        request: { query: ComplaintReportQuery },
        responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' }, ...errors },
      }),
      async (c) => {
        const query = c.req.valid('query');
        const csv = await supervisorsReportCsv(deps, query);
        return c.body(csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="complaints-${query.from}-${query.to}.csv"`,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/complaints/{complaintId}/resolve',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['complaints', 'staff'],
        summary:
          "Resolve with a root cause and optional compensation (points, a coupon); an agent gives at most the desk settings' agentCompensationCapPoints, a coupon counted at its points price",
        request: { params: Params, ...body(ResolveRequest) },
        responses: {
          200: jsonContent(StaffComplaintView, 'The complaint'),
          ...errors,
          403: jsonContent(
            ErrorBody,
            "Wrong role; COMPLAINT_NOT_YOURS: another agent owns the complaint; COMPENSATION_NEEDS_SUPERVISOR: an agent's compensation over the cap (nothing written)",
          ),
          422: jsonContent(ErrorBody, 'TOTAL_LIMIT_REACHED: the points balance would pass its ceiling'),
        },
      }),
      async (c) => c.json(await resolveComplaint(deps, caller(c), c.req.valid('param').complaintId, c.req.valid('json')), 200),
    );
}
