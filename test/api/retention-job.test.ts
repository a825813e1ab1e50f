import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SECRETS } from '../../functions/src/config/config.ts';
import { keys } from '../../functions/src/db/keys.ts';
import { readTotals } from '../../functions/src/figures/repository.ts';
import { jobByName } from '../../functions/src/jobs/registry.ts';
import { getLastActiveDay, listMembersLastActiveOn } from '../../functions/src/members/activity-repository.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { phoneLookupHash } from '../../functions/src/members/phone-crypto.ts';
import { getPhotoGrant, listPhotoUploadsOfDay } from '../../functions/src/photos/repository.ts';
import { purgeUploadUnlessAttached } from '../../functions/src/photos/unattached-purge.ts';
import { runRetention, type RetentionReport } from '../../functions/src/privacy/retention-job.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { itemsHolding, listPhotoBucket, scanTable } from '../support/personal-data.ts';
import { uploadedPhoto } from '../support/photo-upload.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

// The daily retention job (`retention`) over years of an injected clock: uploads never attached go
// the day after their period and attached ones never, expired exports and old audit log days go, and
// members with no login and no purchase for the period are erased as account deletion erases them —
// each on the day the period is over and not a day before, once (a second run finds nothing), and by
// the settings in force when it runs.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let admin: string;

interface Member {
  name: string;
  token: string;
  memberId: string;
}
const members = {} as Record<'gone' | 'buyer' | 'lapsed' | 'busy', Member>;
const PHONE = '13755501234';
const NICKNAME = '保留期限测试员阿远';
let busyComplaintId: string;
let unattached: string;
let avatar: string;
let membersBefore: number;

/** 03:30 in Shanghai (the job's time) on a Shanghai day. */
const jobTimeOn = (day: string) => `${day}T03:30:00+08:00`;
/** Sets the clock to 03:30 Shanghai on `day` and runs the job. */
async function runOn(day: string): Promise<RetentionReport> {
  stack.clock.set(jobTimeOn(day));
  return runRetention(stack.deps);
}

async function ok(response: Response | Promise<Response>, status = 200) {
  const answered = await response;
  const text = await answered.text();
  expect(answered.status, text).toBe(status);
  return text ? JSON.parse(text) : null;
}

async function member(name: string): Promise<Member> {
  const session = await api.login(name);
  await ok(api.join(session.token));
  return { name, token: session.token, memberId: session.member.memberId };
}

async function saveSettings(change: Partial<{ auditLogDays: number; inactiveMemberYears: number; unattachedPhotoDays: number }>) {
  const current = await ok(api.json('GET', '/v1/staff/retention-settings', undefined, admin));
  const { version, updatedAt: _updatedAt, ...settings } = current;
  await ok(api.json('PUT', '/v1/staff/retention-settings', { ...settings, ...change, expectedVersion: version }, admin));
}

const exists = async (key: string) => (await stack.deps.photos.stat(key)) !== null;

// Monday 2 March 2026, 10:00 in Shanghai: everyone logs in for the first (and for some, last) time.
const D0 = '2026-03-02';

beforeAll(async () => {
  stack = await createTestStack({ now: `${D0}T10:00:00+08:00`, env: { LINLI_SESSION_TTL_SECONDS: String(10 * 366 * 24 * 3600) } });
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-ret-admin', role: 'admin', name: '店长', at: stack.clock().toISOString() });
  admin = (await api.login('ret-admin')).token;
  for (const name of ['gone', 'buyer', 'lapsed', 'busy'] as const) members[name] = await member(`ret-${name}`);

  // The member who will be erased: a phone, a nickname, a birthday, an order, an avatar, an upload never attached, an export.
  const { gone, busy } = members;
  await ok(api.json('POST', '/v1/me/phone', { code: `dev-phone-${PHONE}` }, gone.token));
  avatar = await uploadedPhoto(api, gone.token, 'avatar');
  await ok(api.json('PATCH', '/v1/me', { nickname: NICKNAME, birthday: '1990-05-06', avatarKey: avatar }, gone.token));
  unattached = await uploadedPhoto(api, gone.token, 'complaint');
  await ok(
    api.postOrder(sampleOrder({ orderId: 'ret-order-1', openid: 'o-ret-gone', paidFen: 8800, paidAt: stack.clock().toISOString() })),
  );
  await ok(api.json('POST', '/v1/me/data-exports', { requestId: randomUUID() }, gone.token));
  // An admin reads the member's data: an audit entry on D0.
  await ok(api.json('GET', `/v1/staff/members/${gone.memberId}`, undefined, admin));
  // A complaint still being handled: what account deletion refuses (ACCOUNT_DELETION_COMPLAINT_OPEN).
  busyComplaintId = (
    await ok(
      api.json(
        'POST',
        '/v1/me/complaints',
        { requestId: randomUUID(), category: 'quality', description: '鸡蛋碎了', contactPreference: 'wechat' },
        busy.token,
      ),
    )
  ).complaintId;
}, 60_000);
afterAll(() => stack?.close());

describe('uploads never attached', () => {
  it('are kept through their 7 days, and the day after go with their grant; the attached avatar stays', async () => {
    const before = await runOn('2026-03-09');
    expect(before.unattachedPhotos).toEqual({ cutoff: D0, days: 0, purged: 0, attached: 0 });
    // The export asked for on D0 is a day past too (its purge is the export module's, tested there).
    expect(before.exports).toEqual({ purged: 1 });
    expect(await exists(unattached)).toBe(true);

    const after = await runOn('2026-03-10');
    expect(after.unattachedPhotos).toEqual({ cutoff: '2026-03-03', days: 1, purged: 1, attached: 1 });
    expect(await exists(unattached)).toBe(false);
    expect(await getPhotoGrant(stack.deps.db, unattached)).toBeNull();
    expect(await exists(avatar)).toBe(true);
    expect(await getPhotoGrant(stack.deps.db, avatar)).toMatchObject({ attachedTo: `avatar:${members.gone.memberId}` });
  });

  it('purges nothing more when run again', async () => {
    const again = await runOn('2026-03-10');
    expect(again.unattachedPhotos).toEqual({ cutoff: '2026-03-03', days: 0, purged: 0, attached: 0 });
    expect(again.exports).toEqual({ purged: 0 });
    expect(again.inactiveMembers).toMatchObject({ erased: 0, stillActive: 0, skipped: {} });
    expect(await exists(avatar)).toBe(true);
  });

  it('go by a shorter period once an admin saves one, and a photo attached after the listing survives', async () => {
    stack.clock.set('2026-03-10T10:00:00+08:00');
    await saveSettings({ unattachedPhotoDays: 1 });
    const left = await uploadedPhoto(api, members.lapsed.token, 'complaint');
    const raced = await uploadedPhoto(api, members.lapsed.token, 'avatar');

    expect((await runOn('2026-03-11')).unattachedPhotos).toMatchObject({ cutoff: '2026-03-10', purged: 0 });
    expect(await exists(left)).toBe(true);

    // The job lists the day's uploads; the member attaches one before the job reaches it.
    stack.clock.set(jobTimeOn('2026-03-12'));
    expect(await listPhotoUploadsOfDay(stack.deps.db, '2026-03-10')).toEqual(expect.arrayContaining([left, raced]));
    await ok(api.json('PATCH', '/v1/me', { avatarKey: raced }, members.lapsed.token));
    expect(await purgeUploadUnlessAttached(stack.deps, '2026-03-10', raced)).toBe('attached');
    expect(await exists(raced)).toBe(true);

    expect((await runOn('2026-03-12')).unattachedPhotos).toEqual({ cutoff: '2026-03-11', days: 1, purged: 1, attached: 0 });
    expect(await exists(left)).toBe(false);
    expect(await exists(raced)).toBe(true);
  });
});

describe('data exports', () => {
  it('are purged once past their day by the job, once', async () => {
    // The export asked for on D0 was purged by the first run (2026-03-09); its record says so.
    const exports = await ok(api.json('GET', '/v1/me/data-exports', undefined, members.gone.token));
    expect(exports.items).toEqual([expect.objectContaining({ status: 'expired', files: [] })]);
    expect((await runOn('2026-03-12')).exports).toEqual({ purged: 0 });
  });
});

describe('inactive members and the audit log', () => {
  beforeAll(async () => {
    // Later activity: a login in 2027, and an order in 2028 from a member who has not logged in since D0.
    stack.clock.set('2027-06-01T20:00:00+08:00');
    await api.login('ret-lapsed');
    stack.clock.set('2028-06-01T12:00:00+08:00');
    await ok(api.postOrder(sampleOrder({ orderId: 'ret-order-2', openid: 'o-ret-buyer', paidAt: stack.clock().toISOString() })));
  });

  it("keeps the audit log's days through their 1,095 days, and deletes them the day after", async () => {
    expect((await runOn('2029-03-01')).auditLog).toEqual({ cutoff: D0, days: 0, entries: 0 });
    const report = await runOn('2029-03-02');
    expect(report.auditLog).toMatchObject({ cutoff: '2026-03-03', days: 1 });
    expect(report.auditLog!.entries).toBeGreaterThan(0);
    const d0 = await ok(api.json('GET', `/v1/staff/audit-log?from=${D0}&to=${D0}`, undefined, admin));
    expect(d0.items).toEqual([]);
  });

  it('keeps every member on the last day of the 3 years', async () => {
    const report = await runOn('2029-03-02');
    expect(report.inactiveMembers).toEqual({ cutoff: D0, days: 0, erased: 0, stillActive: 0, skipped: {} });
    expect(await getMember(stack.deps.db, members.gone.memberId)).not.toBeNull();
  });

  it('the day after, erases the member with no login and no purchase since, and skips those with something under way', async () => {
    membersBefore = (await readTotals(stack.deps.db)).members;
    const report = await runOn('2029-03-03');
    expect(report.inactiveMembers).toEqual({
      cutoff: '2026-03-03',
      days: 1,
      erased: 1,
      // The buyer last logged in on D0 but bought in 2028: listed on that day from now on.
      stillActive: 1,
      // The open complaint, and the admin (a staff role is removed first), are tried again tomorrow.
      skipped: { ACCOUNT_DELETION_COMPLAINT_OPEN: 1, ACCOUNT_DELETION_STAFF: 1 },
    });
    expect(report.failed).toEqual([]);

    expect(await getMember(stack.deps.db, members.gone.memberId)).toBeNull();
    for (const name of ['buyer', 'lapsed', 'busy'] as const)
      expect(await getMember(stack.deps.db, members[name].memberId), name).not.toBeNull();
    expect(await getLastActiveDay(stack.deps.db, members.buyer.memberId)).toBe('2028-06-01');
  });

  it("leaves nothing of the erased member's personal data in the table or the photo bucket", async () => {
    const table = await scanTable(stack);
    const forbidden = [
      'o-ret-gone',
      NICKNAME,
      PHONE,
      `${PHONE.slice(0, 3)}****${PHONE.slice(-4)}`,
      phoneLookupHash(PHONE, LOCAL_SECRETS.phoneLookupKey),
      '1990-05-06',
      avatar,
      unattached,
    ];
    expect(itemsHolding(table, forbidden)).toEqual([]);
    // The member id only in the record of the erasure and in the audit log.
    const holding = table.filter((item) => !String(item.pk).startsWith('AUDIT') && JSON.stringify(item).includes(members.gone.memberId));
    expect(holding.map((item) => `${item.pk}|${item.sk}`)).toEqual([`MEMBER#${members.gone.memberId}|ERASURE`]);
    expect((await listPhotoBucket(stack)).filter((key) => key.includes(members.gone.memberId))).toEqual([]);
  });

  it('keeps the accounts: the order and the points ledger without identity, the member out of the totals', async () => {
    const table = await scanTable(stack);
    const order = table.find((item) => item.pk === 'ORDER#ret-order-1' && item.sk === 'ORDER')!;
    expect(order).toMatchObject({ paidFen: 8800, openid: null, memberId: null, anonymousBuyer: expect.stringMatching(/^anon_/) });
    const ledger = table.filter((item) => item.pk === `ERASED#${order.anonymousBuyer as string}`);
    expect(ledger.map((entry) => entry.type)).toEqual(expect.arrayContaining(['order', 'expiry']));
    expect((await readTotals(stack.deps.db)).members).toBe(membersBefore - 1);
  });

  it('records the erasure in the audit log with the job as actor, shown in Chinese on the page and in the CSV', async () => {
    const day = '2029-03-03';
    const page = await ok(api.json('GET', `/v1/staff/audit-log?from=${day}&to=${day}`, undefined, admin));
    const erasure = page.items.find((entry: { action: string }) => entry.action === 'privacy.inactive-member-erased');
    expect(erasure).toMatchObject({
      actor: { memberId: 'system:retention', name: '数据保留期限任务', role: 'system' },
      kind: 'change',
      memberId: members.gone.memberId,
    });
    const csv = await (await api.json('GET', `/v1/staff/audit-log.csv?from=${day}&to=${day}`, undefined, admin)).text();
    const line = csv.split('\n').find((row) => row.includes('删除长期未活跃会员的个人信息'));
    expect(line).toContain('数据保留期限任务,系统,变更');
  });

  it('erases nothing more when run again, and a skipped member once what was under way is done', async () => {
    const again = await runOn('2029-03-03');
    expect(again.inactiveMembers).toMatchObject({ erased: 0, stillActive: 0, days: 1 });

    await ok(api.json('POST', `/v1/staff/complaints/${busyComplaintId}/claim`, undefined, admin));
    await ok(
      api.json(
        'POST',
        `/v1/staff/complaints/${busyComplaintId}/resolve`,
        { requestId: randomUUID(), summary: '补发一盒', rootCause: { category: 'quality', causeCode: 'batch_defect', sku: 'EGG-30' } },
        admin,
      ),
    );
    const next = await runOn('2029-03-04');
    expect(next.inactiveMembers).toMatchObject({ erased: 1, skipped: { ACCOUNT_DELETION_STAFF: 1 } });
    expect(await getMember(stack.deps.db, members.busy.memberId)).toBeNull();
  });

  it('erases by a shorter period once an admin saves one, keeping who was active within it', async () => {
    stack.clock.set('2029-03-04T10:00:00+08:00');
    await saveSettings({ inactiveMemberYears: 1 });
    const report = await runOn('2029-03-05');
    // Last seen 2027-06-01: past one year. The buyer's order of 2028-06-01 is within it.
    expect(report.inactiveMembers).toMatchObject({ cutoff: '2028-03-05', erased: 1 });
    expect(await getMember(stack.deps.db, members.lapsed.memberId)).toBeNull();
    expect(await getMember(stack.deps.db, members.buyer.memberId)).not.toBeNull();
  });
});

describe('members stored before the job', () => {
  it('are listed under the day of the one-off backfill, once; a member already listed keeps their day', async () => {
    // As stored before logins were recorded: no LASTACTIVE, on no day's list.
    const { buyer } = members;
    const listedOn = (await getLastActiveDay(stack.deps.db, buyer.memberId))!;
    await stack.deps.db.doc.send(new DeleteCommand({ TableName: stack.deps.db.tableName, Key: keys.memberLastActive(buyer.memberId) }));
    await stack.deps.db.doc.send(
      new DeleteCommand({ TableName: stack.deps.db.tableName, Key: keys.activeDayMember(listedOn, buyer.memberId) }),
    );
    stack.clock.set('2029-03-06T10:00:00+08:00');
    const backfill = jobByName('member-activity-backfill')!;
    // The only joined member left (the others were erased; the admin never joined).
    expect(await backfill.run(stack.deps)).toEqual({ listed: 1, alreadyListed: 0 });
    expect(await getLastActiveDay(stack.deps.db, buyer.memberId)).toBe('2029-03-06');
    expect(await listMembersLastActiveOn(stack.deps.db, '2029-03-06')).toEqual([buyer.memberId]);
    stack.clock.set('2029-03-07T10:00:00+08:00');
    expect(await backfill.run(stack.deps)).toEqual({ listed: 0, alreadyListed: 1 });
    expect(await getLastActiveDay(stack.deps.db, buyer.memberId)).toBe('2029-03-06');
  });
});
