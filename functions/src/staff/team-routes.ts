import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { SessionResponse } from '@linli/shared/auth';
import { ErrorBody } from '@linli/shared/errors';
import {
  CreateInvitationRequest,
  CreatedInvitation,
  InvitationCodeRequest,
  InvitationList,
  InvitationPreview,
  TeamMember,
  TeamMemberChange,
  TeamRoster,
} from '@linli/shared/staff';
import type { Deps } from '../deps.ts';
import { sessionResponse } from '../http/session-response.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { signedIn, staffOnly } from '../http/access.ts';
import { currentStaff } from '../http/require-session.ts';
import { acceptInvitation, createInvitation, listPendingInvitations, previewInvitation, revokePendingInvitation } from './invitations.ts';
import { changeTeamMember, listTeam } from './roster.ts';

const adminErrors = {
  400: jsonContent(ErrorBody, 'Invalid request'),
  401: jsonContent(ErrorBody, 'Not logged in'),
  403: jsonContent(ErrorBody, 'Not an active admin'),
};
const invitationErrors = {
  400: jsonContent(ErrorBody, 'Invalid request'),
  401: jsonContent(ErrorBody, 'Not logged in'),
  404: jsonContent(ErrorBody, 'INVITATION_NOT_FOUND'),
  409: jsonContent(ErrorBody, 'INVITATION_EXPIRED, INVITATION_REVOKED, INVITATION_ALREADY_USED or ALREADY_STAFF'),
};
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

/** 员工管理: the roster and invitations (admins), and accepting an invitation (any logged-in user). */
export function teamRoutes(deps: Deps) {
  const router = newRouter();

  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/team',
        ...staffOnly(deps, 'admin'),
        tags: ['staff'],
        summary: 'The team: every staff member, deactivated ones included (admin)',
        responses: { 200: jsonContent(TeamRoster, 'The team'), ...adminErrors },
      }),
      async (c) => c.json({ items: await listTeam(deps, currentStaff(c).openid) }, 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/v1/staff/team/{openid}',
        ...staffOnly(deps, 'admin'),
        tags: ['staff'],
        summary: "Change a staff member's role, or deactivate / reactivate them (admin; never oneself, never the last active admin)",
        request: { params: z.object({ openid: z.string().min(1).max(128) }), ...body(TeamMemberChange) },
        responses: {
          200: jsonContent(TeamMember, 'The staff member as changed'),
          ...adminErrors,
          404: jsonContent(ErrorBody, 'STAFF_NOT_FOUND'),
          409: jsonContent(ErrorBody, 'LAST_ADMIN'),
          422: jsonContent(ErrorBody, 'CANNOT_CHANGE_SELF'),
        },
      }),
      async (c) => c.json(await changeTeamMember(deps, currentStaff(c).openid, c.req.valid('param').openid, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/invitations',
        ...staffOnly(deps, 'admin'),
        tags: ['staff'],
        summary: 'Invitations that can still be accepted, oldest first (admin)',
        responses: { 200: jsonContent(InvitationList, 'Pending invitations'), ...adminErrors },
      }),
      async (c) => c.json({ items: await listPendingInvitations(deps) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/invitations',
        ...staffOnly(deps, 'admin'),
        tags: ['staff'],
        summary: 'Invite someone into a role: a one-time code, valid 7 days, and its 小程序码, shown only in this answer (admin)',
        request: body(CreateInvitationRequest),
        responses: {
          200: jsonContent(
            CreatedInvitation,
            'The invitation with its code, the page path to open and the 小程序码 (or that WeChat could not draw one now)',
          ),
          ...adminErrors,
        },
      }),
      async (c) => c.json(await createInvitation(deps, currentStaff(c), c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/invitations/{invitationId}/revoke',
        ...staffOnly(deps, 'admin'),
        tags: ['staff'],
        summary: 'Revoke a pending invitation (admin); answers the invitations still pending',
        request: { params: z.object({ invitationId: z.string().min(1).max(64) }) },
        responses: {
          200: jsonContent(InvitationList, 'Pending invitations'),
          ...adminErrors,
          404: jsonContent(ErrorBody, 'INVITATION_NOT_FOUND'),
          409: jsonContent(ErrorBody, 'INVITATION_ALREADY_USED'),
        },
      }),
      async (c) => {
        await revokePendingInvitation(deps, c.req.valid('param').invitationId);
        return c.json({ items: await listPendingInvitations(deps) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/invitations/preview',
        ...signedIn(deps),
        tags: ['staff'],
        summary: 'Who invites the caller, and into which role (any logged-in user)',
        request: body(InvitationCodeRequest),
        responses: { 200: jsonContent(InvitationPreview, 'The invitation'), ...invitationErrors },
      }),
      async (c) => c.json(await previewInvitation(deps, c.req.valid('json').code), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/invitations/accept',
        ...signedIn(deps),
        tags: ['staff'],
        summary: 'Accept an invitation and join the team (any logged-in user); answers a new session carrying the role',
        request: body(InvitationCodeRequest),
        responses: { 200: jsonContent(SessionResponse, 'A new session token with the staff role'), ...invitationErrors },
      }),
      async (c) => c.json(await sessionResponse(deps, await acceptInvitation(deps, c.var.session.memberId, c.req.valid('json').code)), 200),
    );
}
