import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import {
  MemberProfile,
  MemberSearchQuery,
  MemberSearchResult,
  MemberTagList,
  TagCatalog,
  TaggedMembersQuery,
} from '@linli/shared/customers';
import { ErrorBody } from '@linli/shared/errors';
import { MyOrderList, MyOrderListQuery } from '@linli/shared/orders';
import { StaffMemberPage } from '@linli/shared/staff';
import type { Deps } from '../deps.ts';
import { staffOnly, staffReadingPersonalData } from '../http/access.ts';
import { currentStaff } from '../http/require-session.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { getMember } from '../members/repository.ts';
import { listMyOrders } from '../orders/my-orders.ts';
import { DomainError } from '../platform/domain-error.ts';
import { isJoined } from '../staff/member-summary.ts';
import { memberProfile } from './member-profile.ts';
import { searchMembers } from './member-search.ts';
import { addManualTag, removeManualTag, tagCatalog, taggedMembers } from './member-tags.ts';

const MemberParam = z.object({ memberId: z.string().min(1).max(64) });
// The name is checked by the domain (TAG_NAME_INVALID, in Chinese); the path only bounds its size.
const TagParam = z.string().min(1).max(100).describe('The tag name, URL-encoded');

/**
 * Customer 360 (客户画像) for staff: search, the profile, a member's orders page by page, and tags.
 * Everyone on the staff reads; supervisors and admins edit tags (an agent answering a buyer looks
 * them up, a manager curates how the shop groups its customers).
 */
export function customerRoutes(deps: Deps) {
  const router = newRouter();
  return router
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/member-search',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['customers'],
        summary: '客户 search: by part of a nickname, a phone’s last four digits, an openid, an order id or a 会员码',
        request: { query: MemberSearchQuery },
        responses: { 200: jsonContent(MemberSearchResult, 'Matching members, exact matches first') },
      }),
      async (c) => c.json(await searchMembers(deps, c.req.valid('query').q), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/members/{memberId}/profile',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['customers'],
        summary: '客户画像: identity (phone masked), tier and points, latest orders, complaints and messages, tags, consent',
        request: { params: MemberParam },
        responses: { 200: jsonContent(MemberProfile, 'The profile'), 404: jsonContent(ErrorBody, 'No such member') },
      }),
      async (c) => c.json(await memberProfile(deps, c.req.valid('param').memberId), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/members/{memberId}/orders',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor', 'agent'),
        tags: ['customers'],
        summary: "A member's orders, newest first, a page at a time (the profile's orders go on here)",
        request: { params: MemberParam, query: MyOrderListQuery },
        responses: { 200: jsonContent(MyOrderList, 'One page of orders'), 404: jsonContent(ErrorBody, 'No such member') },
      }),
      async (c) => {
        const member = await getMember(deps.db, c.req.valid('param').memberId);
        if (!isJoined(member)) throw new DomainError('NOT_FOUND', 'No such member');
        return c.json(await listMyOrders(deps, member, c.req.valid('query')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/members/{memberId}/tags/{tag}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['customers'],
        summary: 'Give a member a manual tag (idempotent); answers the member’s tags',
        request: { params: MemberParam.extend({ tag: TagParam }) },
        responses: {
          200: jsonContent(MemberTagList, "The member's tags"),
          404: jsonContent(ErrorBody, 'No such member'),
          409: jsonContent(ErrorBody, 'TAG_READ_ONLY (a rule keeps this tag), MEMBER_TAG_LIMIT_REACHED, TAG_CATALOG_FULL'),
        },
      }),
      async (c) => {
        const { memberId, tag } = c.req.valid('param');
        return c.json(await addManualTag(deps, { memberId, tag, staffName: currentStaff(c).name }), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/staff/members/{memberId}/tags/{tag}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['customers'],
        summary: 'Take a manual tag off a member (idempotent); answers the member’s tags',
        request: { params: MemberParam.extend({ tag: TagParam }) },
        responses: {
          200: jsonContent(MemberTagList, "The member's tags"),
          404: jsonContent(ErrorBody, 'No such member'),
          409: jsonContent(ErrorBody, 'TAG_READ_ONLY: a rule keeps this tag'),
        },
      }),
      async (c) => c.json(await removeManualTag(deps, c.req.valid('param')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/tags',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['customers'],
        summary: "The shop's tags (manual and rule) with how many members carry each",
        responses: { 200: jsonContent(TagCatalog, 'The catalog, most members first') },
      }),
      async (c) => c.json(await tagCatalog(deps), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/tags/{tag}/members',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['customers'],
        summary: 'The members carrying a tag, a page at a time (reads only them)',
        request: { params: z.object({ tag: TagParam }), query: TaggedMembersQuery },
        responses: { 200: jsonContent(StaffMemberPage, 'One page of members') },
      }),
      async (c) => c.json(await taggedMembers(deps, c.req.valid('param').tag, c.req.valid('query')), 200),
    );
}
