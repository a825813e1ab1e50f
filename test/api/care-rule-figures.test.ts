import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { serviceNoticeRuleId, type CareRuleInputBody, type CareRuleList } from '@linli/shared/care-rules';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { deliverCareMessages, dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { collectDeadLetters } from '../../functions/src/automation/dead-letters.ts';
import {
  finishDelivery,
  getDelivery,
  planDelivery,
  planServiceDelivery,
  type StoredDelivery,
} from '../../functions/src/automation/care-repository.ts';
import { careRuleSummaries, serviceNoticeSummaries } from '../../functions/src/automation/care-rule-admin.ts';
import { countingDatabase } from '../../functions/src/db/counting-database.ts';
import { MEMBER_SHARDS } from '../../functions/src/db/keys.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { CARE_TEMPLATE, careRuleBody, createCareRule } from '../support/care-rules.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// 关怀计划's list: each rule's last-30-day figures are day counts kept in the write of every status
// change, counted on the Shanghai day the delivery first was to go; the list reads those, never the deliveries.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const sentTo = (name: string) => stack.emulator.state.messages.filter((message) => message.openid === `o-figures-${name}`);

/** A member whose birthday is `birthday`; `wechat` / `ours`: the 允许 taps WeChat and Linli each counted. */
async function member(name: string, birthday: string, grants: { wechat: number; ours: number }) {
  const session = await api.login(`figures-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  tokens[name] = session.token;
  ids[name] = session.member.memberId;
  expect((await api.json('PATCH', '/v1/me', { birthday, nickname: name }, session.token)).status).toBe(200);
  for (let i = 0; i < grants.wechat; i++)
    await stack.emulator.app.request('/__emulator/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: `o-figures-${name}`, templateIds: [CARE_TEMPLATE], result: 'accept' }),
    });
  for (let i = 0; i < grants.ours; i++)
    expect(
      (await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: CARE_TEMPLATE, result: 'accept' }] }, session.token))
        .status,
    ).toBe(200);
}

const createRule = (body: CareRuleInputBody) => createCareRule(api, tokens.admin!, body);

/** The rule's figures as the staff list shows them. */
async function figuresOf(ruleId: string) {
  const response = await api.json('GET', '/v1/staff/care/rules', undefined, tokens.supervisor);
  expect(response.status).toBe(200);
  return ((await response.json()) as CareRuleList).items.find((item) => item.ruleId === ruleId)!.last30Days;
}

async function setNow(at: string | Date) {
  stack.clock.set(at);
  for (const role of ['admin', 'supervisor'] as const) tokens[role] = (await api.login(`figures-${role}`)).token;
}

const failNextSend = async (errcode: number) => {
  const response = await stack.emulator.app.request('/__emulator/failures', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: '/cgi-bin/message/subscribe/send', errcode, times: 1 }),
  });
  expect(response.status).toBe(200);
};

/** The queue message of a member's birthday delivery of `ruleId`, as the worker receives it. */
const messageFor = (name: string, ruleId: string, year: number) => {
  const key = { memberId: ids[name]!, ruleId, occasion: `birthday#${year}` };
  return { key, message: { messageId: `m-${name}`, receiptHandle: 'not-from-the-queue', body: JSON.stringify(key), receiveCount: 1 } };
};

/** A delivery as a planner writes it: planned for `sendAt`. */
function storedDelivery(memberId: string, ruleId: string, sendAt: string): StoredDelivery {
  return {
    memberId,
    ruleId,
    occasion: 'sale#2026',
    occasionName: '大促',
    ruleName: '大促',
    arm: 'a',
    status: 'planned',
    reason: null,
    marketing: true,
    priority: 5,
    sendAt,
    staleAt: '2026-12-31T00:00:00.000Z',
    plannedAt: sendAt,
    finishedAt: null,
    detail: null,
    values: {},
    msgid: null,
    giftRef: null,
  };
}

async function drainQueue() {
  while ((await pollCareQueueOnce(stack.deps)) > 0);
}

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-03-13T23:00:00.000Z' });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor'] as const) {
    await putStaff(stack.deps.db, { openid: `o-figures-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`figures-${role}`)).token;
  }
});
afterAll(() => stack.close());
beforeEach(async () => {
  // Each case's rule alone: the others are switched off so no cap place is taken by them.
  const { items } = (await (await api.json('GET', '/v1/staff/care/rules', undefined, tokens.admin)).json()) as CareRuleList;
  for (const existing of items)
    expect((await api.json('DELETE', `/v1/staff/care/rules/${existing.ruleId}`, undefined, tokens.admin)).status).toBe(204);
});

describe('the rule list’s last-30-day figures', () => {
  it('follow each delivery from planned to sent, skipped or failed, through the dead letters and their retry', async () => {
    await setNow('2026-03-13T23:00:00.000Z'); // 14 March, 07:00 in Shanghai
    await member('sent', '1990-03-14', { wechat: 1, ours: 1 });
    await member('no-grant', '1990-03-14', { wechat: 0, ours: 0 });
    await member('refused', '1990-03-14', { wechat: 1, ours: 1 });
    await member('stale-grant', '1990-03-14', { wechat: 0, ours: 1 }); // WeChat answers 43101
    await member('dead-letter', '1990-03-14', { wechat: 1, ours: 1 });
    const created = await createRule(careRuleBody());

    await planCare(stack.deps);
    expect(await figuresOf(created.ruleId)).toEqual({ planned: 4, sent: 0, skipped: 1, failed: 0 });

    stack.clock.set('2026-03-14T02:00:00.000Z'); // 10:00
    expect(await deliverCareMessages(stack.deps, [messageFor('sent', created.ruleId, 2026).message])).toEqual({ retry: [] });
    expect(await figuresOf(created.ruleId)).toEqual({ planned: 3, sent: 1, skipped: 1, failed: 0 });

    await failNextSend(47003);
    expect(await deliverCareMessages(stack.deps, [messageFor('refused', created.ruleId, 2026).message])).toEqual({ retry: [] });
    expect(await figuresOf(created.ruleId)).toEqual({ planned: 2, sent: 1, skipped: 1, failed: 1 });

    expect(await deliverCareMessages(stack.deps, [messageFor('stale-grant', created.ruleId, 2026).message])).toEqual({ retry: [] });
    expect(await getDelivery(stack.deps.db, messageFor('stale-grant', created.ruleId, 2026).key)).toMatchObject({ status: 'skipped' });
    expect(await figuresOf(created.ruleId)).toEqual({ planned: 1, sent: 1, skipped: 2, failed: 1 });

    // "System busy" on every attempt: the message ends in the dead letters, the delivery waits queued (planned).
    const dead = messageFor('dead-letter', created.ruleId, 2026);
    await failNextSend(-1);
    expect(await deliverCareMessages(stack.deps, [dead.message])).toEqual({ retry: [dead.message.messageId] });
    expect(await getDelivery(stack.deps.db, dead.key)).toMatchObject({ status: 'queued' });
    const queue = stack.config.queues.careDelivery!;
    await stack.deps.sqs.send(new SendMessageCommand({ QueueUrl: queue.deadLetterUrl, MessageBody: dead.message.body }));
    expect(await collectDeadLetters(stack.deps)).toEqual({ collected: 1 });
    expect(await figuresOf(created.ruleId)).toEqual({ planned: 1, sent: 1, skipped: 2, failed: 1 });
    const letters = (await (await api.json('GET', '/v1/staff/care/dead-letters', undefined, tokens.admin)).json()) as {
      items: Array<{ messageId: string }>;
    };
    expect(
      (await api.json('POST', `/v1/staff/care/dead-letters/${letters.items[0]!.messageId}/retry`, undefined, tokens.admin)).status,
    ).toBe(204);
    await drainQueue();
    expect(sentTo('dead-letter')).toHaveLength(1);
    expect(await figuresOf(created.ruleId)).toEqual({ planned: 0, sent: 2, skipped: 2, failed: 1 });

    // A late duplicate of a finished delivery changes nothing.
    expect(await deliverCareMessages(stack.deps, [messageFor('sent', created.ruleId, 2026).message])).toEqual({ retry: [] });
    expect(await figuresOf(created.ruleId)).toEqual({ planned: 0, sent: 2, skipped: 2, failed: 1 });
  });

  it('count a delivery held past midnight by quiet hours on the day it first was to go', async () => {
    await setNow('2026-04-19T23:00:00.000Z'); // 20 April, 07:00
    await member('held', '1990-04-20', { wechat: 1, ours: 1 });
    const created = await createRule(careRuleBody({ name: '傍晚祝福', sendTime: '20:50', staleAfterHours: 24 }));
    await planCare(stack.deps);
    stack.clock.set('2026-04-20T12:50:00.000Z'); // 20:50
    expect(await dispatchDueCare(stack.deps)).toMatchObject({ queued: 1 });
    stack.clock.set('2026-04-20T13:05:00.000Z'); // 21:05: the message reaches the worker only now, and waits
    await drainQueue();
    expect(await getDelivery(stack.deps.db, messageFor('held', created.ruleId, 2026).key)).toMatchObject({
      status: 'planned',
      sendAt: '2026-04-21T01:00:00.000Z',
      statsDay: '2026-04-20',
    });
    stack.clock.set('2026-04-21T01:00:00.000Z'); // 09:00 on 21 April
    await dispatchDueCare(stack.deps);
    await drainQueue();
    expect(sentTo('held')).toHaveLength(1);

    // 20 April is the first of the 30 days on 19 May, and no longer on 20 May: it was counted on the 20th.
    await setNow('2026-05-19T02:00:00.000Z');
    expect(await figuresOf(created.ruleId)).toEqual({ planned: 0, sent: 1, skipped: 0, failed: 0 });
    await setNow('2026-05-20T02:00:00.000Z');
    expect(await figuresOf(created.ruleId)).toEqual({ planned: 0, sent: 0, skipped: 0, failed: 0 });
  });

  it('are read from day counts: the list reads as much for a rule of 200 deliveries as for one of 10', async () => {
    await setNow('2026-06-10T02:00:00.000Z');
    const created = await createRule(careRuleBody({ name: '大促' }));
    const days = ['2026-06-06', '2026-06-07', '2026-06-08', '2026-06-09', '2026-06-10'];
    /** Writes deliveries `from`..`to` of the rule over the five days, finishing every other one as sent. */
    const deliveries = async (from: number, to: number) => {
      for (let n = from; n < to; n++) {
        const sendAt = `${days[n % days.length]}T02:00:00.000Z`;
        const delivery = storedDelivery(`figures-bulk-${n}`, created.ruleId, sendAt);
        expect(await planDelivery(stack.deps.db, delivery, null)).toBe('planned');
        if (n % 2 === 0)
          expect(
            await finishDelivery(
              stack.deps.db,
              { ...delivery, statsDay: days[n % days.length] },
              { from: ['planned'], status: 'sent', at: sendAt },
            ),
          ).toBe('finished');
      }
    };
    const listReads = async () => {
      const { db, counts } = countingDatabase(stack.deps.db);
      const deps = { ...stack.deps, db };
      const [rules] = await Promise.all([careRuleSummaries(deps), serviceNoticeSummaries(deps)]);
      return { read: counts.read, figures: rules.find((item) => item.ruleId === created.ruleId)!.last30Days };
    };

    await deliveries(0, 10);
    const ten = await listReads();
    expect(ten.figures).toEqual({ planned: 5, sent: 5, skipped: 0, failed: 0 });
    await deliveries(10, 200);
    const twoHundred = await listReads();
    expect(twoHundred.figures).toEqual({ planned: 100, sent: 100, skipped: 0, failed: 0 });
    await deliveries(200, 400);
    const fourHundred = await listReads();
    expect(fourHundred.figures).toEqual({ planned: 200, sent: 200, skipped: 0, failed: 0 });
    // The one rule, and one count item per day and member shard it has deliveries in (the service notices
    // have none yet): at most days × shards, reached here, and no more for twice the deliveries.
    expect(ten.read).toBeLessThanOrEqual(1 + days.length * MEMBER_SHARDS);
    expect(twoHundred.read).toBe(1 + days.length * MEMBER_SHARDS);
    expect(fourHundred.read).toBe(twoHundred.read);
  });

  it('move a service notice skipped for want of an authorization to how it is written again, on its new day', async () => {
    await setNow('2026-08-02T02:00:00.000Z');
    const ruleId = serviceNoticeRuleId('points-expiry');
    const notice = (sendAt: string, status: 'planned' | 'skipped'): StoredDelivery => ({
      ...storedDelivery('figures-notice', ruleId, sendAt),
      occasion: 'points-expiry#2026-08-20',
      marketing: false,
      status,
      reason: status === 'skipped' ? 'no-authorization' : null,
    });
    const figures = async () => (await serviceNoticeSummaries(stack.deps)).find((summary) => summary.ruleId === ruleId)!.last30Days;
    expect(await planServiceDelivery(stack.deps.db, notice('2026-07-31T02:00:00.000Z', 'skipped'))).toBe('planned');
    expect(await planServiceDelivery(stack.deps.db, notice('2026-08-01T02:00:00.000Z', 'skipped'))).toBe('planned');
    expect(await figures()).toEqual({ planned: 0, sent: 0, skipped: 1, failed: 0 });
    // The member granted one: planned today, no longer skipped.
    expect(await planServiceDelivery(stack.deps.db, notice('2026-08-02T02:00:00.000Z', 'planned'))).toBe('planned');
    expect(await figures()).toEqual({ planned: 1, sent: 0, skipped: 0, failed: 0 });
    expect(await planServiceDelivery(stack.deps.db, notice('2026-08-02T03:00:00.000Z', 'planned'))).toBe('exists');
    expect(await figures()).toEqual({ planned: 1, sent: 0, skipped: 0, failed: 0 });
  });
});
