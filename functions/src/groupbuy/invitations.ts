import type { GroupBuyAudience } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { getMembers } from '../members/repository.ts';
import { audienceAdmits, type BuyerFacts } from './audience.ts';
import { buyersFacts } from './buyer-facts.ts';
import { getCampaignHead, getStock, listPublishedCampaignHeads } from './campaigns-repository.ts';
import { getHeldUnitsOf } from './groups-repository.ts';
import type { CampaignHeadRecord, StockRecord } from './records.ts';

/*
 * Inviting buyers to a campaign through the care engine (a care rule's `groupBuy`): the group-buy
 * domain alone decides who may be invited — the one who would open a group as its leader — and the
 * care engine (automation, above groupbuy on the ladder) asks it when it plans and again just before
 * it sends. Caps, quiet hours, consent and authorizations stay the care engine's.
 */

/** Why a campaign invites nobody now: not published, not begun, ended (by staff or its end time), or sold out. */
export type CampaignClosed = 'not-published' | 'not-started' | 'ended' | 'sold-out';

/** Why one member is not invited: the campaign's reason, or their own (not a member, not among who may open, at the per-buyer limit). */
export type InvitationRefusal = CampaignClosed | 'not-joined' | 'not-eligible' | 'limit-reached';

export function campaignClosed(
  head: Pick<CampaignHeadRecord, 'status' | 'definition'> | null,
  stock: Pick<StockRecord, 'left'> | null,
  now: Date,
): CampaignClosed | null {
  if (!head || !stock || head.status === 'draft') return 'not-published';
  const at = now.toISOString();
  if (head.status === 'ended' || head.definition.endsAt <= at) return 'ended';
  if (stock.left === 0) return 'sold-out';
  if (head.definition.startsAt > at) return 'not-started';
  return null;
}

/** Whether one member would be invited to open a group, the campaign being open: the same tests as opening one. */
export function memberInvitationRefusal(input: {
  whoMayOpen: GroupBuyAudience;
  perBuyerLimit: number;
  facts: BuyerFacts;
  held: number;
}): InvitationRefusal | null {
  if (!input.facts.joined) return 'not-joined';
  if (!audienceAdmits(input.whoMayOpen, input.facts)) return 'not-eligible';
  if (input.held >= input.perBuyerLimit) return 'limit-reached';
  return null;
}

/**
 * Which of these members may be invited to the campaign now (null: they may), reading only them: the
 * campaign's head and stock, their member items, their holdings in it, and (for a segment or tier
 * audience) their insights or the tier ladder. A member with no member item answers 'not-joined'.
 */
export async function invitableMembers(
  deps: Pick<Deps, 'db' | 'clock'>,
  campaignId: string,
  memberIds: readonly string[],
  now: Date,
): Promise<Map<string, InvitationRefusal | null>> {
  const unique = [...new Set(memberIds)];
  const [head, stock] = await Promise.all([getCampaignHead(deps.db, campaignId), getStock(deps.db, campaignId)]);
  const closed = campaignClosed(head, stock, now);
  if (closed || !head) return new Map(unique.map((memberId) => [memberId, closed ?? 'not-published']));
  const [members, held] = await Promise.all([getMembers(deps.db, unique), getHeldUnitsOf(deps.db, unique, campaignId)]);
  const facts = await buyersFacts(deps, members, head.definition.whoMayOpen);
  return new Map(
    unique.map((memberId) => {
      const memberFacts = facts.get(memberId);
      if (!memberFacts) return [memberId, 'not-joined' as const];
      const refusal = memberInvitationRefusal({
        whoMayOpen: head.definition.whoMayOpen,
        perBuyerLimit: head.definition.perBuyerLimit,
        facts: memberFacts,
        held: held.get(memberId) ?? 0,
      });
      return [memberId, refusal];
    }),
  );
}

/** A campaign a care rule may invite to (published, not ended), or null. */
export async function campaignForInvitation(deps: Pick<Deps, 'db' | 'clock'>, campaignId: string): Promise<CampaignHeadRecord | null> {
  const head = await getCampaignHead(deps.db, campaignId);
  if (!head || head.status !== 'published' || head.definition.endsAt <= deps.clock().toISOString()) return null;
  return head;
}

/** The campaigns a care rule may invite to now, soonest ending first: the care editor's choices. */
export async function invitableCampaigns(deps: Pick<Deps, 'db' | 'clock'>): Promise<Array<{ campaignId: string; name: string }>> {
  const at = deps.clock().toISOString();
  return (await listPublishedCampaignHeads(deps.db))
    .filter((head) => head.definition.endsAt > at)
    .sort((a, b) => a.definition.endsAt.localeCompare(b.definition.endsAt))
    .map((head) => ({ campaignId: head.campaignId, name: head.definition.name }));
}
