import type { GroupBuyCampaignStats } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getCampaignHead, getStock } from './campaigns-repository.ts';
import { campaignStatsOf, invitingRuleIds } from './funnel-counters.ts';
import { getStatsCounters } from './stats-repository.ts';

/**
 * The seller's view of one campaign: its groups, the funnel invited → viewed → joined → paid → succeeded,
 * GMV, refunds and fission, by how buyers came (invitation arms, shares, on their own) and by RFM class.
 * Reads the campaign's head, its STOCK item and its counter shards, however many buyers it had.
 * `ruleNames` names the care rules whose invitations it counts (null: deleted).
 */
export async function campaignStats(
  deps: Pick<Deps, 'db' | 'clock'>,
  campaignId: string,
  ruleNames: (ruleIds: readonly string[]) => Promise<Map<string, string>>,
): Promise<GroupBuyCampaignStats> {
  const [head, stock, counters] = await Promise.all([
    getCampaignHead(deps.db, campaignId),
    getStock(deps.db, campaignId),
    getStatsCounters(deps.db, campaignId),
  ]);
  if (!head) throw new DomainError('GROUP_BUY_NOT_FOUND', 'No such group-buy campaign');
  const context = {
    campaignId,
    name: head.definition.name,
    status: head.status,
    asOf: deps.clock().toISOString(),
    groups: { forming: stock?.forming ?? 0, succeeded: stock?.succeeded ?? 0, failed: stock?.failed ?? 0 },
  };
  const ruleIds = invitingRuleIds(counters);
  const names = ruleIds.length > 0 ? await ruleNames(ruleIds) : new Map<string, string>();
  return campaignStatsOf(counters, { ...context, ruleName: (ruleId) => names.get(ruleId) ?? null });
}
