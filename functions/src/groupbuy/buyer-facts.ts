import type { GroupBuyAudience } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { matchAmong } from '../insight/segments.ts';
import { getSegment } from '../insight/segments-repository.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { getTierConfig } from '../tiers/config-repository.ts';
import { heldTier } from '../tiers/standing.ts';
import type { BuyerFacts } from './audience.ts';

/**
 * What the audiences given need to know of one member, and nothing more: the tier only for a tier
 * audience; segment membership only for a segment audience, decided for this one member from their
 * own insight item by the segment's rule (insight's matchAmong), never by listing a segment's members.
 * A segment deleted since the campaign named it admits nobody.
 */
export async function buyerFacts(
  deps: Pick<Deps, 'db' | 'clock'>,
  member: MemberRecord,
  audiences: readonly GroupBuyAudience[],
): Promise<BuyerFacts> {
  const joined = member.status === 'member';
  const segmentIds = [...new Set(audiences.flatMap((audience) => (audience.kind === 'segments' ? audience.segmentIds : [])))];
  const needsTier = audiences.some((audience) => audience.kind === 'tiers');
  const [tierCode, inSegments] = await Promise.all([
    needsTier ? getTierConfig(deps.db).then((config) => heldTier(config.tiers, member, 0).code) : Promise.resolve(''),
    joined ? segmentsHolding(deps, member.memberId, segmentIds) : Promise.resolve(new Set<string>()),
  ]);
  return { joined, orderCount: member.orderCount, tierCode, segmentIds: inSegments };
}

async function segmentsHolding(deps: Pick<Deps, 'db' | 'clock'>, memberId: string, segmentIds: readonly string[]): Promise<Set<string>> {
  const held = await Promise.all(
    segmentIds.map(async (segmentId) => {
      const segment = await getSegment(deps.db, segmentId);
      if (!segment) return null;
      return (await matchAmong(deps, segment.rule, [memberId])).has(memberId) ? segmentId : null;
    }),
  );
  return new Set(held.filter((segmentId): segmentId is string => segmentId !== null));
}

/**
 * The same facts for several members against one audience, batched: the tier ladder read once and
 * each named segment's rule tested on these members together (an invitation's due members), never
 * by listing a segment's members.
 */
export async function buyersFacts(
  deps: Pick<Deps, 'db' | 'clock'>,
  members: readonly MemberRecord[],
  audience: GroupBuyAudience,
): Promise<Map<string, BuyerFacts>> {
  const joinedIds = members.filter((member) => member.status === 'member').map((member) => member.memberId);
  const segmentIds = audience.kind === 'segments' ? audience.segmentIds : [];
  const [tiers, matched] = await Promise.all([
    audience.kind === 'tiers' ? getTierConfig(deps.db).then((config) => config.tiers) : Promise.resolve(null),
    Promise.all(
      segmentIds.map(async (segmentId) => {
        const segment = joinedIds.length > 0 ? await getSegment(deps.db, segmentId) : null;
        return [segmentId, segment ? await matchAmong(deps, segment.rule, joinedIds) : new Set<string>()] as const;
      }),
    ),
  ]);
  return new Map(
    members.map((member) => [
      member.memberId,
      {
        joined: member.status === 'member',
        orderCount: member.orderCount,
        tierCode: tiers ? heldTier(tiers, member, 0).code : '',
        segmentIds: new Set(matched.filter(([, holders]) => holders.has(member.memberId)).map(([segmentId]) => segmentId)),
      },
    ]),
  );
}
