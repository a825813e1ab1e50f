import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { ErrorBody } from '@linli/shared/errors';
import {
  BoundedSegmentRule,
  CustomerListQuery,
  Segment,
  SegmentMemberPage,
  SegmentPreview,
  SegmentRequest,
  SegmentUpdateRequest,
} from '@linli/shared/segments';
import type { Deps } from '../deps.ts';
import { staffOnly, staffReadingPersonalData } from '../http/access.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { getTierConfig } from '../tiers/config-repository.ts';
import { listSegments } from './segments-repository.ts';
import {
  customerListPage,
  createSegment,
  previewSegment,
  removeSegment,
  savedSegment,
  segmentCsv,
  segmentMemberPage,
  updateSegment,
} from './segments.ts';

const SegmentIdParam = z.object({ segmentId: z.string().min(1).max(64) });
const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});
const errors = { 401: jsonContent(ErrorBody, 'Not logged in'), 403: jsonContent(ErrorBody, 'Not a supervisor or admin') };

/** 客户分群: build, count and save segments, page and export their members (supervisors and admins). */
export function segmentRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/customers',
        ...staffOnly(deps, 'admin', 'supervisor', 'agent'),
        tags: ['insight', 'staff'],
        summary: '客户列表: joined members newest first, filtered by stage, RFM class, churn risk, tier, tags, joined and last order',
        request: { query: CustomerListQuery },
        responses: { 200: jsonContent(SegmentMemberPage, 'A page of members'), ...errors, 403: jsonContent(ErrorBody, 'Not staff') },
      }),
      async (c) => c.json(await customerListPage(deps, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/segment-previews',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: "A rule's live count and a sample of its members, while the segment is built (nothing saved)",
        request: { body: { content: { 'application/json': { schema: z.object({ rule: BoundedSegmentRule }) } }, required: true } },
        responses: { 200: jsonContent(SegmentPreview, 'Count and sample'), ...errors },
      }),
      async (c) => c.json(await previewSegment(deps, c.req.valid('json').rule), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/segments',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: 'Saved segments, by name',
        responses: { 200: jsonContent(z.object({ items: z.array(Segment) }), 'Saved segments'), ...errors },
      }),
      async (c) => c.json({ items: await listSegments(deps.db) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/staff/segments',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: 'Save a segment',
        request: { body: { content: { 'application/json': { schema: SegmentRequest } }, required: true } },
        responses: {
          200: jsonContent(Segment, 'The saved segment'),
          409: jsonContent(ErrorBody, 'SEGMENT_NAME_TAKEN'),
          422: jsonContent(ErrorBody, 'SEGMENT_LIMIT_REACHED'),
          ...errors,
        },
      }),
      async (c) => c.json(await createSegment(deps, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/segments/{segmentId}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: 'One saved segment',
        request: { params: SegmentIdParam },
        responses: { 200: jsonContent(Segment, 'The segment'), 404: jsonContent(ErrorBody, 'No such segment'), ...errors },
      }),
      async (c) => c.json(await savedSegment(deps, c.req.valid('param').segmentId), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/v1/staff/segments/{segmentId}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: 'Edit a saved segment (the version read guards against overwriting another edit)',
        request: { params: SegmentIdParam, body: { content: { 'application/json': { schema: SegmentUpdateRequest } }, required: true } },
        responses: {
          200: jsonContent(Segment, 'The segment as saved'),
          404: jsonContent(ErrorBody, 'No such segment'),
          409: jsonContent(ErrorBody, 'CONFLICT or SEGMENT_NAME_TAKEN'),
          ...errors,
        },
      }),
      async (c) => c.json(await updateSegment(deps, c.req.valid('param').segmentId, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/staff/segments/{segmentId}',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: 'Delete a saved segment',
        request: { params: SegmentIdParam },
        responses: { 204: { description: 'Deleted' }, 404: jsonContent(ErrorBody, 'No such segment'), ...errors },
      }),
      async (c) => {
        await removeSegment(deps, c.req.valid('param').segmentId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/segments/{segmentId}/members',
        ...staffOnly(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: "A page of a saved segment's members, newest first (phones masked)",
        request: { params: SegmentIdParam, query: PageQuery },
        responses: { 200: jsonContent(SegmentMemberPage, 'A page'), 404: jsonContent(ErrorBody, 'No such segment'), ...errors },
      }),
      async (c) => {
        const segment = await savedSegment(deps, c.req.valid('param').segmentId);
        return c.json(await segmentMemberPage(deps, segment.rule, c.req.valid('query')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/staff/segments/{segmentId}/members.csv',
        ...staffReadingPersonalData(deps, 'admin', 'supervisor'),
        tags: ['insight', 'staff'],
        summary: "A saved segment's members as CSV (phones masked)",
        request: { params: SegmentIdParam },
        responses: {
          200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV' },
          404: jsonContent(ErrorBody, 'No such segment'),
          ...errors,
        },
      }),
      async (c) => {
        const segment = await savedSegment(deps, c.req.valid('param').segmentId);
        const tierNames = new Map((await getTierConfig(deps.db)).tiers.map((tier) => [tier.code, tier.name]));
        return c.body(await segmentCsv(deps, segment.rule, tierNames), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="segment-${segment.segmentId}.csv"`,
        });
      },
    );
}
