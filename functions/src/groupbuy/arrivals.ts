import type { CampaignViewRequest } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { transactWrite, type TransactItem } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getMemberInsight } from '../insight/repository.ts';
import { requireMember } from '../members/require-member.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getCampaignHead } from './campaigns-repository.ts';
import { invitationArrival, knownRfmClass, stageAdds, UNKNOWN_TOUCH, type FunnelTouch } from './funnel-counters.ts';
import { getGroup } from './groups-repository.ts';
import {
  getReferral,
  getShare,
  getTouch,
  putReferralIfNone,
  referralCounted,
  sharePut,
  statsAdd,
  touchMark,
  type TouchRecord,
} from './stats-repository.ts';

/*
 * How buyers come to a campaign, for the seller's funnel and fission figures (funnel-counters.ts): the
 * invitations the care engine sent, first views, shares of a group's card, and the new members shares
 * brought. Each is counted once, in the same write that records it.
 */

type ArrivalDeps = Pick<Deps, 'db' | 'clock'>;

/** The member's RFM class from the last nightly run (null: not scored yet, or a visitor). */
async function rfmClassOf(deps: ArrivalDeps, memberId: string): Promise<string | null> {
  return knownRfmClass((await getMemberInsight(deps.db, memberId))?.scores.rfm?.class);
}

/** Writes `items` (null ones left out); false when a condition moved since the read (read again). */
async function written(deps: ArrivalDeps, items: Array<TransactItem | null>): Promise<boolean> {
  return (
    await transactWrite(
      deps.db,
      items.filter((item): item is TransactItem => item !== null),
    )
  ).committed;
}

/**
 * The care engine sent the member an invitation to the campaign (a rule's arm): counted as invited once per
 * member, under the invitation's arm. The invitation becomes how the member came unless they had come before.
 */
export async function recordInvitationSent(
  deps: ArrivalDeps,
  input: { campaignId: string; memberId: string; ruleId: string; arm: string },
): Promise<'counted' | 'already'> {
  return withOptimisticRetry(async () => {
    const read = await getTouch(deps.db, input.memberId, input.campaignId);
    if (read?.invitedAt) return 'already' as const;
    const invited: FunnelTouch = {
      arrival: invitationArrival(input.ruleId, input.arm),
      rfmClass: read ? read.rfmClass : await rfmClassOf(deps, input.memberId),
    };
    const ok = await written(deps, [
      touchMark(deps.db, { ...input, read, touch: invited, mark: 'invitedAt', at: deps.clock().toISOString() }),
      statsAdd(deps.db, input.campaignId, input.memberId, stageAdds('invited', invited)),
    ]);
    return ok ? ('counted' as const) : RETRY;
  });
}

/**
 * The campaign's page, or one of its groups', was opened: counted as viewed once per person (members and
 * visitors alike). How they came is what was recorded first: an invitation actually sent to them, else a
 * share whose card they opened, else on their own — the link's own words are a hint, never trusted (a made-up
 * rule or share counts as on their own). A visitor (not yet a member) who came through someone else's share
 * keeps it as their referral: when they join, they count as a new member the share brought.
 */
export async function recordCampaignView(
  deps: ArrivalDeps,
  memberId: string,
  campaignId: string,
  request: CampaignViewRequest,
): Promise<void> {
  const head = await getCampaignHead(deps.db, campaignId);
  if (!head || head.status === 'draft') throw new DomainError('GROUP_BUY_NOT_FOUND', 'No such group-buy campaign');
  const member = await requireMember(deps, memberId);
  const share = request.from === 'share' && request.shareId ? await getShare(deps.db, request.shareId) : null;
  const byShare = share !== null && share.campaignId === campaignId && share.sharerMemberId !== memberId ? share : null;
  const at = deps.clock().toISOString();
  await withOptimisticRetry(async () => {
    const read = await getTouch(deps.db, memberId, campaignId);
    if (read?.viewedAt) return 'done';
    const touch: FunnelTouch = read ?? { arrival: byShare ? 'share' : 'direct', rfmClass: await rfmClassOf(deps, memberId) };
    const ok = await written(deps, [
      touchMark(deps.db, { memberId, campaignId, read, touch, mark: 'viewedAt', at }),
      statsAdd(deps.db, campaignId, memberId, stageAdds('viewed', touch)),
    ]);
    return ok ? 'done' : RETRY;
  });
  if (byShare && member.status !== 'member')
    await putReferralIfNone(deps.db, { memberId, campaignId, shareId: byShare.shareId, sharerMemberId: byShare.sharerMemberId, at });
}

/**
 * A member shared a group's card (or copied its link), naming it with a new share id: counted once per id,
 * as a leader's share when the sharer leads the group now. The same id again changes nothing.
 */
export async function recordGroupShare(deps: ArrivalDeps, memberId: string, groupId: string, shareId: string): Promise<void> {
  const group = await getGroup(deps.db, groupId);
  if (!group) throw new DomainError('GROUP_NOT_FOUND', 'No such group');
  const byLeader = group.leaderOrderNo !== null && group.members[group.leaderOrderNo]?.memberId === memberId;
  // A second write of the same id fails its condition: the share was counted already.
  await written(deps, [
    sharePut(deps.db, {
      shareId,
      groupId,
      campaignId: group.campaignId,
      sharerMemberId: memberId,
      byLeader,
      at: deps.clock().toISOString(),
    }),
    statsAdd(deps.db, group.campaignId, shareId, { sh: 1, shl: byLeader ? 1 : 0 }),
  ]);
}

/**
 * The member joined Linli: if they first came to a campaign through a share while not yet a member, the
 * share brought a new member — counted once, on that campaign.
 */
export async function creditShareReferral(deps: ArrivalDeps, memberId: string): Promise<boolean> {
  const referral = await getReferral(deps.db, memberId);
  if (!referral || referral.countedAt) return false;
  return written(deps, [
    referralCounted(deps.db, memberId, deps.clock().toISOString()),
    statsAdd(deps.db, referral.campaignId, memberId, { nm: 1 }),
  ]);
}

/** How the member came to the campaign, for a place they take (unknown when they never opened its page). */
export async function funnelTouchOf(deps: ArrivalDeps, read: TouchRecord | null, memberId: string): Promise<FunnelTouch> {
  if (read) return { arrival: read.arrival, rfmClass: read.rfmClass };
  return { ...UNKNOWN_TOUCH, rfmClass: await rfmClassOf(deps, memberId) };
}
