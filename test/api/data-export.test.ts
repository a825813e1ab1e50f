import { randomBytes, randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_EXPORT_KINDS, type DataExport, type DataExportList } from '@linli/shared/data-export';
import type { PhotoUploadGrant } from '@linli/shared/photos';
import { pollExportQueueOnce } from '../../dev/export-worker.ts';
import { searchAuditLog } from '../../functions/src/audit/audit-log.ts';
import { DATA_EXPORT_QUEUE } from '../../functions/src/config/queues.ts';
import type { Deps } from '../../functions/src/deps.ts';
import { exportObjectKey, handleDataExportMessages, purgeExpiredExports } from '../../functions/src/privacy/data-export.ts';
import type { MemberDataExport } from '../../functions/src/privacy/export-content.ts';
import type { ExportStore } from '../../functions/src/privacy/export-store.ts';
import { createS3ExportStore } from '../../functions/src/privacy/s3-export-store.ts';
import { receiveMessages } from '../../functions/src/queues/queue-messages.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { runBirthdays } from '../../functions/src/tiers/birthdays.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { grantCareTemplate } from '../support/care-rules.ts';
import { campaignInput, openGroup, payThroughWechat, placed, publishedCampaign } from '../support/groupbuy.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

// 导出我的数据 end to end: a member with data of every kind asks for a copy, the export worker builds
// it from the data export queue into the exports bucket (s3rver), and the member downloads it through
// short-lived signed links; one request a Shanghai day, nobody else's data or links, purged a day on,
// and a build that fails is retried and ends failed, never ready with files missing.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const staff = { admin: '', supervisor: '' };
let alice: { token: string; memberId: string; openid: string };
let bob: { token: string; memberId: string; openid: string };
let aliceOrderId: string;
let bobOrderId: string;
let alicePhotoBytes: Buffer;

// Saturday 2026-03-14, 10:00 in Shanghai: Alice's birthday.
const START = '2026-03-14T02:00:00.000Z';

beforeAll(async () => {
  stack = await createTestStack({ now: START, env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor'] as const) {
    await putStaff(stack.deps.db, { openid: `o-de-${role}`, role, name: role, at: stack.clock().toISOString() });
    staff[role] = (await api.login(`de-${role}`)).token;
  }
  alice = await memberWithData('de-alice', '13812345678');
  bob = await memberWithData('de-bob', '13987654321');

  // Alice's own data of every kind, through the real routes.
  aliceOrderId = await postOrder(alice.openid);
  bobOrderId = await postOrder(bob.openid);
  await redeemCoupon(alice);
  alicePhotoBytes = jpeg();
  await fileComplaint(alice, '收到的鸡蛋碎了两个', alicePhotoBytes);
  await fileComplaint(bob, '鲍勃的快递晚到了三天', jpeg());
  await answerSurvey(alice);
  await grantCareTemplate(stack, api, alice);
  expect(await runBirthdays(stack.deps)).toMatchObject({ sent: 1 });
  const campaign = await publishedCampaign(api, staff.admin, campaignInput(stack.clock()));
  const order = await placed(await openGroup(api, alice.token, campaign.campaignId));
  await payThroughWechat(stack, api, alice.token, order.orderNo);
});
afterAll(() => stack?.close());

async function memberWithData(name: string, phone: string) {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  expect((await api.json('POST', '/v1/me/phone', { code: `dev-phone-${phone}.${name.replace(/-/g, '')}` }, session.token)).status).toBe(
    200,
  );
  expect((await api.json('PATCH', '/v1/me', { birthday: '1990-03-14', nickname: name }, session.token)).status).toBe(200);
  return { token: session.token, memberId: session.member.memberId, openid: `o-${name}` };
}

async function postOrder(openid: string): Promise<string> {
  const order = sampleOrder({ openid, paidAt: '2026-03-10T04:00:00.000Z' });
  const response = await api.postOrder(order);
  expect(response.status, await response.clone().text()).toBe(200);
  return order.orderId;
}

async function redeemCoupon(member: { token: string; memberId: string }) {
  const credited = await api.json(
    'POST',
    `/v1/staff/members/${member.memberId}/points-adjustments`,
    { requestId: randomUUID(), delta: 200, reason: '测试积分' },
    staff.supervisor,
  );
  expect(credited.status).toBe(200);
  const reward = await api.json(
    'POST',
    '/v1/staff/rewards',
    {
      kind: 'coupon',
      name: '满100减10元券',
      description: '全场通用',
      pointsPrice: 100,
      stock: 10,
      perMemberLimit: 5,
      tierCodes: [],
      availableFrom: '2026-03-01T00:00:00+08:00',
      availableUntil: '2027-01-01T00:00:00+08:00',
      coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 10_000, validDays: 30 },
    },
    staff.admin,
  );
  expect(reward.status).toBe(200);
  const { rewardId } = (await reward.json()) as { rewardId: string };
  const redeemed = await api.json('POST', `/v1/mall/rewards/${rewardId}/redemptions`, { requestId: randomUUID() }, member.token);
  expect(redeemed.status, await redeemed.clone().text()).toBe(200);
}

const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2044)]);

async function fileComplaint(member: { token: string }, description: string, photo: Buffer) {
  const granted = await api.json('POST', '/v1/me/photo-uploads', { contentType: 'image/jpeg', sizeBytes: photo.length }, member.token);
  expect(granted.status).toBe(200);
  const upload = (await granted.json()) as PhotoUploadGrant;
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(photo)]), 'photo.jpg');
  expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBe(204);
  const filed = await api.json(
    'POST',
    '/v1/me/complaints',
    { requestId: randomUUID(), category: 'quality', description, contactPreference: 'wechat', photoKeys: [upload.key] },
    member.token,
  );
  expect(filed.status, await filed.clone().text()).toBe(200);
}

async function answerSurvey(member: { token: string }) {
  const created = await api.json(
    'POST',
    '/v1/staff/surveys',
    {
      name: '购物体验',
      title: '你愿意把我们推荐给朋友吗？',
      questions: [
        { questionId: 'q1', kind: 'nps', title: '推荐的可能性有多大？' },
        {
          questionId: 'q2',
          kind: 'single',
          title: '你最常买什么？',
          options: [
            { optionId: 'o1', label: '水果' },
            { optionId: 'o2', label: '蔬菜' },
          ],
        },
      ],
    },
    staff.admin,
  );
  expect(created.status, await created.clone().text()).toBe(200);
  const survey = (await created.json()) as { surveyId: string; revision: number };
  const published = await api.json('POST', `/v1/staff/surveys/${survey.surveyId}/publish`, { revision: survey.revision }, staff.admin);
  expect(published.status).toBe(200);
  const answered = await api.json(
    'POST',
    `/v1/surveys/${survey.surveyId}/responses`,
    { requestId: randomUUID(), version: 1, answers: { q1: 9, q2: ['o1'] } },
    member.token,
  );
  expect(answered.status, await answered.clone().text()).toBe(200);
}

const requestExport = (token: string, requestId: string = randomUUID()) => api.json('POST', '/v1/me/data-exports', { requestId }, token);

async function myExports(token: string): Promise<DataExportList> {
  const response = await api.json('GET', '/v1/me/data-exports', undefined, token);
  expect(response.status).toBe(200);
  return (await response.json()) as DataExportList;
}

async function expectRefused(response: Response, status: number, code: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe(code);
}

/** Runs the export worker until the queue holds nothing visible. */
async function drainExportQueue(deps: Deps = stack.deps) {
  while ((await pollExportQueueOnce(deps)) > 0);
}

const fileOf = (exported: DataExport, name: string) => {
  const file = exported.files.find((f) => f.name === name);
  expect(file, `${name} in ${exported.files.map((f) => f.name).join(', ')}`).toBeDefined();
  return file!;
};

/** A member with nothing requested yet, joined. */
async function freshMember(name: string) {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  return { token: session.token, memberId: session.member.memberId };
}

describe("a member's copy of their data", () => {
  let ready: DataExport;

  it('is requested (audited), queued, then built by the worker with a JSON and a CSV per kind', async () => {
    const requested = await requestExport(alice.token);
    expect(requested.status, await requested.clone().text()).toBe(200);
    const queued = (await requested.json()) as DataExport;
    expect(queued).toMatchObject({ status: 'queued', files: [], readyAt: null, linksExpireAt: null });
    // Nothing is built in the request: the list shows it waiting.
    expect((await myExports(alice.token)).items).toEqual([expect.objectContaining({ exportId: queued.exportId, status: 'queued' })]);

    const audit = await searchAuditLog(stack.deps, { from: '2026-03-14', to: '2026-03-14', memberId: alice.memberId, limit: 50 });
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        action: 'privacy.export-requested',
        kind: 'read',
        memberId: alice.memberId,
        actor: { memberId: alice.memberId, name: '', role: 'buyer' },
        target: { exportId: queued.exportId },
      }),
    );

    await drainExportQueue();
    const list = await myExports(alice.token);
    ready = list.items[0]!;
    expect(ready).toMatchObject({ exportId: queued.exportId, status: 'ready' });
    expect(Date.parse(ready.expiresAt!) - Date.parse(ready.readyAt!)).toBe(24 * 3600_000);
    expect(ready.files.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'export.json',
        ...DATA_EXPORT_KINDS.map((kind) => `${kind}.csv`),
        expect.stringMatching(/^photos\/p_.+\.jpg$/),
      ]),
    );
    expect(ready.files.find((f) => f.name === 'orders.csv')?.label).toBe('订单（CSV）');
  });

  it("holds every kind with the member's own data, and nobody else's", async () => {
    const response = await fetch(fileOf(ready, 'export.json').url);
    expect(response.status).toBe(200);
    const text = await response.text();
    const data = JSON.parse(text) as MemberDataExport;
    expect(data.profile).toMatchObject({ memberId: alice.memberId, nickname: 'de-alice', phone: '13812345678', birthday: '1990-03-14' });
    expect(data.orders.map((o) => o.orderId)).toEqual([aliceOrderId]);
    expect(data.points.map((entry) => entry.type)).toEqual(expect.arrayContaining(['order', 'adjustment', 'redemption']));
    expect(data.coupons).toEqual([expect.objectContaining({ name: '满100减10元券', status: 'unused' })]);
    expect(data.complaints).toEqual([
      expect.objectContaining({ description: '收到的鸡蛋碎了两个', photos: [expect.stringMatching(/^photos\/p_.+\.jpg$/)] }),
    ]);
    expect(data.surveys).toEqual([
      expect.objectContaining({
        surveyName: '购物体验',
        answers: [
          { questionId: 'q1', question: '推荐的可能性有多大？', answer: 9, answerText: '9' },
          { questionId: 'q2', question: '你最常买什么？', answer: ['o1'], answerText: '水果' },
        ],
      }),
    ]);
    expect(data.messages).toContainEqual(expect.objectContaining({ title: '生日祝福', status: 'sent' }));
    expect(data.groupBuys).toEqual([expect.objectContaining({ campaignName: '赣南脐橙 3 人团', status: 'paid', paidFen: 3990 })]);
    expect(data.consents).toContainEqual(expect.objectContaining({ kind: 'privacy-policy', action: 'accept' }));
    for (const kind of DATA_EXPORT_KINDS) expect(kind === 'profile' || (data[kind] as unknown[]).length > 0, kind).toBe(true);

    // Bob's data is nowhere in Alice's export.
    for (const other of [bob.memberId, bob.openid, bobOrderId, '鲍勃的快递晚到了三天', '13987654321']) expect(text).not.toContain(other);
  });

  it('has a readable CSV per kind: UTF-8 with a BOM, Chinese headers, Shanghai times, yuan', async () => {
    for (const kind of DATA_EXPORT_KINDS) {
      const response = await fetch(fileOf(ready, `${kind}.csv`).url);
      expect(response.status, kind).toBe(200);
      expect(response.headers.get('content-disposition')).toContain(`${kind}.csv`);
      const text = await response.text();
      // fetch's text() drops a leading BOM; the bytes keep it.
      const bytes = Buffer.from(await (await fetch(fileOf(ready, `${kind}.csv`).url)).arrayBuffer());
      expect([...bytes.subarray(0, 3)], kind).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(text, { bom: true }) as string[][];
      expect(
        rows[0]!.every((header) => /[\u4e00-\u9fff]/.test(header)),
        `${kind}: ${rows[0]!.join(',')}`,
      ).toBe(true);
      expect(rows.length, kind).toBeGreaterThan(1);
      expect(
        rows.slice(1).every((row) => row.length === rows[0]!.length),
        kind,
      ).toBe(true);
    }
    const orders = parse(await (await fetch(fileOf(ready, 'orders.csv').url)).text(), { bom: true, columns: true }) as Array<
      Record<string, string>
    >;
    // Paid 2026-03-10T04:00Z is 12:00 in Shanghai; 12345 fen is 123.45 yuan.
    expect(orders).toEqual([expect.objectContaining({ 订单号: aliceOrderId, 支付时间: '2026-03-10 12:00', '实付（元）': '123.45' })]);
  });

  it('links a photo to its very bytes, and every link is signed for 15 minutes only', async () => {
    const photo = ready.files.find((f) => f.format === 'photo')!;
    expect(Buffer.from(await (await fetch(photo.url)).arrayBuffer()).equals(alicePhotoBytes)).toBe(true);
    for (const file of ready.files.filter((f) => f.format !== 'photo')) {
      const url = new URL(file.url);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
      expect(url.pathname).toBe(`/linli-exports/${exportObjectKey(alice.memberId, ready.exportId, file.name)}`);
    }
    expect(Date.parse(ready.linksExpireAt!) - stack.clock().getTime()).toBe(15 * 60_000);
  });

  it('refuses a link past its expiry', async () => {
    // The same file, signed as the API signs it but 16 minutes ago: storage checks the expiry against real time.
    const signedEarlier = createS3ExportStore({
      bucket: 'linli-exports',
      region: stack.config.region,
      endpoint: stack.s3.endpoint,
      forcePathStyle: true,
      now: () => new Date(Date.now() - 16 * 60_000),
    });
    const stale = await signedEarlier.downloadUrl({
      key: exportObjectKey(alice.memberId, ready.exportId, 'export.json'),
      fileName: 'export.json',
      expiresInSeconds: 15 * 60,
    });
    expect((await fetch(stale)).status).toBe(403);
    // A fresh read hands out fresh links that work.
    const again = (await myExports(alice.token)).items[0]!;
    expect((await fetch(fileOf(again, 'export.json').url)).status).toBe(200);
  });

  it('is one request a Shanghai day: a retry answers the same export, another request is refused until midnight', async () => {
    const requestId = randomUUID();
    const member = await freshMember('de-daily');
    const first = (await (await requestExport(member.token, requestId)).json()) as DataExport;
    const retried = await requestExport(member.token, requestId);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as DataExport).exportId).toBe(first.exportId);
    await expectRefused(await requestExport(member.token), 409, 'EXPORT_ALREADY_REQUESTED_TODAY');
    // Midnight in Shanghai is 16:00 UTC the day before.
    expect((await myExports(member.token)).nextRequestAt).toBe('2026-03-14T16:00:00.000Z');

    stack.clock.set('2026-03-14T15:59:59.000Z');
    await expectRefused(await requestExport(member.token), 409, 'EXPORT_ALREADY_REQUESTED_TODAY');
    stack.clock.set('2026-03-14T16:00:00.000Z');
    expect((await myExports(member.token)).nextRequestAt).toBeNull();
    const next = await requestExport(member.token);
    expect(next.status).toBe(200);
    expect(((await next.json()) as DataExport).exportId).not.toBe(first.exportId);
    expect((await myExports(member.token)).items).toHaveLength(2);
    await drainExportQueue();
    stack.clock.set(START);
  });

  it('is refused to visitors who have not joined', async () => {
    const visitor = await api.login('de-visitor');
    await expectRefused(await requestExport(visitor.token), 409, 'NOT_JOINED');
    await expectRefused(await api.json('GET', '/v1/me/data-exports'), 401, 'UNAUTHENTICATED');
  });

  it('is never shown or linked to another member (IDOR)', async () => {
    const bobs = await myExports(bob.token);
    expect(bobs.items).toEqual([]);
    expect(JSON.stringify(bobs)).not.toContain(alice.memberId);
    // Bob's own export names only Bob's files.
    expect((await requestExport(bob.token)).status).toBe(200);
    await drainExportQueue();
    const bobsReady = (await myExports(bob.token)).items[0]!;
    expect(bobsReady.status).toBe('ready');
    expect(bobsReady.exportId).not.toBe(ready.exportId);
    for (const file of bobsReady.files.filter((f) => f.format !== 'photo')) {
      expect(file.url).toContain(`/exports/${bob.memberId}/${bobsReady.exportId}/`);
      expect(file.url).not.toContain(alice.memberId);
    }
    const bobsJson = await (await fetch(fileOf(bobsReady, 'export.json').url)).text();
    expect(bobsJson).not.toContain(alice.memberId);
    expect(bobsJson).not.toContain('收到的鸡蛋碎了两个');
    // Alice's list still holds only her own.
    expect((await myExports(alice.token)).items.map((item) => item.exportId)).toEqual([ready.exportId]);
  });
});

describe('expiry', () => {
  it('removes the files and records the export as expired a day after it is ready; a second purge does nothing', async () => {
    const member = await freshMember('de-expiring');
    const { exportId } = (await (await requestExport(member.token)).json()) as DataExport;
    await drainExportQueue();
    const before = (await myExports(member.token)).items[0]!;
    expect(before.status).toBe('ready');
    const jsonUrl = fileOf(before, 'export.json').url;
    expect((await fetch(jsonUrl)).status).toBe(200);

    stack.clock.set(new Date(Date.parse(before.expiresAt!) - 1000).toISOString());
    expect((await purgeExpiredExports(stack.deps)).purged).toBe(0);
    expect((await fetch(jsonUrl)).status).toBe(200);

    stack.clock.set(before.expiresAt!);
    // Past its time it reads as expired, without links, even before the purge has run.
    expect((await myExports(member.token)).items[0]).toMatchObject({ exportId, status: 'expired', files: [] });
    const purged = await purgeExpiredExports(stack.deps);
    expect(purged.purged).toBeGreaterThanOrEqual(1);
    for (const name of ['export.json', ...DATA_EXPORT_KINDS.map((kind) => `${kind}.csv`)]) {
      expect((await fetch(await freshLink(member.memberId, exportId, name))).status, name).toBe(404);
    }
    expect((await myExports(member.token)).items[0]).toMatchObject({ exportId, status: 'expired', files: [] });
    expect(await purgeExpiredExports(stack.deps)).toEqual({ purged: 0 });
    stack.clock.set(START);
  });
});

/** A link to an export's file, signed now (to see whether storage still holds it). */
function freshLink(memberId: string, exportId: string, name: string) {
  return stack.deps.exports.downloadUrl({ key: exportObjectKey(memberId, exportId, name), fileName: name, expiresInSeconds: 60 });
}

describe('a build that fails', () => {
  /** The exports bucket down: every write refused (as S3 answers 503 when it cannot take one). */
  const storageDown: ExportStore = {
    put: () => Promise.reject(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' })),
    downloadUrl: (file) => stack.deps.exports.downloadUrl(file),
    remove: () => Promise.reject(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' })),
  };
  const queueUrl = () => stack.config.queues.dataExport!.url;

  /** Receives the next message and hands it to the worker with `deps`, then lets its backoff pass. */
  async function attempt(deps: Deps) {
    const [message] = await receiveMessages(stack.deps.sqs, queueUrl(), 1);
    expect(message).toBeDefined();
    const outcome = await handleDataExportMessages(deps, [message!]);
    await stack.deps.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl(), ReceiptHandle: message!.receiptHandle, VisibilityTimeout: 0 }),
    );
    return { message: message!, outcome };
  }

  it('is retried while storage is down, never shown ready, and built once storage is back', async () => {
    const member = await freshMember('de-retried');
    const { exportId } = (await (await requestExport(member.token)).json()) as DataExport;
    const failing = await attempt({ ...stack.deps, exports: storageDown });
    expect(failing.outcome.retry).toEqual([failing.message.messageId]);
    expect((await myExports(member.token)).items[0]).toMatchObject({ exportId, status: 'building', files: [] });

    await drainExportQueue();
    expect((await myExports(member.token)).items[0]).toMatchObject({ exportId, status: 'ready' });
  });

  it('is marked failed on its last attempt, and its message let go rather than retried', async () => {
    const member = await freshMember('de-failed');
    const { exportId } = (await (await requestExport(member.token)).json()) as DataExport;
    for (let receive = 1; receive < DATA_EXPORT_QUEUE.maxReceiveCount; receive++) {
      const { message, outcome } = await attempt({ ...stack.deps, exports: storageDown });
      expect(message.receiveCount).toBe(receive);
      expect(outcome.retry).toEqual([message.messageId]);
      expect((await myExports(member.token)).items[0]!.status).toBe('building');
    }
    const last = await attempt({ ...stack.deps, exports: storageDown });
    expect(last.message.receiveCount).toBe(DATA_EXPORT_QUEUE.maxReceiveCount);
    expect(last.outcome.retry).toEqual([]);
    expect((await myExports(member.token)).items[0]).toMatchObject({ exportId, status: 'failed', files: [] });
    // A repeated message changes nothing: a failed export stays failed.
    await drainExportQueue();
    expect((await myExports(member.token)).items[0]!.status).toBe('failed');
  });
});
