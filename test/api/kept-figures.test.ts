import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/src/db/keys.ts';
import { createDatabase } from '../../functions/src/db/client.ts';
import { ensureTable } from '../../functions/src/db/create-table.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { expirePoints } from '../../functions/src/points/expire-points.ts';
import { keptPointsOfLots } from '../../functions/src/points/kept-points.ts';
import { listAllLots, listOpenLots } from '../../functions/src/points/lots-repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { saveTierConfig } from '../../functions/src/tiers/tier-config.ts';
import { runTierReview } from '../../functions/src/tiers/review.ts';
import { DEFAULT_TIER_CONFIG } from '@linli/shared/tiers';
import { measureDailyJobs, seedMembers } from '../../bench/daily-jobs.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { expectKeptFigures } from '../support/points-invariants.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let supervisor: string;

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-05-01T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(5 * 365 * 24 * 3600) } });
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-kf-supervisor', role: 'supervisor', name: '主管', at: stack.clock().toISOString() });
  supervisor = (await api.login('kf-supervisor')).token;
});
afterAll(() => stack.close());

const me = async (token: string) => (await api.json('GET', '/v1/me', undefined, token)).json();

/** Removes what the card keeps from a member item, as it was stored before the figures were kept. */
async function storeAsBeforeKeptFigures(memberId: string) {
  await stack.deps.db.doc.send(
    new UpdateCommand({
      TableName: stack.deps.db.tableName,
      Key: keys.member(memberId),
      UpdateExpression: 'REMOVE keptPoints, growthFenByDay, reviewOn, expiryRemindedThrough, reviewPk, reviewSk, expiryPk, expirySk',
    }),
  );
}

describe('a member stored before the card kept its figures', () => {
  it('sees the same card, and the first review keeps the figures the lots and orders give', async () => {
    stack.clock.set('2026-05-01T02:00:00.000Z');
    const session = await api.login('kf-legacy');
    await api.join(session.token);
    await api.postOrder(
      sampleOrder({ orderId: 'kf-legacy-1', openid: 'o-kf-legacy', paidFen: 150_000, paidAt: stack.clock().toISOString() }),
    );
    await api.json(
      'POST',
      `/v1/staff/members/${session.member.memberId}/points-adjustments`,
      { requestId: randomUUID(), delta: 40, reason: '活动奖励' },
      supervisor,
    );
    stack.clock.set('2026-05-03T02:00:00.000Z'); // the order's points still pending
    const kept = await me(session.token);
    await storeAsBeforeKeptFigures(session.member.memberId);
    const legacy = (await getMember(stack.deps.db, session.member.memberId))!;
    expect({ keptPoints: legacy.keptPoints, growthFenByDay: legacy.growthFenByDay }).toEqual({ keptPoints: null, growthFenByDay: null });

    expect(await me(session.token)).toEqual(kept);

    // The table has never been walked under this ladder: the review walks every member once.
    await runTierReview(stack.deps);
    const walked = await expectKeptFigures(stack.deps, session.member.memberId, { growthKept: true });
    expect(walked.keptPoints).toEqual(keptPointsOfLots(await listOpenLots(stack.deps.db, session.member.memberId), stack.clock()));
    expect(walked.growthFenByDay).toEqual({ '2026-05-01': 150_000 });
    expect(walked.tierCode).toBe('silver');
    // Silver holds until the order leaves the window a year on; nothing is due before.
    expect(walked.reviewOn).toBe('2027-05-02');
    expect(await me(session.token)).toEqual(kept);
  });

  it('has its lots stored under the day partitions of byExpiry expired all the same', async () => {
    stack.clock.set('2026-05-01T02:00:00.000Z');
    const session = await api.login('kf-old-lot');
    await api.join(session.token);
    const memberId = session.member.memberId;
    const member = (await getMember(stack.deps.db, memberId))!;
    const lot = {
      lotId: 'lot-kf-old',
      memberId,
      source: 'adjustment',
      refId: null,
      amount: 70,
      remaining: 70,
      earnedAt: '2025-03-01T02:00:00.000Z',
      availableAt: '2025-03-01T02:00:00.000Z',
      expiresAt: '2026-12-31T15:59:59.999Z',
    };
    // As the lot and member were written before the shards: the index key named the Shanghai expiry day.
    await stack.deps.db.doc.send(
      new PutCommand({
        TableName: stack.deps.db.tableName,
        Item: {
          ...keys.lot(memberId, lot.earnedAt, lot.lotId),
          ...lot,
          expiryPk: 'EXPIRY#2026-12-31',
          expirySk: `${lot.expiresAt}#${memberId}#${lot.lotId}`,
        },
      }),
    );
    await stack.deps.db.doc.send(
      new UpdateCommand({
        TableName: stack.deps.db.tableName,
        Key: keys.member(memberId),
        UpdateExpression: 'SET pointsBalance = :balance, version = version + :one',
        ExpressionAttributeValues: { ':balance': 70, ':one': 1 },
      }),
    );
    await storeAsBeforeKeptFigures(memberId);
    expect(member.pointsBalance).toBe(0);

    stack.clock.set('2027-01-02T02:00:00.000Z');
    const report = await expirePoints(stack.deps);
    expect(report.pointsExpired).toBeGreaterThanOrEqual(70);
    // (The lot was written without the ledger entry that earned it: the balance is what to check.)
    const [after, lots] = await Promise.all([
      getMember(stack.deps.db, memberId).then((found) => found!),
      listAllLots(stack.deps.db, memberId),
    ]);
    expect(after.pointsBalance).toBe(0);
    expect(lots.find((candidate) => candidate.lotId === 'lot-kf-old')?.remaining).toBe(0);
    expect(after.keptPoints).toEqual({ byExpiry: {}, pending: [] });
  });
});

describe('the daily jobs over seeded members', () => {
  const MEMBERS = 400;

  it('read only the members and lots they act on, and a new ladder makes the review walk everyone once', async () => {
    // A table of its own, so the jobs see only the seeded members.
    const endpoint = inject('dynamoEndpoint');
    const tableName = `linli-test-jobs-${randomUUID()}`;
    const raw = new DynamoDBClient({
      endpoint,
      region: stack.config.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(raw, tableName);
    onTestFinished(async () => {
      await raw.send(new DeleteTableCommand({ TableName: tableName }));
      raw.destroy();
    });
    const db = createDatabase({ tableName, region: stack.config.region, endpoint });
    const deps = { ...stack.deps, db };
    await seedMembers(db, MEMBERS, stack.config.wechat.templates.pointsExpiring);

    const [reminders, expiry, review] = await measureDailyJobs(deps);
    // Every 100th member holds points expiring at the end of 2027; two more in a hundred are due for review.
    // Half of them granted the reminder: theirs are planned on the care engine, the others' skipped for want of one.
    expect(reminders!.report).toMatchObject({ members: MEMBERS / 100, planned: MEMBERS / 200, noAuthorization: MEMBERS / 200 });
    expect(expiry!.report).toMatchObject({ members: MEMBERS / 100, pointsExpired: (MEMBERS / 100) * 100 });
    expect(review!.report).toMatchObject({ members: (MEMBERS / 100) * 2, downgraded: MEMBERS / 100, failed: 0 });
    // Beside what they act on, the jobs that plan notices read the care policy once per run.
    for (const job of [reminders!, expiry!, review!]) expect(job.read).toBeLessThanOrEqual(1.05 * job.written + 1);
    expect(review!.read).toBeLessThan(MEMBERS / 10);

    // Run again on the same day: nothing is due any more, and nothing is read but the ladder and its marker.
    const [, expiryAgain, reviewAgain] = await measureDailyJobs(deps);
    expect(expiryAgain!).toMatchObject({ read: 0, written: 0, report: { members: 0, pointsExpired: 0 } });
    expect(reviewAgain!).toMatchObject({ read: 2, written: 0, report: { members: 0 } });

    // A new ladder may move anyone: the next review walks every joined member, then goes back to those due.
    await saveTierConfig({ ...deps, clock: () => new Date('2027-12-31T19:00:00.000Z') }, { ...DEFAULT_TIER_CONFIG, version: 0 }, 'admin');
    const walked = await runTierReview({ ...deps, clock: () => new Date('2027-12-31T19:00:00.000Z') });
    expect(walked).toMatchObject({ members: MEMBERS, failed: 0 });
    const after = await runTierReview({ ...deps, clock: () => new Date('2027-12-31T19:00:00.000Z') });
    expect(after.members).toBe(0);
  }, 120_000);
});
