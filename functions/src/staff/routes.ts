import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { StaffMemberPage, StaffMemberListQuery, StaffMemberSummary } from '@linli/shared/staff';
import { getTierConfig } from '../tiers/config-repository.ts';
import { PointsAdjustmentRequest, PointsEntry, PointsPage, PointsPageQuery } from '@linli/shared/points';
import { listLedger } from '../points/ledger.ts';
import { adjustPoints } from '../points/adjustments.ts';
import { ErrorBody } from '@linli/shared/errors';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { staffOnly, staffReadingPersonalData, staffRecordingOwnAudit } from '../http/access.ts';
import { staffActor } from '../http/require-session.ts';
import { PhoneReveal, RevealRequest } from '@linli/shared/audit';
import { revealMemberPhone } from './phone-reveal.ts';
import { DomainError } from '../platform/domain-error.ts';

import { findMemberIdByCode, getMember, listMembersByJoinDate } from '../members/repository.ts';
import { isJoined, toStaffSummary } from './member-summary.ts';
import { MemberCodeParam } from '@linli/shared/member-code';

const staffErrors = {
  401: jsonContent(ErrorBody, 'Not logged in'),
  403: jsonContent(ErrorBody, 'Not a staff member'),
};

export function staffRoutes(deps: Deps) {
  const router = newRouter();
  return router
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/members/{memberId}/points-adjustments',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['staff'],
        summary: "Adjust a member's points with a reason (admin, supervisor); audited on the ledger",
        request: {
          params: z.object({ memberId: z.string().min(1).max(64) }),
          body: { content: { 'application/json': { schema: PointsAdjustmentRequest } }, required: true },
        },
        responses: {
          200: jsonContent(PointsEntry, 'The ledger entry'),
          400: jsonContent(ErrorBody, 'Invalid adjustment'),
          404: jsonContent(ErrorBody, 'No such member'),
          409: jsonContent(ErrorBody, 'Not enough available points to take'),
          422: jsonContent(ErrorBody, 'TOTAL_LIMIT_REACHED: the points balance would pass its ceiling'),
          ...staffErrors,
        },
      }),
      async (c) =>
        c.json(
          await adjustPoints(deps, {
            memberId: c.req.valid('param').memberId,
            actorId: c.var.session.memberId,
            request: c.req.valid('json'),
          }),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/members/{memberId}/phone-reveals',
        ...staffRecordingOwnAudit(deps, 'admin', 'supervisor'),
        tags: ['staff'],
        summary: "A member's whole phone number (supervisor, admin), with the reason it is needed; audited before it is answered",
        request: {
          params: z.object({ memberId: z.string().min(1).max(64) }),
          body: { content: { 'application/json': { schema: RevealRequest } }, required: true },
        },
        responses: {
          200: jsonContent(PhoneReveal, 'The number (null when the member gave none)'),
          400: jsonContent(ErrorBody, 'No reason given'),
          404: jsonContent(ErrorBody, 'No such member'),
          ...staffErrors,
        },
      }),
      async (c) =>
        c.json(
          await revealMemberPhone(deps, {
            memberId: c.req.valid('param').memberId,
            actor: staffActor(c),
            reason: c.req.valid('json').reason,
          }),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/members/{memberId}/points',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff'],
        summary: "A member's points ledger, newest first (adjustments carry their reason in `note`)",
        request: { params: z.object({ memberId: z.string().min(1).max(64) }), query: PointsPageQuery },
        responses: {
          200: jsonContent(PointsPage, 'One page of ledger entries'),
          400: jsonContent(ErrorBody, 'Bad limit or cursor'),
          404: jsonContent(ErrorBody, 'No such member'),
          ...staffErrors,
        },
      }),
      async (c) => {
        const { memberId } = c.req.valid('param');
        const member = await getMember(deps.db, memberId);
        if (!member || member.joinedAt === null) throw new DomainError('NOT_FOUND', 'No such member');
        const page = await listLedger(deps.db, memberId, c.req.valid('query'));
        if (page === 'bad-cursor')
          throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
        return c.json(page, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/members',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff'],
        summary: 'Joined members, newest first',
        request: { query: StaffMemberListQuery },
        responses: { 200: jsonContent(StaffMemberPage, 'A page of members'), 400: jsonContent(ErrorBody, 'Bad cursor'), ...staffErrors },
      }),
      async (c) => {
        const page = await listMembersByJoinDate(deps.db, c.req.valid('query'));
        if (page === 'bad-cursor')
          throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
        const { tiers } = await getTierConfig(deps.db);
        const items = page.items.filter(isJoined).map((m) => toStaffSummary(m, tiers));
        return c.json({ items, nextCursor: page.nextCursor }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/members/{memberId}',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff'],
        summary: 'One member',
        request: { params: z.object({ memberId: z.string().min(1).max(64) }) },
        responses: { 200: jsonContent(StaffMemberSummary, 'The member'), 404: jsonContent(ErrorBody, 'No such member'), ...staffErrors },
      }),
      async (c) => {
        const member = await getMember(deps.db, c.req.valid('param').memberId);
        if (!isJoined(member)) throw new DomainError('NOT_FOUND', 'No such member');
        return c.json(toStaffSummary(member, (await getTierConfig(deps.db)).tiers), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/member-codes/{code}',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['staff'],
        summary: 'The member a 会员码 belongs to (scanned from the QR or typed at the till)',
        request: { params: z.object({ code: MemberCodeParam }) },
        responses: {
          200: jsonContent(StaffMemberSummary, 'The member'),
          404: jsonContent(ErrorBody, 'No member has this code'),
          ...staffErrors,
        },
      }),
      async (c) => {
        const memberId = await findMemberIdByCode(deps.db, c.req.valid('param').code);
        const member = memberId ? await getMember(deps.db, memberId) : null;
        if (!isJoined(member)) throw new DomainError('NOT_FOUND', 'No member has this code');
        return c.json(toStaffSummary(member, (await getTierConfig(deps.db)).tiers), 200);
      },
    );
}
