import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoUploadGrant } from '@linli/shared/photos';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { getCoupon } from '../../functions/src/mall/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// Goods rewards that ship (a delivery address on the redemption, a pickup place on the reward),
// 礼品管理's goods, tier and picture settings, and 兑换订单: status transitions, search, paging, CSV.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let admin: string;
let supervisor: string;
let agent: string;

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-23T02:00:00.000Z' });
  api = apiClient(stack);
  for (const [openid, role, name] of [
    ['o-gd-admin', 'admin', '店长老周'],
    ['o-gd-supervisor', 'supervisor', '主管小王'],
    ['o-gd-agent', 'agent', '客服小林'],
  ] as const) {
    await putStaff(stack.deps.db, { openid, role, name, at: stack.clock().toISOString() });
  }
  admin = (await api.login('gd-admin')).token;
  supervisor = (await api.login('gd-supervisor')).token;
  agent = (await api.login('gd-agent')).token;
});
afterAll(() => stack.close());

const ADDRESS = {
  recipient: '李阿姨',
  phone: '13912345678',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  detail: '文三路 100 号 2 幢 301 室',
  postalCode: '310012',
};

function goodsReward(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'goods',
    name: '五常大米 5kg',
    description: '当季新米',
    pointsPrice: 100,
    stock: 100,
    perMemberLimit: 100,
    tierCodes: [],
    availableFrom: '2026-11-01T00:00:00+08:00',
    availableUntil: '2027-01-01T00:00:00+08:00',
    goods: { fulfilment: 'delivery' },
    ...overrides,
  };
}

async function newReward(overrides: Record<string, unknown> = {}) {
  const response = await api.json('POST', '/v1/staff/rewards', goodsReward(overrides), admin);
  expect(response.status).toBe(200);
  return (await response.json()) as { rewardId: string; version: number; pictureUrl: string | null; goods: { pickupPlace: string } };
}

/** A joined member with points and, when given, a nickname and a bound phone. */
async function buyer(name: string, options: { points?: number; nickname?: string; phone?: string } = {}) {
  const session = await api.login(name);
  await api.join(session.token);
  const credited = await api.json(
    'POST',
    `/v1/staff/members/${session.member.memberId}/points-adjustments`,
    { requestId: randomUUID(), delta: options.points ?? 1000, reason: '测试积分' },
    supervisor,
  );
  expect(credited.status).toBe(200);
  if (options.nickname) expect((await api.json('PATCH', '/v1/me', { nickname: options.nickname }, session.token)).status).toBe(200);
  if (options.phone)
    expect((await api.json('POST', '/v1/me/phone', { code: `dev-phone-${options.phone}` }, session.token)).status).toBe(200);
  return session;
}

const redeem = (token: string, rewardId: string, body: Record<string, unknown> = {}) =>
  api.json('POST', `/v1/mall/rewards/${rewardId}/redemptions`, { requestId: randomUUID(), ...body }, token);

async function redeemed(token: string, rewardId: string, body: Record<string, unknown> = {}) {
  const response = await redeem(token, rewardId, body);
  expect(response.status).toBe(200);
  return (await response.json()) as { coupon: { code: string; goods: { redemptionNo: string } } };
}

const list = async (token: string, query = '') => {
  const response = await api.json('GET', `/v1/staff/goods-redemptions${query}`, undefined, token);
  expect(response.status).toBe(200);
  return (await response.json()) as { items: Array<Record<string, unknown> & { redemptionNo: string }>; nextCursor: string | null };
};

async function expectRefused(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect((await response.json()).error.code).toBe(code);
}

describe('redeeming a delivery reward', () => {
  it('refuses without an address (DELIVERY_ADDRESS_REQUIRED) and changes nothing', async () => {
    const reward = await newReward({ stock: 3 });
    const member = await buyer('gd-no-address', { points: 500 });
    await expectRefused(await redeem(member.token, reward.rewardId), 422, 'DELIVERY_ADDRESS_REQUIRED');
    const card = await (await api.json('GET', '/v1/me', undefined, member.token)).json();
    expect(card.points.balance).toBe(500);
  });

  it.each([
    ['phone', { ...ADDRESS, phone: '1391234' }],
    ['recipient', { ...ADDRESS, recipient: '' }],
    ['detail', { ...ADDRESS, detail: '' }],
    ['postalCode', { ...ADDRESS, postalCode: '31001' }],
  ])('refuses an address with a bad %s field by field', async (field, address) => {
    const reward = await newReward();
    const member = await buyer(`gd-bad-${field}`);
    const response = await redeem(member.token, reward.rewardId, { address });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((issue: { path: string }) => issue.path)).toContain(`address.${field}`);
  });

  it('keeps the address on the redemption, the phone encrypted, and shows the buyer a number and 待发货', async () => {
    const reward = await newReward();
    const member = await buyer('gd-address');
    const redemption = await redeemed(member.token, reward.rewardId, { address: ADDRESS });
    expect(redemption.coupon.goods).toMatchObject({
      redemptionNo: expect.stringMatching(/^\d{8}$/),
      status: 'pending',
      address: { recipient: '李阿姨', phoneMasked: '139****5678', city: '杭州市', detail: ADDRESS.detail },
      carrier: null,
      trackingNo: null,
    });
    expect(JSON.stringify(redemption)).not.toContain('13912345678');
    const stored = await getCoupon(stack.deps.db, redemption.coupon.code);
    expect(JSON.stringify(stored)).not.toContain('13912345678');
    expect(stored!.goods!.addressPhoneEncrypted).toMatch(/^v1\./);
  });

  it('answers a repeated request id with the same redemption, writing one', async () => {
    const reward = await newReward({ stock: 5 });
    const member = await buyer('gd-retry', { nickname: '重试的人' });
    const requestId = randomUUID();
    const [first, second] = await Promise.all([
      redeem(member.token, reward.rewardId, { requestId, address: ADDRESS }),
      redeem(member.token, reward.rewardId, { requestId, address: ADDRESS }),
    ]);
    const a = await first.json();
    const b = await second.json();
    expect(a.coupon.goods.redemptionNo).toBe(b.coupon.goods.redemptionNo);
    expect((await list(admin, `?q=${encodeURIComponent('重试的人')}`)).items).toHaveLength(1);
  });

  it('shows a pickup reward with where to pick it up, and needs no address', async () => {
    const reward = await newReward({
      name: '土鸡蛋 30 枚',
      goods: { fulfilment: 'pickup', pickupPlace: '邻里生鲜 文三路店（9:00–21:00）' },
    });
    const member = await buyer('gd-pickup');
    const mall = await (await api.json('GET', '/v1/mall/rewards', undefined, member.token)).json();
    expect(mall.items.find((r: { rewardId: string }) => r.rewardId === reward.rewardId).goods).toEqual({
      fulfilment: 'pickup',
      pickupPlace: '邻里生鲜 文三路店（9:00–21:00）',
    });
    const redemption = await redeemed(member.token, reward.rewardId);
    expect(redemption.coupon.goods).toMatchObject({ status: 'pending', pickupPlace: '邻里生鲜 文三路店（9:00–21:00）', address: null });
  });
});

describe('tier restrictions', () => {
  it('refuse a member of a lower tier with REWARD_TIER_RESTRICTED and let the tiers named through', async () => {
    const reward = await newReward({ tierCodes: ['gold', 'diamond'] });
    const member = await buyer('gd-regular');
    await expectRefused(await redeem(member.token, reward.rewardId, { address: ADDRESS }), 422, 'REWARD_TIER_RESTRICTED');
    const open = await newReward({ tierCodes: ['regular'] });
    expect((await redeem(member.token, open.rewardId, { address: ADDRESS })).status).toBe(200);
  });

  it('must name tiers on the ladder', async () => {
    const response = await api.json('POST', '/v1/staff/rewards', goodsReward({ tierCodes: ['platinum'] }), admin);
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues).toEqual([{ path: 'tierCodes', message: expect.any(String) }]);
  });
});

describe('reward pictures', () => {
  const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(500)]);

  async function uploaded(token: string): Promise<string> {
    const granted = await api.json('POST', '/v1/me/photo-uploads', { contentType: 'image/png', sizeBytes: 504, purpose: 'reward' }, token);
    expect(granted.status).toBe(200);
    const upload = (await granted.json()) as PhotoUploadGrant;
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(png())]), 'rice.png');
    expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBe(204);
    return upload.key;
  }

  it('are uploaded by those who edit rewards only', async () => {
    const request = { contentType: 'image/png', sizeBytes: 504, purpose: 'reward' };
    await expectRefused(await api.json('POST', '/v1/me/photo-uploads', request, agent), 403, 'FORBIDDEN');
    const member = await buyer('gd-picture-buyer');
    await expectRefused(await api.json('POST', '/v1/me/photo-uploads', request, member.token), 403, 'FORBIDDEN');
  });

  it('are attached to the reward and shown in the mall with a display link', async () => {
    const key = await uploaded(supervisor);
    const response = await api.json('POST', '/v1/staff/rewards', goodsReward({ pictureKey: key }), supervisor);
    expect(response.status).toBe(200);
    const reward = await response.json();
    expect(reward.pictureKey).toBe(key);
    const member = await buyer('gd-picture-viewer');
    const mall = await (await api.json('GET', '/v1/mall/rewards', undefined, member.token)).json();
    const shown = mall.items.find((r: { rewardId: string }) => r.rewardId === reward.rewardId);
    expect((await fetch(shown.pictureUrl)).status).toBe(200);
    // Saving the reward again with the same picture keeps it; naming it on another reward is refused.
    expect(
      (await api.json('PUT', `/v1/staff/rewards/${reward.rewardId}?version=1`, goodsReward({ pictureKey: key, stock: 9 }), supervisor))
        .status,
    ).toBe(200);
    await expectRefused(
      await api.json('POST', '/v1/staff/rewards', goodsReward({ pictureKey: key }), supervisor),
      422,
      'PHOTO_ALREADY_ATTACHED',
    );
  });

  it("refuse another staff member's upload", async () => {
    const key = await uploaded(supervisor);
    await expectRefused(await api.json('POST', '/v1/staff/rewards', goodsReward({ pictureKey: key }), admin), 422, 'PHOTO_NOT_YOURS');
  });
});

describe('兑换订单 (goods redemptions for staff)', () => {
  it('are open to every staff role and to no buyer', async () => {
    for (const token of [admin, supervisor, agent]) await list(token);
    const member = await buyer('gd-nosy');
    await expectRefused(await api.json('GET', '/v1/staff/goods-redemptions', undefined, member.token), 403, 'FORBIDDEN');
    await expectRefused(
      await api.json('POST', '/v1/staff/goods-redemptions/12345678/hand-over', undefined, member.token),
      403,
      'FORBIDDEN',
    );
  });

  it('show the phone masked in lists and whole only on the shipping detail', async () => {
    const reward = await newReward();
    const member = await buyer('gd-masked', { nickname: '掩码测试' });
    const { coupon } = await redeemed(member.token, reward.rewardId, { address: ADDRESS });
    const [row] = (await list(agent, `?q=${coupon.goods.redemptionNo}`)).items;
    expect(row).toMatchObject({ redemptionNo: coupon.goods.redemptionNo, status: 'pending', address: { phoneMasked: '139****5678' } });
    expect(JSON.stringify(row)).not.toContain('13912345678');
    const detail = await (await api.json('GET', `/v1/staff/goods-redemptions/${coupon.goods.redemptionNo}`, undefined, agent)).json();
    expect(detail.addressPhone).toBe('13912345678');
  });

  it('ship a delivery redemption once, recording who and when; the buyer then sees 已发货 and the tracking number', async () => {
    const reward = await newReward();
    const member = await buyer('gd-ship');
    const { coupon } = await redeemed(member.token, reward.rewardId, { address: ADDRESS });
    const no = coupon.goods.redemptionNo;
    const shipment = { carrier: '顺丰速运', trackingNo: 'SF1234567890' };
    const shipped = await api.json('POST', `/v1/staff/goods-redemptions/${no}/ship`, shipment, agent);
    expect(shipped.status).toBe(200);
    expect(await shipped.json()).toMatchObject({
      status: 'shipped',
      carrier: '顺丰速运',
      trackingNo: 'SF1234567890',
      shippedAt: stack.clock().toISOString(),
      handledBy: '客服小林',
    });
    // The same shipment again (a retry) answers the same; other details are a second shipment, refused.
    expect((await api.json('POST', `/v1/staff/goods-redemptions/${no}/ship`, shipment, agent)).status).toBe(200);
    await expectRefused(
      await api.json('POST', `/v1/staff/goods-redemptions/${no}/ship`, { carrier: '中通快递', trackingNo: 'ZT999999' }, admin),
      409,
      'REDEMPTION_TRANSITION_INVALID',
    );
    await expectRefused(
      await api.json('POST', `/v1/staff/goods-redemptions/${no}/hand-over`, undefined, admin),
      409,
      'REDEMPTION_TRANSITION_INVALID',
    );
    const mine = await (await api.json('GET', '/v1/me/coupons', undefined, member.token)).json();
    expect(mine.items[0]).toMatchObject({ status: 'used', goods: { status: 'shipped', carrier: '顺丰速运', trackingNo: 'SF1234567890' } });
  });

  it('hand over a pickup redemption, and refuse to ship it', async () => {
    const reward = await newReward({ goods: { fulfilment: 'pickup', pickupPlace: '文三路店' } });
    const member = await buyer('gd-handover');
    const { coupon } = await redeemed(member.token, reward.rewardId);
    const no = coupon.goods.redemptionNo;
    await expectRefused(
      await api.json('POST', `/v1/staff/goods-redemptions/${no}/ship`, { carrier: '顺丰速运', trackingNo: 'SF1' + '0000' }, agent),
      409,
      'REDEMPTION_TRANSITION_INVALID',
    );
    const handed = await api.json('POST', `/v1/staff/goods-redemptions/${no}/hand-over`, undefined, supervisor);
    expect(handed.status).toBe(200);
    expect(await handed.json()).toMatchObject({ status: 'picked_up', handedOverAt: stack.clock().toISOString(), handledBy: '主管小王' });
    await expectRefused(
      await api.json('POST', `/v1/staff/goods-redemptions/${no}/hand-over`, undefined, agent),
      409,
      'REDEMPTION_TRANSITION_INVALID',
    );
    // Scanning its code at 核销 afterwards says it was used.
    await expectRefused(await api.json('POST', `/v1/staff/coupons/${coupon.code}/use`, undefined, agent), 409, 'COUPON_ALREADY_USED');
  });

  it('hand over a pickup redemption scanned at 核销, and refuse to scan a delivery one', async () => {
    const pickup = await newReward({ goods: { fulfilment: 'pickup', pickupPlace: '文三路店' } });
    const delivery = await newReward();
    const member = await buyer('gd-scan');
    const picked = await redeemed(member.token, pickup.rewardId);
    expect((await api.json('POST', `/v1/staff/coupons/${picked.coupon.code}/use`, undefined, agent)).status).toBe(200);
    const [row] = (await list(agent, `?q=${picked.coupon.goods.redemptionNo}`)).items;
    expect(row).toMatchObject({ status: 'picked_up', handledBy: '客服小林' });
    const sent = await redeemed(member.token, delivery.rewardId, { address: ADDRESS });
    await expectRefused(
      await api.json('POST', `/v1/staff/coupons/${sent.coupon.code}/use`, undefined, agent),
      409,
      'REDEMPTION_TRANSITION_INVALID',
    );
  });

  it('answer REDEMPTION_NOT_FOUND for an unknown or malformed number, and 400 for a forged cursor', async () => {
    await expectRefused(await api.json('GET', '/v1/staff/goods-redemptions/00000000', undefined, agent), 404, 'REDEMPTION_NOT_FOUND');
    await expectRefused(
      await api.json('POST', '/v1/staff/goods-redemptions/abc/ship', { carrier: '顺丰速运', trackingNo: 'SF0001' }, agent),
      404,
      'REDEMPTION_NOT_FOUND',
    );
    await expectRefused(await api.json('GET', '/v1/staff/goods-redemptions?cursor=bm9wZQ', undefined, agent), 400, 'VALIDATION_FAILED');
  });

  it("are never shown to another buyer: 我的券 holds one's own redemptions only", async () => {
    const reward = await newReward();
    const owner = await buyer('gd-owner');
    const other = await buyer('gd-other');
    const { coupon } = await redeemed(owner.token, reward.rewardId, { address: ADDRESS });
    const theirs = await (await api.json('GET', '/v1/me/coupons', undefined, other.token)).json();
    expect(theirs.items.map((c: { code: string }) => c.code)).not.toContain(coupon.code);
    expect(JSON.stringify(theirs)).not.toContain(coupon.goods.redemptionNo);
  });
});

describe('兑换订单 search, paging and CSV', () => {
  let rewardId: string;
  const numbers: string[] = [];

  beforeAll(async () => {
    rewardId = (await newReward({ name: '高山云雾茶 250g' })).rewardId;
    const member = await buyer('gd-search', { nickname: '茶友阿明', phone: '13700004321' });
    for (let i = 0; i < 5; i++) {
      stack.clock.advance(60_000);
      numbers.push((await redeemed(member.token, rewardId, { address: { ...ADDRESS, phone: '13811118765' } })).coupon.goods.redemptionNo);
    }
    await api.json('POST', `/v1/staff/goods-redemptions/${numbers[0]}/ship`, { carrier: '顺丰速运', trackingNo: 'SF0000000001' }, agent);
  });

  it('finds by the buyer phone last four, the address phone last four, the nickname (space around ignored) and the number', async () => {
    for (const q of ['4321', '8765', '茶友阿明', ` 茶友阿明 `]) {
      const found = await list(agent, `?q=${encodeURIComponent(q)}&limit=50`);
      expect(found.items.map((r) => r.redemptionNo).sort()).toEqual([...numbers].sort());
    }
    expect((await list(agent, `?q=${numbers[2]}`)).items.map((r) => r.redemptionNo)).toEqual([numbers[2]]);
    expect((await list(agent, '?q=0000')).items).toEqual([]);
  });

  it('pages newest first by cursor, reaching each once, within one status too', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const result = await list(agent, `?q=4321&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(result.items.length).toBeLessThanOrEqual(2);
      seen.push(...result.items.map((r) => r.redemptionNo));
      cursor = result.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...numbers].reverse());

    const pending: string[] = [];
    cursor = null;
    do {
      const result = await list(agent, `?status=pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pending.push(...result.items.map((r) => r.redemptionNo));
      cursor = result.nextCursor;
    } while (cursor);
    expect(pending).toEqual(expect.arrayContaining(numbers.slice(1)));
    expect(pending).not.toContain(numbers[0]);
    expect((await list(agent, '?status=shipped&q=4321')).items.map((r) => r.redemptionNo)).toEqual([numbers[0]]);
  });

  it('exports the filtered list as CSV, one row each, phones masked', async () => {
    const response = await api.json('GET', '/v1/staff/goods-redemptions.csv?q=4321&status=pending', undefined, agent);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = await response.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('兑换单号');
    expect(lines).toHaveLength(1 + 4);
    expect(csv).toContain('待发货');
    expect(csv).toContain('138****8765');
    expect(csv).not.toContain('13811118765');
    expect(csv).not.toContain(numbers[0]);
  });
});
