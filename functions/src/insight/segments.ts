import type {
  Segment,
  SegmentMember,
  SegmentMemberPage,
  SegmentPreview,
  SegmentRequest,
  SegmentRule,
  SegmentUpdateRequest,
} from '@linli/shared/segments';
import { customerListRule, type CustomerListQuery } from '@linli/shared/segments';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { csvDocument } from '../platform/csv.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getMembers, listMembersByJoinDate } from '../members/repository.ts';
import { leftOutOfMarketing, type MemberRecord } from '../members/member-record.ts';
import { RFM_CLASS_NAMES, LIFECYCLE_STAGE_NAMES, RISK_BAND_NAMES } from '@linli/shared/insight';
import {
  getMemberInsights,
  listAllMemberInsights,
  listFacetMembers,
  getInsightRun,
  type FacetDimension,
  type MemberInsight,
} from './repository.ts';
import { resolveRule, type Lookups } from './segment-resolver.ts';
import { allTaggedMemberIds } from './tags-repository.ts';
import { deleteSegment, getSegment, listSegments, MAX_SAVED_SEGMENTS, saveSegment } from './segments-repository.ts';
import { newId } from '../platform/ids.ts';

type SegmentDeps = Pick<Deps, 'db' | 'clock'>;

export const SEGMENT_SAMPLE_SIZE = 10;

/** The members a rule matches, newest member first (member ids are time-ordered), with their insights. */
export interface SegmentMatch {
  memberIds: string[];
  insights: Map<string, MemberInsight>;
}

function lookups(deps: SegmentDeps): Lookups {
  return {
    async facetMembers(dimension, values, sinceDay) {
      const lists = await Promise.all(values.map((value) => listFacetMembers(deps.db, dimension, value, sinceDay)));
      return new Set(lists.flat());
    },
    async taggedMembers(tags) {
      const lists = await Promise.all(tags.map((tag) => allTaggedMemberIds(deps.db, tag)));
      return new Set(lists.flat());
    },
  };
}

/**
 * Every member the rule matches: the one resolver behind the staff preview, the member list, saved
 * segments and (through marketingAudience) care rules and campaigns. Conditions read the insight the
 * last nightly run kept; a member who joined since is matched only by a rule that is all tags.
 */
export async function matchSegment(deps: SegmentDeps, rule: SegmentRule): Promise<SegmentMatch> {
  const today = shanghaiDay(deps.clock()).date;
  const resolution = await resolveRule(rule, lookups(deps), today);
  const insights =
    resolution.candidates === null
      ? new Map((await listAllMemberInsights(deps.db)).map((insight) => [insight.memberId, insight]))
      : await getMemberInsights(deps.db, [...resolution.candidates]);
  const candidates = resolution.candidates ?? new Set(insights.keys());
  const test = resolution.test;
  const memberIds = [...candidates].filter((memberId) => {
    const insight = insights.get(memberId);
    return test === null || (insight !== undefined && test(insight));
  });
  memberIds.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  return { memberIds, insights };
}

/** A member's value of a faceted field, as the facet partitions would file them. */
const FACET_VALUE: Record<Exclude<FacetDimension, 'category'>, (insight: MemberInsight) => string | null> = {
  stage: (insight) => insight.scores.stage,
  rfm: (insight) => insight.scores.rfm?.class ?? null,
  risk: (insight) => insight.scores.churn?.riskBand ?? null,
  tier: (insight) => insight.tierCode,
};

/**
 * Which of `candidates` a rule matches, reading only the candidates' insights (and the members of
 * any tag the rule names): a care rule's trigger names today's few members (birthdays, a stage
 * change), and its segment is then tested on them alone, never resolved over the whole shop. The same
 * resolver answers, with the facets looked up among the candidates instead of in their partitions.
 */
export async function matchAmong(deps: SegmentDeps, rule: SegmentRule, candidates: readonly string[]): Promise<Set<string>> {
  const today = shanghaiDay(deps.clock()).date;
  const insights = await getMemberInsights(deps.db, candidates);
  const resolution = await resolveRule(
    rule,
    {
      async facetMembers(dimension, values, sinceDay) {
        const wanted = new Set(values);
        const matched = new Set<string>();
        for (const insight of insights.values()) {
          const hit =
            dimension === 'category'
              ? values.some((category) => insight.categories[category] !== undefined && insight.categories[category]! >= (sinceDay ?? ''))
              : wanted.has(FACET_VALUE[dimension](insight) ?? '');
          if (hit) matched.add(insight.memberId);
        }
        return matched;
      },
      taggedMembers: lookups(deps).taggedMembers,
    },
    today,
  );
  return new Set(
    candidates.filter((memberId) => {
      const insight = insights.get(memberId);
      if (resolution.candidates && !resolution.candidates.has(memberId)) return false;
      // A member the last nightly run has not seen is matched only by a rule of tags alone.
      if (resolution.test === null) return true;
      return insight !== undefined && resolution.test(insight);
    }),
  );
}

/**
 * The members of a marketing audience: the rule's members less those who refused personalised
 * marketing and children under 14 — read from their member items now, not from the last run, so a
 * refusal counts at once.
 */
export async function marketingAudience(deps: SegmentDeps, rule: SegmentRule): Promise<string[]> {
  const { memberIds } = await matchSegment(deps, rule);
  const members = await getMembers(deps.db, memberIds);
  const today = shanghaiDay(deps.clock()).date;
  const allowed = new Set(
    members.filter((member) => member.joinedAt !== null && !leftOutOfMarketing(member, today)).map((member) => member.memberId),
  );
  return memberIds.filter((memberId) => allowed.has(memberId));
}

function segmentMember(member: MemberRecord, insight: MemberInsight | undefined): SegmentMember {
  return {
    memberId: member.memberId,
    nickname: member.nickname,
    phoneMasked: member.phoneMasked,
    tierCode: insight?.tierCode ?? member.tierCode ?? '',
    stage: insight?.scores.stage ?? null,
    rfmClass: insight?.scores.rfm?.class ?? null,
    riskBand: insight?.scores.churn?.riskBand ?? null,
    clv12mFen: insight?.scores.value?.clv12mFen ?? null,
    lastOrderDay: insight?.scores.purchases.lastDay ?? (member.lastOrderAt ? shanghaiDay(new Date(member.lastOrderAt)).date : null),
    joinedDay: member.joinedAt ? shanghaiDay(new Date(member.joinedAt)).date : '',
  };
}

async function segmentMembers(
  deps: SegmentDeps,
  memberIds: readonly string[],
  insights: Map<string, MemberInsight>,
): Promise<SegmentMember[]> {
  const members = new Map((await getMembers(deps.db, memberIds)).map((member) => [member.memberId, member]));
  return memberIds.flatMap((memberId) => {
    const member = members.get(memberId);
    return member && member.joinedAt !== null ? [segmentMember(member, insights.get(memberId))] : [];
  });
}

async function scoresAsOf(deps: SegmentDeps): Promise<string | null> {
  const run = await getInsightRun(deps.db);
  return (run?.analysisDay as string | undefined) ?? null;
}

/** The live count and a sample while a segment is built. */
export async function previewSegment(deps: SegmentDeps, rule: SegmentRule): Promise<SegmentPreview> {
  const [match, asOf] = await Promise.all([matchSegment(deps, rule), scoresAsOf(deps)]);
  return {
    count: match.memberIds.length,
    sample: await segmentMembers(deps, match.memberIds.slice(0, SEGMENT_SAMPLE_SIZE), match.insights),
    asOf,
  };
}

/** One page of a segment's members, newest first; the cursor is the last member id shown. */
export async function segmentMemberPage(
  deps: SegmentDeps,
  rule: SegmentRule,
  page: { limit: number; cursor?: string | undefined },
): Promise<SegmentMemberPage> {
  const after = page.cursor ? decodeCursor(page.cursor, '') : null;
  if (page.cursor && (!after || !/^[A-Za-z0-9_-]{1,64}$/.test(after)))
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  const [match, asOf] = await Promise.all([matchSegment(deps, rule), scoresAsOf(deps)]);
  const rest = after ? match.memberIds.filter((memberId) => memberId < after) : match.memberIds;
  const shown = rest.slice(0, page.limit);
  return {
    items: await segmentMembers(deps, shown, match.insights),
    count: match.memberIds.length,
    nextCursor: rest.length > page.limit && shown.length > 0 ? encodeCursor(shown.at(-1)!) : null,
    asOf,
  };
}

/** The segment as CSV (phones masked, Chinese headers and names): what an operator downloads. */
export async function segmentCsv(deps: SegmentDeps, rule: SegmentRule, tierNames: ReadonlyMap<string, string>): Promise<string> {
  const match = await matchSegment(deps, rule);
  const rows = await segmentMembers(deps, match.memberIds, match.insights);
  return csvDocument([
    ['昵称', '手机号', '等级', '生命周期', 'RFM 分类', '流失风险', '12个月价值(元)', '最近购买', '加入日期'],
    ...rows.map((row) => [
      row.nickname,
      row.phoneMasked,
      tierNames.get(row.tierCode) ?? '',
      row.stage ? LIFECYCLE_STAGE_NAMES[row.stage] : null,
      row.rfmClass ? RFM_CLASS_NAMES[row.rfmClass] : null,
      row.riskBand ? RISK_BAND_NAMES[row.riskBand] : null,
      row.clv12mFen === null ? null : (row.clv12mFen / 100).toFixed(2),
      row.lastOrderDay,
      row.joinedDay,
    ]),
  ]);
}

/** A saved segment, or NOT_FOUND. */
export async function savedSegment(deps: Pick<Deps, 'db'>, segmentId: string): Promise<Segment> {
  const segment = await getSegment(deps.db, segmentId);
  if (!segment) throw new DomainError('NOT_FOUND', 'No such segment');
  return segment;
}

async function refuseTakenName(deps: Pick<Deps, 'db'>, name: string, segmentId: string | null): Promise<Segment[]> {
  const all = await listSegments(deps.db);
  if (all.some((segment) => segment.name === name && segment.segmentId !== segmentId))
    throw new DomainError('SEGMENT_NAME_TAKEN', `A segment is already called ${name}`, [{ path: 'name', message: 'Name taken' }]);
  return all;
}

export async function createSegment(deps: SegmentDeps, request: SegmentRequest): Promise<Segment> {
  const all = await refuseTakenName(deps, request.name, null);
  if (all.length >= MAX_SAVED_SEGMENTS) throw new DomainError('SEGMENT_LIMIT_REACHED', `At most ${MAX_SAVED_SEGMENTS} saved segments`);
  const at = deps.clock().toISOString();
  const segment: Segment = {
    segmentId: newId('seg', deps.clock()),
    name: request.name,
    rule: request.rule,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  if ((await saveSegment(deps.db, segment)) === 'conflict') throw new DomainError('CONFLICT', 'Segment id taken; try again');
  return segment;
}

export async function updateSegment(deps: SegmentDeps, segmentId: string, request: SegmentUpdateRequest): Promise<Segment> {
  const current = await savedSegment(deps, segmentId);
  if (current.version !== request.version) throw new DomainError('CONFLICT', 'The segment was changed by someone else; reload it');
  await refuseTakenName(deps, request.name, segmentId);
  const segment: Segment = {
    ...current,
    name: request.name,
    rule: request.rule,
    version: current.version + 1,
    updatedAt: deps.clock().toISOString(),
  };
  if ((await saveSegment(deps.db, segment)) === 'conflict')
    throw new DomainError('CONFLICT', 'The segment was changed by someone else; reload it');
  return segment;
}

export async function removeSegment(deps: Pick<Deps, 'db'>, segmentId: string): Promise<void> {
  await savedSegment(deps, segmentId);
  await deleteSegment(deps.db, segmentId);
}

/**
 * The 客户列表: with filters, the members of the rule they make (the segment resolver); without, every
 * joined member a page of the join-date index at a time, so an unfiltered list reads one page.
 */
export async function customerListPage(deps: SegmentDeps, query: CustomerListQuery): Promise<SegmentMemberPage & { count: number | null }> {
  const rule = customerListRule(query);
  if (rule) return segmentMemberPage(deps, rule, query);
  const page = await listMembersByJoinDate(deps.db, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  if (page === 'bad-cursor')
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  const [insights, asOf] = await Promise.all([
    getMemberInsights(
      deps.db,
      page.items.map((member) => member.memberId),
    ),
    scoresAsOf(deps),
  ]);
  return {
    items: page.items.filter((member) => member.joinedAt !== null).map((member) => segmentMember(member, insights.get(member.memberId))),
    count: null,
    nextCursor: page.nextCursor,
    asOf,
  };
}
