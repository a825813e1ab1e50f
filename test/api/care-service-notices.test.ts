import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { CareDeliveryPage, CareRuleInputBody, CareRuleList } from '@linli/shared/care-rules';
import type { MemberProfile } from '@linli/shared/customers';
import { mondayOf } from '@linli/shared/time';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { capCounts, listMemberDeliveries, type StoredDelivery } from '../../functions/src/automation/care-repository.ts';
import { remindExpiringPointsWithNotices, runBirthdaysBesideCareRules } from '../../functions/src/automation/service-notices.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

// Service notices (服务通知: tier change, points expiry) on the care engine: planned as deliveries,
// sent by the care worker, never capped nor stopped by the marketing opt-out, but only with an
// authorization and never in quiet hours; each once.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const TEMPLATES = { care: 'tmpl-birthday-greeting', tier: 'tmpl-tier-changed', expiry: 'tmpl-points-expiring' } as const;
type Grants = Partial<Record<keyof typeof TEMPLATES, number>>;

const sentTo = (name: string) => stack.emulator.state.messages.filter((message) => message.openid === `o-sn-${name}`);
const templatesSentTo = (name: string) => sentTo(name).map((message) => message.templateId);

/** Joins `name`, with points earned in 2026 (they expire at the end of 2027) and the authorizations granted. */
async function member(name: string, profile: { birthday?: string; grants?: Grants; optOut?: boolean } = {}) {
  stack.clock.set('2026-03-01T02:00:00.000Z');
  tokens.supervisor = (await api.login('sn-supervisor')).token;
  const session = await api.login(`sn-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  tokens[name] = session.token;
  ids[name] = session.member.memberId;
  const patch = { nickname: name, ...(profile.birthday ? { birthday: profile.birthday } : {}), marketingOptOut: profile.optOut ?? false };
  expect((await api.json('PATCH', '/v1/me', patch, session.token)).status).toBe(200);
  const adjusted = await api.json(
    'POST',
    `/v1/staff/members/${session.member.memberId}/points-adjustments`,
    { requestId: randomUUID(), delta: 120, reason: '活动奖励' },
    tokens.supervisor,
  );
  expect(adjusted.status).toBe(200);
  for (const [kind, times] of Object.entries(profile.grants ?? {}) as Array<[keyof typeof TEMPLATES, number]>)
    await grant(name, TEMPLATES[kind], times);
}

/** The member taps 允许 `times` times: WeChat and Linli each count one send per tap. */
async function grant(name: string, templateId: string, times = 1) {
  for (let i = 0; i < times; i++) {
    const granted = await stack.emulator.app.request('/__emulator/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: `o-sn-${name}`, templateIds: [templateId], result: 'accept' }),
    });
    expect(granted.status).toBe(200);
    expect((await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId, result: 'accept' }] }, tokens[name])).status).toBe(
      200,
    );
  }
}

/** An order big enough (1,200 yuan) to lift the member from 普通会员 to 银卡会员 at once. */
async function upgradingOrder(name: string) {
  const response = await api.postOrder(
    sampleOrder({ orderId: `sn-${name}-${randomUUID()}`, openid: `o-sn-${name}`, paidFen: 120_000, paidAt: stack.clock().toISOString() }),
  );
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'credited' });
  return response;
}

async function setNow(at: string) {
  stack.clock.set(at);
  tokens.admin = (await api.login('sn-admin')).token;
}

async function setPolicy(dailyCap: number, weeklyCap: number) {
  const settings = (await (await api.json('GET', '/v1/staff/care/settings', undefined, tokens.admin)).json()) as Record<string, unknown>;
  const policy = { dailyCap, weeklyCap, quietHours: { start: '21:00', end: '09:00' } };
  expect((await api.json('PUT', '/v1/staff/care/settings', { ...settings, policy }, tokens.admin)).status).toBe(200);
}

function birthdayRule(overrides: Partial<CareRuleInputBody> = {}): CareRuleInputBody {
  return {
    name: '生日祝福',
    trigger: { kind: 'birthday', daysBefore: 0 },
    audience: { kind: 'everyone' },
    message: { templateId: TEMPLATES.care, title: '生日祝福', fields: [{ key: 'thing1', text: '{昵称}，生日快乐' }] },
    sendTime: '10:00',
    enabled: true,
    ...overrides,
  };
}

async function createRule(body: CareRuleInputBody) {
  const response = await api.json('POST', '/v1/staff/care/rules', body, tokens.admin);
  expect(response.status, await response.clone().text()).toBe(201);
}

async function disableAll() {
  const { items } = (await (await api.json('GET', '/v1/staff/care/rules', undefined, tokens.admin)).json()) as CareRuleList;
  for (const existing of items) {
    const { ruleId: _id, createdAt: _c, updatedAt: _u, version, last30Days: _l, ...input } = existing;
    const body = { rule: { ...input, enabled: false }, version };
    expect((await api.json('PUT', `/v1/staff/care/rules/${existing.ruleId}`, body, tokens.admin)).status).toBe(200);
  }
}

/** The care engine sends what is due: the dispatcher queues it, the queue's worker sends it. */
async function sendDue() {
  await dispatchDueCare(stack.deps);
  while ((await pollCareQueueOnce(stack.deps)) > 0);
}

const remindJob = () => remindExpiringPointsWithNotices(stack.deps);

/** The member's deliveries of one rule or service notice (`service-tier-change`, `service-points-expiry`). */
async function deliveriesOf(name: string, ruleId: string): Promise<StoredDelivery[]> {
  return (await listMemberDeliveries(stack.deps.db, ids[name]!)).filter((delivery) => delivery.ruleId === ruleId);
}

async function capsOf(name: string, day: string) {
  return (await capCounts(stack.deps.db, [ids[name]!], day, mondayOf(day))).get(ids[name]!);
}

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-03-01T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(5 * 365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor'] as const)
    await putStaff(stack.deps.db, { openid: `o-sn-${role}`, role, name: role, at: stack.clock().toISOString() });
  tokens.admin = (await api.login('sn-admin')).token;
});
afterAll(() => stack.close());
beforeEach(async () => {
  stack.emulator.state.messages.length = 0;
  tokens.admin = (await api.login('sn-admin')).token;
  await disableAll();
});

describe('service notices on the care engine', () => {
  it('reach a member already at the daily and weekly marketing cap, and take no cap place', async () => {
    await member('capped', { birthday: '1990-12-06', grants: { care: 2, tier: 1, expiry: 1 } });
    await setNow('2027-12-05T23:00:00.000Z'); // 07:00 on 6 December in Shanghai: the daily planner runs
    await setPolicy(1, 1);
    await createRule(birthdayRule({ priority: 5 }));
    await createRule(birthdayRule({ name: '生日第二条', priority: 1 }));
    await planCare(stack.deps);
    const marketing = (await listMemberDeliveries(stack.deps.db, ids.capped!)).filter((d) => d.marketing);
    // The cap is full: the second birthday message was refused its place.
    expect(marketing.map((d) => [d.status, d.reason])).toEqual(
      expect.arrayContaining([
        ['planned', null],
        ['skipped', 'cap'],
      ]),
    );
    expect(await capsOf('capped', '2027-12-06')).toEqual({ day: 1, week: 1 });

    await setNow('2027-12-06T02:00:00.000Z'); // 10:00
    await upgradingOrder('capped');
    await remindJob();
    await sendDue();

    expect(templatesSentTo('capped').sort()).toEqual([TEMPLATES.care, TEMPLATES.expiry, TEMPLATES.tier].sort());
    expect((await deliveriesOf('capped', 'service-tier-change'))[0]).toMatchObject({ status: 'sent', marketing: false });
    expect((await deliveriesOf('capped', 'service-points-expiry'))[0]).toMatchObject({ status: 'sent', marketing: false });
    expect(sentTo('capped').find((m) => m.templateId === TEMPLATES.tier)!.data).toMatchObject({ thing1: { value: '银卡会员' } });
    expect(sentTo('capped').find((m) => m.templateId === TEMPLATES.expiry)!.data).toMatchObject({
      thing1: { value: '120积分即将过期' },
      date2: { value: '2027年12月31日' },
    });
    expect(await capsOf('capped', '2027-12-06')).toEqual({ day: 1, week: 1 });
  });

  it('do not use up the cap: a marketing message planned after them still goes', async () => {
    await member('first', { birthday: '1990-12-08', grants: { care: 1, tier: 1, expiry: 1 } });
    await setNow('2027-12-08T01:30:00.000Z'); // 09:30 in Shanghai
    await setPolicy(1, 1);
    await upgradingOrder('first');
    await remindJob();
    await sendDue();
    expect(templatesSentTo('first').sort()).toEqual([TEMPLATES.expiry, TEMPLATES.tier].sort());
    expect(await capsOf('first', '2027-12-08')).toEqual({ day: 0, week: 0 });

    await createRule(birthdayRule());
    expect((await planCare(stack.deps)).skipped.cap ?? 0).toBe(0);
    await setNow('2027-12-08T02:00:00.000Z');
    await sendDue();
    expect(templatesSentTo('first')).toContain(TEMPLATES.care);
    expect(await capsOf('first', '2027-12-08')).toEqual({ day: 1, week: 1 });
  });

  it('reach a member who refused personalised marketing, whose marketing messages are skipped', async () => {
    await member('optout', { birthday: '1990-12-09', grants: { care: 1, tier: 1, expiry: 1 }, optOut: true });
    await setNow('2027-12-09T01:30:00.000Z');
    await setPolicy(1, 2);
    await createRule(birthdayRule());
    await planCare(stack.deps);
    await upgradingOrder('optout');
    await remindJob();
    await setNow('2027-12-09T02:00:00.000Z');
    await sendDue();

    expect(templatesSentTo('optout').sort()).toEqual([TEMPLATES.expiry, TEMPLATES.tier].sort());
    const birthday = (await listMemberDeliveries(stack.deps.db, ids.optout!)).find((d) => d.marketing);
    expect(birthday).toMatchObject({ status: 'skipped', reason: 'opted-out' });
  });

  it('are skipped no-authorization without one, sending nothing; the reminder goes once one is granted', async () => {
    await member('ungranted');
    await setNow('2027-12-10T02:00:00.000Z');
    await upgradingOrder('ungranted');
    await remindJob();
    await sendDue();
    expect(sentTo('ungranted')).toEqual([]);
    expect(await deliveriesOf('ungranted', 'service-tier-change')).toMatchObject([{ status: 'skipped', reason: 'no-authorization' }]);
    expect(await deliveriesOf('ungranted', 'service-points-expiry')).toMatchObject([
      { status: 'skipped', reason: 'no-authorization', occasion: 'points-expiry#2027-12-31' },
    ]);

    // The next day's run finds the member still due; now they hold an authorization, the reminder goes.
    await grant('ungranted', TEMPLATES.expiry);
    await setNow('2027-12-11T02:00:00.000Z');
    await remindJob();
    await sendDue();
    await remindJob();
    await sendDue();
    expect(templatesSentTo('ungranted')).toEqual([TEMPLATES.expiry]);
    expect(await deliveriesOf('ungranted', 'service-points-expiry')).toMatchObject([{ status: 'sent' }]);
  });

  it('wait out quiet hours and go when they end; a reminder held past the expiry is stale', async () => {
    await member('night', { grants: { tier: 1, expiry: 1 } });
    await setPolicy(1, 2);
    await setNow('2027-12-12T14:00:00.000Z'); // 22:00 in Shanghai
    await upgradingOrder('night');
    await remindJob();
    const [tier] = await deliveriesOf('night', 'service-tier-change');
    expect(tier).toMatchObject({ status: 'planned', reason: 'quiet-hours', sendAt: '2027-12-13T01:00:00.000Z' });
    await setNow('2027-12-12T20:00:00.000Z'); // 04:00
    await sendDue();
    expect(sentTo('night')).toEqual([]);
    await setNow('2027-12-13T01:00:00.000Z'); // 09:00
    await sendDue();
    expect(templatesSentTo('night').sort()).toEqual([TEMPLATES.expiry, TEMPLATES.tier].sort());

    // On the evening of the expiry day the reminder could only go after the points are gone.
    await member('last-evening', { grants: { expiry: 1 } });
    await setNow('2027-12-31T14:00:00.000Z'); // 22:00 on 31 December
    await remindJob();
    await setNow('2028-01-01T01:00:00.000Z');
    await sendDue();
    expect(sentTo('last-evening')).toEqual([]);
    expect(await deliveriesOf('last-evening', 'service-points-expiry')).toMatchObject([{ status: 'skipped', reason: 'stale' }]);
  });

  it('are sent once however often the jobs run, the webhook is retried or the queue delivers again', async () => {
    await member('once', { grants: { tier: 3, expiry: 3 } });
    await setNow('2027-12-14T02:00:00.000Z');
    const order = sampleOrder({ orderId: 'sn-once-1', openid: 'o-sn-once', paidFen: 120_000, paidAt: stack.clock().toISOString() });
    expect((await api.postOrder(order)).status).toBe(200);
    expect(await (await api.postOrder(order)).json()).toMatchObject({ status: 'duplicate' });
    await Promise.all([remindJob(), remindJob()]);
    await remindJob();
    await Promise.all([dispatchDueCare(stack.deps), dispatchDueCare(stack.deps)]);
    await sendDue();
    // The queue hands both messages over again after they were sent.
    const queue = stack.config.queues.careDelivery!;
    for (const delivery of await listMemberDeliveries(stack.deps.db, ids.once!)) {
      const body = JSON.stringify({ memberId: delivery.memberId, ruleId: delivery.ruleId, occasion: delivery.occasion });
      await stack.deps.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
    }
    await sendDue();
    expect(templatesSentTo('once').sort()).toEqual([TEMPLATES.expiry, TEMPLATES.tier].sort());
    expect(await listMemberDeliveries(stack.deps.db, ids.once!)).toHaveLength(2);
  });

  it('show in the staff logs: the rule list, their own log, the customer’s 关怀记录 and 收到的消息', async () => {
    await setNow('2027-12-14T03:00:00.000Z');
    const list = (await (await api.json('GET', '/v1/staff/care/rules', undefined, tokens.admin)).json()) as CareRuleList;
    expect(list.serviceNotices.map((notice) => [notice.ruleId, notice.name])).toEqual([
      ['service-tier-change', '等级变更'],
      ['service-points-expiry', '积分到期提醒'],
    ]);
    expect(list.serviceNotices[0]!.last30Days.sent).toBeGreaterThanOrEqual(1);
    expect(list.serviceNotices[1]!.last30Days.skipped).toBeGreaterThanOrEqual(1);

    const log = (await (
      await api.json('GET', '/v1/staff/care/rules/service-tier-change/deliveries?status=sent', undefined, tokens.admin)
    ).json()) as CareDeliveryPage;
    expect(log.items.find((item) => item.memberId === ids.once)).toMatchObject({ ruleName: '等级变更', occasionName: '升级为银卡会员' });
    // A service notice has a log, not a rule to edit or measure.
    expect((await api.json('GET', '/v1/staff/care/rules/service-tier-change', undefined, tokens.admin)).status).toBe(404);

    const care = (await (
      await api.json('GET', `/v1/staff/members/${ids.once}/care-deliveries`, undefined, tokens.admin)
    ).json()) as CareDeliveryPage;
    expect(care.items.map((item) => [item.ruleName, item.status]).sort()).toEqual([
      ['积分到期提醒', 'sent'],
      ['等级变更', 'sent'],
    ]);
    const profile = (await (
      await api.json('GET', `/v1/staff/members/${ids.once}/profile`, undefined, tokens.admin)
    ).json()) as MemberProfile;
    expect(profile.messages.items.map((message) => [message.kind, message.status]).sort()).toEqual([
      ['points-expiry', 'sent'],
      ['tier-change', 'sent'],
    ]);
  });
});

describe('the built-in birthday greeting beside birthday rules', () => {
  it('yields to an enabled birthday rule: one greeting that day, the tier gift still credited', async () => {
    await member('bday-rule', { birthday: '1990-12-15', grants: { care: 2 } });
    await setNow('2027-12-14T23:00:00.000Z'); // 07:00 on 15 December
    await createRule(birthdayRule());
    await planCare(stack.deps);
    stack.clock.set('2027-12-15T01:00:00.000Z'); // 09:00: the birthday job
    expect(await runBirthdaysBesideCareRules(stack.deps)).toMatchObject({ greeted: false, giftsCredited: 1, sent: 0 });
    stack.clock.set('2027-12-15T02:00:00.000Z');
    await sendDue();
    expect(sentTo('bday-rule')).toHaveLength(1);
    expect(sentTo('bday-rule')[0]!.data).toMatchObject({ thing1: { value: 'bday-rule，生日快乐' } });
    // 120 points earned, 50 given by 普通会员's birthday benefit.
    expect((await getMember(stack.deps.db, ids['bday-rule']!))!.pointsBalance).toBe(170);
  });

  it('greets as before when no birthday rule is enabled', async () => {
    await member('bday-plain', { birthday: '1990-12-16', grants: { care: 2 } });
    stack.clock.set('2027-12-16T01:00:00.000Z');
    expect(await runBirthdaysBesideCareRules(stack.deps)).toMatchObject({ greeted: true, sent: 1 });
    expect(sentTo('bday-plain')).toHaveLength(1);
  });
});
