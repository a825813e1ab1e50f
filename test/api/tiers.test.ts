import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, TIER_CONFIG_MESSAGES, type TierDefinition } from '@linli/shared/tiers';
import { getMember, saveMember } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { listTierChanges } from '../../functions/src/tiers/changes-repository.ts';
import { reviewTiersWithNotices as runTierReview } from '../../functions/src/automation/service-notices.ts';
import { dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { listMemberDeliveries } from '../../functions/src/automation/care-repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { saveTierConfig } from '../../functions/src/tiers/tier-config.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

const DAY = 24 * 3600 * 1000;
const TIER_TEMPLATE = 'tmpl-tier-changed';
const LONG_SESSIONS = { LINLI_SESSION_TTL_SECONDS: String(5 * 365 * 24 * 3600) };

const rights = (pointsMultiplier: number) => ({
  pointsMultiplier,
  freeShipping: pointsMultiplier > 2,
  priorityService: false,
  birthdayGiftPoints: 0,
  exclusiveRewards: false,
});
const tier = (code: string, name: string, minGrowth: number, multiplier: number): TierDefinition => ({
  code,
  name,
  minGrowth,
  rights: rights(multiplier),
});
/** Small thresholds and whole multipliers, so every number in these tests is easy to check. */
const LADDER = [tier('bronze', '铜牌', 0, 1), tier('silver', '银牌', 100, 2), tier('gold', '金牌', 500, 3)];

async function stackWithStaff() {
  const stack = await createTestStack({ now: '2026-03-01T02:00:00.000Z', env: LONG_SESSIONS });
  for (const [openid, role] of [
    ['o-tier-admin', 'admin'],
    ['o-tier-supervisor', 'supervisor'],
    ['o-tier-agent', 'agent'],
  ] as const) {
    await putStaff(stack.deps.db, { openid, role, name: role, at: stack.clock().toISOString() });
  }
  return stack;
}

describe('the built-in ladder', () => {
  let stack: TestStack;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    stack = await stackWithStaff();
    api = apiClient(stack);
  });
  afterAll(() => stack.close());

  it('is what members see, with rights, until an admin saves a ladder', async () => {
    const admin = await api.login('tier-admin');
    expect(await (await api.json('GET', '/v1/staff/tiers', undefined, admin.token)).json()).toMatchObject({
      version: 0,
      updatedAt: null,
      downgradeGraceDays: 30,
    });
    const buyer = await api.login('tier-reader');
    const response = await api.json('GET', '/v1/tiers', undefined, buyer.token);
    expect(response.status).toBe(200);
    const ladder = await response.json();
    expect(ladder.growthWindowMonths).toBe(12);
    expect(ladder.tiers.map((t: TierDefinition) => t.code)).toEqual(DEFAULT_TIERS.map((t) => t.code));
    expect(ladder.tiers[3].rights).toMatchObject({ pointsMultiplier: 2, freeShipping: true, priorityService: true });
    expect((await api.json('GET', '/v1/tiers')).status).toBe(401);
  });
});

describe('tier configuration routes', () => {
  let stack: TestStack;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    stack = await stackWithStaff();
    api = apiClient(stack);
  });
  afterAll(() => stack.close());

  const put = async (token: string, body: unknown) => api.json('PUT', '/v1/staff/tiers', body, token);
  const current = async (token: string) => (await api.json('GET', '/v1/staff/tiers', undefined, token)).json();

  it('lets only admins read and replace the configuration', async () => {
    const admin = await api.login('tier-admin');
    const body = { version: (await current(admin.token)).version, tiers: LADDER };
    for (const name of ['tier-agent', 'tier-supervisor', 'tier-buyer']) {
      const session = await api.login(name);
      expect((await api.json('GET', '/v1/staff/tiers', undefined, session.token)).status).toBe(403);
      const refused = await put(session.token, body);
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.code).toBe('FORBIDDEN');
    }
    expect((await put('', body)).status).toBe(401);
  });

  it('refuses overlapping thresholds with a field issue', async () => {
    const admin = await api.login('tier-admin');
    const { version } = await current(admin.token);
    const response = await put(admin.token, { version, tiers: [LADDER[0], LADDER[1], { ...LADDER[2], minGrowth: 100 }] });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues).toEqual([{ path: 'tiers.2.minGrowth', message: TIER_CONFIG_MESSAGES.notIncreasing }]);
  });

  it('refuses a ladder with no base tier at 0 growth', async () => {
    const admin = await api.login('tier-admin');
    const { version } = await current(admin.token);
    const response = await put(admin.token, { version, tiers: [LADDER[1], LADDER[2]] });
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues).toEqual([{ path: 'tiers.0.minGrowth', message: TIER_CONFIG_MESSAGES.baseTier }]);
  });

  it('refuses a malformed tier with the path of the field', async () => {
    const admin = await api.login('tier-admin');
    const response = await put(admin.token, { version: 0, tiers: [LADDER[0], { ...LADDER[1], rights: rights(12) }] });
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['tiers.1.rights.pointsMultiplier']);
  });

  it('saves a new version, and refuses an edit of a stale one with 409', async () => {
    const admin = await api.login('tier-admin');
    const before = await current(admin.token);
    const saved = await put(admin.token, { version: before.version, tiers: LADDER, downgradeGraceDays: 14 });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ version: before.version + 1, downgradeGraceDays: 14, tiers: LADDER });

    const stale = await put(admin.token, { version: before.version, tiers: DEFAULT_TIERS });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('CONFLICT');

    const buyer = await api.login('tier-reader-after');
    expect((await (await api.json('GET', '/v1/tiers', undefined, buyer.token)).json()).tiers).toEqual(LADDER);
  });

  it('takes PUT through the method override the mini-program uses', async () => {
    const admin = await api.login('tier-admin');
    const { version } = await current(admin.token);
    const response = await api.json('POST', '/v1/staff/tiers', { version, tiers: LADDER }, admin.token, {
      'X-HTTP-Method-Override': 'PUT',
    });
    expect(response.status).toBe(200);
    expect((await response.json()).version).toBe(version + 1);
  });
});

describe('member tiers', () => {
  let stack: TestStack;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    stack = await stackWithStaff();
    api = apiClient(stack);
    await saveTierConfig(stack.deps, { version: 0, tiers: LADDER, downgradeGraceDays: 30 }, 'test-setup');
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.emulator.state.messages.length = 0;
  });

  async function joined(name: string) {
    const session = await api.login(name);
    await api.join(session.token);
    return session;
  }
  const me = async (token: string) => (await api.json('GET', '/v1/me', undefined, token)).json();
  /** Posts a paid order (yuan) for `name`, paid now unless `paidAt` says otherwise. */
  const order = async (name: string, orderId: string, yuan: number, paidAt = stack.clock().toISOString()) => {
    const response = await api.postOrder(sampleOrder({ orderId, openid: `o-${name}`, paidFen: yuan * 100, paidAt }));
    expect(response.status).toBe(200);
    return response.json() as Promise<{ status: string; points: number }>;
  };
  const changes = (memberId: string) => listTierChanges(stack.deps.db, memberId);
  const sentTo = (openid: string) => stack.emulator.state.messages.filter((m) => m.openid === openid);
  /** The care engine sends what is due: the dispatcher queues it, the queue's worker sends it. */
  const sendDue = async () => {
    await dispatchDueCare(stack.deps);
    while ((await pollCareQueueOnce(stack.deps)) > 0);
  };

  const postRefund = (refund: { refundId: string; orderId: string; refundFen: number }) => api.postRefund(refund);

  /** The member granted `grants` tier-change notices, in WeChat and to the API. */
  async function grantTierNotices(name: string, token: string, grants = 1) {
    for (let i = 0; i < grants; i++) {
      const granted = await stack.emulator.app.request('/__emulator/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid: `o-${name}`, templateIds: [TIER_TEMPLATE], result: 'accept' }),
      });
      expect(granted.status).toBe(200);
      await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TIER_TEMPLATE, result: 'accept' }] }, token);
    }
  }
  const tierQuota = async (token: string) =>
    (
      (await (await api.json('GET', '/v1/me/subscriptions', undefined, token)).json()).items as Array<{
        template: string;
        remaining: number;
      }>
    ).find((item) => item.template === 'tierChanged')!.remaining;

  describe('upgrades', () => {
    it('move a member up on the order that crosses a threshold, recording the change', async () => {
      stack.clock.set('2026-03-02T02:00:00.000Z');
      const session = await joined('tu-cross');
      expect((await me(session.token)).tier).toEqual({ code: 'bronze', name: '铜牌' });

      await order('tu-cross', 'tu-cross-1', 80);
      expect((await me(session.token)).tier.code).toBe('bronze');
      expect(await changes(session.member.memberId)).toEqual([]);

      await order('tu-cross', 'tu-cross-2', 50);
      const view = await me(session.token);
      expect(view.tier).toEqual({ code: 'silver', name: '银牌' });
      expect(view.tierProgress).toEqual({
        growth: 130,
        nextTier: { code: 'gold', name: '金牌', minGrowth: 500, rights: rights(3) },
        growthToNext: 370,
        rights: rights(2),
      });
      const recorded = await changes(session.member.memberId);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({
        from: 'bronze',
        to: 'silver',
        direction: 'up',
        reason: 'order tu-cross-2',
        growth: 130,
        at: stack.clock().toISOString(),
      });
      expect(await getMember(stack.deps.db, session.member.memberId)).toMatchObject({
        tierCode: 'silver',
        tierSince: stack.clock().toISOString(),
      });
    });

    it("pay the crossing order at the old tier's multiplier and the next order at the new one, from the configured ladder", async () => {
      stack.clock.set('2026-03-03T02:00:00.000Z');
      await joined('tu-multiplier');
      expect((await order('tu-multiplier', 'tu-multiplier-1', 100)).points).toBe(100);
      expect((await order('tu-multiplier', 'tu-multiplier-2', 10)).points).toBe(20);
      // Several thresholds at once: straight to gold, still paid at silver's ×2.
      expect((await order('tu-multiplier', 'tu-multiplier-3', 600)).points).toBe(1_200);
      expect((await order('tu-multiplier', 'tu-multiplier-4', 10)).points).toBe(30);
    });

    it('jump straight to the highest tier reached, in one recorded change', async () => {
      stack.clock.set('2026-03-04T02:00:00.000Z');
      const session = await joined('tu-jump');
      await order('tu-jump', 'tu-jump-1', 700);
      expect((await me(session.token)).tier.code).toBe('gold');
      expect((await changes(session.member.memberId)).map((c) => [c.from, c.to])).toEqual([['bronze', 'gold']]);
    });

    it('happen when orders placed before joining are credited at the join', async () => {
      stack.clock.set('2026-03-05T02:00:00.000Z');
      expect((await order('tu-late', 'tu-late-1', 150)).status).toBe('pending_member');
      const session = await joined('tu-late');
      expect((await me(session.token)).tier.code).toBe('silver');
      expect((await changes(session.member.memberId))[0]).toMatchObject({ to: 'silver', reason: 'order tu-late-1' });
    });

    it('are announced where the member holds an authorization, and only there', async () => {
      stack.clock.set('2026-03-06T02:00:00.000Z');
      const granted = await joined('tu-told');
      await grantTierNotices('tu-told', granted.token);
      const untoldMember = await joined('tu-untold');

      await order('tu-told', 'tu-told-1', 120);
      await order('tu-untold', 'tu-untold-1', 120);
      expect(sentTo('o-tu-told')).toHaveLength(0); // planned on the care engine, sent by its worker
      await sendDue();

      expect(sentTo('o-tu-told')).toHaveLength(1);
      expect(sentTo('o-tu-told')[0]).toMatchObject({ templateId: TIER_TEMPLATE, data: { thing1: { value: '银牌' } } });
      expect(sentTo('o-tu-untold')).toHaveLength(0);
      expect(await tierQuota(granted.token)).toBe(0);
      const [notice] = await listMemberDeliveries(stack.deps.db, granted.member.memberId);
      expect(notice).toMatchObject({ ruleId: 'service-tier-change', marketing: false, status: 'sent', occasionName: '升级为银牌' });
      const [untold] = await listMemberDeliveries(stack.deps.db, untoldMember.member.memberId);
      expect(untold).toMatchObject({ ruleId: 'service-tier-change', status: 'skipped', reason: 'no-authorization' });
    });

    it('still credit the order when the notice fails', async () => {
      stack.clock.set('2026-03-07T02:00:00.000Z');
      // Granted to us but not in WeChat (revoked in settings): WeChat answers 43101.
      const stale = await joined('tu-stale');
      await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: TIER_TEMPLATE, result: 'accept' }] }, stale.token);
      expect(await order('tu-stale', 'tu-stale-1', 120)).toMatchObject({ status: 'credited', points: 120 });
      await sendDue();
      expect(await tierQuota(stale.token)).toBe(0);
      expect((await listMemberDeliveries(stack.deps.db, stale.member.memberId))[0]).toMatchObject({
        status: 'skipped',
        reason: 'no-authorization',
        detail: '43101',
      });
      expect((await me(stale.token)).tier.code).toBe('silver');

      // WeChat failing outright must not fail the webhook either.
      const broken = await joined('tu-broken');
      await grantTierNotices('tu-broken', broken.token);
      const send = stack.deps.wechat.sendSubscribeMessage;
      stack.deps.wechat.sendSubscribeMessage = () => Promise.reject(new Error('socket hang up'));
      try {
        expect(await order('tu-broken', 'tu-broken-1', 120)).toMatchObject({ status: 'credited', points: 120 });
        await sendDue();
      } finally {
        stack.deps.wechat.sendSubscribeMessage = send;
      }
      expect((await me(broken.token)).tier.code).toBe('silver');
    });
  });

  describe('growth', () => {
    it('counts only orders paid in the last 12 months (Asia/Shanghai days)', async () => {
      stack.clock.set('2026-03-10T02:00:00.000Z');
      const session = await joined('tg-window');
      await order('tg-window', 'tg-window-old', 300, '2025-02-10T02:00:00.000Z'); // 13 months ago
      let view = await me(session.token);
      expect(view.tierProgress.growth).toBe(0);
      expect(view.tier.code).toBe('bronze');

      await order('tg-window', 'tg-window-recent', 120, '2025-04-10T02:00:00.000Z'); // 11 months ago
      view = await me(session.token);
      expect(view.tierProgress.growth).toBe(120);
      expect(view.tier.code).toBe('silver');

      // A month on, that order is 12 months and a day old: it no longer counts.
      stack.clock.set('2026-04-11T02:00:00.000Z');
      expect((await me(session.token)).tierProgress.growth).toBe(0);
    });

    it('is reduced by refunds, without moving the member down before the review', async () => {
      stack.clock.set('2026-03-11T02:00:00.000Z');
      const session = await joined('tg-refund');
      await order('tg-refund', 'tg-refund-1', 300);
      expect((await me(session.token)).tier.code).toBe('silver');
      expect((await postRefund({ refundId: 'tg-r1', orderId: 'tg-refund-1', refundFen: 25_000 })).status).toBe(200);
      const view = await me(session.token);
      expect(view.tierProgress).toMatchObject({ growth: 50, growthToNext: 450 });
      expect(view.tier.code).toBe('silver');
    });

    it("adds the member's bonus", async () => {
      stack.clock.set('2026-03-12T02:00:00.000Z');
      const session = await joined('tg-bonus');
      const member = (await getMember(stack.deps.db, session.member.memberId))!;
      await saveMember(stack.deps.db, { ...member, growthBonus: 90, version: member.version + 1 }, member.version);
      await order('tg-bonus', 'tg-bonus-1', 20);
      const view = await me(session.token);
      expect(view.tierProgress.growth).toBe(110);
      expect(view.tier.code).toBe('silver');
    });
  });

  describe('the review', () => {
    it('moves a member down one level after the grace period, once however often it runs, recording why', async () => {
      stack.clock.set('2025-01-10T02:00:00.000Z');
      const session = await joined('tr-down');
      await order('tr-down', 'tr-down-1', 600);
      expect((await me(session.token)).tier.code).toBe('gold');

      // A year and a day later the order no longer counts; the grace since reaching gold is long over.
      stack.clock.set('2026-01-11T19:00:00.000Z'); // 03:00 on 12 January in Shanghai
      await runTierReview(stack.deps);
      await runTierReview(stack.deps);
      expect((await me(session.token)).tier.code).toBe('silver');
      let recorded = await changes(session.member.memberId);
      expect(recorded.map((c) => [c.from, c.to, c.direction])).toEqual([
        ['gold', 'silver', 'down'],
        ['bronze', 'gold', 'up'],
      ]);
      expect(recorded[0]!.reason).toMatch(/^review: growth 0 below gold \(500\) after 30 days' grace$/);

      // Silver was reached today: the next level down waits for its own 30 days.
      stack.clock.advance(29 * DAY);
      await runTierReview(stack.deps);
      expect((await me(session.token)).tier.code).toBe('silver');
      stack.clock.advance(1 * DAY);
      await runTierReview(stack.deps);
      await runTierReview(stack.deps);
      expect((await me(session.token)).tier.code).toBe('bronze');
      recorded = await changes(session.member.memberId);
      expect(recorded.map((c) => c.to)).toEqual(['bronze', 'silver', 'gold']);
    });

    it('leaves a member within the grace period alone', async () => {
      stack.clock.set('2026-05-01T02:00:00.000Z');
      const session = await joined('tr-grace');
      await order('tr-grace', 'tr-grace-1', 200);
      await postRefund({ refundId: 'tr-grace-r1', orderId: 'tr-grace-1', refundFen: 20_000 });
      stack.clock.advance(10 * DAY);
      await runTierReview(stack.deps);
      expect((await me(session.token)).tier.code).toBe('silver');
      expect(await changes(session.member.memberId)).toHaveLength(1);
    });

    it('leaves a member whose growth still meets the tier alone', async () => {
      stack.clock.set('2026-06-01T02:00:00.000Z');
      const session = await joined('tr-keeps');
      await order('tr-keeps', 'tr-keeps-1', 200);
      stack.clock.advance(100 * DAY);
      await runTierReview(stack.deps);
      expect((await me(session.token)).tier.code).toBe('silver');
    });

    it('tells the member about a downgrade only where they hold an authorization', async () => {
      stack.clock.set('2025-07-01T02:00:00.000Z');
      const granted = await joined('tr-told');
      await grantTierNotices('tr-told', granted.token, 2); // one for the upgrade, one for the review
      await joined('tr-untold');
      await order('tr-told', 'tr-told-1', 150);
      await order('tr-untold', 'tr-untold-1', 150);
      await sendDue();
      stack.emulator.state.messages.length = 0;

      stack.clock.set('2026-07-03T19:00:00.000Z'); // 03:00 in Shanghai: the notice waits for quiet hours to end
      await runTierReview(stack.deps);
      await sendDue();
      expect(sentTo('o-tr-told')).toHaveLength(0);
      stack.clock.set('2026-07-04T01:00:00.000Z'); // 09:00
      await sendDue();

      const told = sentTo('o-tr-told');
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ templateId: TIER_TEMPLATE, data: { thing1: { value: '铜牌' }, phrase2: { value: '等级调整' } } });
      expect(sentTo('o-tr-untold')).toHaveLength(0);
      expect((await me(granted.token)).tier.code).toBe('bronze');
      expect(await tierQuota(granted.token)).toBe(0);
    });

    it('settles members stored before tiers were kept, on the tier their growth reaches, without a change record', async () => {
      stack.clock.set('2026-08-01T02:00:00.000Z');
      const session = await joined('tr-legacy');
      await order('tr-legacy', 'tr-legacy-1', 150);
      const member = (await getMember(stack.deps.db, session.member.memberId))!;
      await saveMember(stack.deps.db, { ...member, tierCode: null, tierSince: null, version: member.version + 1 }, member.version);
      const before = await changes(session.member.memberId);
      expect((await me(session.token)).tier.code).toBe('silver');

      await runTierReview(stack.deps);
      expect(await getMember(stack.deps.db, session.member.memberId)).toMatchObject({
        tierCode: 'silver',
        tierSince: stack.clock().toISOString(),
      });
      expect(await changes(session.member.memberId)).toEqual(before);
    });
  });
});
