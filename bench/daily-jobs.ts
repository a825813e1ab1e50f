import { newMemberCode } from '../functions/src/platform/ids.ts';
import { DEFAULT_TIER_CONFIG } from '@linli/shared/tiers';
import type { Database } from '../functions/src/db/client.ts';
import { countingDatabase } from '../functions/src/db/counting-database.ts';
import { batchWriteAll, type BatchWriteRequest } from '../functions/src/db/batch-write.ts';
import type { Deps } from '../functions/src/deps.ts';
import { newVisitor, type MemberRecord } from '../functions/src/members/member-record.ts';
import { memberSeedPut } from '../functions/src/members/repository.ts';
import { expirePoints } from '../functions/src/points/expire-points.ts';
import { keptPointsOfLots } from '../functions/src/points/kept-points.ts';
import { lotSeedPut } from '../functions/src/points/lots-repository.ts';
import { pointsExpiry, type PointsLot } from '../functions/src/points/rules.ts';
import { applyQuotaChanges } from '../functions/src/subscriptions/repository.ts';
import { saveTierReviewMarker } from '../functions/src/tiers/config-repository.ts';
import { nextReviewDay } from '../functions/src/tiers/kept-growth.ts';
import { remindExpiringPointsWithNotices, reviewTiersWithNotices } from '../functions/src/automation/service-notices.ts';

/**
 * The daily jobs against a table of `members` members: how many items each job reads beside how many it
 * writes or checks (a write, a condition check, or a transaction item that was refused). Reads are
 * counted item by item: a GetItem as one (found or not), a Query as the items it scanned.
 */

const SEED_AT = new Date('2027-11-01T02:00:00.000Z');
/** The reminder run: 26 days before the 2027 year-end expiry. */
const REMIND_AT = new Date('2027-12-05T02:00:00.000Z');
/** The expiry run and the tier review: 03:00 on 1 January 2028 in Shanghai. */
const NEW_YEAR_AT = new Date('2027-12-31T19:00:00.000Z');

/**
 * Seeds `count` joined members straight through BatchWrite: every 100th holds points that expire at the
 * end of 2027 (reminded in December, expired on 1 January) beside points of 2027; every 100th (another)
 * holds gold on no growth, due for the review on 1 January; every 100th (another) is due since a refund
 * in December but still meets silver; every 10th holds silver with its review months away; the rest hold
 * points that expire at the end of 2028 and the base tier. Half the members with expiring points granted
 * the reminder template.
 */
export async function seedMembers(
  db: Database,
  count: number,
  templateId: string,
): Promise<{ seconds: number; items: number; grantedOpenids: string[] }> {
  const started = performance.now();
  const requests: BatchWriteRequest[] = [];
  const granted: string[] = [];
  const config = DEFAULT_TIER_CONFIG;
  for (let i = 0; i < count; i++) {
    const memberId = `bench-${String(i).padStart(6, '0')}`;
    const base = newVisitor({ memberId, openid: `o-${memberId}`, unionid: null, memberCode: newMemberCode(), now: SEED_AT });
    const lot = (earnedAt: string, amount: number, n: number): PointsLot => ({
      lotId: `lot-${memberId}-${n}`,
      memberId,
      source: 'checkin',
      refId: null,
      amount,
      remaining: amount,
      earnedAt,
      availableAt: earnedAt,
      expiresAt: pointsExpiry(new Date(earnedAt)),
    });
    const group = i % 100;
    const lots =
      group === 0
        ? [lot('2026-03-01T02:00:00.000Z', 100, 1), lot('2027-03-01T02:00:00.000Z', 50, 2)]
        : [lot('2027-06-01T02:00:00.000Z', 80, 1)];
    let member: MemberRecord = {
      ...base,
      status: 'member',
      joinedAt: '2026-01-01T02:00:00.000Z',
      policyVersion: '2026-11-01',
      pointsBalance: lots.reduce((sum, l) => sum + l.remaining, 0),
      keptPoints: keptPointsOfLots(lots, SEED_AT),
      tierCode: 'regular',
      tierSince: '2026-01-01T02:00:00.000Z',
    };
    if (group === 1) member = { ...member, tierCode: 'gold', tierSince: '2026-06-01T02:00:00.000Z', reviewOn: '2028-01-01' };
    else if (group === 2) member = { ...member, tierCode: 'silver', growthFenByDay: { '2027-09-01': 150_000 }, reviewOn: '2027-12-20' };
    else if (i % 10 === 3) {
      const growthFenByDay = { '2027-09-01': 150_000 };
      member = { ...member, tierCode: 'silver', tierSince: '2027-09-01T02:00:00.000Z', growthFenByDay };
      member = { ...member, reviewOn: nextReviewDay(config, { ...member, growthFenByDay }, '2027-11-01') };
    }
    requests.push(memberSeedPut(member), ...lots.map(lotSeedPut));
    if (group === 0 && i % 200 === 0) granted.push(memberId);
  }
  await batchWriteAll(db, requests, 8);
  for (const memberId of granted) {
    await applyQuotaChanges(db, {
      memberId,
      changes: [{ templateId, template: 'pointsExpiring', change: 'grant' }],
      at: SEED_AT.toISOString(),
    });
  }
  // The ladder (the defaults, version 0) was walked in full before: the review reads only members due.
  await saveTierReviewMarker(db, { ladderVersion: 0, at: SEED_AT.toISOString() });
  return {
    seconds: (performance.now() - started) / 1000,
    items: requests.length + granted.length + 1,
    grantedOpenids: granted.map((memberId) => `o-${memberId}`),
  };
}

export interface JobFigures {
  job: string;
  at: string;
  read: number;
  written: number;
  seconds: number;
  report: unknown;
}

/** Runs the three daily jobs, each with its own count, at the instants the seeded data is due. */
export async function measureDailyJobs(deps: Deps): Promise<JobFigures[]> {
  const runs: Array<[string, Date, (deps: Deps) => Promise<unknown>]> = [
    ['points-expiry reminders', REMIND_AT, remindExpiringPointsWithNotices],
    ['points expiry', NEW_YEAR_AT, expirePoints],
    ['tier review', NEW_YEAR_AT, reviewTiersWithNotices],
  ];
  const figures: JobFigures[] = [];
  for (const [job, at, run] of runs) {
    const { db, counts } = countingDatabase(deps.db);
    const started = performance.now();
    const report = await run({ ...deps, db, clock: () => at });
    figures.push({
      job,
      at: at.toISOString(),
      read: counts.read,
      written: counts.written,
      seconds: (performance.now() - started) / 1000,
      report,
    });
  }
  return figures;
}
