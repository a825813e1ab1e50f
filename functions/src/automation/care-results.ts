import {
  ATTRIBUTION_DAYS,
  CARE_ARMS,
  MIN_HOLDOUT_FOR_LIFT,
  MIN_SENT_FOR_RESULTS,
  type CareArm,
  type CareRuleResults,
} from '@linli/shared/care-rules';
import { addDays, shanghaiDay, shanghaiDayStart } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { getOrderAggregatesOfMembers } from '../orders/aggregates-repository.ts';
import type { OrderAggregates } from '../orders/order-aggregates.ts';
import { listRuleOutcomes } from './care-repository.ts';
import { requireCareRule } from './care-rule-admin.ts';

type Outcome = { members: number; converted: number; orders: number; revenueFen: number };
const none = (): Outcome => ({ members: 0, converted: 0, orders: 0, revenueFen: 0 });

/** Orders and money a member kept from `firstDay` through the ATTRIBUTION_DAYS days from it. */
function ordersWithin(aggregates: OrderAggregates | undefined, firstDay: string): { orders: number; fen: number } {
  let orders = 0;
  let fen = 0;
  if (!aggregates) return { orders, fen };
  for (let offset = 0; offset < ATTRIBUTION_DAYS; offset++) {
    const day = aggregates.days[addDays(firstDay, offset)];
    if (day) {
      orders += day[0];
      fen += day[1];
    }
  }
  return { orders, fen };
}

/**
 * What a rule's messages of the last `days` Shanghai days brought: for each arm, the members sent and those
 * who paid an order within ATTRIBUTION_DAYS days of their message's day (its own day included: the orders are
 * kept by day, so an order earlier that day counts too — for the arms and the hold-out alike, so the lift is
 * fair), their orders and the money kept (refunds taken off); the same for the hold-out group on the day it
 * would have been sent; and the lift of those sent over the hold-out. Messages of the last days, whose window
 * is still open, are counted as pending. Reads the rule's deliveries of the period and one order aggregate per
 * member in them.
 */
export async function careRuleResults(deps: Pick<Deps, 'db' | 'clock'>, ruleId: string, days = 30): Promise<CareRuleResults> {
  await requireCareRule(deps, ruleId);
  const today = shanghaiDay(deps.clock()).date;
  const through = addDays(today, -ATTRIBUTION_DAYS);
  const since = addDays(through, -(days - 1));
  const outcomes = await listRuleOutcomes(
    deps.db,
    ruleId,
    shanghaiDayStart(since).toISOString(),
    shanghaiDayStart(addDays(today, 1)).toISOString(),
  );
  const closeAt = shanghaiDayStart(addDays(through, 1)).toISOString();
  const counted = outcomes.filter((o) => o.sendAt < closeAt && (o.status === 'sent' || o.reason === 'held-out'));
  const pending = outcomes.filter((o) => o.sendAt >= closeAt && o.status === 'sent').length;
  const aggregates = await getOrderAggregatesOfMembers(deps.db, [...new Set(counted.map((o) => o.memberId))]);
  const arms = new Map<CareArm, Outcome>(CARE_ARMS.map((arm) => [arm, none()]));
  const holdout = none();
  for (const outcome of counted) {
    const { orders, fen } = ordersWithin(aggregates.get(outcome.memberId), shanghaiDay(new Date(outcome.sendAt)).date);
    const into = outcome.status === 'sent' ? arms.get(outcome.arm)! : holdout;
    into.members++;
    into.orders += orders;
    into.revenueFen += fen;
    if (orders > 0) into.converted++;
  }
  const sent = [...arms.values()].reduce((sum, arm) => sum + arm.members, 0);
  const sentConverted = [...arms.values()].reduce((sum, arm) => sum + arm.converted, 0);
  const holdoutRate = holdout.members > 0 ? holdout.converted / holdout.members : 0;
  const lift = sent > 0 && holdout.members > 0 && holdoutRate > 0 ? sentConverted / sent / holdoutRate - 1 : null;
  return {
    since,
    through,
    arms: [...arms.entries()].filter(([arm, outcome]) => arm === 'a' || outcome.members > 0).map(([arm, outcome]) => ({ arm, ...outcome })),
    holdout: holdout.members > 0 ? holdout : null,
    lift: lift === null ? null : Math.round(lift * 1000) / 1000,
    tooFew: sent < MIN_SENT_FOR_RESULTS || (holdout.members > 0 && holdout.members < MIN_HOLDOUT_FOR_LIFT),
    pending,
  };
}
