import { batchWriteAll, type BatchWriteRequest } from '../functions/src/db/batch-write.ts';
import type { Database } from '../functions/src/db/client.ts';
import { countingDatabase } from '../functions/src/db/counting-database.ts';
import { keys } from '../functions/src/db/keys.ts';
import type { Deps } from '../functions/src/deps.ts';
import { runInsightNightly, type NightlyRunSummary } from '../functions/src/insight/nightly-scores.ts';
import { newVisitor, type MemberRecord } from '../functions/src/members/member-record.ts';
import { memberSeedPut } from '../functions/src/members/repository.ts';
import { aggregateOrders } from '../functions/src/orders/order-aggregates.ts';
import { newMemberCode } from '../functions/src/platform/ids.ts';
import { seededRandom } from '../dev/seeded-random.ts';

/**
 * The nightly insight job over `count` joined members seeded straight through BatchWrite, each with
 * order aggregates drawn like a shop's: about 45 % repeat buyers whose gaps and spends vary (enough
 * for the models to fit), the rest one-time buyers or members who never bought. Counts items read
 * and written per member; the second run, a day later, writes only what moved.
 */
const RUN_AT = new Date('2026-11-26T18:30:00.000Z'); // 02:30 on 11-27 in Shanghai
const DAY_MS = 86_400_000;
const CATEGORIES = ['水果', '蔬菜', '乳品', '粮油', '母婴', '禽蛋'];

export async function seedInsightMembers(db: Database, count: number): Promise<{ seconds: number; items: number }> {
  const started = performance.now();
  const random = seededRandom(20261127);
  const requests: BatchWriteRequest[] = [];
  for (let i = 0; i < count; i++) {
    const memberId = `bench-${String(i).padStart(6, '0')}`;
    const joinedAt = new Date(RUN_AT.getTime() - random.int(1, 900) * DAY_MS).toISOString();
    const member: MemberRecord = {
      ...newVisitor({ memberId, openid: `o-${memberId}`, unionid: null, memberCode: newMemberCode(), now: new Date(joinedAt) }),
      status: 'member',
      joinedAt,
      policyVersion: '2026-11-01',
      tierCode: 'regular',
      birthday: `${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    };
    const kind = random.next();
    // 15 % never bought, 40 % bought once, 45 % came back at their own pace.
    const occasions = kind < 0.15 ? 0 : kind < 0.55 ? 1 : random.int(2, 14);
    const gapDays = random.int(7, 90);
    const spend = random.int(30, 400) * 100;
    const firstDaysAgo = Math.min(880, random.int(1, 880));
    const orders = Array.from({ length: occasions }, (_, n) => {
      const daysAgo = Math.max(0, firstDaysAgo - n * gapDays - random.int(0, 5));
      return {
        orderId: `${memberId}-${n}`,
        paidAt: new Date(RUN_AT.getTime() - daysAgo * DAY_MS).toISOString(),
        paidFen: Math.round(spend * (0.6 + random.next() * 0.8)),
        refundedFen: 0,
        items: [{ sku: `SKU-${random.int(1, 40)}`, category: random.pick(CATEGORIES) }],
      };
    });
    requests.push(memberSeedPut({ ...member, orderCount: orders.length }));
    if (orders.length > 0)
      requests.push({ PutRequest: { Item: { ...keys.orderAggregates(memberId), ...aggregateOrders(memberId, orders) } } });
  }
  await batchWriteAll(db, requests, 8);
  return { seconds: (performance.now() - started) / 1000, items: requests.length };
}

export interface InsightRunFigures {
  run: string;
  read: number;
  written: number;
  seconds: number;
  membersPerSecond: number;
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
    const started = performance.now();
    const summary = await runInsightNightly({ ...deps, db, clock: () => at });
    const seconds = (performance.now() - started) / 1000;
    figures.push({ run, read: counts.read, written: counts.written, seconds, membersPerSecond: members / seconds, summary });
  }
  return figures;
}
