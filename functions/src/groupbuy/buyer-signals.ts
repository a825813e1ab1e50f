import type { Deps } from '../deps.ts';
import type { InsightFigures } from '@linli/shared/insight';
import { shanghaiDay } from '@linli/shared/time';
import { getInsightRun, getMemberInsight } from '../insight/repository.ts';
import { leftOutOfMarketing, type MemberRecord } from '../members/member-record.ts';
import { getOrderAggregates } from '../orders/aggregates-repository.ts';
import type { BuyerSignals } from './recommendation.ts';

/**
 * What 猜你喜欢 knows of one buyer: their own order aggregates (categories and baskets), their RFM class
 * from the last nightly run, and the shop's bought-together pairs from the same run — three item reads,
 * whatever the size of the shop. A member who switched personalised marketing off, or a child under 14,
 * gets null: nothing of theirs is read for ranking.
 */
export async function buyerSignals(deps: Pick<Deps, 'db' | 'clock'>, member: MemberRecord): Promise<BuyerSignals | null> {
  if (leftOutOfMarketing(member, shanghaiDay(deps.clock()).date)) return null;
  const [aggregates, insight, run] = await Promise.all([
    getOrderAggregates(deps.db, member.memberId),
    getMemberInsight(deps.db, member.memberId),
    getInsightRun(deps.db) as Promise<Partial<InsightFigures> | null>,
  ]);
  const orderDays: Record<string, number> = {};
  for (const [day, [orders]] of Object.entries(aggregates?.days ?? {})) orderDays[day] = orders;
  return {
    categoryDays: aggregates?.categories ?? {},
    orderDays,
    skusBought: new Set(Object.values(aggregates?.baskets ?? {}).flatMap(([, skus]) => skus)),
    pairs: run?.pairs ?? [],
    rfmClass: insight?.scores.rfm?.class ?? null,
    today: shanghaiDay(deps.clock()).date,
  };
}
