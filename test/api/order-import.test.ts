import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeleteCommand, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ORDER_IMPORT_HEADER, MAX_IMPORT_LINES_PER_REQUEST, type OrderImportReport } from '@linli/shared/order-import';
import { listMemberDeliveries } from '../../functions/src/automation/care-repository.ts';
import { keys } from '../../functions/src/db/keys.ts';
import { jobByName } from '../../functions/src/jobs/registry.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { phoneLookupHash } from '../../functions/src/members/phone-crypto.ts';
import { getOrder } from '../../functions/src/orders/repository.ts';
import { importOrders } from '../../functions/src/orders/import-orders.ts';
import { listWholeLedger } from '../../functions/src/points/ledger.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { listTierChanges } from '../../functions/src/tiers/changes-repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { expectKeptFigures, expectPointsInvariants } from '../support/points-invariants.ts';

// 导入历史订单: the seller's order history from CSV, through the webhook's own domain code.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens = {} as Record<'admin' | 'supervisor' | 'agent', string>;
const HEADER = ORDER_IMPORT_HEADER.join(',');
const TIER_TEMPLATE = 'tmpl-tier-changed';

beforeAll(async () => {
  // Monday 2026-11-23, 10:00 in Shanghai; sessions outlive the test.
  stack = await createTestStack({ env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor', 'agent'] as const) {
    await putStaff(stack.deps.db, { openid: `o-imp-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`imp-${role}`)).token;
  }
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.emulator.state.messages.length = 0;
});

/** Posts a file of these item lines (after the header) as an admin. */
async function importLines(lines: string[], options: { creditPoints?: boolean; dryRun?: boolean } = {}, token = tokens.admin) {
  return api.json('POST', '/v1/staff/order-imports', { csv: [HEADER, ...lines].join('\n'), ...options }, token);
}
async function imported(lines: string[], options: { creditPoints?: boolean; dryRun?: boolean } = {}): Promise<OrderImportReport> {
  const response = await importLines(lines, options);
  expect(response.status).toBe(200);
  return response.json();
}
/** One item line: an order of one item paying `fen`. */
const line = (
  orderId: string,
  buyer: { openid?: string; phone?: string },
  fen: number,
  more: { paidAt?: string; refundedFen?: number } = {},
) =>
  [
    orderId,
    buyer.openid ?? '',
    buyer.phone ?? '',
    more.paidAt ?? '2026-11-10 15:00:00',
    fen,
    more.refundedFen ?? '',
    'APPLE-5KG',
    '烟台红富士 5kg',
    'fruit',
    1,
    fen,
  ].join(',');

async function joined(name: string) {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  return session;
}
const me = async (token: string) => (await api.json('GET', '/v1/me', undefined, token)).json();
const myOrders = async (token: string) =>
  (await (await api.json('GET', '/v1/me/orders', undefined, token)).json()).items as Array<{ orderId: string }>;
const overview = async () => (await api.json('GET', '/v1/staff/overview', undefined, tokens.admin)).json();
const on = (body: { days: string[] }, trend: number[], day: string) => trend[body.days.indexOf(day)] ?? Number.NaN;
/** Verifies `phone` for the member, as the getPhoneNumber button does (each WeChat code is single-use). */
const bindPhone = async (token: string, phone: string) => {
  const response = await api.json('POST', '/v1/me/phone', { code: `dev-phone-${phone}.${Math.random().toString(36).slice(2, 10)}` }, token);
  expect(response.status).toBe(200);
};

/** The member may be sent one tier-change notice (granted in WeChat and told to the API). */
async function grantTierNotice(name: string, token: string) {
  const granted = await stack.emulator.app.request('/__emulator/subscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid: `o-${name}`, templateIds: [TIER_TEMPLATE], result: 'accept' }),
  });
  expect(granted.status).toBe(200);
  const told = await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TIER_TEMPLATE, result: 'accept' }] }, token);
  expect(told.status).toBe(200);
}

/**
 * Every item in the table but the audit log's, in key order: "changes nothing" means this is equal
 * before and after (the audit log records each import request that was answered, whatever it did).
 */
async function wholeTable() {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.deps.db.doc.send(
      new ScanCommand({ TableName: stack.deps.db.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.filter((item) => !String(item.pk).startsWith('AUDIT')).sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

describe('who may import', () => {
  it('admits admins only: supervisors, agents and members get 403, no token 401', async () => {
    const member = await joined('imp-who');
    for (const token of [tokens.supervisor, tokens.agent, member.token]) {
      const response = await importLines([line('WHO-1', { openid: 'o-imp-who' }, 100)], {}, token);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('FORBIDDEN');
    }
    const anonymous = await api.json('POST', '/v1/staff/order-imports', { csv: HEADER });
    expect(anonymous.status).toBe(401);
    expect(await getOrder(stack.deps.db, 'WHO-1')).toBeNull();
  });
});

describe('bad rows', () => {
  it('imports the good orders and names every bad line with its number and reason', async () => {
    await joined('imp-bad');
    const report = await imported([
      line('BAD-OK', { openid: 'o-imp-bad' }, 1_000),
      line('BAD-NOBUYER', {}, 1_000),
      line('BAD-YUAN', { openid: 'o-imp-bad' }, 1_000).replace(',1000,', ',10.00,'),
      line('BAD-PHONE', { phone: '555-0100' }, 1_000),
      line('BAD-FUTURE', { openid: 'o-imp-bad' }, 1_000, { paidAt: '2027-01-01 00:00:00' }),
      'BAD-SHORT,o-imp-bad',
      line('BAD-REFUND', { openid: 'o-imp-bad' }, 1_000, { refundedFen: 2_000 }),
    ]);
    expect(report).toEqual({
      dryRun: false,
      imported: 1,
      duplicates: 0,
      attachedToMembers: 1,
      waitingForMembers: 0,
      remaining: 0,
      badRows: [
        { line: 3, reason: 'openid or phone is required' },
        { line: 4, reason: 'paid_fen "10.00" is not a whole number of fen (money is in fen: 12.80 yuan is 1280)' },
        { line: 5, reason: 'phone "555-0100" is not a mainland mobile number (11 digits)' },
        { line: 6, reason: 'paid_at "2027-01-01 00:00:00" is in the future' },
        { line: 7, reason: 'expected 11 columns, found 2' },
        { line: 8, reason: 'refunded_fen is more than paid_fen' },
      ],
    });
    expect(await getOrder(stack.deps.db, 'BAD-OK')).toMatchObject({ source: 'import', credited: true });
    for (const orderId of ['BAD-NOBUYER', 'BAD-YUAN', 'BAD-PHONE', 'BAD-FUTURE', 'BAD-SHORT', 'BAD-REFUND'])
      expect(await getOrder(stack.deps.db, orderId), orderId).toBeNull();
  });

  it('reports an order id already stored with other content as a bad line, and changes nothing', async () => {
    await joined('imp-conflict');
    await imported([line('CONFLICT-1', { openid: 'o-imp-conflict' }, 1_000)]);
    const before = await wholeTable();
    const report = await imported([line('CONFLICT-1', { openid: 'o-imp-conflict' }, 1_500)]);
    expect(report).toMatchObject({ imported: 0, duplicates: 0 });
    expect(report.badRows).toEqual([
      { line: 2, reason: 'order CONFLICT-1 was already imported or received with other content; it is left as it was' },
    ]);
    expect(await wholeTable()).toEqual(before);
  });

  it('refuses a file without the header as a bad line 1, importing nothing', async () => {
    const response = await api.json('POST', '/v1/staff/order-imports', { csv: 'orderid,who\nX,o-x' }, tokens.admin);
    expect(response.status).toBe(200);
    expect((await response.json()).badRows).toEqual([{ line: 1, reason: `the header must be ${HEADER}` }]);
  });

  it(`refuses more than ${MAX_IMPORT_LINES_PER_REQUEST} item lines, or a body over the limit, with 413 IMPORT_TOO_LARGE before reading any`, async () => {
    const lines = Array.from({ length: MAX_IMPORT_LINES_PER_REQUEST + 1 }, (_, i) => line(`BIG-${i}`, { openid: 'o-imp-big' }, 100));
    const tooMany = await importLines(lines);
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).error.code).toBe('IMPORT_TOO_LARGE');
    expect(await getOrder(stack.deps.db, 'BIG-0')).toBeNull();
    const tooBig = await api.json('POST', '/v1/staff/order-imports', { csv: `${HEADER}\n${'苹'.repeat(1_400_000)}` }, tokens.admin);
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.code).toBe('IMPORT_TOO_LARGE');
  });
});

describe('re-importing', () => {
  it('the same file changes nothing at all: orders, members, points, ledger, tiers and overview figures', async () => {
    const ann = await joined('imp-again-ann');
    await api.login('imp-again-visitor');
    const phoneMember = await joined('imp-again-phone');
    await bindPhone(phoneMember.token, '13700000001');
    const file = [
      line('AGAIN-1', { openid: 'o-imp-again-ann' }, 120_000, { paidAt: '2026-06-01T10:00:00+08:00' }),
      line('AGAIN-2', { openid: 'o-imp-again-ann' }, 5_000, { refundedFen: 2_000 }),
      line('AGAIN-3', { openid: 'o-imp-again-visitor' }, 3_000),
      line('AGAIN-4', { phone: '13700000001' }, 4_000),
      line('AGAIN-5', { phone: '13700000002' }, 6_000),
      line('AGAIN-6', {}, 1),
    ];
    const first = await imported(file, { creditPoints: true });
    expect(first).toMatchObject({ imported: 5, duplicates: 0, attachedToMembers: 3, waitingForMembers: 2 });
    expect(first.badRows).toHaveLength(1);
    const before = { table: await wholeTable(), overview: await overview() };

    const again = await imported(file, { creditPoints: true });
    expect(again).toEqual({ ...first, imported: 0, duplicates: 5, attachedToMembers: 0, waitingForMembers: 0 });
    // With the other choice of points too: an order's points are settled when it is first imported.
    expect(await imported(file, { creditPoints: false })).toMatchObject({ imported: 0, duplicates: 5 });
    expect({ table: await wholeTable(), overview: await overview() }).toEqual(before);
    await expectPointsInvariants(stack.deps.db, ann.member.memberId);
  });

  it('treats history that repeats an order the webhook delivered, by the same openid and content, as a duplicate', async () => {
    await joined('imp-overlap');
    const delivered = sampleOrder({ orderId: 'OVERLAP-1', openid: 'o-imp-overlap', paidFen: 2_000, paidAt: '2026-11-10T07:00:00.000Z' });
    expect((await api.postOrder(delivered)).status).toBe(200);
    const before = await wholeTable();
    const report = await imported([
      ['OVERLAP-1', 'o-imp-overlap', '', '2026-11-10 15:00:00', 2_000, 0, ...Object.values(delivered.items[0]!)].join(','),
    ]);
    expect(report).toMatchObject({ imported: 0, duplicates: 1, badRows: [] });
    expect(await wholeTable()).toEqual(before);
  });

  it('run twice at once, stores each order once and counts it once', async () => {
    const bea = await joined('imp-race-bea');
    const cal = await api.login('imp-race-cal');
    const file = [
      ...Array.from({ length: 6 }, (_, i) => line(`RACE-B${i}`, { openid: 'o-imp-race-bea' }, 1_000 * (i + 1))),
      ...Array.from({ length: 3 }, (_, i) => line(`RACE-C${i}`, { openid: 'o-imp-race-cal' }, 500)),
      ...Array.from({ length: 3 }, (_, i) => line(`RACE-P${i}`, { phone: '13700000009' }, 700)),
    ];
    const reports: OrderImportReport[] = await Promise.all([
      imported(file, { creditPoints: true }),
      imported(file, { creditPoints: true }),
    ]);
    expect(reports.map((r) => r.badRows)).toEqual([[], []]);
    expect(reports[0]!.imported + reports[1]!.imported).toBe(12);
    expect(reports[0]!.duplicates + reports[1]!.duplicates).toBe(12);
    expect(reports[0]!.attachedToMembers + reports[1]!.attachedToMembers).toBe(6);
    expect(await getMember(stack.deps.db, bea.member.memberId)).toMatchObject({ orderCount: 6, totalSpentFen: 21_000, pointsBalance: 210 });
    expect(await listWholeLedger(stack.deps.db, bea.member.memberId)).toHaveLength(6);
    await expectPointsInvariants(stack.deps.db, bea.member.memberId);

    // The waiting ones are credited once when their buyers arrive.
    expect((await api.join(cal.token)).status).toBe(200);
    expect(await getMember(stack.deps.db, cal.member.memberId)).toMatchObject({ orderCount: 3, totalSpentFen: 1_500, pointsBalance: 15 });
    const dee = await joined('imp-race-dee');
    await bindPhone(dee.token, '13700000009');
    expect(await getMember(stack.deps.db, dee.member.memberId)).toMatchObject({ orderCount: 3, totalSpentFen: 2_100, pointsBalance: 21 });
  });
});

describe('attaching orders to members', () => {
  it('counts rows for a member on them at once: stats, 我的订单, overview on the day paid; no points by default, no ledger entry', async () => {
    const ann = await joined('imp-now');
    const before = await overview();
    const report = await imported([
      line('NOW-1', { openid: 'o-imp-now' }, 8_800, { paidAt: '2026-11-10 15:00:00' }),
      line('NOW-2', { openid: 'o-imp-now' }, 1_200, { paidAt: '2025-03-01T09:00:00+08:00' }),
    ]);
    expect(report).toEqual({
      dryRun: false,
      imported: 2,
      duplicates: 0,
      attachedToMembers: 2,
      waitingForMembers: 0,
      remaining: 0,
      badRows: [],
    });
    const view = await me(ann.token);
    expect(view.stats).toEqual({
      orderCount: 2,
      totalSpentFen: 10_000,
      firstOrderAt: '2025-03-01T01:00:00.000Z',
      lastOrderAt: '2026-11-10T07:00:00.000Z',
    });
    expect(view.points).toMatchObject({ balance: 0, pending: 0 });
    expect(await listWholeLedger(stack.deps.db, ann.member.memberId)).toEqual([]);
    expect((await myOrders(ann.token)).map((order) => order.orderId)).toEqual(['NOW-1', 'NOW-2']);
    expect(await getOrder(stack.deps.db, 'NOW-1')).toMatchObject({ source: 'import', earnsPoints: false, credited: true, points: 0 });
    // Counted on the Shanghai day it was paid, not on the day of the import.
    const after = await overview();
    expect(on(after, after.orders.ordersTrend, '2026-11-10') - on(before, before.orders.ordersTrend, '2026-11-10')).toBe(1);
    expect(on(after, after.orders.salesFenTrend, '2026-11-10') - on(before, before.orders.salesFenTrend, '2026-11-10')).toBe(8_800);
    expect(on(after, after.orders.ordersTrend, '2026-11-23')).toBe(on(before, before.orders.ordersTrend, '2026-11-23'));
    await expectKeptFigures(stack.deps, ann.member.memberId, { growthKept: true });
  });

  it('keeps rows by openid for a buyer who has not joined, and counts them when they join', async () => {
    const visitor = await api.login('imp-later');
    const report = await imported([line('LATER-1', { openid: 'o-imp-later' }, 3_300)], { creditPoints: true });
    expect(report).toMatchObject({ imported: 1, attachedToMembers: 0, waitingForMembers: 1 });
    expect(await getMember(stack.deps.db, visitor.member.memberId)).toMatchObject({ orderCount: 0 });
    expect((await api.join(visitor.token)).status).toBe(200);
    expect(await getMember(stack.deps.db, visitor.member.memberId)).toMatchObject({
      orderCount: 1,
      totalSpentFen: 3_300,
      pointsBalance: 33,
    });
    expect(await getOrder(stack.deps.db, 'LATER-1')).toMatchObject({ credited: true, memberId: visitor.member.memberId, points: 33 });
  });

  it('keeps rows by phone until a member verifies that phone, then counts them on the member and lists them in 我的订单', async () => {
    const report = await imported([
      line('PHONE-1', { phone: '+86 139 0000 0001' }, 2_500, { paidAt: '2026-09-01 12:00:00' }),
      line('PHONE-2', { phone: '13900000001' }, 1_500),
    ]);
    expect(report).toMatchObject({ imported: 2, attachedToMembers: 0, waitingForMembers: 2 });
    const stored = await stack.deps.db.doc.send(new GetCommand({ TableName: stack.deps.db.tableName, Key: keys.order('PHONE-1') }));
    // Kept without a buyer: no openid, no place in anyone's orders, and the phone only as its keyed hash.
    expect(stored.Item).toMatchObject({ openid: null, credited: false });
    expect(stored.Item!.buyerPk).toBeUndefined();
    expect(JSON.stringify(stored.Item)).not.toContain('13900000001');

    const eve = await joined('imp-phone');
    expect(await getMember(stack.deps.db, eve.member.memberId)).toMatchObject({ orderCount: 0 });
    await bindPhone(eve.token, '13900000001');
    expect(await getMember(stack.deps.db, eve.member.memberId)).toMatchObject({ orderCount: 2, totalSpentFen: 4_000, pointsBalance: 0 });
    expect((await myOrders(eve.token)).map((order) => order.orderId)).toEqual(['PHONE-2', 'PHONE-1']);
    expect(await getOrder(stack.deps.db, 'PHONE-1')).toMatchObject({ openid: 'o-imp-phone', memberId: eve.member.memberId });

    // Binding the same phone again attaches nothing more; later rows by the phone attach at once.
    await bindPhone(eve.token, '13900000001');
    expect(await imported([line('PHONE-3', { phone: '139-0000-0001' }, 500)])).toMatchObject({ attachedToMembers: 1 });
    expect(await getMember(stack.deps.db, eve.member.memberId)).toMatchObject({ orderCount: 3, totalSpentFen: 4_500 });
    await expectKeptFigures(stack.deps, eve.member.memberId, { growthKept: true });
  });

  it('counts an order on the member who verified its phone between the import reading no link and writing the order', async () => {
    const racer = await joined('imp-phone-race');
    const phone = '13900000100';
    const linkPk = `PHONE#${phoneLookupHash(phone, stack.deps.secrets.phoneLookupKey)}`;
    const send = stack.deps.db.doc.send.bind(stack.deps.db.doc);
    let verification: Promise<void> | null = null;
    stack.deps.db.doc.send = (async (command: { constructor: { name: string }; input: { Key?: { pk?: string; sk?: string } } }) => {
      const result = await send(command as never);
      if (
        !verification &&
        command.constructor.name === 'GetCommand' &&
        command.input.Key?.pk === linkPk &&
        command.input.Key.sk === 'PHONE'
      ) {
        // The import has just read that no member holds the phone: the member verifies it now, before the import writes.
        verification = bindPhone(racer.token, phone);
        await verification;
      }
      return result;
    }) as typeof stack.deps.db.doc.send;
    try {
      expect(await imported([line('PRACE-1', { phone }, 700)], { creditPoints: true })).toMatchObject({
        imported: 1,
        attachedToMembers: 1,
      });
    } finally {
      stack.deps.db.doc.send = send;
    }
    expect(verification).not.toBeNull();
    expect(await getMember(stack.deps.db, racer.member.memberId)).toMatchObject({ orderCount: 1, pointsBalance: 7 });
    expect(await getOrder(stack.deps.db, 'PRACE-1')).toMatchObject({ credited: true, openid: 'o-imp-phone-race' });
  });

  it('sends no tier notice when attaching history moves a member up', async () => {
    const fay = await joined('imp-quiet');
    await grantTierNotice('imp-quiet', fay.token);
    expect(await imported([line('QUIET-1', { phone: '13900000005' }, 150_000)])).toMatchObject({ waitingForMembers: 1 });
    await bindPhone(fay.token, '13900000005');
    expect(await getMember(stack.deps.db, fay.member.memberId)).toMatchObject({ orderCount: 1, tierCode: 'silver' });
    expect(stack.emulator.state.messages).toEqual([]);
    // Nothing is planned on the care engine either (its worker would send it later).
    expect(await listMemberDeliveries(stack.deps.db, fay.member.memberId)).toEqual([]);
  });

  it('gives rows by a phone to the member who verified it last; a member changing phone takes its link along', async () => {
    const first = await joined('imp-moved-a');
    const second = await joined('imp-moved-b');
    await bindPhone(first.token, '13900000002');
    await bindPhone(second.token, '13900000003');
    // b takes 13900000002 over, leaving 13900000003; a then changes away from 13900000002, which stays b's.
    await bindPhone(second.token, '13900000002');
    await bindPhone(first.token, '13900000004');
    const report = await imported([
      line('MOVED-2', { phone: '13900000002' }, 200),
      line('MOVED-3', { phone: '13900000003' }, 300),
      line('MOVED-4', { phone: '13900000004' }, 400),
    ]);
    expect(report).toMatchObject({ attachedToMembers: 2, waitingForMembers: 1 });
    expect(await getOrder(stack.deps.db, 'MOVED-2')).toMatchObject({ memberId: second.member.memberId });
    expect(await getOrder(stack.deps.db, 'MOVED-3')).toMatchObject({ credited: false });
    expect(await getOrder(stack.deps.db, 'MOVED-4')).toMatchObject({ memberId: first.member.memberId });
  });
});

describe('points, tiers and refunds', () => {
  it('creditPoints: true earns as a webhook order does; false earns nothing — both count toward the tier, neither sends a message', async () => {
    const rich = await joined('imp-credit-yes');
    const plain = await joined('imp-credit-no');
    // Both may be sent a tier-change notice: history must still send none.
    await grantTierNotice('imp-credit-yes', rich.token);
    await grantTierNotice('imp-credit-no', plain.token);
    const rows = (openid: string, prefix: string) => [
      line(`${prefix}-1`, { openid }, 60_000, { paidAt: '2026-05-01 10:00:00' }),
      line(`${prefix}-2`, { openid }, 60_000, { paidAt: '2026-08-01 10:00:00' }),
    ];
    await imported(rows('o-imp-credit-yes', 'YES'), { creditPoints: true });
    await imported(rows('o-imp-credit-no', 'NO'), { creditPoints: false });

    const yes = await getMember(stack.deps.db, rich.member.memberId);
    const no = await getMember(stack.deps.db, plain.member.memberId);
    // 600 yuan at 普通会员 ×1, then 600 yuan reaching 银卡 (1,000 yuan of growth), still paid at ×1.
    expect(yes).toMatchObject({ orderCount: 2, totalSpentFen: 120_000, pointsBalance: 1_200, tierCode: 'silver' });
    expect((await listWholeLedger(stack.deps.db, rich.member.memberId)).map((entry) => [entry.type, entry.delta])).toEqual([
      ['order', 600],
      ['order', 600],
    ]);
    expect(no).toMatchObject({ orderCount: 2, totalSpentFen: 120_000, pointsBalance: 0, tierCode: 'silver' });
    expect(await listWholeLedger(stack.deps.db, plain.member.memberId)).toEqual([]);
    expect((await listTierChanges(stack.deps.db, plain.member.memberId)).map((change) => change.to)).toEqual(['silver']);
    // History sends nothing, not even the tier upgrade it brought (nor plans it on the care engine).
    expect(stack.emulator.state.messages).toEqual([]);
    for (const session of [rich, plain]) expect(await listMemberDeliveries(stack.deps.db, session.member.memberId)).toEqual([]);
    await expectPointsInvariants(stack.deps.db, rich.member.memberId);
    await expectKeptFigures(stack.deps, plain.member.memberId, { growthKept: true });
  });

  it('takes a refund in the file as part of the order (points and spend on what was kept), recorded once; later refunds apply as usual', async () => {
    const ref = await joined('imp-refund');
    const report = await imported([line('REFUND-1', { openid: 'o-imp-refund' }, 10_000, { refundedFen: 3_000 })], { creditPoints: true });
    expect(report).toMatchObject({ attachedToMembers: 1, badRows: [] });
    expect(await getMember(stack.deps.db, ref.member.memberId)).toMatchObject({ totalSpentFen: 7_000, pointsBalance: 70 });
    expect(await getOrder(stack.deps.db, 'REFUND-1')).toMatchObject({ paidFen: 10_000, refundedFen: 3_000, points: 70 });
    const record = await stack.deps.db.doc.send(
      new GetCommand({ TableName: stack.deps.db.tableName, Key: keys.refund('REFUND-1', 'import:REFUND-1') }),
    );
    expect(record.Item).toMatchObject({ refundFen: 3_000, source: 'import' });
    expect((await myOrders(ref.token))[0]).toMatchObject({ orderId: 'REFUND-1', refundedFen: 3_000, status: 'partially_refunded' });

    const rest = await api.postRefund({ refundId: 'R-REST', orderId: 'REFUND-1', refundFen: 7_000 });
    expect(await rest.json()).toMatchObject({ status: 'applied', pointsTakenBack: 70 });
    const over = await api.postRefund({ refundId: 'R-OVER', orderId: 'REFUND-1', refundFen: 1 });
    expect(over.status).toBe(422);
    expect(await getMember(stack.deps.db, ref.member.memberId)).toMatchObject({ totalSpentFen: 0, pointsBalance: 0 });
    await expectPointsInvariants(stack.deps.db, ref.member.memberId);
  });

  it('keeps a refund of an order waiting for its buyer, who then earns on what was kept', async () => {
    const later = await api.login('imp-refund-later');
    await imported([line('REFUND-2', { openid: 'o-imp-refund-later' }, 5_000, { refundedFen: 5_000 })], { creditPoints: true });
    expect((await api.join(later.token)).status).toBe(200);
    expect(await getMember(stack.deps.db, later.member.memberId)).toMatchObject({ orderCount: 1, totalSpentFen: 0, pointsBalance: 0 });
  });
});

describe('a request out of time', () => {
  it('starts no order after its deadline and says how many remain; the same file sent again imports the rest', async () => {
    await joined('imp-slow');
    const file = [
      HEADER,
      ...Array.from({ length: 10 }, (_, i) => line(`SLOW-${i}`, { openid: i % 2 ? 'o-imp-slow' : `o-imp-slow-${i}` }, 100)),
    ].join('\n');
    // A clock a second further on at every reading: the 3 s budget runs out partway.
    let ticks = stack.clock().getTime();
    const slow = { ...stack.deps, clock: () => new Date((ticks += 1_000)) };
    const first = await importOrders(slow, file, { creditPoints: false, dryRun: false, deadline: new Date(ticks + 3_000) });
    expect(first.remaining).toBeGreaterThan(0);
    expect(first.imported).toBeGreaterThan(0);
    expect(first.imported + first.remaining).toBe(10);
    const second = await importOrders(stack.deps, file, { creditPoints: false, dryRun: false });
    expect(second).toMatchObject({ imported: first.remaining, duplicates: first.imported, remaining: 0 });
  });
});

describe('a dry run', () => {
  it('says what an import would do and writes nothing', async () => {
    await joined('imp-dry');
    const dryPhone = await joined('imp-dry-phone');
    await bindPhone(dryPhone.token, '13600000001');
    await imported([line('DRY-0', { openid: 'o-imp-dry' }, 100)]);
    const file = [
      line('DRY-0', { openid: 'o-imp-dry' }, 100),
      line('DRY-1', { openid: 'o-imp-dry' }, 100),
      line('DRY-2', { openid: 'o-imp-dry-nobody' }, 100),
      line('DRY-3', { phone: '13600000001' }, 100),
      line('DRY-4', { phone: '13600000002' }, 100),
      line('DRY-0', { openid: 'o-imp-dry' }, 999).replace('DRY-0', 'DRY-5').replace(',999,', ',x,'),
    ];
    const before = await wholeTable();
    const report = await imported(file, { dryRun: true });
    expect(report).toEqual({
      dryRun: true,
      imported: 4,
      duplicates: 1,
      attachedToMembers: 2,
      waitingForMembers: 2,
      remaining: 0,
      badRows: [{ line: 7, reason: 'paid_fen "x" is not a whole number of fen' }],
    });
    expect(await wholeTable()).toEqual(before);
    // …and the import itself then does what the dry run said.
    expect(await imported(file)).toEqual({ ...report, dryRun: false });
  });
});

describe('phones verified before links existed', () => {
  it('get their link from the one-off backfill, which attaches what waits for them; running it again changes nothing', async () => {
    const old = await joined('imp-backfill');
    await bindPhone(old.token, '13500000001');
    // As stored before links existed: the phone on the member, no PHONE# item.
    const phoneHash = phoneLookupHash('13500000001', stack.deps.secrets.phoneLookupKey);
    await stack.deps.db.doc.send(new DeleteCommand({ TableName: stack.deps.db.tableName, Key: keys.phone(phoneHash) }));
    expect(await imported([line('BACKFILL-1', { phone: '13500000001' }, 900)])).toMatchObject({ waitingForMembers: 1 });

    const job = jobByName('phone-links-backfill')!;
    const result = (await job.run(stack.deps)) as { ordersAttached: number; heldByAnother: number };
    expect(result).toMatchObject({ ordersAttached: 1, heldByAnother: 0 });
    expect(await getMember(stack.deps.db, old.member.memberId)).toMatchObject({ orderCount: 1, totalSpentFen: 900 });
    expect(await getOrder(stack.deps.db, 'BACKFILL-1')).toMatchObject({ memberId: old.member.memberId });
    expect(await imported([line('BACKFILL-2', { phone: '13500000001' }, 100)])).toMatchObject({ attachedToMembers: 1 });

    const before = await wholeTable();
    expect(await job.run(stack.deps)).toMatchObject({ ordersAttached: 0 });
    // Only the links' time of linking moves.
    const strip = (items: Record<string, unknown>[]) => items.map(({ linkedAt: _linkedAt, ...item }) => item);
    expect(strip(await wholeTable())).toEqual(strip(before));
  });
});
