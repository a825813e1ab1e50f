import { addDays, shanghaiDay, shanghaiDayStart } from '@linli/shared/time';
import { batchWriter, type BatchWriteRequest } from '../functions/src/db/batch-write.ts';
import type { Database } from '../functions/src/db/client.ts';
import { countingDatabase } from '../functions/src/db/counting-database.ts';
import { keys } from '../functions/src/db/keys.ts';
import type { Deps } from '../functions/src/deps.ts';
import { runInsightNightly, type NightlyRunSummary } from '../functions/src/insight/nightly-scores.ts';
import { newVisitor, type MemberRecord } from '../functions/src/members/member-record.ts';
import { memberSeedPut } from '../functions/src/members/repository.ts';
import { aggregateOrders } from '../functions/src/orders/order-aggregates.ts';
import { newMemberCode } from '../functions/src/platform/ids.ts';
import type { Purchase } from '../functions/src/insight/purchase-history.ts';
import { seededRandom } from '../dev/seeded-random.ts';
import { simulatePurchases } from '../dev/simulated-purchases.ts';

/**
 * The nightly insight job over `count` joined members seeded straight through BatchWrite. 15 % joined
 * and never bought; the others' purchases are drawn from the BG/NBD story itself (dev/simulated-purchases.ts):
 * first purchases spread over two years, then each buys at their own Poisson rate λ ~ Gamma(r, α) a week
 * and leaves for good after each purchase with probability p ~ Beta(a, b), spending per order per the
 * Gamma-Gamma model. So the shop's models fit (method "model") and the run measures the models' path.
 * Counts items read and written per member; the second run, a day later, writes only what moved.
 */
const RUN_AT = new Date('2026-11-26T18:30:00.000Z'); // 02:30 on 11-27 in Shanghai
const DAY_MS = 86_400_000;
const CATEGORIES = ['水果', '蔬菜', '乳品', '粮油', '母婴', '禽蛋'];
const NEVER_BOUGHT = 0.15;
/**
 * CDNOW's fit (Fader, Hardie & Lee 2005: r 0.24, α 4.41 weeks, a 0.79, b 2.43) with r raised, so a
 * grocery shop's members buy more often than CD buyers did (mean rate r/α, about once in 9 weeks):
 * about two buyers in three come back. Spend: Gamma-Gamma p 5, q 4, v 60 (about ¥100 an order).
 */
export const BENCH_SHOP = { bgnbd: { r: 0.5, alpha: 4.41, a: 0.79, b: 2.43 }, spend: { p: 5, q: 4, v: 60 } };
/** The seed's BatchWrites in flight (DynamoDB Local takes more than the job's AWS-minded number). */
const SEED_WRITES_IN_FLIGHT = 32;

export async function seedInsightMembers(db: Database, count: number): Promise<{ seconds: number; items: number }> {
  const started = performance.now();
  const random = seededRandom(20261127);
  const lastDay = shanghaiDay(new Date(RUN_AT.getTime() - DAY_MS)).date;
  const firstDay = addDays(lastDay, -729);
  const bought = Array.from({ length: count }, () => random.next() >= NEVER_BOUGHT);
  const buyers = bought.filter(Boolean).length;
  const purchases = simulatePurchases({ customers: buyers, acquisitionDays: 730, firstDay, lastDay, ...BENCH_SHOP, seed: 20261127 });
  const byCustomer = new Map<string, Purchase[]>();
  for (const purchase of purchases) {
    const list = byCustomer.get(purchase.customerId);
    if (list) list.push(purchase);
    else byCustomer.set(purchase.customerId, [purchase]);
  }
  const writer = batchWriter(db, SEED_WRITES_IN_FLIGHT);
  let items = 0;
  let buyer = 0;
  for (let i = 0; i < count; i++) {
    const memberId = `bench-${String(i).padStart(6, '0')}`;
    // The simulation names its customers c000000, c000001, … in the order it drew them.
    const own = bought[i] ? byCustomer.get(`c${String(buyer++).padStart(6, '0')}`)! : [];
    // A buyer joined up to a month before their first purchase; the others any time in the two years.
    const joinedDay = own[0] ? addDays(own[0].day, -random.int(0, 30)) : addDays(lastDay, -random.int(0, 729));
    const joinedAt = new Date(shanghaiDayStart(joinedDay).getTime() + random.int(8, 21) * 3_600_000).toISOString();
    const member: MemberRecord = {
      ...newVisitor({ memberId, openid: `o-${memberId}`, unionid: null, memberCode: newMemberCode(), now: new Date(joinedAt) }),
      status: 'member',
      joinedAt,
      policyVersion: '2026-11-01',
      tierCode: 'regular',
      birthday: `${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    };
    const orders = own.map((purchase, n) => ({
      orderId: `${memberId}-${n}`,
      paidAt: new Date(shanghaiDayStart(purchase.day).getTime() + random.int(8, 21) * 3_600_000).toISOString(),
      paidFen: purchase.amountFen,
      refundedFen: 0,
      items: [{ sku: `SKU-${random.int(1, 40)}`, category: random.pick(CATEGORIES) }],
    }));
    const requests: BatchWriteRequest[] = [memberSeedPut({ ...member, orderCount: orders.length })];
    if (orders.length > 0)
      requests.push({ PutRequest: { Item: { ...keys.orderAggregates(memberId), ...aggregateOrders(memberId, orders) } } });
    writer.add(requests);
    items += requests.length;
  }
  await writer.done();
  return { seconds: (performance.now() - started) / 1000, items };
}

export interface InsightRunFigures {
  run: string;
  read: number;
  written: number;
  seconds: number;
  membersPerSecond: number;
  /** The bench process's largest resident set during the run, MB (the job's memory, DynamoDB Local apart). */
  peakRssMb: number;
  summary: NightlyRunSummary;
}

/** The first run (every member's insight and facets written) and the next night's (only what moved). */
export async function measureInsightNightly(deps: Deps, members: number): Promise<InsightRunFigures[]> {
  const figures: InsightRunFigures[] = [];
  for (const [run, at] of [
    ['first run', RUN_AT],
    ['next night', new Date(RUN_AT.getTime() + DAY_MS)],
  ] as const) {
    const { db, counts } = countingDatabase(deps.db);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    const started = performance.now();
    const summary = await runInsightNightly({ ...deps, db, clock: () => at }).finally(() => clearInterval(sampler));
    const seconds = (performance.now() - started) / 1000;
    const peakRssMb = Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20;
    figures.push({ run, read: counts.read, written: counts.written, seconds, membersPerSecond: members / seconds, peakRssMb, summary });
  }
  return figures;
}
