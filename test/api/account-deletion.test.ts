import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ACCOUNT_DELETION_CONFIRMATION } from '@linli/shared/account-deletion';
import { LOCAL_DEFAULTS, LOCAL_SECRETS } from '../../functions/src/config/config.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { phoneLookupHash } from '../../functions/src/members/phone-crypto.ts';
import { runInsightNightly } from '../../functions/src/insight/nightly-scores.ts';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { readTotals } from '../../functions/src/figures/repository.ts';
import { uploadedPhoto } from '../support/photo-upload.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { itemsHolding, listPhotoBucket, localS3, scanTable as scanStackTable } from '../support/personal-data.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { careRuleBody, createCareRule, grantCareTemplate } from '../support/care-rules.ts';
import {
  campaignInput,
  expectRefused,
  joinGroup,
  openGroup,
  payThroughWechat,
  placed,
  publishedCampaign,
  runTimers,
} from '../support/groupbuy.ts';

// Account deletion (注销账户) end to end: a member with everything Linli can hold about a buyer is
// built through the real routes and jobs, deleted, and then the whole table and the whole photo
// bucket are read back: nothing that identifies them is left anywhere, what the accounts need is.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const staff = {} as Record<'admin' | 'supervisor' | 'agent', string>;

const NAME = 'del-rich';
const OPENID = `o-${NAME}`;
const UNIONID = `u-${NAME}`;
const PHONE = '13755508642';
const NICKNAME = '注销测试员小满';
const BIRTHDAY = '1991-11-23';
const FREE_TEXTS = ['蛋壳碎在箱底了', '第二次补充说明', '送货太慢了真的', '请放在丰巢柜里', '满意度回访备注', '补发一箱新鸡蛋'];
const ADDRESS = {
  recipient: '满阿姨收',
  phone: '13600002468',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  detail: '翠苑路七十七号',
  postalCode: '310012',
};

interface Built {
  token: string;
  memberId: string;
  memberCode: string;
  photoKeys: string[];
  orderIds: string[];
  groupOrderNo: string;
  complaintId: string;
  couponCodes: string[];
  redemptionNo: string;
}
let built: Built;

beforeAll(async () => {
  stack = await createTestStack({ env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor', 'agent'] as const) {
    await putStaff(stack.deps.db, { openid: `o-del-${role}`, role, name: `${role}-name`, at: stack.clock().toISOString() });
    staff[role] = (await api.login(`del-${role}`)).token;
  }
  built = await richMember();
}, 120_000);
afterAll(() => stack?.close());

async function ok(response: Response | Promise<Response>, status = 200) {
  const answered = await response;
  const text = await answered.text();
  expect(answered.status, text).toBe(status);
  return text ? JSON.parse(text) : null;
}

/** A joined buyer with a phone, a nickname, a birthday, an avatar, orders, points, coupons, a gift, complaints, a survey, tags… */
async function richMember(): Promise<Built> {
  const session = await api.login(NAME);
  const { token } = session;
  const memberId = session.member.memberId;
  await ok(api.join(token));
  await ok(api.json('POST', '/v1/me/phone', { code: `dev-phone-${PHONE}` }, token));
  const avatarKey = await uploadedPhoto(api, token, 'avatar');
  await ok(api.json('PATCH', '/v1/me', { nickname: NICKNAME, birthday: BIRTHDAY, avatarKey }, token));

  // Orders through the shop's signed webhook, and points beyond them from a supervisor.
  const orderIds = ['del-order-1', 'del-order-2'];
  for (const [i, orderId] of orderIds.entries()) {
    stack.clock.advance(60_000);
    await ok(
      api.postOrder({
        ...sampleOrder({ orderId, openid: OPENID, paidFen: 10_000 * (i + 1), paidAt: stack.clock().toISOString() }),
        region: '浙江省',
      }),
    );
  }
  await ok(
    api.json(
      'POST',
      `/v1/staff/members/${memberId}/points-adjustments`,
      { requestId: randomUUID(), delta: 1000, reason: '老客回馈' },
      staff.supervisor,
    ),
  );
  await ok(api.json('POST', '/v1/me/checkins', undefined, token));

  // A coupon and a delivered gift bought with points (the gift shipped: nothing left to hand over).
  const couponReward = await ok(
    api.json(
      'POST',
      '/v1/staff/rewards',
      {
        kind: 'coupon',
        name: '满100减10元券',
        description: '全场通用',
        pointsPrice: 100,
        stock: 100,
        perMemberLimit: 10,
        tierCodes: [],
        availableFrom: '2026-11-01T00:00:00+08:00',
        availableUntil: '2027-01-01T00:00:00+08:00',
        coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 10_000, validDays: 30 },
      },
      staff.admin,
    ),
  );
  const goodsReward = await ok(
    api.json(
      'POST',
      '/v1/staff/rewards',
      {
        kind: 'goods',
        name: '五常大米 5kg',
        description: '当季新米',
        pointsPrice: 100,
        stock: 100,
        perMemberLimit: 10,
        tierCodes: [],
        availableFrom: '2026-11-01T00:00:00+08:00',
        availableUntil: '2027-01-01T00:00:00+08:00',
        goods: { fulfilment: 'delivery' },
      },
      staff.admin,
    ),
  );
  const coupon = (await ok(api.json('POST', `/v1/mall/rewards/${couponReward.rewardId}/redemptions`, { requestId: randomUUID() }, token)))
    .coupon;
  const gift = (
    await ok(api.json('POST', `/v1/mall/rewards/${goodsReward.rewardId}/redemptions`, { requestId: randomUUID(), address: ADDRESS }, token))
  ).coupon;
  // While the gift waits to be shipped, the account cannot be deleted: the address is how it reaches the buyer.
  await expectRefused(
    await api.json('POST', '/v1/me/deletion', { confirmation: ACCOUNT_DELETION_CONFIRMATION }, token),
    409,
    'ACCOUNT_DELETION_GOODS_PENDING',
  );
  await ok(
    api.json(
      'POST',
      `/v1/staff/goods-redemptions/${gift.goods.redemptionNo}/ship`,
      { carrier: '中通快递', trackingNo: 'ZT12345678' },
      staff.agent,
    ),
  );

  // A complaint with a photo, a reply of the buyer's and a resolution.
  const photo = await uploadedPhoto(api, token, 'complaint');
  const complaint = await ok(
    api.json(
      'POST',
      '/v1/me/complaints',
      { requestId: randomUUID(), category: 'quality', description: FREE_TEXTS[0], contactPreference: 'wechat', photoKeys: [photo] },
      token,
    ),
  );
  const replyPhoto = await uploadedPhoto(api, token, 'complaint');
  await ok(
    api.json(
      'POST',
      `/v1/me/complaints/${complaint.complaintId}/replies`,
      { requestId: randomUUID(), text: FREE_TEXTS[1], photoKeys: [replyPhoto] },
      token,
    ),
  );
  await expectRefused(
    await api.json('POST', '/v1/me/deletion', { confirmation: ACCOUNT_DELETION_CONFIRMATION }, token),
    409,
    'ACCOUNT_DELETION_COMPLAINT_OPEN',
  );
  await ok(api.json('POST', `/v1/staff/complaints/${complaint.complaintId}/claim`, undefined, staff.agent));
  await ok(
    api.json(
      'POST',
      `/v1/staff/complaints/${complaint.complaintId}/resolve`,
      { requestId: randomUUID(), summary: FREE_TEXTS[5], rootCause: { category: 'quality', causeCode: 'batch_defect', sku: 'APPLE-5KG' } },
      staff.agent,
    ),
  );

  // A survey answered unhappily, with free text (it opens a follow-up for the desk).
  const survey = await ok(
    api.json(
      'POST',
      '/v1/staff/surveys',
      {
        name: '购物体验',
        title: '你愿意把我们推荐给朋友吗？',
        questions: [
          { questionId: 'q1', kind: 'nps', title: '推荐的可能性有多大？' },
          { questionId: 'q2', kind: 'long-text', title: '哪里让你不满意？' },
        ],
      },
      staff.admin,
    ),
  );
  await ok(api.json('POST', `/v1/staff/surveys/${survey.surveyId}/publish`, { revision: survey.revision }, staff.admin));
  await ok(
    api.json(
      'POST',
      `/v1/surveys/${survey.surveyId}/responses`,
      { requestId: randomUUID(), version: 1, answers: { q1: 2, q2: FREE_TEXTS[2] } },
      token,
    ),
  );

  // Tags, a subscription, a planned birthday greeting.
  await ok(api.json('PUT', `/v1/staff/members/${memberId}/tags/${encodeURIComponent('爱吃蛋')}`, undefined, staff.supervisor));
  await grantCareTemplate(stack, api, { openid: OPENID, token });
  await createCareRule(api, staff.admin, careRuleBody({ sendTime: '20:00' }));
  await planCare(stack.deps);

  // A 拼团 of two that succeeded and whose order went to the shop.
  const campaign = await publishedCampaign(api, staff.admin, campaignInput(stack.clock(), { name: '注销测试 2 人团', groupSize: 2 }));
  const friend = await api.login('del-friend');
  await ok(api.join(friend.token));
  const mine = await placed(await openGroup(api, token, campaign.campaignId));
  await payThroughWechat(stack, api, token, mine.orderNo);
  // A paid place in a forming group is money on its way: no deletion until the group ends.
  await expectRefused(
    await api.json('POST', '/v1/me/deletion', { confirmation: ACCOUNT_DELETION_CONFIRMATION }, token),
    409,
    'ACCOUNT_DELETION_GROUP_BUY_OPEN',
  );
  const theirs = await placed(await joinGroup(api, friend.token, mine.groupId));
  await payThroughWechat(stack, api, friend.token, theirs.orderNo);
  await runTimers(stack);
  await runTimers(stack);

  // The nightly scores, facets, lifecycle stage and rule tags.
  await runInsightNightly(stack.deps);

  const card = await ok(api.json('GET', '/v1/me', undefined, token));
  const bucketKeys = await listBucket();
  return {
    token,
    memberId,
    memberCode: card.memberCode,
    photoKeys: bucketKeys.filter((key) => key.includes(memberId)),
    orderIds: [...orderIds, `gb-${mine.orderNo}`],
    groupOrderNo: mine.orderNo,
    complaintId: complaint.complaintId,
    couponCodes: [coupon.code, gift.code],
    redemptionNo: gift.goods.redemptionNo,
  };
}

const scanTable = () => scanStackTable(stack);
const s3 = () => localS3(stack);
const listBucket = () => listPhotoBucket(stack);

const deleteAccount = (token: string, body: unknown = { confirmation: ACCOUNT_DELETION_CONFIRMATION }) =>
  api.json('POST', '/v1/me/deletion', body, token);

async function memberSearch(q: string) {
  return (await ok(api.json('GET', `/v1/staff/member-search?q=${encodeURIComponent(q)}`, undefined, staff.agent))) as {
    items: Array<{ memberId: string }>;
  };
}

describe('before deletion', () => {
  it('the member is everywhere staff look, and their photos are in the bucket', async () => {
    expect(built.photoKeys).toHaveLength(3);
    expect((await memberSearch(NICKNAME.slice(2))).items.map((hit) => hit.memberId)).toContain(built.memberId);
    expect((await memberSearch(PHONE.slice(-4))).items.map((hit) => hit.memberId)).toContain(built.memberId);
    const items = await scanTable();
    const table = JSON.stringify(items);
    for (const identity of [OPENID, UNIONID, NICKNAME, ...FREE_TEXTS.slice(0, 3), ADDRESS.recipient]) expect(table).toContain(identity);
    // Every kind of item the deletion must reach exists for this member (so the scan after it proves something).
    const holding = items.filter((item) => JSON.stringify(item).includes(built.memberId));
    const partitions = new Set(holding.map((item) => String(item.pk).split('#')[0]));
    expect([...partitions]).toEqual(
      expect.arrayContaining(['MEMBER', 'INSIGHT', 'FACET', 'TAGGED', 'MEMBERSEARCH', 'OPENID', 'PHONE', 'MEMBERCODE', 'PHOTO']),
    );
    expect([...partitions]).toEqual(
      expect.arrayContaining([
        'FOLLOWUP',
        'COMPLAINT',
        'COUPON',
        'GROUPORDER',
        'GROUP',
        'CAMPAIGN',
        'FULFILMENTS',
        'ORDER',
        'SURVEYRESPONSES',
      ]),
    );
    const ownItems = new Set(holding.filter((item) => item.pk === `MEMBER#${built.memberId}`).map((item) => String(item.sk).split('#')[0]));
    expect([...ownItems]).toEqual(
      expect.arrayContaining(['PROFILE', 'CONSENT', 'LEDGER', 'LOT', 'CHECKIN', 'SUBSCRIPTION', 'CARE', 'TAG', 'SURVEYRESP', 'COUPONREF']),
    );
    expect(table).toContain(`GOODSSEARCH#PHONE4#${PHONE.slice(-4)}`);
    expect(items.some((item) => item.birthdayPk === 'BIRTHDAY#11-23' && item.birthdaySk === built.memberId)).toBe(true);
    expect(
      items.some((item) => String(item.careDuePk ?? '').startsWith('CAREDUE#') && String(item.careDueSk).includes(built.memberId)),
    ).toBe(true);
  });

  it('refuses a request without the confirmation, and changes nothing', async () => {
    await expectRefused(await deleteAccount(built.token, {}), 400, 'VALIDATION_FAILED');
    await expectRefused(await deleteAccount(built.token, { confirmation: 'yes' }), 400, 'VALIDATION_FAILED');
    expect((await api.json('GET', '/v1/me', undefined, built.token)).status).toBe(200);
  });

  it('refuses staff: their role must be removed first', async () => {
    await expectRefused(await deleteAccount(staff.agent), 409, 'ACCOUNT_DELETION_STAFF');
  });
});

describe('after deletion', () => {
  let table: Record<string, unknown>[];
  let totalsBefore: Awaited<ReturnType<typeof readTotals>>;

  beforeAll(async () => {
    totalsBefore = await readTotals(stack.deps.db);
    const response = await deleteAccount(built.token);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual({ status: 'deleted', deletedAt: stack.clock().toISOString() });
    table = await scanTable();
  });

  it('leaves no item anywhere in the table holding who they were or what they wrote', () => {
    const phoneHash = phoneLookupHash(PHONE, LOCAL_SECRETS.phoneLookupKey);
    const forbidden = [
      OPENID,
      UNIONID,
      PHONE,
      `PHONE4#${PHONE.slice(-4)}`,
      `MEMBERSEARCH#PHONE4#${PHONE.slice(-4)}`,
      `${PHONE.slice(0, 3)}****${PHONE.slice(-4)}`,
      phoneHash,
      NICKNAME,
      ...[...NICKNAME].slice(1).map((_, i) => `MEMBERSEARCH#NICK#${[...NICKNAME][i]}`),
      BIRTHDAY,
      'BIRTHDAY#11-23',
      built.memberCode,
      ...FREE_TEXTS,
      ADDRESS.recipient,
      ADDRESS.detail,
      ADDRESS.phone,
      ...built.photoKeys,
    ];
    expect(itemsHolding(table, forbidden)).toEqual([]);
  });

  it('keeps the member id only in the record that the deletion happened, and in the audit log', () => {
    // The audit log (append-only, kept for its own period) names the id: nothing links it to a person any more.
    const audit = table.filter((item) => String(item.pk).startsWith('AUDIT'));
    expect(audit.filter((item) => item.action === 'privacy.account-deleted' && item.memberId === built.memberId)).not.toEqual([]);
    const holding = table.filter((item) => !String(item.pk).startsWith('AUDIT') && JSON.stringify(item).includes(built.memberId));
    expect(holding.map((item) => `${item.pk}|${item.sk}`)).toEqual([`MEMBER#${built.memberId}|ERASURE`]);
    expect(holding[0]).toEqual({ pk: `MEMBER#${built.memberId}`, sk: 'ERASURE', state: 'done', erasedAt: expect.any(String) });
  });

  it('deletes every photo object of theirs from the bucket', async () => {
    const left = await listBucket();
    for (const key of built.photoKeys) expect(left).not.toContain(key);
    expect(left.filter((key) => key.includes(built.memberId))).toEqual([]);
    const client = s3();
    await expect(client.send(new GetObjectCommand({ Bucket: LOCAL_DEFAULTS.photosBucket, Key: built.photoKeys[0] }))).rejects.toThrow();
    client.destroy();
  });

  it('keeps the orders, the ledger figures, coupons, the complaint and the group-buy payment, under one anonymous id', () => {
    const orders = table.filter((item) => item.sk === 'ORDER' && built.orderIds.includes(item.orderId as string));
    expect(orders.map((order) => order.orderId).sort()).toEqual([...built.orderIds].sort());
    const anonymousId = orders[0]!.anonymousBuyer as string;
    expect(anonymousId).toMatch(/^anon_/);
    for (const order of orders) {
      expect(order).toMatchObject({ openid: null, memberId: null, anonymousBuyer: anonymousId, credited: true });
      expect(order).not.toHaveProperty('buyerPk');
      expect(order).not.toHaveProperty('careDayPk');
    }
    expect(orders.find((order) => order.orderId === 'del-order-2')).toMatchObject({ paidFen: 20_000, points: expect.any(Number) });

    const ledger = table.filter((item) => item.pk === `ERASED#${anonymousId}`);
    const types = ledger.map((entry) => entry.type);
    expect(types).toEqual(expect.arrayContaining(['order', 'adjustment', 'checkin', 'redemption', 'expiry']));
    for (const entry of ledger) expect(entry).toMatchObject({ memberId: anonymousId });
    // The entries still add up: the last balance was forfeited by the deletion's own entry.
    const forfeit = ledger.find((entry) => entry.entryId === 'forfeit')!;
    expect(forfeit).toMatchObject({ type: 'expiry', balanceAfter: 0, note: '账户注销，积分作废' });
    expect(ledger.reduce((sum, entry) => sum + (entry.delta as number), 0)).toBe(0);

    const coupons = table.filter((item) => item.sk === 'COUPON' && built.couponCodes.includes(item.code as string));
    expect(coupons).toHaveLength(2);
    for (const coupon of coupons) expect(coupon.memberId).toBe(anonymousId);
    expect(coupons.find((coupon) => coupon.goods)!.goods).toMatchObject({
      status: 'shipped',
      address: null,
      buyerNickname: null,
      buyerPhoneMasked: null,
      addressPhoneEncrypted: null,
    });

    const complaint = table.find((item) => item.pk === `COMPLAINT#${built.complaintId}` && item.sk === 'COMPLAINT')!;
    expect(complaint).toMatchObject({ memberId: anonymousId, status: 'resolved', category: 'quality', photoKeys: [] });

    const groupOrder = table.find((item) => item.pk === `GROUPORDER#${built.groupOrderNo}`)!;
    expect(groupOrder).toMatchObject({ memberId: anonymousId, status: 'succeeded', amountFen: expect.any(Number) });
    expect(groupOrder).not.toHaveProperty('openid');
  });

  it('takes their points and the member out of the shop totals', async () => {
    const totals = await readTotals(stack.deps.db);
    const forfeit = table.find((item) => (item.pk as string).startsWith('ERASED#') && item.entryId === 'forfeit')!;
    expect(forfeit.delta).toBeLessThan(0);
    expect(totals.members).toBe(totalsBefore.members - 1);
    expect(totals.points).toBe(totalsBefore.points + (forfeit.delta as number));
  });

  it('leaves no staff search, list or queue finding them', async () => {
    for (const q of [NICKNAME, NICKNAME.slice(2, 5), PHONE.slice(-4), built.memberCode, OPENID, 'del-order-1']) {
      expect(
        (await memberSearch(q)).items.map((hit) => hit.memberId),
        q,
      ).not.toContain(built.memberId);
    }
    for (const path of [
      '/v1/staff/members?limit=100',
      '/v1/staff/customers?limit=100',
      `/v1/staff/goods-redemptions?q=${PHONE.slice(-4)}`,
      `/v1/staff/goods-redemptions?q=${encodeURIComponent(NICKNAME)}`,
      `/v1/staff/tags/${encodeURIComponent('爱吃蛋')}/members`,
      `/v1/staff/members/${built.memberId}/profile`,
    ]) {
      const response = await api.json('GET', path, undefined, staff.admin);
      expect(response.status, path).toBeLessThan(500);
      const text = await response.text();
      expect(text, path).not.toContain(built.memberId);
      expect(text, path).not.toContain(NICKNAME);
    }
    // The complaint is still the desk's record, without the buyer.
    const complaint = await api.json('GET', `/v1/staff/complaints/${built.complaintId}`, undefined, staff.agent);
    expect(complaint.status).toBeLessThan(500);
    expect(await complaint.text()).not.toContain(FREE_TEXTS[0]);
  });

  it('answers a second deletion with the first result, and the old session has no member any more', async () => {
    const first = table.find((item) => item.sk === 'ERASURE')!;
    stack.clock.advance(60_000);
    expect(await ok(deleteAccount(built.token))).toEqual({ status: 'deleted', deletedAt: first.erasedAt });
    await expectRefused(await api.json('GET', '/v1/me', undefined, built.token), 401, 'UNAUTHENTICATED');
  });

  it('starts a new member, with nothing of the old one, when the same WeChat user logs in again', async () => {
    const again = await api.login(NAME);
    expect(again.member.memberId).not.toBe(built.memberId);
    expect(again.member.status).toBe('visitor');
    await ok(api.join(again.token));
    const card = await ok(api.json('GET', '/v1/me', undefined, again.token));
    expect(card).toMatchObject({ nickname: null, phoneMasked: null, birthday: null });
    expect(card.memberCode).not.toBe(built.memberCode);
    expect(JSON.stringify(card)).not.toMatch(/"pointsBalance":[1-9]/);
    const orders = await ok(api.json('GET', '/v1/me/orders', undefined, again.token));
    expect(orders.items).toEqual([]);
    const coupons = await ok(api.json('GET', '/v1/me/coupons', undefined, again.token));
    expect(coupons.items).toEqual([]);
    const complaints = await ok(api.json('GET', '/v1/me/complaints', undefined, again.token));
    expect(complaints.items).toEqual([]);
  });

  it('records a refund of a kept order without points or errors', async () => {
    const refunded = await ok(api.postRefund({ refundId: 'del-refund-1', orderId: 'del-order-1', refundFen: 1000 }));
    expect(refunded).toMatchObject({ pointsTakenBack: 0 });
  });
});
