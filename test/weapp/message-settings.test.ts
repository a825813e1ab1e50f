import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageSettings } from '@linli/shared/care-rules';
import type { MemberView } from '@linli/shared/members';
import type { MallReward } from '@linli/shared/mall';
import { LUNAR_BIRTHDAY_RULES } from '@linli/shared/lunar-birthday';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

// 消息设置 and the caring messages asked for at natural taps (签到, 确认兑换), in the real weapp build.

const SESSION = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const CONFIG = {
  policyVersion: '2026-11-01',
  templates: {
    birthdayGreeting: 'tmpl-birthday',
    tierChanged: 'tmpl-tier',
    pointsExpiring: 'tmpl-expiring',
    complaintUpdate: 'tmpl-complaint',
    complaintAlert: 'tmpl-alert',
  },
  templatesPerSubscribeRequest: 2,
};

function settings(overrides: Partial<MessageSettings> = {}): MessageSettings {
  return {
    marketingOptOut: false,
    templates: [
      { templateId: 'tmpl-birthday', title: '生日祝福', kind: 'care', remaining: 0 },
      { templateId: 'tmpl-tier', title: '等级变动', kind: 'service', remaining: 2 },
      { templateId: 'tmpl-expiring', title: '积分到期', kind: 'service', remaining: 0 },
      { templateId: 'tmpl-holiday', title: '节日问候', kind: 'care', remaining: 0 },
      { templateId: 'tmpl-winback', title: '回归礼遇', kind: 'care', remaining: 0 },
    ],
    ...overrides,
  };
}

function memberView(overrides: Partial<MemberView> = {}): MemberView {
  return {
    memberId: 'mem-001',
    status: 'member',
    nickname: '林小满',
    avatarUrl: null,
    tier: { code: 'silver', name: '银卡会员' },
    points: { balance: 1280, pending: 0, expiringSoon: { points: 0, before: null } },
    birthday: '03-08',
    lunarBirthday: null,
    marketingOptOut: false,
    phoneMasked: null,
    joinedAt: '2026-11-01T02:00:00.000Z',
    policyVersion: '2026-11-01',
    memberCode: 'LM8H3K2Q',
    stats: { orderCount: 3, totalSpentFen: 128_000, firstOrderAt: null, lastOrderAt: null },
    ...overrides,
  };
}

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

/** Opens a page whose wx.requestSubscribeMessage records each request and accepts every template. */
function open(pagePath: string, routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>) {
  const asked: string[][] = [];
  page = openPage(pagePath, {
    storage: { 'linli.session': SESSION },
    routes,
    wx: {
      requestSubscribeMessage: (options: { tmplIds: string[]; success: (r: unknown) => void }) => {
        asked.push(options.tmplIds);
        const answer = Object.fromEntries(options.tmplIds.map((id) => [id, 'accept']));
        setTimeout(() => options.success({ errMsg: 'requestSubscribeMessage:ok', ...answer }));
      },
    },
  });
  return { p: page, asked };
}

const ok = (body: unknown): CannedResponse => ({ statusCode: 200, body });
const QUOTA = ok({ items: [] });
const posted = (p: LoadedPage, path: string) => p.requests.filter((r) => r.method !== 'GET' && new URL(r.url).pathname === path);

describe('消息设置', () => {
  it('lists what the member can subscribe to with what is left, and subscribes from a tap, at most the per-request number at once', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/me/message-settings': ok(settings()),
      'GET /v1/me': ok(memberView()),
      'GET /v1/client-config': ok(CONFIG),
      'POST /v1/me/subscriptions': QUOTA,
    };
    const { p, asked } = open('pages/message-settings/index', routes);
    await p.waitFor(() => p.root.querySelector('.settings__row'), 'the messages');
    expect(texts(p, '.settings__template .cell__label')).toEqual(['生日祝福', '等级变动', '积分到期', '节日问候', '回归礼遇']);
    expect(texts(p, '.settings__left')).toEqual(['未订阅', '已订阅 2 次', '未订阅', '未订阅', '未订阅']);
    await p.waitFor(() => text(p, '.settings__all'), 'the batch button once the config says how many');
    expect(text(p, '.settings__all')).toBe('一次订阅 2 条未订阅的消息');

    const after = settings();
    after.templates[0]!.remaining = 1;
    after.templates[2]!.remaining = 1;
    routes['GET /v1/me/message-settings'] = ok(after);
    p.root.querySelector('.settings__all')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.settings__left') === '已订阅 1 次', 'the new counts');
    expect(asked).toEqual([['tmpl-birthday', 'tmpl-expiring']]);
    expect(posted(p, '/v1/me/subscriptions')[0]!.data).toMatchObject({
      results: [
        { templateId: 'tmpl-birthday', result: 'accept' },
        { templateId: 'tmpl-expiring', result: 'accept' },
      ],
    });
    expect(text(p, '.settings-section--subscriptions .notice')).toBe('已订阅 2 条消息，每条可收到一次');

    // One template at a time from its own row.
    p.root.querySelectorAll('.settings__button')[3]!.dispatchEvent('tap');
    await p.waitFor(() => asked.length === 2, 'the second request');
    expect(asked[1]).toEqual(['tmpl-holiday']);
  });

  it('turns 个性化推荐 off and explains what it does', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/me/message-settings': ok(settings()),
      'GET /v1/me': ok(memberView()),
      'GET /v1/client-config': ok(CONFIG),
      // wx.request cannot send PATCH: it goes as POST with X-HTTP-Method-Override.
      'POST /v1/me': ok(memberView({ marketingOptOut: true })),
    };
    const { p } = open('pages/message-settings/index', routes);
    await p.waitFor(() => p.root.querySelector('.settings__switch'), 'the switch');
    expect(text(p, '.settings__explain')).toContain('关闭后不再做这类推荐');

    routes['GET /v1/me/message-settings'] = ok(settings({ marketingOptOut: true }));
    p.root.querySelector('.settings__switch')!.dispatchEvent('change', { detail: { value: false } });
    await p.waitFor(() => text(p, '.settings-section--recommendations .notice'), 'the notice');
    expect(posted(p, '/v1/me').map((r) => r.data)).toEqual([{ marketingOptOut: true }]);
    expect(text(p, '.settings-section--recommendations .notice')).toBe('已关闭个性化推荐');
  });

  it('keeps the birthday by the lunar calendar from a month, day and 闰月 picker, with the rules shown, and goes back to 公历', async () => {
    const lunar = { month: 8, day: 15, leap: false };
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      'GET /v1/me/message-settings': ok(settings()),
      'GET /v1/me': ok(memberView()),
      'GET /v1/client-config': ok(CONFIG),
      // wx.request cannot send PATCH: it goes as POST with X-HTTP-Method-Override.
      'POST /v1/me': (data) => ok(memberView({ lunarBirthday: (data as { lunarBirthday: typeof lunar | null }).lunarBirthday })),
    };
    const { p } = open('pages/message-settings/index', routes);
    await p.waitFor(() => p.root.querySelector('.settings__lunar'), 'the calendar choice');
    expect(text(p, '.settings__choice--on')).toBe('公历');
    expect(p.root.dom.textContent).toContain('3月8日');
    expect(p.root.querySelector('.settings__rules')).toBeFalsy();

    p.root.querySelector('.settings__lunar')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.settings__rules'), 'the lunar picker and rules');
    expect(text(p, '.settings__lunar-value')).toBe('请选择');
    expect(texts(p, '.settings__rule')).toEqual([...LUNAR_BIRTHDAY_RULES]);

    // 八月 (index 7), 十五 (index 14), not the leap month.
    p.root.querySelector('.settings__lunar-picker')!.dispatchEvent('change', { detail: { value: [7, 14, 0] } });
    await p.waitFor(() => text(p, '.settings__lunar-value') === '八月十五', 'the saved lunar birthday');
    expect(posted(p, '/v1/me').map((r) => r.data)).toEqual([{ lunarBirthday: lunar }]);
    expect(text(p, '.settings-section--birthday .notice')).toBe('已改为按农历八月十五过生日');

    p.root.querySelector('.settings__gregorian')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.settings__choice--on') === '公历', 'back to 公历');
    expect(posted(p, '/v1/me').map((r) => r.data)).toEqual([{ lunarBirthday: lunar }, { lunarBirthday: null }]);
  });

  it('is linked from 我的', async () => {
    const navigated: string[] = [];
    page = openPage('pages/me/index', {
      storage: { 'linli.session': SESSION },
      routes: { 'GET /v1/me': ok(memberView()) },
      wx: {
        navigateTo: (options: { url: string; success?: (r: unknown) => void }) => {
          navigated.push(options.url);
          setTimeout(() => options.success?.({ errMsg: 'ok' }), 0);
        },
      },
    });
    const p = page;
    await p.waitFor(() => texts(p, '.cell__label').includes('消息设置'), 'the link');
    const labels = texts(p, '.cell__label');
    p.root.querySelectorAll('.cell')[labels.indexOf('消息设置')]!.dispatchEvent('tap');
    await p.waitFor(() => navigated.length > 0, 'the navigation');
    expect(navigated).toEqual(['/pages/message-settings/index']);
  });
});

describe('caring messages asked for at natural taps', () => {
  const CALENDAR = {
    today: '2026-11-20',
    month: '2026-11',
    checkedInToday: false,
    streak: 0,
    days: [],
    rules: { dailyPoints: 5, streakBonuses: [] },
  };
  const CHECKED_IN = { date: '2026-11-20', alreadyCheckedIn: false, points: 5, bonus: 0, streak: 1 };

  it('asks with the check-in tap for the caring messages with no send left, at most the per-request number, and reports', async () => {
    const { p, asked } = open('pages/checkin/index', {
      'GET /v1/me/checkins': ok(CALENDAR),
      'POST /v1/me/checkins': ok(CHECKED_IN),
      'GET /v1/me/message-settings': ok(settings()),
      'GET /v1/client-config': ok(CONFIG),
      'POST /v1/me/subscriptions': QUOTA,
    });
    await p.waitFor(() => p.requests.some((r) => r.url.endsWith('/v1/me/message-settings')), 'the settings read');
    await p.waitFor(() => text(p, '.checkin-hero__button') === '签到', 'the check-in button');
    await new Promise((resolve) => setTimeout(resolve, 20));
    p.root.querySelector('.checkin-hero__button')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.checkin-result'), 'the check-in result');
    await p.waitFor(() => posted(p, '/v1/me/subscriptions').length === 1, 'the report');
    // Service messages (积分到期) are not asked for here; 回归礼遇 waits for the next tap.
    expect(asked).toEqual([['tmpl-birthday', 'tmpl-holiday']]);
    expect(posted(p, '/v1/me/subscriptions')[0]!.data).toMatchObject({
      results: [
        { templateId: 'tmpl-birthday', result: 'accept' },
        { templateId: 'tmpl-holiday', result: 'accept' },
      ],
    });
  });

  it('asks nothing at the check-in tap when the member holds a send of each, or refused personalised marketing', async () => {
    for (const answer of [
      settings({ templates: [{ templateId: 'tmpl-birthday', title: '生日祝福', kind: 'care', remaining: 1 }] }),
      settings({ marketingOptOut: true }),
    ]) {
      const { p, asked } = open('pages/checkin/index', {
        'GET /v1/me/checkins': ok(CALENDAR),
        'POST /v1/me/checkins': ok(CHECKED_IN),
        'GET /v1/me/message-settings': ok(answer),
        'GET /v1/client-config': ok(CONFIG),
      });
      await p.waitFor(() => p.requests.some((r) => r.url.endsWith('/v1/me/message-settings')), 'the settings read');
      await p.waitFor(() => text(p, '.checkin-hero__button') === '签到', 'the check-in button');
      await new Promise((resolve) => setTimeout(resolve, 20));
      p.root.querySelector('.checkin-hero__button')!.dispatchEvent('tap');
      await p.waitFor(() => text(p, '.checkin-result'), 'the check-in result');
      expect(asked).toEqual([]);
      page?.root.detach();
      page = undefined;
    }
  });

  it('asks with the redemption tap, and the redemption goes through whatever the answer', async () => {
    const reward: MallReward = {
      rewardId: 'rw-1',
      kind: 'coupon',
      name: '满100减10券',
      description: '',
      pointsPrice: 300,
      stock: 12,
      perMemberLimit: 1,
      tierCodes: [],
      availableFrom: '2026-11-01T00:00:00.000Z',
      availableUntil: '2099-12-31T16:00:00.000Z',
      coupon: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 },
      goods: null,
      pictureKey: null,
      pictureUrl: null,
      active: true,
      version: 1,
      redeemedByMe: 0,
      ineligible: null,
    };
    const { p, asked } = open('pages/mall/index', {
      'GET /v1/mall/rewards': ok({ points: 1280, items: [reward] }),
      'POST /v1/mall/rewards/rw-1/redemptions': ok({
        redemptionId: 'rd-1',
        rewardId: 'rw-1',
        points: 300,
        redeemedAt: '2026-11-20T02:00:00.000Z',
        coupon: {
          code: 'K7MX2QHP9RTA',
          rewardId: 'rw-1',
          kind: 'coupon',
          name: '满100减10券',
          terms: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 },
          fulfilment: null,
          goods: null,
          status: 'unused',
          issuedAt: '2026-11-20T02:00:00.000Z',
          validUntil: '2026-12-20T16:00:00.000Z',
          usedAt: null,
        },
      }),
      'GET /v1/me/message-settings': ok(settings()),
      'GET /v1/client-config': ok({ ...CONFIG, templatesPerSubscribeRequest: 3 }),
      'POST /v1/me/subscriptions': QUOTA,
    });
    await p.waitFor(() => text(p, '.mall-reward__action') === '立即兑换', 'the redeem button');
    p.root.querySelector('.mall-reward__action')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.sheet'), 'the confirmation sheet');
    await p.waitFor(() => p.requests.some((r) => r.url.endsWith('/v1/me/message-settings')), 'the settings read');
    await new Promise((resolve) => setTimeout(resolve, 20));
    p.root.querySelector('.sheet .btn--primary')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.redeem-done'), 'the success');
    await p.waitFor(() => posted(p, '/v1/me/subscriptions').length === 1, 'the report');
    expect(asked).toEqual([['tmpl-birthday', 'tmpl-holiday', 'tmpl-winback']]);
  });
});
