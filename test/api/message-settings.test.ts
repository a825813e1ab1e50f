import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CareRule, type CareRuleInputBody } from '@linli/shared/care-rules';
import { saveCareRule } from '../../functions/src/automation/care-repository.ts';
import { keys } from '../../functions/src/db/keys.ts';
import { backfillCareIndex } from '../../functions/src/members/backfill-care-index.ts';
import { findMembersWithFirstOrderOn, getMember, listConsents, memberItem } from '../../functions/src/members/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await createTestStack();
  api = apiClient(stack);
});
afterAll(() => stack.close());

async function joined(name: string) {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  return session;
}

const patchMe = (token: string, body: unknown) => api.json('PATCH', '/v1/me', body, token);

/** A care rule stored as the staff editor would save it (the planner and its routes are another change). */
async function storeRule(ruleId: string, rule: Partial<CareRuleInputBody> & { templateId: string; title: string }) {
  const { templateId, title, ...rest } = rule;
  const at = stack.clock().toISOString();
  const stored = CareRule.parse({
    ruleId,
    name: `关怀 ${ruleId}`,
    trigger: { kind: 'birthday', daysBefore: 0 },
    audience: { kind: 'everyone' },
    message: { templateId, title, fields: [{ key: 'thing1', text: '{昵称}，生日快乐' }] },
    enabled: true,
    ...rest,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
  expect(await saveCareRule(stack.deps.db, stored)).toBe('saved');
}

describe('PATCH /v1/me: lunar birthday', () => {
  it('keeps a lunar birthday beside the Gregorian one, and null goes back to the Gregorian one', async () => {
    const session = await joined('lunar-set');
    await patchMe(session.token, { birthday: '1990-09-20' });
    const set = await patchMe(session.token, { lunarBirthday: { month: 8, day: 15, leap: false } });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ birthday: '1990-09-20', lunarBirthday: { month: 8, day: 15, leap: false } });
    const me = await (await api.json('GET', '/v1/me', undefined, session.token)).json();
    expect(me.lunarBirthday).toEqual({ month: 8, day: 15, leap: false });

    const cleared = await (await patchMe(session.token, { lunarBirthday: null })).json();
    expect(cleared).toMatchObject({ birthday: '1990-09-20', lunarBirthday: null });
  });

  it('accepts a lunar birthday from a member who gave no Gregorian one, leap month included', async () => {
    const session = await joined('lunar-only');
    const response = await patchMe(session.token, { lunarBirthday: { month: 6, day: 30, leap: true } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ birthday: null, lunarBirthday: { month: 6, day: 30, leap: true } });
  });

  it('refuses a lunar date that does not exist, naming each field, and changes nothing', async () => {
    const session = await joined('lunar-bad');
    for (const [lunarBirthday, path] of [
      [{ month: 13, day: 1, leap: false }, 'lunarBirthday.month'],
      [{ month: 1, day: 31, leap: false }, 'lunarBirthday.day'],
      [{ month: 1, day: 0, leap: false }, 'lunarBirthday.day'],
      [{ month: 1, day: 1 }, 'lunarBirthday.leap'],
      ['正月初一', 'lunarBirthday'],
    ] as const) {
      const response = await patchMe(session.token, { lunarBirthday });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    }
    const member = await getMember(stack.deps.db, session.member.memberId);
    expect(member?.lunarBirthday).toBeNull();
  });
});

describe('PATCH /v1/me: 个性化推荐 (marketingOptOut)', () => {
  it('records each change of the choice in the consent ledger, and a repeat of the same choice not again', async () => {
    const session = await joined('optout-ledger');
    const me = await (await api.json('GET', '/v1/me', undefined, session.token)).json();
    expect(me.marketingOptOut).toBe(false);

    stack.clock.advance(1000);
    expect(await (await patchMe(session.token, { marketingOptOut: true })).json()).toMatchObject({ marketingOptOut: true });
    stack.clock.advance(1000);
    await patchMe(session.token, { marketingOptOut: true });
    stack.clock.advance(1000);
    expect(await (await patchMe(session.token, { marketingOptOut: false })).json()).toMatchObject({ marketingOptOut: false });

    const choices = (await listConsents(stack.deps.db, session.member.memberId)).filter((entry) => entry.kind === 'personalised-marketing');
    expect(choices.map((entry) => entry.action)).toEqual(['opt-out', 'opt-in']);
    // The policy consent is still the member's acceptance (the staff profile reads accept/withdraw).
    expect((await listConsents(stack.deps.db, session.member.memberId)).filter((entry) => entry.kind === 'privacy-policy')).toHaveLength(1);
  });

  it('refuses a choice that is not true or false', async () => {
    const session = await joined('optout-bad');
    const response = await patchMe(session.token, { marketingOptOut: 'yes' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0].path).toBe('marketingOptOut');
  });

  it('asks a visitor to join first', async () => {
    const session = await api.login('optout-visitor');
    const response = await patchMe(session.token, { marketingOptOut: true });
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('NOT_JOINED');
  });
});

describe('GET /v1/me/message-settings and care templates in subscription reports', () => {
  it('lists the service messages and the templates of enabled care rules, each with what the member allowed', async () => {
    await storeRule('r-holiday', {
      templateId: 'tmpl-care-holiday',
      title: '节日问候',
      variant: { message: { templateId: 'tmpl-care-holiday-b', title: '节日礼遇', fields: [{ key: 'thing1', text: '节日快乐' }] } },
    });
    await storeRule('r-off', { templateId: 'tmpl-care-off', title: '已停用', enabled: false });
    // A rule that sends the configured birthday greeting: listed once, as configured.
    await storeRule('r-birthday', { templateId: 'tmpl-birthday-greeting', title: '生日关怀' });
    await storeRule('r-holiday-too', { templateId: 'tmpl-care-holiday', title: '另一个标题' });

    const session = await joined('settings-list');
    const report = await api.json(
      'POST',
      '/v1/me/subscriptions',
      {
        results: [
          { templateId: 'tmpl-care-holiday', result: 'accept' },
          { templateId: 'tmpl-points-expiring', result: 'accept' },
          { templateId: 'tmpl-care-holiday-b', result: 'reject' },
        ],
      },
      session.token,
    );
    expect(report.status).toBe(200);
    await patchMe(session.token, { marketingOptOut: true });

    const response = await api.json('GET', '/v1/me/message-settings', undefined, session.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      marketingOptOut: true,
      templates: [
        { templateId: 'tmpl-birthday-greeting', title: '生日祝福', kind: 'care', remaining: 0 },
        { templateId: 'tmpl-tier-changed', title: '等级变动', kind: 'service', remaining: 0 },
        { templateId: 'tmpl-points-expiring', title: '积分到期', kind: 'service', remaining: 1 },
        { templateId: 'tmpl-complaint-update', title: '投诉进展', kind: 'service', remaining: 0 },
        { templateId: 'tmpl-care-holiday', title: '节日问候', kind: 'care', remaining: 1 },
        { templateId: 'tmpl-care-holiday-b', title: '节日礼遇', kind: 'care', remaining: 0 },
      ],
    });
  });

  it("keeps a care template's authorizations under the purpose 'care', and still refuses ids nobody configured", async () => {
    await storeRule('r-replenish', { templateId: 'tmpl-care-replenish', title: '补货提醒', enabled: false });
    const session = await joined('settings-care-purpose');
    // A rule switched off after the page asked still counts the answer the member gave.
    const accepted = await api.json(
      'POST',
      '/v1/me/subscriptions',
      { results: [{ templateId: 'tmpl-care-replenish', result: 'accept' }] },
      session.token,
    );
    expect(accepted.status).toBe(200);
    const { Item } = await stack.deps.db.doc.send(
      new GetCommand({ TableName: stack.deps.db.tableName, Key: keys.subscriptionQuota(session.member.memberId, 'tmpl-care-replenish') }),
    );
    expect(Item).toMatchObject({ template: 'care', remaining: 1 });

    const unknown = await api.json(
      'POST',
      '/v1/me/subscriptions',
      {
        results: [
          { templateId: 'tmpl-care-replenish', result: 'accept' },
          { templateId: 'tmpl-nobody', result: 'accept' },
        ],
      },
      session.token,
    );
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.issues).toEqual([expect.objectContaining({ path: 'results.1.templateId' })]);
  });

  it('takes the answer of a five-template request, and no more', async () => {
    const session = await joined('settings-five');
    const five = ['tmpl-birthday-greeting', 'tmpl-tier-changed', 'tmpl-points-expiring', 'tmpl-complaint-update', 'tmpl-care-holiday'];
    const response = await api.json(
      'POST',
      '/v1/me/subscriptions',
      { results: five.map((templateId) => ({ templateId, result: 'accept' })) },
      session.token,
    );
    expect(response.status).toBe(200);
    const six = [...five, 'tmpl-care-holiday-b'].map((templateId) => ({ templateId, result: 'accept' }));
    expect((await api.json('POST', '/v1/me/subscriptions', { results: six }, session.token)).status).toBe(400);
  });

  it('tells the mini-program how many templates to ask for at once', async () => {
    const config = await (await api.json('GET', '/v1/client-config')).json();
    expect(config.templatesPerSubscribeRequest).toBe(stack.deps.config.wechat.templatesPerSubscribeRequest);
    expect(config.templatesPerSubscribeRequest).toBe(3);
  });
});

describe('first-order day index and care-index-backfill', () => {
  it('indexes a member by the Shanghai day of their first order as soon as it is credited', async () => {
    const session = await joined('first-order-live');
    // 2026-03-01 01:30 in Shanghai, still 02-28 in UTC.
    const order = sampleOrder({ openid: 'o-first-order-live', paidAt: '2026-02-28T17:30:00.000Z' });
    expect((await api.postOrder(order)).status).toBe(200);
    const found = await findMembersWithFirstOrderOn(stack.deps.db, '03-01');
    expect(found.map((member) => member.memberId)).toContain(session.member.memberId);
  });

  it('gives members stored before the index their place, 02-29 kept as 02-29, and running it again writes nothing', async () => {
    const leapDay = await joined('first-order-leap');
    const plain = await joined('first-order-plain');
    const noOrders = await joined('first-order-none');
    // Items as stored before the index existed: the member, without the index attributes.
    for (const [session, firstOrderAt] of [
      [leapDay, '2024-02-29T04:00:00.000Z'],
      [plain, '2025-07-09T04:00:00.000Z'],
    ] as const) {
      const member = (await getMember(stack.deps.db, session.member.memberId))!;
      const { careDayPk: _pk, careDaySk: _sk, ...item } = memberItem({ ...member, firstOrderAt, orderCount: 1 });
      await stack.deps.db.doc.send(new PutCommand({ TableName: stack.deps.db.tableName, Item: item }));
    }
    expect((await findMembersWithFirstOrderOn(stack.deps.db, '02-29')).map((member) => member.memberId)).not.toContain(
      leapDay.member.memberId,
    );

    const live = (await findMembersWithFirstOrderOn(stack.deps.db, '03-01'))[0]!;
    // Only the two stored before: the member indexed when their order was credited is not written again.
    expect(await backfillCareIndex(stack.deps)).toEqual({ written: 2, skipped: 0 });
    expect((await getMember(stack.deps.db, live.memberId))?.version).toBe(live.version);
    expect((await findMembersWithFirstOrderOn(stack.deps.db, '02-29')).map((member) => member.memberId)).toEqual([leapDay.member.memberId]);
    expect((await findMembersWithFirstOrderOn(stack.deps.db, '07-09')).map((member) => member.memberId)).toEqual([plain.member.memberId]);
    expect((await getMember(stack.deps.db, noOrders.member.memberId))?.version).toBe(2);

    const before = (await getMember(stack.deps.db, plain.member.memberId))!;
    expect(await backfillCareIndex(stack.deps)).toEqual({ written: 0, skipped: 0 });
    expect(await getMember(stack.deps.db, plain.member.memberId)).toEqual(before);
    expect((await findMembersWithFirstOrderOn(stack.deps.db, '07-09')).map((member) => member.memberId)).toEqual([plain.member.memberId]);
  });

  it('reads a member changed since the listing again, and keeps the change', async () => {
    const session = await joined('first-order-moving');
    const member = (await getMember(stack.deps.db, session.member.memberId))!;
    const { careDayPk: _pk, careDaySk: _sk, ...item } = memberItem({ ...member, firstOrderAt: '2025-10-10T04:00:00.000Z', orderCount: 1 });
    await stack.deps.db.doc.send(new PutCommand({ TableName: stack.deps.db.tableName, Item: item }));
    // The nickname changes between the listing (an index read) and the backfill's write of this member.
    const db = stack.deps.db;
    let raced = false;
    const racingDoc = {
      send: async (command: { input: unknown }) => {
        const writes = (command.input as { TransactItems?: Array<{ Put?: { Item?: { memberId?: string } } }> }).TransactItems;
        if (!raced && writes?.[0]?.Put?.Item?.memberId === session.member.memberId) {
          raced = true;
          expect((await patchMe(session.token, { nickname: '改过的昵称' })).status).toBe(200);
        }
        return db.doc.send(command as never);
      },
    } as unknown as typeof db.doc;
    const report = await backfillCareIndex({ db: { ...db, doc: racingDoc }, logger: stack.deps.logger });
    expect(raced).toBe(true);
    expect(report).toEqual({ written: 1, skipped: 0 });
    expect(await getMember(stack.deps.db, session.member.memberId)).toMatchObject({ nickname: '改过的昵称' });
    expect((await findMembersWithFirstOrderOn(stack.deps.db, '10-10')).map((found) => found.memberId)).toEqual([session.member.memberId]);
  });
});
