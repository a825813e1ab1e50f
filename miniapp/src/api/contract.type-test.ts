/*
 * Type-level checks of the derived client, run by `npm run typecheck` (tsc), never bundled: each
 * @ts-expect-error line must stay an error, so the route types cannot quietly widen to `any`.
 */
import { CareRule, type CareRuleInput } from '@linli/shared/care-rules';
import { ComplaintView } from '@linli/shared/complaints';
import { MemberView } from '@linli/shared/members';
import { PointsPage } from '@linli/shared/points';
import { Segment } from '@linli/shared/segments';
import * as z from 'zod';
import { callApi } from './contract';

export function typeChecks() {
  return [
    // @ts-expect-error: no such path
    callApi(MemberView, 'GET', '/v1/nope'),
    // @ts-expect-error: the path has no PUT
    callApi(MemberView, 'PUT', '/v1/me'),
    // @ts-expect-error: the route answers a MemberView, not a points page
    callApi(PointsPage, 'GET', '/v1/me'),
    // @ts-expect-error: nickname is a string
    callApi(MemberView, 'PATCH', '/v1/me', { body: { nickname: 5 } }),
    // @ts-expect-error: the route takes a body
    callApi(MemberView, 'PATCH', '/v1/me'),
    // @ts-expect-error: the path parameter is missing
    callApi(ComplaintView, 'GET', '/v1/me/complaints/:complaintId'),
    // @ts-expect-error: the path parameter is complaintId
    callApi(ComplaintView, 'GET', '/v1/me/complaints/:complaintId', { param: { other: 'x' } }),
    callApi(ComplaintView, 'GET', '/v1/me/complaints/:complaintId', { param: { complaintId: 'c_1' } }),
    callApi(MemberView, 'GET', '/v1/me'),
    // @ts-expect-error: the route answers 204 with no body, not a segment
    callApi(Segment, 'DELETE', '/v1/staff/segments/:segmentId', { param: { segmentId: 's_1' } }),
    callApi(z.null(), 'DELETE', '/v1/staff/segments/:segmentId', { param: { segmentId: 's_1' } }),
    // A route that answers 201 (creates) is typed by its 201 body.
    callApi(CareRule, 'POST', '/v1/staff/care/rules', { body: {} as CareRuleInput }),
    // @ts-expect-error: the route answers 201 with a rule, not a segment
    callApi(Segment, 'POST', '/v1/staff/care/rules', { body: {} as CareRuleInput }),
  ];
}
