import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberProfile } from '@linli/shared/customers';
import type { MemberView } from '@linli/shared/members';
import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { listMemberDeliveries } from '../../functions/src/automation/care-repository.ts';
import { buyerSignals } from '../../functions/src/groupbuy/buyer-signals.ts';
import { marketingAudience } from '../../functions/src/insight/segments.ts';
import { getMember, listConsents } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { careRuleBody, createCareRule, grantCareTemplate } from '../support/care-rules.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// Children under 14 (PIPL Arts. 28, 31): a birthday showing a child on the Shanghai date is saved only
// with a guardian's consent, kept in the consent ledger as such; the child is then marked 未成年 and left
// out of every marketing audience, as if they had refused personalised marketing.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let adminToken: string;
const PARENT = { confirmed: true, guardianRelation: 'parent' } as const;

beforeAll(async () => {
  // Tuesday 2026-11-24 10:00 in Shanghai.
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-minor-admin', role: 'admin', name: '店主', at: stack.clock().toISOString() });
  adminToken = (await api.login('minor-admin')).token;
});
afterAll(() => stack.close());

async function joined(name: string): Promise<{ token: string; memberId: string }> {
  const session = await api.login(`minor-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  return { token: session.token, memberId: session.member.memberId };
}

const patch = (token: string, body: unknown) => api.json('PATCH', '/v1/me', body, token);
const me = async (token: string) => (await (await api.json('GET', '/v1/me', undefined, token)).json()) as MemberView;
const guardianEntries = async (memberId: string) =>
  (await listConsents(stack.deps.db, memberId)).filter((entry) => entry.kind === 'guardian');

async function expectGuardianRequired(response: Response) {
  expect(response.status).toBe(422);
  const body = (await response.json()) as { error: { code: string; issues: Array<{ path: string }> } };
  expect(body.error.code).toBe('GUARDIAN_CONSENT_REQUIRED');
  expect(body.error.issues[0]!.path).toBe('guardianConsent');
}

/** A joined member with a child's birthday saved with a parent's consent. */
async function child(name: string, birthday: string) {
  const member = await joined(name);
  expect((await patch(member.token, { nickname: name, birthday, guardianConsent: PARENT })).status).toBe(200);
  return member;
}

describe('a birthday showing a child under 14', () => {
  it('at 13 years 364 days (Shanghai) is refused without a guardian’s consent, and nothing of the change is written', async () => {
    const member = await joined('almost');
    await expectGuardianRequired(await patch(member.token, { nickname: '小明', birthday: '2012-11-25' }));
    expect(await me(member.token)).toMatchObject({ nickname: null, birthday: null, minor: false });
    expect(await guardianEntries(member.memberId)).toEqual([]);
  });

  it('at 14 years 0 days is saved without one: not a child', async () => {
    const member = await joined('fourteen');
    expect((await patch(member.token, { birthday: '2012-11-24' })).status).toBe(200);
    expect(await me(member.token)).toMatchObject({ birthday: '2012-11-24', minor: false });
    expect(await guardianEntries(member.memberId)).toEqual([]);
  });

  it('is judged on the Shanghai date: at 23:59 on the 24th still 13, at 00:30 on the 25th (still the 24th in UTC) 14', async () => {
    const member = await joined('midnight');
    const before = stack.clock();
    try {
      stack.clock.set('2026-11-24T15:59:00.000Z');
      await expectGuardianRequired(await patch(member.token, { birthday: '2012-11-25' }));
      stack.clock.set('2026-11-24T16:30:00.000Z');
      expect((await patch(member.token, { birthday: '2012-11-25' })).status).toBe(200);
      expect(await me(member.token)).toMatchObject({ minor: false });
    } finally {
      stack.clock.set(before);
    }
  });

  it('is saved with a guardian’s consent, recorded in the consent ledger as such; the member is 未成年 to staff', async () => {
    const member = await joined('kid');
    const joinedAt = (await me(member.token)).joinedAt;
    stack.clock.advance(60_000);
    expect(
      (await patch(member.token, { birthday: '2015-06-01', guardianConsent: { confirmed: false, guardianRelation: 'parent' } })).status,
    ).toBe(400);
    const saved = await patch(member.token, { birthday: '2015-06-01', guardianConsent: { confirmed: true, guardianRelation: 'guardian' } });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ birthday: '2015-06-01', minor: true });
    expect(await guardianEntries(member.memberId)).toEqual([
      {
        kind: 'guardian',
        action: 'accept',
        guardianRelation: 'guardian',
        policyVersion: PRIVACY_POLICY_VERSION,
        at: stack.clock().toISOString(),
        source: 'member',
      },
    ]);
    expect((await getMember(stack.deps.db, member.memberId))!.minorUntil).toBe('2029-06-01');

    const profile = await api.json('GET', `/v1/staff/members/${member.memberId}/profile`, undefined, adminToken);
    const { identity, consent } = (await profile.json()) as MemberProfile;
    expect(identity).toMatchObject({ minor: true, birthday: '06-01' });
    // The policy's acceptance is still the join's, not the guardian's consent.
    expect(consent.acceptedAt).toBe(joinedAt);
  });

  it('decides a lunar birthday by the Gregorian day it fell on', async () => {
    const member = await joined('lunar');
    // 二〇一二年十月十二 was 2012-11-25: 13 years 364 days old today.
    await expectGuardianRequired(await patch(member.token, { lunarBirthday: { month: 10, day: 12, leap: false, year: 2012 } }));
    // 十月十一 was 2012-11-24: 14 today.
    expect((await patch(member.token, { lunarBirthday: { month: 10, day: 11, leap: false, year: 2012 } })).status).toBe(200);
    expect(await me(member.token)).toMatchObject({ minor: false });
    // 腊月二十 of lunar year 2012 fell on 2013-01-31: 13, though lunar 2012 + 14 is this year.
    await expectGuardianRequired(await patch(member.token, { lunarBirthday: { month: 12, day: 20, leap: false, year: 2012 } }));
    const saved = await patch(member.token, { lunarBirthday: { month: 12, day: 20, leap: false, year: 2012 }, guardianConsent: PARENT });
    expect(await saved.json()).toMatchObject({ minor: true, lunarBirthday: { month: 12, day: 20, leap: false, year: 2012 } });
    expect((await getMember(stack.deps.db, member.memberId))!.minorUntil).toBe('2027-01-31');
    // A lunar birthday without its year says nothing of the age.
    const adult = await joined('lunar-adult');
    expect((await patch(adult.token, { lunarBirthday: { month: 12, day: 20, leap: false } })).status).toBe(200);
  });

  it('is not asked for when no year is given (MM-DD), which keeps what was known; a corrected adult date clears it', async () => {
    const plain = await joined('no-year');
    expect((await patch(plain.token, { birthday: '11-25' })).status).toBe(200);
    expect(await me(plain.token)).toMatchObject({ minor: false });

    const kid = await child('corrected', '2016-03-08');
    expect((await patch(kid.token, { birthday: '03-08' })).status).toBe(200);
    expect(await me(kid.token)).toMatchObject({ minor: true });
    expect((await patch(kid.token, { birthday: '1986-03-08' })).status).toBe(200);
    expect(await me(kid.token)).toMatchObject({ minor: false });
  });

  it('ends on the 14th birthday (Shanghai)', async () => {
    const kid = await child('grows-up', '2012-11-30');
    expect(await me(kid.token)).toMatchObject({ minor: true });
    const before = stack.clock();
    try {
      stack.clock.set('2026-11-29T15:59:59.000Z');
      expect(await me(kid.token)).toMatchObject({ minor: true });
      stack.clock.set('2026-11-29T16:00:00.000Z');
      expect(await me(kid.token)).toMatchObject({ minor: false });
    } finally {
      stack.clock.set(before);
    }
  });
});

describe('a child is left out of marketing', () => {
  it('of a segment’s marketing audience', async () => {
    const kid = await child('tagged-kid', '2015-05-05');
    const adult = await joined('tagged-adult');
    for (const { memberId } of [kid, adult]) {
      expect(
        (await api.json('PUT', `/v1/staff/members/${memberId}/tags/${encodeURIComponent('亲子活动')}`, undefined, adminToken)).status,
      ).toBe(200);
    }
    const rule = { op: 'and' as const, conditions: [{ field: 'tag' as const, in: ['亲子活动'] }] };
    expect(await marketingAudience(stack.deps, rule)).toEqual([adult.memberId]);
  });

  it('of 猜你喜欢: nothing of theirs is read to rank group-buys', async () => {
    const kid = await child('groupbuy-kid', '2014-02-02');
    const adult = await joined('groupbuy-adult');
    expect(await buyerSignals(stack.deps, (await getMember(stack.deps.db, kid.memberId))!)).toBeNull();
    expect(await buyerSignals(stack.deps, (await getMember(stack.deps.db, adult.memberId))!)).not.toBeNull();
  });

  it('of care rules: a birthday greeting to everyone skips the child (as opted out) and reaches the adult', async () => {
    const kid = await child('care-kid', '2015-12-01');
    const adult = await joined('care-adult');
    expect((await patch(adult.token, { birthday: '1990-12-01' })).status).toBe(200);
    for (const [who, token] of [
      ['care-kid', kid.token],
      ['care-adult', adult.token],
    ] as const)
      await grantCareTemplate(stack, api, { openid: `o-minor-${who}`, token });
    stack.clock.set('2026-11-30T23:00:00.000Z'); // 1 December, 07:00
    adminToken = (await api.login('minor-admin')).token;
    await createCareRule(api, adminToken, careRuleBody());
    await planCare(stack.deps);
    stack.clock.set('2026-12-01T02:00:00.000Z');
    await dispatchDueCare(stack.deps);
    while ((await pollCareQueueOnce(stack.deps)) > 0);

    const sentTo = (who: string) => stack.emulator.state.messages.filter((message) => message.openid === `o-minor-${who}`);
    expect(sentTo('care-kid')).toHaveLength(0);
    expect(sentTo('care-adult')).toHaveLength(1);
    expect((await listMemberDeliveries(stack.deps.db, kid.memberId)).find((delivery) => delivery.marketing)).toMatchObject({
      status: 'skipped',
      reason: 'opted-out',
    });
  });
});
