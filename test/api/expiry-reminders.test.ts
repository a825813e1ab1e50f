import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { remindExpiringPoints } from '../../functions/src/care/points-expiry-reminders.ts';
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

describe('points expiry reminders', () => {
  it('remind once within 30 days of expiry, only with an authorization, however often the job runs', async () => {
    await memberWithPoints('rem-granted', 120, 3);
    await memberWithPoints('rem-no-grant', 80, 0);

    stack.clock.set('2027-11-15T02:00:00.000Z'); // 46 days before 2027-12-31: too early
    expect((await remindExpiringPoints(stack.deps)).sent).toBe(0);

    stack.clock.set('2027-12-05T02:00:00.000Z'); // within 30 days
    const first = await remindExpiringPoints(stack.deps);
    const second = await remindExpiringPoints(stack.deps);
    stack.clock.set('2027-12-20T02:00:00.000Z');
    const later = await remindExpiringPoints(stack.deps);

    expect(first).toMatchObject({ sent: 1, noAuthorization: 1 });
    expect(second.sent + later.sent).toBe(0);
    const messages = sentTo('o-rem-granted');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.data).toMatchObject({ thing1: { value: '120积分即将过期' }, date2: { value: '2027年12月31日' } });
    expect(sentTo('o-rem-no-grant')).toHaveLength(0);
  });
});
