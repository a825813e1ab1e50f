import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { CareDeliveryPage, CareDryRun, CareRuleInputBody, CareRuleList, CareRuleResults } from '@linli/shared/care-rules';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { deliverCareMessages, dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { collectDeadLetters } from '../../functions/src/automation/dead-letters.ts';
import { CARE_DELIVERY_QUEUE } from '../../functions/src/config/queues.ts';
import { receiveMessages } from '../../functions/src/queues/queue-messages.ts';
import { getDelivery, listMemberDeliveries } from '../../functions/src/automation/care-repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { getMember, saveMember } from '../../functions/src/members/repository.ts';
import { listQuota } from '../../functions/src/subscriptions/repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { CARE_TEMPLATE, careRuleBody, createCareRule, grantCareTemplate } from '../support/care-rules.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

// 关怀计划: rules, the planner under one policy (caps, priorities, quiet hours, consent, authorization),
// the dispatcher and the queue worker, end to end against DynamoDB Local, the SQS server and the emulator.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const sentTo = (name: string) => stack.emulator.state.messages.filter((message) => message.openid === `o-care-${name}`);

async function member(name: string, profile: { birthday?: string; authorizations?: number } = {}) {
  const session = await api.login(`care-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  tokens[name] = session.token;
  ids[name] = session.member.memberId;
  if (profile.birthday)
    expect((await api.json('PATCH', '/v1/me', { birthday: profile.birthday, nickname: name }, session.token)).status).toBe(200);
  await authorize(name, profile.authorizations ?? 0);
}

/** The member taps 允许 `times` times: WeChat and Linli each count one send per tap. */
async function authorize(name: string, times: number) {
  await grantCareTemplate(stack, api, { openid: `o-care-${name}`, token: tokens[name]! }, times);
}

const createRule = (body: CareRuleInputBody) => createCareRule(api, tokens.admin!, body);

async function disableAll() {
  const listed = await api.json('GET', '/v1/staff/care/rules', undefined, tokens.admin);
  expect(listed.status, await listed.clone().text()).toBe(200);
  const { items } = (await listed.json()) as CareRuleList;
  for (const existing of items) {
    const { ruleId: _id, createdAt: _c, updatedAt: _u, version, last30Days: _l, ...input } = existing;
    expect(
      (await api.json('PUT', `/v1/staff/care/rules/${existing.ruleId}`, { rule: { ...input, enabled: false }, version }, tokens.admin))
        .status,
    ).toBe(200);
  }
}

const sumOf = (counts: Partial<Record<string, number>>) => Object.values(counts).reduce((sum: number, n) => sum + (n ?? 0), 0);

/** Moves the shop's clock; staff log in again (sessions last a week). */
async function setNow(at: string) {
  stack.clock.set(at);
  for (const role of ['admin', 'supervisor'] as const) tokens[role] = (await api.login(`care-${role}`)).token;
}

/** Runs the queue's worker until the queue is empty (as the Lambda event source would). */
async function drainQueue() {
  while ((await pollCareQueueOnce(stack.deps)) > 0);
}

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-03-13T23:00:00.000Z' }); // 2026-03-14 07:00 in Shanghai
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor'] as const) {
    await putStaff(stack.deps.db, { openid: `o-care-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`care-${role}`)).token;
  }
});
afterAll(() => stack.close());
beforeEach(async () => {
  stack.emulator.state.messages.length = 0;
  await disableAll();
});

describe('care rules (关怀计划) as operators keep them', () => {
  it('are refused, field by field, when WeChat would refuse the message or a variable could not be filled', async () => {
    const tooLong = careRuleBody({
      message: {
        templateId: CARE_TEMPLATE,
        title: '生日祝福',
        fields: [{ key: 'thing1', text: '这是一段非常非常非常非常非常长的固定祝福文字呀' }],
      },
    });
    const refused = await api.json('POST', '/v1/staff/care/rules', tooLong, tokens.admin);
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: { code: string; issues: Array<{ path: string; message: string }> } };
    expect(body.error.code).toBe('CARE_MESSAGE_INVALID');
    expect(body.error.issues[0]).toMatchObject({ path: 'message.fields.0.text' });
    expect(body.error.issues[0]!.message).toContain('最多 20 个字');

    const couponWithoutGift = careRuleBody({
      message: { templateId: CARE_TEMPLATE, title: '生日祝福', fields: [{ key: 'thing1', text: '{券名}已到账' }] },
    });
    const noGift = await api.json('POST', '/v1/staff/care/rules', couponWithoutGift, tokens.admin);
    expect(noGift.status).toBe(422);
    expect(((await noGift.json()) as { error: { issues: Array<{ message: string }> } }).error.issues[0]!.message).toContain('{券名}');

    const noSegment = await api.json(
      'POST',
      '/v1/staff/care/rules',
      careRuleBody({ audience: { kind: 'segment', segmentId: 'seg_gone' } }),
      tokens.admin,
    );
    expect(noSegment.status).toBe(422);
    expect(((await noSegment.json()) as { error: { code: string } }).error.code).toBe('CARE_AUDIENCE_NOT_FOUND');
  });

  it('are read by supervisors, changed by admins only, and an edit over a newer one is refused', async () => {
    expect((await api.json('POST', '/v1/staff/care/rules', careRuleBody(), tokens.supervisor)).status).toBe(403);
    const created = await createRule(careRuleBody({ enabled: false }));
    expect((await api.json('GET', `/v1/staff/care/rules/${created.ruleId}`, undefined, tokens.supervisor)).status).toBe(200);
    const { ruleId: _id, createdAt: _c, updatedAt: _u, version, ...input } = created;
    expect(
      (await api.json('PUT', `/v1/staff/care/rules/${created.ruleId}`, { rule: { ...input, name: '改名' }, version }, tokens.admin)).status,
    ).toBe(200);
    const stale = await api.json(
      'PUT',
      `/v1/staff/care/rules/${created.ruleId}`,
      { rule: { ...input, name: '再改' }, version },
      tokens.admin,
    );
    expect(stale.status).toBe(409);
    expect((await api.json('DELETE', `/v1/staff/care/rules/${created.ruleId}`, undefined, tokens.admin)).status).toBe(204);
    expect((await api.json('GET', `/v1/staff/care/rules/${created.ruleId}`, undefined, tokens.admin)).status).toBe(404);
  });
});

describe('a birthday rule, planned, dispatched and delivered', () => {
  it("sends once at the rule's time to members celebrating today who hold an authorization, and says why not to the others", async () => {
    await setNow('2026-03-13T23:00:00.000Z'); // 07:00 on 14 March in Shanghai
    await member('bday', { birthday: '1990-03-14', authorizations: 1 });
    await member('bday-unsubscribed', { birthday: '1992-03-14' });
    await member('bday-tomorrow', { birthday: '1991-03-15', authorizations: 1 });
    const created = await createRule(careRuleBody());

    const dry = (await (
      await api.json('POST', '/v1/staff/care/dry-run', { rule: careRuleBody() }, tokens.supervisor)
    ).json()) as CareDryRun;
    expect(dry).toMatchObject({ day: '2026-03-14', due: 2, wouldSend: 1, skipped: { 'no-authorization': 1 }, notInAudience: 0 });

    const plan = await planCare(stack.deps);
    expect(plan).toMatchObject({ day: '2026-03-14', planned: 1, skipped: { 'no-authorization': 1 } });
    // 07:00: not yet its time.
    expect(await dispatchDueCare(stack.deps)).toMatchObject({ queued: 0 });
    stack.clock.set('2026-03-14T02:00:00.000Z'); // 10:00
    expect(await dispatchDueCare(stack.deps)).toMatchObject({ queued: 1 });
    await drainQueue();
    expect(sentTo('bday')).toHaveLength(1);
    expect(sentTo('bday')[0]!.data).toEqual({ thing1: { value: 'bday，生日快乐' }, date2: { value: '2026年3月14日' } });
    expect(sentTo('bday-unsubscribed')).toHaveLength(0);
    expect(sentTo('bday-tomorrow')).toHaveLength(0);

    // A rerun plans, queues and sends nothing more.
    expect(await planCare(stack.deps)).toMatchObject({ planned: 0, alreadyPlanned: 2 });
    expect(await dispatchDueCare(stack.deps)).toMatchObject({ queued: 0 });
    await drainQueue();
    expect(sentTo('bday')).toHaveLength(1);

    const log = (await (
      await api.json('GET', `/v1/staff/care/rules/${created.ruleId}/deliveries`, undefined, tokens.supervisor)
    ).json()) as CareDeliveryPage;
    expect(log.items.map((item) => [item.memberId, item.status, item.reason])).toEqual(
      expect.arrayContaining([
        [ids.bday, 'sent', null],
        [ids['bday-unsubscribed'], 'skipped', 'no-authorization'],
      ]),
    );
    // The log names each member by nickname (the page never shows a member id).
    expect(log.items.find((item) => item.memberId === ids.bday)!.nickname).toBe('bday');
    const mine = (await (
      await api.json('GET', `/v1/staff/members/${ids.bday}/care-deliveries`, undefined, tokens.supervisor)
    ).json()) as CareDeliveryPage;
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ ruleName: '生日祝福', occasionName: '2026年生日', status: 'sent' });
    const { items } = (await (await api.json('GET', '/v1/staff/care/rules', undefined, tokens.supervisor)).json()) as CareRuleList;
    expect(items.find((item) => item.ruleId === created.ruleId)!.last30Days).toEqual({ planned: 0, sent: 1, skipped: 1, failed: 0 });
  });
});

describe('one policy over every rule', () => {
  it('lets the highest priority take the day’s only place, even with two planners at once; the rest are skipped for the cap', async () => {
    await setNow('2026-05-19T23:00:00.000Z'); // 07:00 on 20 May (520) in Shanghai
    await member('popular', { birthday: '1995-05-20', authorizations: 3 });
    const low = await createRule(
      careRuleBody({ name: '520 问候', trigger: { kind: 'holiday', holiday: 'day-520', daysBefore: 0 }, priority: 3 }),
    );
    const high = await createRule(careRuleBody({ name: '生日', priority: 8 }));
    const [first, second] = await Promise.all([planCare(stack.deps), planCare(stack.deps)]);
    // Between them the two planners wrote each delivery once (the other found it written).
    expect(first.planned + first.alreadyPlanned + sumOf(first.skipped)).toBe(
      second.planned + second.alreadyPlanned + sumOf(second.skipped),
    );
    const mine = await listMemberDeliveries(stack.deps.db, ids.popular!);
    const byRule = new Map(mine.map((delivery) => [delivery.ruleId, delivery]));
    expect(byRule.get(high.ruleId)).toMatchObject({ status: 'planned' });
    expect(byRule.get(low.ruleId)).toMatchObject({ status: 'skipped', reason: 'cap' });
    expect(mine.filter((delivery) => delivery.status === 'planned')).toHaveLength(1);
    stack.clock.set('2026-05-20T02:00:00.000Z');
    await dispatchDueCare(stack.deps);
    await drainQueue();
    expect(sentTo('popular')).toHaveLength(1);
  });

  it('holds the weekly cap across the days of a week (Monday to Sunday)', async () => {
    await setNow('2026-06-15T23:00:00.000Z'); // Tuesday 16 June, 07:00
    await member('weekly', { birthday: '1990-06-17', authorizations: 3 });
    const settings = (await (await api.json('GET', '/v1/staff/care/settings', undefined, tokens.admin)).json()) as Record<string, unknown>;
    const occasions = [{ id: 'shop-day', name: '店庆', monthDay: '06-16' }];
    expect((await api.json('PUT', '/v1/staff/care/settings', { ...settings, sellerOccasions: occasions }, tokens.admin)).status).toBe(200);
    await createRule(careRuleBody({ name: '店庆', trigger: { kind: 'holiday', holiday: 'seller:shop-day', daysBefore: 0 } }));
    await createRule(careRuleBody({ name: '生日' }));
    await createRule(careRuleBody({ name: '618', trigger: { kind: 'holiday', holiday: 'mid-year-618', daysBefore: 0 } }));
    for (const day of ['2026-06-15', '2026-06-16', '2026-06-17']) {
      stack.clock.set(`${day}T23:00:00.000Z`);
      await planCare(stack.deps);
    }
    const mine = new Map((await listMemberDeliveries(stack.deps.db, ids.weekly!)).map((d) => [d.ruleName, [d.status, d.reason]]));
    expect(Object.fromEntries(mine)).toEqual({ 店庆: ['planned', null], 生日: ['planned', null], 618: ['skipped', 'cap'] });
  });

  it('holds what falls in quiet hours until they end, and drops what would be stale by then', async () => {
    await setNow('2026-07-06T23:00:00.000Z'); // 7 July, 07:00
    await member('night-owl', { birthday: '1990-07-07', authorizations: 2 });
    const late = await createRule(careRuleBody({ name: '晚间祝福', sendTime: '22:00', staleAfterHours: 12 }));
    const brief = await createRule(careRuleBody({ name: '限时祝福', sendTime: '22:30', staleAfterHours: 2, priority: 9 }));
    await planCare(stack.deps);
    const held = await getDelivery(stack.deps.db, { memberId: ids['night-owl']!, ruleId: late.ruleId, occasion: 'birthday#2026' });
    expect(held).toMatchObject({ status: 'planned', reason: 'quiet-hours', sendAt: '2026-07-08T01:00:00.000Z' });
    const dropped = await getDelivery(stack.deps.db, { memberId: ids['night-owl']!, ruleId: brief.ruleId, occasion: 'birthday#2026' });
    expect(dropped).toMatchObject({ status: 'skipped', reason: 'stale' });
    stack.clock.set('2026-07-07T14:30:00.000Z'); // 22:30: quiet
    expect(await dispatchDueCare(stack.deps)).toMatchObject({ queued: 0 });
    stack.clock.set('2026-07-08T01:00:00.000Z'); // 09:00 the next morning
    expect(await dispatchDueCare(stack.deps)).toMatchObject({ queued: 1 });
    await drainQueue();
    expect(sentTo('night-owl')).toHaveLength(1);
  });

  it('holds a message that reaches the worker late and inside quiet hours (a retry after its backoff) until they end', async () => {
    await setNow('2026-07-09T23:00:00.000Z'); // 10 July, 07:00
    await member('late', { birthday: '1990-07-10', authorizations: 1 });
    const created = await createRule(careRuleBody({ name: '傍晚祝福', sendTime: '20:50', staleAfterHours: 24 }));
    await planCare(stack.deps);
    stack.clock.set('2026-07-10T12:50:00.000Z'); // 20:50
    expect(await dispatchDueCare(stack.deps)).toMatchObject({ queued: 1 });
    stack.clock.set('2026-07-10T13:05:00.000Z'); // 21:05: the message comes only now
    await drainQueue();
    expect(sentTo('late')).toHaveLength(0);
    const key = { memberId: ids.late!, ruleId: created.ruleId, occasion: 'birthday#2026' };
    expect(await getDelivery(stack.deps.db, key)).toMatchObject({
      status: 'planned',
      reason: 'quiet-hours',
      sendAt: '2026-07-11T01:00:00.000Z',
    });
    stack.clock.set('2026-07-11T01:00:00.000Z'); // 09:00
    await dispatchDueCare(stack.deps);
    await drainQueue();
    expect(sentTo('late')).toHaveLength(1);
  });

  it('never sends marketing to a member who refused personalised marketing, even after it was planned', async () => {
    await setNow('2026-08-07T23:00:00.000Z'); // 8 August, 07:00
    await member('private', { birthday: '1990-08-08', authorizations: 1 });
    await createRule(careRuleBody());
    expect(await planCare(stack.deps)).toMatchObject({ planned: 1 });
    const stored = (await getMember(stack.deps.db, ids.private!))!;
    await saveMember(stack.deps.db, { ...stored, marketingOptOut: true, version: stored.version + 1 }, stored.version);
    stack.clock.set('2026-08-08T02:00:00.000Z');
    await dispatchDueCare(stack.deps);
    await drainQueue();
    expect(sentTo('private')).toHaveLength(0);
    expect((await listMemberDeliveries(stack.deps.db, ids.private!))[0]).toMatchObject({ status: 'skipped', reason: 'opted-out' });
    // The authorization was not spent.
    expect((await listQuota(stack.deps.db, ids.private!)).find((quota) => quota.templateId === CARE_TEMPLATE)?.remaining).toBe(1);
  });
});

describe('the delivery worker, when things go wrong', () => {
  const failNextSend = async (errcode: number, times = 1) => {
    const response = await stack.emulator.app.request('/__emulator/failures', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/cgi-bin/message/subscribe/send', errcode, times }),
    });
    expect(response.status).toBe(200);
  };
  /** Plans and queues today's birthday for a fresh member, and answers the queue message as the worker would receive it. */
  async function plannedBirthday(name: string, day: string, options: { wechatGrants?: number; ourGrants?: number } = {}) {
    await setNow(`${day}T23:00:00.000Z`);
    const next = new Date(Date.parse(`${day}T23:00:00.000Z`) + 3 * 3600_000);
    await member(name, { birthday: `1990-${next.toISOString().slice(5, 10)}` });
    for (let i = 0; i < (options.wechatGrants ?? 1); i++)
      await stack.emulator.app.request('/__emulator/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: `o-care-${name}`, templateIds: [CARE_TEMPLATE], result: 'accept' }),
      });
    for (let i = 0; i < (options.ourGrants ?? 1); i++)
      await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: CARE_TEMPLATE, result: 'accept' }] }, tokens[name]);
    const created = await createRule(careRuleBody());
    await planCare(stack.deps);
    stack.clock.set(next);
    const key = { memberId: ids[name]!, ruleId: created.ruleId, occasion: `birthday#${next.getUTCFullYear()}` };
    const message = { messageId: `m-${name}`, receiptHandle: 'not-from-the-queue', body: JSON.stringify(key), receiveCount: 1 };
    return { key, message };
  }
  const remaining = async (name: string) =>
    (await listQuota(stack.deps.db, ids[name]!)).find((q) => q.templateId === CARE_TEMPLATE)?.remaining ?? 0;

  it('43101 (WeChat holds no authorization though we counted one): zeroes our count, records it, tries no more', async () => {
    const { key, message } = await plannedBirthday('stale-count', '2026-09-01', { wechatGrants: 0, ourGrants: 2 });
    expect(await deliverCareMessages(stack.deps, [message])).toEqual({ retry: [] });
    expect(await getDelivery(stack.deps.db, key)).toMatchObject({ status: 'skipped', reason: 'no-authorization', detail: '43101' });
    expect(await remaining('stale-count')).toBe(0);
  });

  it('a rate limit or "system busy" gives the claim and the authorization back and asks for a retry; the retry sends once', async () => {
    const { key, message } = await plannedBirthday('busy', '2026-09-02');
    await failNextSend(45009);
    expect(await deliverCareMessages(stack.deps, [message])).toEqual({ retry: [message.messageId] });
    expect(await getDelivery(stack.deps.db, key)).toMatchObject({ status: 'queued' });
    expect(await remaining('busy')).toBe(1);
    await failNextSend(-1);
    expect(await deliverCareMessages(stack.deps, [{ ...message, receiveCount: 2 }])).toEqual({ retry: [message.messageId] });
    expect(await deliverCareMessages(stack.deps, [{ ...message, receiveCount: 3 }])).toEqual({ retry: [] });
    expect(sentTo('busy')).toHaveLength(1);
    expect(await getDelivery(stack.deps.db, key)).toMatchObject({ status: 'sent' });
    expect(await remaining('busy')).toBe(0);
  });

  it('a refusal that a retry cannot fix (47003) is recorded as failed with WeChat’s answer; the authorization goes back', async () => {
    const { key, message } = await plannedBirthday('refused', '2026-09-03');
    await failNextSend(47003);
    expect(await deliverCareMessages(stack.deps, [message])).toEqual({ retry: [] });
    expect(await getDelivery(stack.deps.db, key)).toMatchObject({ status: 'failed' });
    expect((await getDelivery(stack.deps.db, key))!.detail).toContain('47003');
    expect(await remaining('refused')).toBe(1);
  });

  it('a message queued for a member who then deleted their account is dropped, not retried into the dead letters', async () => {
    const { key, message } = await plannedBirthday('leaving', '2026-09-05');
    expect((await api.json('POST', '/v1/me/deletion', { confirmation: 'DELETE_MY_ACCOUNT' }, tokens.leaving)).status).toBe(200);
    expect(await getDelivery(stack.deps.db, key)).toBeNull();
    expect(await deliverCareMessages(stack.deps, [message])).toEqual({ retry: [] });
    expect(sentTo('leaving')).toHaveLength(0);
    // A delivery that is missing while its member still exists is still retried (and dead-lettered) for a person to look at.
    const orphan = { ...message, messageId: 'm-orphan', body: JSON.stringify({ ...key, memberId: ids.busy!, occasion: 'never-planned' }) };
    expect(await deliverCareMessages(stack.deps, [orphan])).toEqual({ retry: ['m-orphan'] });
  });

  it('a worker that stops between sending and recording never sends the message a second time', async () => {
    const { key, message } = await plannedBirthday('crash', '2026-09-04');
    const crashing = {
      ...stack.deps,
      wechat: {
        ...stack.deps.wechat,
        sendSubscribeMessage: async (input: Parameters<typeof stack.deps.wechat.sendSubscribeMessage>[0]) => {
          await stack.deps.wechat.sendSubscribeMessage(input);
          throw new Error('the function was stopped');
        },
      },
    };
    expect(await deliverCareMessages(crashing, [message])).toEqual({ retry: [message.messageId] });
    expect(sentTo('crash')).toHaveLength(1);
    // The queue delivers it again, and again after the attempt can no longer be running.
    expect(await deliverCareMessages(stack.deps, [{ ...message, receiveCount: 2 }])).toEqual({ retry: [] });
    stack.clock.advance(10 * 60_000);
    expect(await deliverCareMessages(stack.deps, [{ ...message, receiveCount: 3 }])).toEqual({ retry: [] });
    expect(sentTo('crash')).toHaveLength(1);
    expect((await getDelivery(stack.deps.db, key))!).toMatchObject({ status: 'failed' });
    expect((await getDelivery(stack.deps.db, key))!.detail).toContain('uncertain');
  });

  it('one bad message in a batch does not hold back or repeat its neighbours', async () => {
    const { message } = await plannedBirthday('neighbour', '2026-09-05');
    const poison = { messageId: 'poison', receiptHandle: 'x', body: '{"memberId":', receiveCount: 1 };
    expect(await deliverCareMessages(stack.deps, [poison, message])).toEqual({ retry: ['poison'] });
    expect(sentTo('neighbour')).toHaveLength(1);
  });

  it('a message that fails every attempt reaches the dead-letter queue, shows in the staff list, and a retry puts it back', async () => {
    await setNow('2026-09-06T02:00:00.000Z');
    const queue = stack.config.queues.careDelivery!;
    await stack.deps.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'not a care message' }));
    for (let receive = 1; receive <= CARE_DELIVERY_QUEUE.maxReceiveCount; receive++) {
      const [received] = await receiveMessages(stack.deps.sqs, queue.url, 1);
      expect(received?.receiveCount).toBe(receive);
      expect(await deliverCareMessages(stack.deps, [received!])).toEqual({ retry: [received!.messageId] });
      // The backoff passes.
      await stack.deps.sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: queue.url, ReceiptHandle: received!.receiptHandle, VisibilityTimeout: 0 }),
      );
    }
    expect(await receiveMessages(stack.deps.sqs, queue.url, 0)).toEqual([]);
    expect(await collectDeadLetters(stack.deps)).toEqual({ collected: 1 });
    const listed = (await (await api.json('GET', '/v1/staff/care/dead-letters', undefined, tokens.supervisor)).json()) as {
      items: Array<{ messageId: string; delivery: unknown; receiveCount: number }>;
    };
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ delivery: null });
    expect(
      (await api.json('POST', `/v1/staff/care/dead-letters/${listed.items[0]!.messageId}/retry`, undefined, tokens.supervisor)).status,
    ).toBe(403);
    expect(
      (await api.json('POST', `/v1/staff/care/dead-letters/${listed.items[0]!.messageId}/retry`, undefined, tokens.admin)).status,
    ).toBe(204);
    expect((await receiveMessages(stack.deps.sqs, queue.url, 1)).map((m) => m.body)).toEqual(['not a care message']);
    expect(
      ((await (await api.json('GET', '/v1/staff/care/dead-letters', undefined, tokens.admin)).json()) as { items: unknown[] }).items,
    ).toEqual([]);
  });
});

describe('gifts', () => {
  it('gives a coupon of the points mall with the message, once however often the message comes', async () => {
    await setNow('2026-10-09T23:00:00.000Z'); // 10 October, 07:00
    const reward = await api.json(
      'POST',
      '/v1/staff/rewards',
      {
        kind: 'coupon',
        name: '生日5元券',
        description: '生日专享',
        pointsPrice: 100,
        stock: 10,
        perMemberLimit: 1,
        tierCodes: [],
        availableFrom: '2026-10-01T00:00:00+08:00',
        availableUntil: '2027-01-01T00:00:00+08:00',
        coupon: { type: 'amount_off', amountOffFen: 500, minSpendFen: 0, validDays: 30 },
      },
      tokens.admin,
    );
    expect(reward.status).toBe(200);
    const { rewardId } = (await reward.json()) as { rewardId: string };
    await member('gifted', { birthday: '1990-10-10', authorizations: 1 });
    const created = await createRule(
      careRuleBody({
        gift: { kind: 'coupon', rewardId },
        message: {
          templateId: CARE_TEMPLATE,
          title: '生日祝福',
          fields: [
            { key: 'thing1', text: '{券名}已放入卡包' },
            { key: 'date2', text: '{日期}' },
          ],
        },
      }),
    );
    await planCare(stack.deps);
    stack.clock.set('2026-10-10T02:00:00.000Z');
    await dispatchDueCare(stack.deps);
    await drainQueue();
    const message = {
      messageId: 'again',
      receiptHandle: 'x',
      body: JSON.stringify({ memberId: ids.gifted, ruleId: created.ruleId, occasion: 'birthday#2026' }),
      receiveCount: 2,
    };
    await deliverCareMessages(stack.deps, [message]);
    expect(sentTo('gifted').map((m) => m.data.thing1!.value)).toEqual(['生日5元券已放入卡包']);
    const coupons = (await (await api.json('GET', '/v1/me/coupons', undefined, tokens.gifted)).json()) as {
      items: Array<{ name: string }>;
    };
    expect(coupons.items.map((coupon) => coupon.name)).toEqual(['生日5元券']);
  });
});

describe('attribution', () => {
  it('credits a rule with the orders paid within 7 days of each message, per arm and against its hold-out', async () => {
    await setNow('2026-11-01T23:00:00.000Z'); // 2 November, 07:00
    const names = Array.from({ length: 12 }, (_, i) => `measured-${i}`);
    for (const name of names) await member(name, { birthday: '1990-11-02', authorizations: 1 });
    const variantMessage = { templateId: CARE_TEMPLATE, title: '生日祝福', fields: [{ key: 'thing1', text: '{昵称}，生日快乐！' }] };
    const created = await createRule(
      careRuleBody({ name: '生日实验', holdoutPercent: 50, variant: { message: variantMessage, gift: null } }),
    );
    await planCare(stack.deps);
    stack.clock.set('2026-11-02T02:00:00.000Z');
    await dispatchDueCare(stack.deps);
    await drainQueue();
    // Odd members buy two days later (¥50); member 0 buys nine days later, outside the window.
    for (const [index, name] of names.entries()) {
      const paidAt = index % 2 === 1 ? '2026-11-04T04:00:00.000Z' : index === 0 ? '2026-11-11T04:00:00.000Z' : null;
      if (paidAt) expect((await api.postOrder({ ...sampleOrder({ openid: `o-care-${name}`, paidFen: 5_000, paidAt }) })).status).toBe(200);
    }
    await setNow('2026-11-10T02:00:00.000Z');
    const results = (await (
      await api.json('GET', `/v1/staff/care/rules/${created.ruleId}/results`, undefined, tokens.supervisor)
    ).json()) as CareRuleResults;

    const mine = await Promise.all(
      names.map(async (name) => (await listMemberDeliveries(stack.deps.db, ids[name]!)).find((d) => d.ruleId === created.ruleId)!),
    );
    const expected = (group: (d: (typeof mine)[number]) => boolean) => {
      const members = names.filter((_, i) => group(mine[i]!));
      const converted = members.filter((name) => names.indexOf(name) % 2 === 1).length;
      return { members: members.length, converted, orders: converted, revenueFen: converted * 5_000 };
    };
    const heldOut = expected((d) => d.reason === 'held-out');
    expect(heldOut.members).toBeGreaterThan(0);
    expect(results.holdout).toEqual(heldOut);
    expect(results.arms.find((arm) => arm.arm === 'a')).toEqual({ arm: 'a', ...expected((d) => d.status === 'sent' && d.arm === 'a') });
    expect(results.arms.find((arm) => arm.arm === 'b') ?? { arm: 'b', members: 0, converted: 0, orders: 0, revenueFen: 0 }).toEqual({
      arm: 'b',
      ...expected((d) => d.status === 'sent' && d.arm === 'b'),
    });
    expect(results.tooFew).toBe(true);
    expect(results.pending).toBe(0);
  });
});

describe('post-purchase follow-up', () => {
  it("finds the day's buyers through their credited orders, those credited at joining too, N days later", async () => {
    await setNow('2026-11-20T04:00:00.000Z');
    await member('shopper', { authorizations: 1 });
    expect((await api.postOrder(sampleOrder({ openid: 'o-care-shopper', paidAt: '2026-11-20T03:00:00.000Z' }))).status).toBe(200);
    expect((await api.postOrder(sampleOrder({ openid: 'o-care-shopper', paidAt: '2026-11-20T05:00:00.000Z' }))).status).toBe(200);
    // A guest's order waits for them to join, then counts for the day it was paid.
    expect((await api.postOrder(sampleOrder({ openid: 'o-care-guest', paidAt: '2026-11-20T06:00:00.000Z' }))).status).toBe(200);
    await member('guest', { authorizations: 1 });
    await createRule(
      careRuleBody({
        name: '购物回访',
        trigger: { kind: 'post-purchase', daysAfter: 2 },
        message: {
          templateId: CARE_TEMPLATE,
          title: '购物回访',
          fields: [
            { key: 'thing1', text: '{昵称}，商品还满意吗' },
            { key: 'date2', text: '{日期}' },
          ],
        },
      }),
    );
    await setNow('2026-11-21T23:00:00.000Z'); // 22 November, 07:00
    expect(await planCare(stack.deps)).toMatchObject({ due: 2, planned: 2 });
    stack.clock.set('2026-11-22T02:00:00.000Z');
    await dispatchDueCare(stack.deps);
    await drainQueue();
    // No nickname given: the message says 会员.
    expect(sentTo('shopper').map((m) => m.data)).toEqual([{ thing1: { value: '会员，商品还满意吗' }, date2: { value: '2026年11月20日' } }]);
    expect(sentTo('guest')).toHaveLength(1);
  });
});

describe('audiences and switches', () => {
  it('sends only to the segment among the members the trigger names, and the dry run says who is outside it', async () => {
    await setNow('2026-12-03T23:00:00.000Z'); // 4 December, 07:00
    await member('vip', { birthday: '1990-12-04', authorizations: 1 });
    await member('regular', { birthday: '1991-12-04', authorizations: 1 });
    expect((await api.json('PUT', `/v1/staff/members/${ids.vip}/tags/${encodeURIComponent('VIP')}`, undefined, tokens.admin)).status).toBe(
      200,
    );
    const segment = await api.json(
      'POST',
      '/v1/staff/segments',
      { name: '贵宾', rule: { op: 'and', conditions: [{ field: 'tag', in: ['VIP'] }] } },
      tokens.admin,
    );
    expect(segment.status).toBe(200);
    const { segmentId } = (await segment.json()) as { segmentId: string };
    const forVips = careRuleBody({ name: '贵宾生日', audience: { kind: 'segment', segmentId } });
    const dry = (await (await api.json('POST', '/v1/staff/care/dry-run', { rule: forVips }, tokens.admin)).json()) as CareDryRun;
    expect(dry).toMatchObject({ due: 2, notInAudience: 1, wouldSend: 1, segmentMissing: false });
    await createRule(forVips);
    expect(await planCare(stack.deps)).toMatchObject({ due: 1, planned: 1 });
    stack.clock.set('2026-12-04T02:00:00.000Z');
    await dispatchDueCare(stack.deps);
    await drainQueue();
    expect(sentTo('vip')).toHaveLength(1);
    expect(sentTo('regular')).toHaveLength(0);
  });

  it('sends nothing more of a rule switched off after it planned: what waits is recorded as skipped', async () => {
    await setNow('2026-12-05T23:00:00.000Z'); // 6 December, 07:00
    await member('switched', { birthday: '1990-12-06', authorizations: 1 });
    const created = await createRule(careRuleBody({ name: '将关闭' }));
    expect(await planCare(stack.deps)).toMatchObject({ planned: 1 });
    await disableAll();
    stack.clock.set('2026-12-06T02:00:00.000Z');
    await dispatchDueCare(stack.deps);
    await drainQueue();
    expect(sentTo('switched')).toHaveLength(0);
    expect(await getDelivery(stack.deps.db, { memberId: ids.switched!, ruleId: created.ruleId, occasion: 'birthday#2026' })).toMatchObject({
      status: 'skipped',
      reason: 'rule-off',
    });
  });
});
