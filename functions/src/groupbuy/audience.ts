import type { GroupBuyAudience } from '@linli/shared/groupbuy';

/**
 * What deciding a campaign's audience needs to know of one buyer, gathered beforehand
 * (buyer-facts.ts) so the decision itself is pure.
 */
export interface BuyerFacts {
  /** Joined the membership (a visitor is in no audience). */
  joined: boolean;
  /** Credited orders so far: a new customer (新人团) has none. */
  orderCount: number;
  /** The tier held on the ladder (the base tier until first assessed). */
  tierCode: string;
  /** The saved segments, of those the audience names, the member is in. */
  segmentIds: ReadonlySet<string>;
}

/** Whether a buyer is among who may open (or join): everyone who joined, new customers, some segments' members, some tiers. */
export function audienceAdmits(audience: GroupBuyAudience, facts: BuyerFacts): boolean {
  if (!facts.joined) return false;
  switch (audience.kind) {
    case 'all':
      return true;
    case 'new-customers':
      return facts.orderCount === 0;
    case 'segments':
      return audience.segmentIds.some((segmentId) => facts.segmentIds.has(segmentId));
    case 'tiers':
      return audience.tierCodes.includes(facts.tierCode);
  }
}
