import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { remindExpiringPointsWithNotices } from '../../functions/src/automation/service-notices.ts';
import { dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let supervisor: string;
const TEMPLATE = 'tmpl-points-expiring';

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-03-01T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(5 * 365 * 24 * 3600) } });
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-rem-supervisor', role: 'supervisor', name: '主管', at: stack.clock().toISOString() });
  supervisor = (await api.login('rem-supervisor')).token;
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.emulator.state.messages.length = 0;
});

/** A member holding `points` earned on 2026-03-01 (expiring 2027-12-31) who granted `grants` reminders. */
async function memberWithPoints(name: string, points: number, grants: number) {
  stack.clock.set('2026-03-01T02:00:00.000Z');
  const session = await api.login(name);
  await api.join(session.token);
  await api.json(
    'POST',
    `/v1/staff/members/${session.member.memberId}/points-adjustments`,
    { requestId: randomUUID(), delta: points, reason: '活动奖励' },
    supervisor,
  );
  for (let i = 0; i < grants; i++) {
    await stack.emulator.app.request('/__emulator/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: `o-${name}`, templateIds: [TEMPLATE] }),
    });
    await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TEMPLATE, result: 'accept' }] }, session.token);
  }
  return session;
}

const sentTo = (openid: string) => stack.emulator.state.messages.filter((m) => m.openid === openid);

/** The job, then the care engine sending what it planned (the dispatcher and the queue's worker). */
async function remindAndSend() {
  const report = await remindExpiringPointsWithNotices(stack.deps);
  await dispatchDueCare(stack.deps);
  while ((await pollCareQueueOnce(stack.deps)) > 0);
  return report;
}

describe('points expiry reminders', () => {
  it('remind once within 30 days of expiry, only with an authorization, however often the job runs', async () => {
    await memberWithPoints('rem-granted', 120, 3);
    await memberWithPoints('rem-no-grant', 80, 0);

    stack.clock.set('2027-11-15T02:00:00.000Z'); // 46 days before 2027-12-31: too early
    expect((await remindAndSend()).members).toBe(0);

    stack.clock.set('2027-12-05T02:00:00.000Z'); // within 30 days
    const first = await remindAndSend();
    const second = await remindAndSend();
    stack.clock.set('2027-12-20T02:00:00.000Z');
    const later = await remindAndSend();

    expect(first).toMatchObject({ planned: 1, noAuthorization: 1 });
    // The member reminded has moved on; the one without an authorization is looked at again each run.
    expect(second).toMatchObject({ members: 1, planned: 0, noAuthorization: 1 });
    expect(later).toMatchObject({ members: 1, planned: 0, noAuthorization: 1 });
    const messages = sentTo('o-rem-granted');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.data).toMatchObject({ thing1: { value: '120积分即将过期' }, date2: { value: '2027年12月31日' } });
    expect(sentTo('o-rem-no-grant')).toHaveLength(0);
  });
});
