import {
  GROUP_BUY_FUNNEL_STAGES,
  GroupRefund,
  type GroupBuyArrivalFigures,
  type GroupBuyCampaignStats,
  type GroupBuyFunnel,
  type GroupBuyFunnelStage,
  type GroupBuySegmentFigures,
} from '@linli/shared/groupbuy';
import { RFM_CLASSES, type RfmClass } from '@linli/shared/insight';
import { hashShard } from '../db/keys.ts';

/*
 * A campaign's figures (the seller's view) are counters, never a walk over its orders or visitors.
 *
 * Each event adds to the counters of one of the campaign's GROUPBUY_STATS_SHARDS rollup items (the shard
 * picked from the event's subject, so concurrent joins and payments rarely meet on one item), in the
 * event's own write: an invitation sent, a first view, a place taken, a payment, a group's success, a
 * refund WeChat Pay confirmed, a share, a new member brought by a share. The write commits once per
 * event (its own conditions make it so), so each is counted once. Reading the figures reads the shards.
 *
 * Counter names (top-level number attributes; ADD creates them):
 *   <stage>, <stage>@<arrival>, <stage>%<rfm>   the funnel: stage iv (invited), vw (viewed), jn (joined),
 *                                  pd (paid), sc (succeeded), and gmv (fen), in all and by how the buyer came
 *                                  (arrival key: inv.<ruleId>.<arm> | share | direct) and by their RFM class
 *                                  (a class, or - when not scored)
 *   go                             groups opened
 *   rf#<reason>, rff#<reason>      refunds confirmed, and their fen, by reason
 *   sh, shl                        shares, and shares by the group's leader
 *   nm                             new members: first came through a share before joining, and joined since
 */

/** Rollup items per campaign: spreads concurrent events (by their subject: an order, a group, a member). */
export const GROUPBUY_STATS_SHARDS = 8;

/**
 * How a buyer first came to a campaign and their RFM class then (the last nightly run's), fixed at their first
 * touch: every later stage of theirs counts under the same arrival and class.
 */
export interface FunnelTouch {
  /** inv.<ruleId>.<arm> (a care invitation), share, or direct. */
  arrival: string;
  rfmClass: string | null;
}

/** A buyer nothing is known of: came on their own, not scored. */
export const UNKNOWN_TOUCH: FunnelTouch = { arrival: 'direct', rfmClass: null };

/** How the holder of a place in the group came (unknown for places taken before it was kept). */
export function placeTouch(group: { members: Record<string, { touch?: FunnelTouch }> }, orderNo: string): FunnelTouch {
  return group.members[orderNo]?.touch ?? UNKNOWN_TOUCH;
}

export function invitationArrival(ruleId: string, arm: string): string {
  return `inv.${ruleId}.${arm}`;
}

const STAGE_CODES: Record<GroupBuyFunnelStage | 'gmv', string> = {
  invited: 'iv',
  viewed: 'vw',
  joined: 'jn',
  paid: 'pd',
  succeeded: 'sc',
  gmv: 'gmv',
};

/** Counter name → amount. */
export type CounterAdds = Record<string, number>;

/** Adds `amount` to a funnel stage (or GMV) in all, by the touch's arrival and by its class. */
export function stageAdds(stage: GroupBuyFunnelStage | 'gmv', touch: FunnelTouch, amount = 1, into: CounterAdds = {}): CounterAdds {
  const code = STAGE_CODES[stage];
  for (const name of [code, `${code}@${touch.arrival}`, `${code}%${touch.rfmClass ?? '-'}`]) into[name] = (into[name] ?? 0) + amount;
  return into;
}

export function refundAdds(reason: GroupRefund['reason'], fen: number): CounterAdds {
  return { [`rf#${reason}`]: 1, [`rff#${reason}`]: fen };
}

/** The shard an event's subject (an order number, a group id, a member id) counts in. */
export function statsShard(subject: string): number {
  return hashShard(subject, GROUPBUY_STATS_SHARDS);
}

/** The shards' counters summed. */
export function sumCounters(items: readonly Record<string, unknown>[]): CounterAdds {
  const sums: CounterAdds = {};
  for (const item of items)
    for (const [name, value] of Object.entries(item)) if (typeof value === 'number') sums[name] = (sums[name] ?? 0) + value;
  return sums;
}

const funnelOf = (counters: CounterAdds, suffix: string): GroupBuyFunnel => {
  const count = (stage: GroupBuyFunnelStage | 'gmv') => counters[`${STAGE_CODES[stage]}${suffix}`] ?? 0;
  return {
    invited: count('invited'),
    viewed: count('viewed'),
    joined: count('joined'),
    paid: count('paid'),
    succeeded: count('succeeded'),
    gmvFen: count('gmv'),
  };
};

const hasAny = (funnel: GroupBuyFunnel) => GROUP_BUY_FUNNEL_STAGES.some((stage) => funnel[stage] > 0) || funnel.gmvFen > 0;

const REFUND_REASONS = GroupRefund.shape.reason.options;

/** What the figures need besides the counters: the campaign, its STOCK's group counts, and the names of rules. */
export interface StatsContext {
  campaignId: string;
  name: string;
  status: GroupBuyCampaignStats['status'];
  asOf: string;
  groups: { forming: number; succeeded: number; failed: number };
  /** A care rule's name now, or null when it was deleted. */
  ruleName: (ruleId: string) => string | null;
}

/** The seller's view of a campaign from its summed counters. */
export function campaignStatsOf(counters: CounterAdds, context: StatsContext): GroupBuyCampaignStats {
  const opened = counters.go ?? 0;
  const shares = counters.sh ?? 0;
  const leaderShares = counters.shl ?? 0;
  const newMembers = counters.nm ?? 0;
  const byReason = REFUND_REASONS.map((reason) => ({ reason, count: counters[`rf#${reason}`] ?? 0, fen: counters[`rff#${reason}`] ?? 0 }));
  return {
    campaignId: context.campaignId,
    name: context.name,
    status: context.status,
    asOf: context.asOf,
    groups: { opened, ...context.groups },
    funnel: funnelOf(counters, ''),
    refunds: {
      count: byReason.reduce((sum, row) => sum + row.count, 0),
      fen: byReason.reduce((sum, row) => sum + row.fen, 0),
      byReason: byReason.filter((row) => row.count > 0),
    },
    fission: {
      shares,
      leaderShares,
      sharesPerLeader: opened === 0 ? null : leaderShares / opened,
      shareVisitors: counters[`vw@share`] ?? 0,
      newMembers,
      newMembersPerShare: shares === 0 ? null : newMembers / shares,
    },
    byArrival: arrivalFigures(counters, context.ruleName),
    bySegment: segmentFigures(counters),
  };
}

/** The invitation arrivals the counters hold (inv.<ruleId>.<arm>), sorted: rules in the order they were made (ids sort by time). */
function invitationArrivals(counters: CounterAdds): string[] {
  const keys = new Set<string>();
  for (const name of Object.keys(counters)) {
    const at = name.indexOf('@');
    if (at > 0 && Object.values(STAGE_CODES).includes(name.slice(0, at))) keys.add(name.slice(at + 1));
  }
  return [...keys].filter((key) => key.startsWith('inv.')).sort();
}

/** The care rules whose invitations the counters hold, once each: the names the figures need. */
export function invitingRuleIds(counters: CounterAdds): string[] {
  return [...new Set(invitationArrivals(counters).map((key) => key.split('.')[1] ?? ''))];
}

/** Invitations by rule (in the order rules were made: their ids sort by time) and arm, then shares, then direct. */
function arrivalFigures(counters: CounterAdds, ruleName: (ruleId: string) => string | null): GroupBuyArrivalFigures[] {
  const rows: GroupBuyArrivalFigures[] = invitationArrivals(counters).map((key) => {
    const [, ruleId = '', arm] = key.split('.');
    return {
      arrival: 'invitation',
      ruleId,
      ruleName: ruleName(ruleId),
      arm: arm === 'b' ? 'b' : 'a',
      ...funnelOf(counters, `@${key}`),
    };
  });
  for (const arrival of ['share', 'direct'] as const) {
    const funnel = funnelOf(counters, `@${arrival}`);
    if (hasAny(funnel)) rows.push({ arrival, ruleId: null, ruleName: null, arm: null, ...funnel });
  }
  return rows;
}

function segmentFigures(counters: CounterAdds): GroupBuySegmentFigures[] {
  const rows: GroupBuySegmentFigures[] = [];
  for (const rfmClass of [...RFM_CLASSES, null] as Array<RfmClass | null>) {
    const funnel = funnelOf(counters, `%${rfmClass ?? '-'}`);
    if (hasAny(funnel)) rows.push({ rfmClass, ...funnel });
  }
  return rows;
}

/** A stored class that is one of today's RFM classes (an old or unknown value counts as not scored). */
export function knownRfmClass(value: string | null | undefined): RfmClass | null {
  return value && (RFM_CLASSES as readonly string[]).includes(value) ? (value as RfmClass) : null;
}
