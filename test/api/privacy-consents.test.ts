import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ORDER_IMPORT_HEADER, type OrderImportReport } from '@linli/shared/order-import';
import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import type { MyConsents } from '@linli/shared/privacy-centre';
import { keys } from '../../functions/src/db/keys.ts';
import { getMember, listConsents } from '../../functions/src/members/repository.ts';
import { phoneLookupHash } from '../../functions/src/members/phone-crypto.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// 隐私中心 on the API: GET /v1/me/consents (the consents I gave, from the consent ledger) and
// DELETE /v1/me/phone (withdrawing the consent to keep my phone: the phone leaves every item of mine,
// staff search and the lookup imported orders attach through; the ledger records it).

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const staff = {} as Record<'admin' | 'agent', string>;
const TIER_TEMPLATE = 'tmpl-tier-changed';

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-23T02:00:00.000Z' });
  api = apiClient(stack);
  for (const role of ['admin', 'agent'] as const) {
    await putStaff(stack.deps.db, { openid: `o-pc-${role}`, role, name: role, at: stack.clock().toISOString() });
    staff[role] = (await api.login(`pc-${role}`)).token;
  }
});
afterAll(() => stack.close());

const MINUTE = 60_000;

async function joined(name: string) {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  return { token: session.token, memberId: session.member.memberId };
}

/** Verifies `phone` for the member, as the getPhoneNumber button does (each WeChat code is single-use). */
async function bindPhone(token: string, phone: string) {
  const response = await api.json('POST', '/v1/me/phone', { code: `dev-phone-${phone}.${Math.random().toString(36).slice(2, 10)}` }, token);
  expect(response.status).toBe(200);
}

async function consents(token: string): Promise<MyConsents> {
  const response = await api.json('GET', '/v1/me/consents', undefined, token);
  expect(response.status).toBe(200);
  return response.json();
}

async function unbind(token: string) {
  const response = await api.json('DELETE', '/v1/me/phone', undefined, token);
  expect(response.status).toBe(200);
  return response.json() as Promise<{ phoneMasked: string | null; status: string }>;
}

async function staffSearch(q: string): Promise<string[]> {
  const response = await api.json('GET', `/v1/staff/member-search?q=${encodeURIComponent(q)}`, undefined, staff.agent);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Array<{ memberId: string }> }).items.map((hit) => hit.memberId);
}

/** Imports one order of 1 yuan naming only the buyer's phone, as an admin. */
async function importByPhone(orderId: string, phone: string): Promise<OrderImportReport> {
  const line = [orderId, '', phone, '2026-11-10 15:00:00', 100, '', 'APPLE-5KG', '烟台红富士 5kg', 'fruit', 1, 100].join(',');
  const response = await api.json(
    'POST',
    '/v1/staff/order-imports',
    { csv: [ORDER_IMPORT_HEADER.join(','), line].join('\n') },
    staff.admin,
  );
  expect(response.status).toBe(200);
  return response.json();
}

/** Every item in the table. */
async function wholeTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.deps.db.doc.send(
      new ScanCommand({ TableName: stack.deps.db.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function phoneLinkOf(phone: string): Promise<string | null> {
  const hash = phoneLookupHash(phone, stack.deps.secrets.phoneLookupKey);
  const { Item } = await stack.deps.db.doc.send(new GetCommand({ TableName: stack.deps.db.tableName, Key: keys.phone(hash) }));
  return Item ? (Item.memberId as string) : null;
}

describe('GET /v1/me/consents', () => {
  it('lists each consent with its policy version and time, newest first, and what holds now', async () => {
    const joinedAt = stack.clock().toISOString();
    const m = await joined('pc-ledger');
    stack.clock.advance(MINUTE);
    const boundAt = stack.clock().toISOString();
    await bindPhone(m.token, '13955550001');
    stack.clock.advance(MINUTE);
    const offAt = stack.clock().toISOString();
    expect((await api.json('PATCH', '/v1/me', { marketingOptOut: true }, m.token)).status).toBe(200);
    stack.clock.advance(MINUTE);
    const onAt = stack.clock().toISOString();
    expect((await api.json('PATCH', '/v1/me', { marketingOptOut: false }, m.token)).status).toBe(200);
    // One send of the tier-change notice allowed in WeChat and told to the API.
    const granted = await stack.emulator.app.request('/__emulator/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'o-pc-ledger', templateIds: [TIER_TEMPLATE], result: 'accept' }),
    });
    expect(granted.status).toBe(200);
    const told = await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TIER_TEMPLATE, result: 'accept' }] }, m.token);
    expect(told.status).toBe(200);

    const mine = await consents(m.token);
    expect(mine.policy).toEqual({
      version: PRIVACY_POLICY_VERSION,
      acceptedAt: joinedAt,
      currentVersion: PRIVACY_POLICY_VERSION,
      current: true,
    });
    expect(mine.phone).toEqual({ phoneMasked: '139****0001', boundAt });
    expect(mine.personalisedMarketing).toEqual({ on: true, changedAt: onAt });
    expect(mine.subscriptions).toEqual([{ title: '等级变动', remaining: 1 }]);
    expect(mine.ledger).toEqual([
      { kind: 'personalised-marketing', action: 'opt-in', policyVersion: PRIVACY_POLICY_VERSION, at: onAt },
      { kind: 'personalised-marketing', action: 'opt-out', policyVersion: PRIVACY_POLICY_VERSION, at: offAt },
      { kind: 'phone', action: 'bind', policyVersion: PRIVACY_POLICY_VERSION, at: boundAt },
      { kind: 'privacy-policy', action: 'accept', policyVersion: PRIVACY_POLICY_VERSION, at: joinedAt },
    ]);
    // The ledger never holds the phone itself, masked or not.
    expect(JSON.stringify(mine.ledger)).not.toMatch(/13955550001|139\*{4}0001/);
  });

  it('answers a visitor an empty ledger, and nobody without a session', async () => {
    const visitor = await api.login('pc-visitor');
    const mine = await consents(visitor.token);
    expect(mine).toMatchObject({
      policy: { version: null, acceptedAt: null, current: false },
      phone: { phoneMasked: null, boundAt: null },
      personalisedMarketing: { on: true, changedAt: null },
      subscriptions: [],
      ledger: [],
    });
    expect((await api.json('GET', '/v1/me/consents')).status).toBe(401);
    expect((await api.json('DELETE', '/v1/me/phone')).status).toBe(401);
  });
});

describe('DELETE /v1/me/phone (解除绑定)', () => {
  it('erases the phone from every item of the member and from staff search; imports by it no longer attach; the ledger records it', async () => {
    const phone = '13966660002';
    const m = await joined('pc-unbind');
    await bindPhone(m.token, phone);
    const stored = (await getMember(stack.deps.db, m.memberId))!;
    const ciphertext = stored.phoneEncrypted!;
    expect(ciphertext).toBeTruthy();
    expect(await staffSearch('0002')).toContain(m.memberId);
    expect(await phoneLinkOf(phone)).toBe(m.memberId);
    // An order imported while the phone was bound is counted on the member.
    expect(await importByPhone('PC-BEFORE', phone)).toMatchObject({ attachedToMembers: 1 });

    stack.clock.advance(MINUTE);
    const unboundAt = stack.clock().toISOString();
    const card = await unbind(m.token);
    expect(card).toMatchObject({ status: 'member', phoneMasked: null });

    // Nowhere in the table: not the phone, its masked copy or its ciphertext; no lookup link, no search item.
    const table = JSON.stringify(await wholeTable());
    for (const trace of [phone, '139****0002', ciphertext]) expect(table).not.toContain(trace);
    expect(await phoneLinkOf(phone)).toBeNull();
    const { Items: searchItems = [] } = await stack.deps.db.doc.send(
      new QueryCommand({
        TableName: stack.deps.db.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.memberSearchPhonePartition('0002') },
      }),
    );
    expect(searchItems).toEqual([]);
    expect(await staffSearch('0002')).not.toContain(m.memberId);
    expect(await getMember(stack.deps.db, m.memberId)).toMatchObject({ phoneEncrypted: null, phoneMasked: null, status: 'member' });

    // What was counted stays the member's; an order imported by the phone now waits for whoever verifies it.
    const counted = (await getMember(stack.deps.db, m.memberId))!.orderCount;
    expect(counted).toBe(1);
    expect(await importByPhone('PC-AFTER', phone)).toMatchObject({ attachedToMembers: 0, waitingForMembers: 1 });
    expect((await getMember(stack.deps.db, m.memberId))!.orderCount).toBe(counted);

    const mine = await consents(m.token);
    expect(mine.phone).toEqual({ phoneMasked: null, boundAt: null });
    expect(mine.ledger[0]).toEqual({ kind: 'phone', action: 'unbind', policyVersion: PRIVACY_POLICY_VERSION, at: unboundAt });
  });

  it('is idempotent: a repeat, or a member who never bound a phone, changes and records nothing', async () => {
    const m = await joined('pc-repeat');
    await bindPhone(m.token, '13977770003');
    await unbind(m.token);
    const after = (await getMember(stack.deps.db, m.memberId))!;
    stack.clock.advance(MINUTE);
    expect(await unbind(m.token)).toMatchObject({ phoneMasked: null });
    expect((await getMember(stack.deps.db, m.memberId))!.version).toBe(after.version);
    const phoneEntries = (await listConsents(stack.deps.db, m.memberId)).filter((entry) => entry.kind === 'phone');
    expect(phoneEntries.map((entry) => entry.action)).toEqual(['bind', 'unbind']);

    const never = await joined('pc-never');
    const before = (await getMember(stack.deps.db, never.memberId))!;
    expect(await unbind(never.token)).toMatchObject({ phoneMasked: null });
    expect((await getMember(stack.deps.db, never.memberId))!.version).toBe(before.version);
    expect((await listConsents(stack.deps.db, never.memberId)).filter((entry) => entry.kind === 'phone')).toEqual([]);
  });

  it('leaves the lookup link of a phone another member verified since with that member', async () => {
    const phone = '13988880004';
    const first = await joined('pc-first');
    await bindPhone(first.token, phone);
    const second = await joined('pc-second');
    await bindPhone(second.token, phone);
    expect(await phoneLinkOf(phone)).toBe(second.memberId);

    await unbind(first.token);
    expect(await phoneLinkOf(phone)).toBe(second.memberId);
    expect(await importByPhone('PC-SECOND', phone)).toMatchObject({ attachedToMembers: 1 });
    expect((await getMember(stack.deps.db, second.memberId))!.orderCount).toBe(1);
  });
});
