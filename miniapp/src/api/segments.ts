import * as z from 'zod';
import { InsightDashboard, InsightSettings } from '@linli/shared/insight';
import {
  Segment,
  SegmentMemberPage,
  SegmentPreview,
  type SegmentRequest,
  type SegmentRule,
  type SegmentUpdateRequest,
} from '@linli/shared/segments';
import { callApi } from './contract';

/*
 * The calls of 客户列表 (every staff role), 客户分群 and 洞察设置 (supervisors, admins). Apart from linli.ts
 * so that only the staff pages import them: their schemas stay in the staff subpackage, out of the
 * weapp main package.
 */

const PAGE_SIZE = 20;

/** The 客户列表's filters; lists travel comma-separated. */
export interface CustomerListFilter {
  stage?: readonly string[];
  rfmClass?: readonly string[];
  riskBand?: readonly string[];
  tier?: readonly string[];
  tag?: readonly string[];
  joinedFrom?: string;
  joinedTo?: string;
  lastOrderWithinDays?: number;
}

const listParam = (values: readonly string[] | undefined) => (values && values.length > 0 ? values.join(',') : undefined);

/** 客户列表: joined members newest first, filtered; `count` only when a filter is set. */
export function listCustomers(filter: CustomerListFilter, cursor?: string) {
  return callApi(SegmentMemberPage, 'GET', '/v1/staff/customers', {
    query: {
      stage: listParam(filter.stage),
      rfmClass: listParam(filter.rfmClass),
      riskBand: listParam(filter.riskBand),
      tier: listParam(filter.tier),
      tag: listParam(filter.tag),
      joinedFrom: filter.joinedFrom,
      joinedTo: filter.joinedTo,
      lastOrderWithinDays: filter.lastOrderWithinDays,
      limit: PAGE_SIZE,
      cursor,
    },
  });
}

/** The customer-insight dashboards (supervisors, admins): 客户洞察 draws them; the segment builder suggests their top categories. */
export function getInsightDashboard() {
  return callApi(InsightDashboard, 'GET', '/v1/staff/insight/dashboard');
}

/** What a GET or PUT of the insight settings answers: the settings in force and their version (0: the defaults, never saved). */
const StoredInsightSettings = z.object({ settings: InsightSettings, version: z.number().int(), updatedAt: z.string().nullable() });
export type StoredInsightSettings = z.infer<typeof StoredInsightSettings>;

/** 洞察设置: the settings the nightly scores follow (supervisors read, admins change). */
export function getInsightSettings() {
  return callApi(StoredInsightSettings, 'GET', '/v1/staff/insight/settings');
}

/** Replaces the insight settings (admins); `version` is the one read, and a stale one is 409 CONFLICT. */
export function saveInsightSettings(settings: InsightSettings, version: number) {
  return callApi(StoredInsightSettings, 'PUT', '/v1/staff/insight/settings', { body: { settings, version } });
}

/** A rule's live count and sample while a segment is built (nothing saved). */
export function previewSegment(rule: SegmentRule) {
  return callApi(SegmentPreview, 'POST', '/v1/staff/segment-previews', { body: { rule } });
}

/** Saved segments, by name. */
export function listSegments() {
  return callApi(z.object({ items: z.array(Segment) }), 'GET', '/v1/staff/segments');
}

export function getSegment(segmentId: string) {
  return callApi(Segment, 'GET', '/v1/staff/segments/:segmentId', { param: { segmentId } });
}

/** Saves a new segment (409 SEGMENT_NAME_TAKEN, 422 SEGMENT_LIMIT_REACHED). */
export function createSegment(request: SegmentRequest) {
  return callApi(Segment, 'POST', '/v1/staff/segments', { body: request });
}

/** Replaces a segment's name and rule; `request.version` is the one read (409 CONFLICT when stale). */
export function updateSegment(segmentId: string, request: SegmentUpdateRequest) {
  return callApi(Segment, 'PUT', '/v1/staff/segments/:segmentId', { param: { segmentId }, body: request });
}

export function deleteSegment(segmentId: string) {
  return callApi(z.null(), 'DELETE', '/v1/staff/segments/:segmentId', { param: { segmentId } });
}

/** A page of a saved segment's members, newest first, with how many there are. */
export function listSegmentMembers(segmentId: string, cursor?: string) {
  return callApi(SegmentMemberPage, 'GET', '/v1/staff/segments/:segmentId/members', {
    param: { segmentId },
    query: { limit: PAGE_SIZE, cursor },
  });
}
