import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { runBirthdays } from '../../functions/src/tiers/birthdays.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const TEMPLATE = 'tmpl-birthday-greeting';

beforeAll(async () => {
  stack = await createTestStack();
  api = apiClient(stack);
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.emulator.state.messages.length = 0;
});

/** The member allows one more birthday greeting in WeChat (the emulator keeps WeChat's count). */
async function grantInEmulator(name: string) {
  const granted = await stack.emulator.app.request('/__emulator/subscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid: `o-${name}`, templateIds: [TEMPLATE], result: 'accept' }),
  });
  expect(granted.status).toBe(200);
}

/** A joined member with a birthday who granted `grants` birthday authorizations (in WeChat and to us). */
async function memberWithBirthday(name: string, birthday: string, grants: number) {
  const session = await api.login(name);
  await api.join(session.token);
  await api.json('PATCH', '/v1/me', { birthday, nickname: name }, session.token);
  for (let i = 0; i < grants; i++) {
    await grantInEmulator(name);
    await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TEMPLATE, result: 'accept' }] }, session.token);
  }
  return session;
}

const sentTo = (openid: string) => stack.emulator.state.messages.filter((m) => m.openid === openid);

describe('birthday greetings', () => {
  it("greets today's birthdays in Asia/Shanghai where an authorization is held, and spends it", async () => {
    // 2026-03-14 00:30 in Shanghai is still 03-13 in UTC: the Shanghai day decides.
    stack.clock.set('2026-03-13T16:30:00.000Z');
    const granted = await memberWithBirthday('bday-granted', '1990-03-14', 1);
    await memberWithBirthday('bday-no-grant', '03-14', 0);
    await memberWithBirthday('bday-other-day', '03-15', 1);

    const report = await runBirthdays(stack.deps);

    expect(report).toMatchObject({ date: '2026-03-14', birthdays: 2, sent: 1, noAuthorization: 1 });
    expect(sentTo('o-bday-granted')).toHaveLength(1);
    expect(sentTo('o-bday-no-grant')).toHaveLength(0);
    expect(sentTo('o-bday-other-day')).toHaveLength(0);
    const quota = await (await api.json('GET', '/v1/me/subscriptions', undefined, granted.token)).json();
    expect(quota.items).toContainEqual({ template: 'birthdayGreeting', templateId: TEMPLATE, remaining: 0 });
  });

  it('never greets twice in a year, even when the job runs twice', async () => {
    stack.clock.set('2026-04-01T01:00:00.000Z');
    await memberWithBirthday('bday-twice', '04-01', 3);
    const first = await runBirthdays(stack.deps);
    const second = await runBirthdays(stack.deps);
    expect(first.sent).toBe(1);
    expect(second).toMatchObject({ sent: 0, alreadyGreeted: 1 });
    expect(sentTo('o-bday-twice')).toHaveLength(1);
  });

  it('never greets twice when two runs overlap', async () => {
    stack.clock.set('2026-04-02T01:00:00.000Z');
    await memberWithBirthday('bday-overlap', '04-02', 3);
    await Promise.all([runBirthdays(stack.deps), runBirthdays(stack.deps)]);
    expect(sentTo('o-bday-overlap')).toHaveLength(1);
  });

  it('greets again the next year', async () => {
    stack.clock.set('2026-04-03T01:00:00.000Z');
    await memberWithBirthday('bday-yearly', '04-03', 2);
    await runBirthdays(stack.deps);
    stack.clock.set('2027-04-03T01:00:00.000Z');
    await runBirthdays(stack.deps);
    expect(sentTo('o-bday-yearly')).toHaveLength(2);
  });

  it("treats WeChat's 43101 as no authorization left and zeroes the count", async () => {
    stack.clock.set('2026-05-05T01:00:00.000Z');
    const session = await api.login('bday-stale');
    await api.join(session.token);
    await api.json('PATCH', '/v1/me', { birthday: '05-05' }, session.token);
    // The client reported a grant WeChat never recorded (e.g. the user revoked it in settings).
    await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TEMPLATE, result: 'accept' }] }, session.token);

    const report = await runBirthdays(stack.deps);

    expect(report).toMatchObject({ sent: 0, refusedByWechat: 1 });
    const quota = await (await api.json('GET', '/v1/me/subscriptions', undefined, session.token)).json();
    expect(quota.items[0].remaining).toBe(0);
  });

  it('greets 29 February birthdays on 28 February in common years', async () => {
    stack.clock.set('2027-02-28T02:00:00.000Z');
    await memberWithBirthday('bday-leap', '2000-02-29', 1);
    const report = await runBirthdays(stack.deps);
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(sentTo('o-bday-leap')).toHaveLength(1);
  });

  it('finds birthdays through the byBirthday index', async () => {
    const { Items = [] } = await stack.deps.db.doc.send(
      new QueryCommand({
        TableName: stack.deps.db.tableName,
        IndexName: 'byBirthday',
        KeyConditionExpression: 'birthdayPk = :pk',
        ExpressionAttributeValues: { ':pk': 'BIRTHDAY#03-14' },
      }),
    );
    expect(Items.length).toBe(2);
    // The job reads only that index: a failing Scan proves it never falls back to a table scan.
    const original = stack.deps.db.doc.send.bind(stack.deps.db.doc);
    stack.deps.db.doc.send = ((command: { constructor: { name: string } }) => {
      if (command.constructor.name === 'ScanCommand') throw new Error('table scan attempted');
      return original(command as never);
    }) as typeof stack.deps.db.doc.send;
    try {
      stack.clock.set('2026-03-14T01:00:00.000Z');
      await expect(runBirthdays(stack.deps)).resolves.toMatchObject({ birthdays: 2 });
    } finally {
      stack.deps.db.doc.send = original;
    }
  });
});

const birthdayEntries = async (token: string) => {
  const ledger = await (await api.json('GET', '/v1/me/points', undefined, token)).json();
  return ledger.items.filter((entry: { type: string }) => entry.type === 'birthday');
};
const balance = async (token: string) => (await (await api.json('GET', '/v1/me', undefined, token)).json()).points.balance;

describe('birthday points (生日礼)', () => {
  it("credits the tier's birthday points once a year, whether or not a greeting can be sent", async () => {
    stack.clock.set('2026-06-10T01:00:00.000Z');
    const greeted = await memberWithBirthday('gift-greeted', '1988-06-10', 1);
    const silent = await memberWithBirthday('gift-silent', '06-10', 0);

    const report = await runBirthdays(stack.deps);

    // Both hold the base tier (regular: 50 points on the default ladder).
    expect(report).toMatchObject({ birthdays: 2, giftsCredited: 2, pointsCredited: 100, sent: 1, noAuthorization: 1 });
    for (const session of [greeted, silent]) {
      expect(await birthdayEntries(session.token)).toEqual([
        expect.objectContaining({ type: 'birthday', delta: 50, note: '2026 年生日礼' }),
      ]);
      expect(await balance(session.token)).toBe(50);
    }
    expect(sentTo('o-gift-greeted')[0]?.data.thing1?.value).toBe('生日礼50积分已到账');
  });

  it('gives nothing more when the job runs again, or twice at once, the same year', async () => {
    stack.clock.set('2026-06-11T01:00:00.000Z');
    const session = await memberWithBirthday('gift-rerun', '06-11', 0);
    await Promise.all([runBirthdays(stack.deps), runBirthdays(stack.deps)]);
    const again = await runBirthdays(stack.deps);
    expect(again).toMatchObject({ giftsCredited: 0, giftsAlreadyCredited: 1, pointsCredited: 0 });
    expect(await birthdayEntries(session.token)).toHaveLength(1);
    expect(await balance(session.token)).toBe(50);
  });

  it('gives again the next year', async () => {
    stack.clock.set('2026-06-12T01:00:00.000Z');
    const session = await memberWithBirthday('gift-yearly', '06-12', 0);
    await runBirthdays(stack.deps);
    stack.clock.set('2027-06-12T01:00:00.000Z');
    await runBirthdays(stack.deps);
    const later = await api.login('gift-yearly'); // a year on, the old session has expired
    expect(later.member.memberId).toBe(session.member.memberId);
    expect((await birthdayEntries(later.token)).map((entry: { note: string }) => entry.note)).toEqual(['2027 年生日礼', '2026 年生日礼']);
  });

  it("gives what the member's tier promises", async () => {
    stack.clock.set('2026-06-13T01:00:00.000Z');
    const session = await memberWithBirthday('gift-gold', '06-13', 0);
    // 6,000 yuan in the growth window reaches gold on the default ladder (300 birthday points).
    expect(
      (
        await api.postOrder(
          sampleOrder({ openid: 'o-gift-gold', orderId: 'gift-gold-1', paidFen: 600_000, paidAt: '2026-06-01T02:00:00.000Z' }),
        )
      ).status,
    ).toBe(200);
    await runBirthdays(stack.deps);
    expect(await birthdayEntries(session.token)).toEqual([expect.objectContaining({ delta: 300 })]);
  });
});

/** A joined member who celebrates `lunar` (and gave `birthday` as their Gregorian one, if any), with one authorization. */
async function memberWithLunarBirthday(name: string, lunar: { month: number; day: number; leap: boolean }, birthday?: string) {
  const session = await memberWithBirthday(name, birthday ?? '01-01', 1);
  if (!birthday) await api.json('PATCH', '/v1/me', { birthday: null }, session.token);
  const response = await api.json('PATCH', '/v1/me', { lunarBirthday: lunar }, session.token);
  expect(response.status).toBe(200);
  return session;
}

describe('lunar birthdays', () => {
  it('greets a 八月十五 member on 2026-09-25 (中秋), not on their Gregorian birthday', async () => {
    stack.clock.set('2026-09-24T16:30:00.000Z'); // 2026-09-25 00:30 in Shanghai
    await memberWithLunarBirthday('lunar-mid-autumn', { month: 8, day: 15, leap: false }, '1990-10-01');
    await memberWithBirthday('gregorian-0925', '09-25', 1);

    expect(await runBirthdays(stack.deps)).toMatchObject({ date: '2026-09-25', birthdays: 2, sent: 2 });
    expect(sentTo('o-lunar-mid-autumn')).toHaveLength(1);

    // 10-01, the Gregorian birthday they gave, passes without a greeting: they chose the lunar one.
    stack.clock.set('2026-09-30T16:30:00.000Z');
    await runBirthdays(stack.deps);
    expect(sentTo('o-lunar-mid-autumn')).toHaveLength(1);
  });

  it('greets a 腊月三十 member on 腊月廿九 when the 12th month has 29 days (2027-02-05), with the 廿九 members', async () => {
    stack.clock.set('2027-02-04T16:30:00.000Z');
    await memberWithLunarBirthday('lunar-30th', { month: 12, day: 30, leap: false });
    await memberWithLunarBirthday('lunar-29th', { month: 12, day: 29, leap: false });

    expect(await runBirthdays(stack.deps)).toMatchObject({ date: '2027-02-05', birthdays: 2, sent: 2 });
    expect(sentTo('o-lunar-30th')).toHaveLength(1);
    expect(sentTo('o-lunar-29th')).toHaveLength(1);
  });

  it('greets a 闰六月初十 member in the leap month in a year that has it (2025), on 六月初十 in one without (2026)', async () => {
    stack.clock.set('2025-07-03T16:30:00.000Z'); // 2025-07-04: the ordinary 六月初十 of 2025, which has a 闰六月
    await memberWithLunarBirthday('lunar-leap', { month: 6, day: 10, leap: true });
    await runBirthdays(stack.deps);
    expect(sentTo('o-lunar-leap')).toHaveLength(0);

    stack.clock.set('2025-08-02T16:30:00.000Z'); // 2025-08-03: 闰六月初十
    expect(await runBirthdays(stack.deps)).toMatchObject({ date: '2025-08-03', birthdays: 1, sent: 1 });
    expect(sentTo('o-lunar-leap')).toHaveLength(1);

    stack.clock.set('2026-07-22T16:30:00.000Z'); // 2026-07-23: 六月初十 of 2026, which has no 闰六月
    const session = await api.login('lunar-leap');
    await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TEMPLATE, result: 'accept' }] }, session.token);
    await grantInEmulator('lunar-leap');
    expect(await runBirthdays(stack.deps)).toMatchObject({ date: '2026-07-23', birthdays: 1, sent: 1 });
    expect(sentTo('o-lunar-leap')).toHaveLength(2);
  });

  it('goes back to the Gregorian birthday when the lunar one is cleared', async () => {
    stack.clock.set('2026-05-19T16:30:00.000Z');
    const session = await memberWithLunarBirthday('lunar-cleared', { month: 4, day: 4, leap: false }, '05-20');
    await api.json('PATCH', '/v1/me', { lunarBirthday: null }, session.token);

    expect(await runBirthdays(stack.deps)).toMatchObject({ date: '2026-05-20', birthdays: 1, sent: 1 });
    expect(sentTo('o-lunar-cleared')).toHaveLength(1);
  });
});

describe('subscription reports', () => {
  it('counts each accept once per report id, even when the report is retried', async () => {
    const session = await api.login('subs-retry');
    const report = { reportId: '6f1c2b1e-9a55-4e1c-8f43-0d1c1a2b3c4d', results: [{ templateId: TEMPLATE, result: 'accept' }] };
    await Promise.all([1, 2, 3].map(() => api.json('POST', '/v1/me/subscriptions', report, session.token)));
    const quota = await (await api.json('GET', '/v1/me/subscriptions', undefined, session.token)).json();
    expect(quota.items[0].remaining).toBe(1);
  });

  it('refuses an unknown template id with a field issue', async () => {
    const session = await api.login('subs-unknown');
    const response = await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: 'nope', result: 'accept' }] }, session.token);
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0].path).toBe('results.0.templateId');
  });

  it('zeroes the count when the user bans the template', async () => {
    const session = await api.login('subs-ban');
    await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TEMPLATE, result: 'accept' }] }, session.token);
    const response = await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TEMPLATE, result: 'ban' }] }, session.token);
    expect((await response.json()).items[0].remaining).toBe(0);
  });
});
