import { afterAll, beforeAll, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { jobByName } from '../../functions/src/jobs/registry.ts';
import { keys } from '../../functions/src/db/keys.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// Complaints written before the queue indexes and report rollups: the backfill counts each once.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let buyer: string;
let agent: string;
const filed: string[] = [];

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-backfill-agent', role: 'supervisor', name: '主管', at: stack.clock().toISOString() });
  agent = (await api.login('backfill-agent')).token;
  const session = await api.login('backfill-buyer');
  await api.join(session.token);
  buyer = session.token;
  for (let n = 0; n < 4; n++) {
    const response = await api.json(
      'POST',
      '/v1/me/complaints',
      { requestId: randomUUID(), category: n % 2 ? 'quality' : 'logistics', description: '坏了', contactPreference: 'wechat' },
      buyer,
    );
    filed.push((await response.json()).complaintId);
    stack.clock.advance(60_000);
  }
  await api.json('POST', `/v1/staff/complaints/${filed[0]}/claim`, undefined, agent);
  await api.json('POST', `/v1/staff/complaints/${filed[1]}/claim`, undefined, agent);
  await api.json(
    'POST',
    `/v1/staff/complaints/${filed[1]}/resolve`,
    { requestId: randomUUID(), summary: '已处理', rootCause: { category: 'quality', causeCode: 'cold_chain', sku: 'A-1' } },
    agent,
  );
});
afterAll(() => stack.close());

const report = async () => (await api.json('GET', '/v1/staff/complaint-report?from=2026-11-01&to=2026-11-30', undefined, agent)).json();
const inProgress = async () =>
  (
    (await (await api.json('GET', '/v1/staff/complaints?status=in_progress', undefined, agent)).json()).items as Array<{
      complaintId: string;
    }>
  ).map((c) => c.complaintId);

it('gives complaints written before the rollups their queue places and report figures, once', async () => {
  const before = await report();
  expect(before.overall.complaints).toBe(4);
  expect(await inProgress()).toEqual([filed[0]]);
  // As they were stored before: no contribution, no queue facets, no rollups.
  const db = stack.deps.db;
  for (const complaintId of filed)
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.complaint(complaintId),
        UpdateExpression: 'REMOVE reportContribution, queueStatusPk, queueCategoryPk, queueOwnerPk, queueBreachedPk, queueDue',
      }),
    );
  const rollups = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.complaintReportPartition() },
    }),
  );
  for (const item of rollups.Items ?? [])
    await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: item.pk, sk: item.sk } }));
  expect((await report()).overall.complaints).toBe(0);
  expect(await inProgress()).toEqual([]);

  // Run as `npm run job -- complaints-backfill` runs it: a one-off job, so never scheduled.
  const backfill = jobByName('complaints-backfill')!;
  expect('cron' in backfill).toBe(false);
  expect(await backfill.run(stack.deps)).toEqual({ backfilled: 4, skipped: 0 });
  // Every item it writes (the complaints and the rollups), to see that a second run changes none.
  const written = async () => {
    const rollupItems = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.complaintReportPartition() },
        ConsistentRead: true,
      }),
    );
    const complaints = await Promise.all(
      filed.map(
        async (complaintId) =>
          (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.complaint(complaintId), ConsistentRead: true }))).Item,
      ),
    );
    return { rollups: rollupItems.Items, complaints };
  };
  const afterFirst = await written();
  expect(afterFirst.rollups!.length).toBeGreaterThan(0);
  expect(await backfill.run(stack.deps)).toEqual({ backfilled: 0, skipped: 0 });
  expect(await written()).toEqual(afterFirst);
  expect(await report()).toEqual(before);
  expect(await inProgress()).toEqual([filed[0]]);
});
