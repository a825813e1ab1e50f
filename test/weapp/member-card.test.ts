import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { MemberView } from '@linli/shared/members';
import type { SessionResponse } from '@linli/shared/auth';
import { qrDataUrl } from '../../miniapp/src/components/member-qr/qr';
import { assertWeappBuilt, openPage, type LoadedPage, text } from './wechat-simulator';

const SESSION = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };

function memberView(overrides: Partial<MemberView> = {}): MemberView {
  return {
    memberId: 'mem-001',
    status: 'member',
    nickname: '林小满',
    tier: { code: 'silver', name: '银卡会员' },
    points: { balance: 1280, pending: 0, expiringSoon: { points: 0, before: null } },
    birthday: '03-08',
    phoneMasked: '138****1234',
    joinedAt: '2026-11-01T02:00:00.000Z',
    policyVersion: '2026-11-01',
    memberCode: '8H3K2Q9T',
    stats: { orderCount: 3, totalSpentFen: 128_000, firstOrderAt: '2026-11-02T03:00:00.000Z', lastOrderAt: '2026-11-20T03:00:00.000Z' },
    ...overrides,
  };
}

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

describe('member card page (weapp build in miniprogram-simulate)', () => {
  it('shows a member the tier name, the points balance and a QR of the member code', async () => {
    const member = memberView();
    page = openPage('pages/index/index', {
      storage: { 'linli.session': SESSION },
      routes: { 'GET /v1/me': { statusCode: 200, body: member } },
    });

    const tier = await page.waitFor(() => text(page!, '.member-card__tier'), 'the tier name');
    expect(tier).toBe('银卡会员');
    expect(text(page, '.member-card__points-value')).toBe('1280');

    const qr = page.root.querySelector('.member-qr__image');
    expect(qr, 'the member QR image').not.toBeNull();
    expect(qr!.data.src).toMatch(/^data:image\/gif;base64,/);
    expect(qr!.data.src).toBe(qrDataUrl(member.memberCode));
    expect(text(page, '.member-qr__code')).toBe('8H3K 2Q9T');

    const stats = page.root.querySelectorAll('.stats__value').map((node) => node.dom.textContent);
    expect(stats).toEqual(['3', '¥1,280.00']);
  });

  it('shows pending and soon-expiring points under the available balance', async () => {
    page = openPage('pages/index/index', {
      storage: { 'linli.session': SESSION },
      routes: {
        'GET /v1/me': {
          statusCode: 200,
          // 2026-12-01T16:30Z is already 2 December in Shanghai.
          body: memberView({ points: { balance: 1280, pending: 120, expiringSoon: { points: 300, before: '2026-12-01T16:30:00.000Z' } } }),
        },
      },
    });
    await page.waitFor(() => text(page!, '.member-card__tier'), 'the member card');
    expect(text(page, '.member-card__points-value')).toBe('1280');
    expect(text(page, '.member-card__note--pending')).toBe('待生效120积分');
    expect(text(page, '.member-card__note--expiring')).toBe('300积分将于 12月2日 到期');
    expect(page.root.dom.textContent).toContain('每日签到');
  });

  it('shows no pending or expiry note when there is none', async () => {
    page = openPage('pages/index/index', {
      storage: { 'linli.session': SESSION },
      routes: { 'GET /v1/me': { statusCode: 200, body: memberView() } },
    });
    await page.waitFor(() => text(page!, '.member-card__tier'), 'the member card');
    expect(page.root.querySelector('.member-card__notes') ?? null).toBeNull();
  });

  it('calls the API with the stored session token', async () => {
    page = openPage('pages/index/index', {
      storage: { 'linli.session': SESSION },
      routes: { 'GET /v1/me': { statusCode: 200, body: memberView() } },
    });
    await page.waitFor(() => text(page!, '.member-card__tier'), 'the member card');
    // The member first; then, for a joined member, the survey card the home page may offer.
    await page.waitFor(() => page!.requests.length === 2, 'the survey card asked for');
    expect(page.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: 'http://127.0.0.1:3000/v1/me',
        header: expect.objectContaining({ Authorization: 'Bearer tok-weapp' }),
      }),
      expect.objectContaining({
        method: 'POST',
        url: 'http://127.0.0.1:3000/v1/me/survey-card',
        header: expect.objectContaining({ Authorization: 'Bearer tok-weapp' }),
      }),
    ]);
  });

  it('invites a visitor to join instead of showing a card', async () => {
    page = openPage('pages/index/index', {
      storage: { 'linli.session': SESSION },
      routes: { 'GET /v1/me': { statusCode: 200, body: memberView({ status: 'visitor', joinedAt: null, policyVersion: null }) } },
    });
    const title = await page.waitFor(() => text(page!, '.invite__title'), 'the join invitation');
    expect(title).toBe('加入邻里会员');
    expect(page.root.querySelector('.member-card') ?? null).toBeNull();
    expect(page.root.dom.textContent).not.toContain('积分明细');
  });

  it('shows the Chinese error text for the code, never the server message, with a retry', async () => {
    page = openPage('pages/index/index', {
      storage: { 'linli.session': SESSION },
      routes: { 'GET /v1/me': { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'DynamoDB throttled' } } } },
    });
    const message = await page.waitFor(() => text(page!, '.state-box__text'), 'the error state');
    expect(message).toBe(ERROR_TEXT_ZH.INTERNAL);
    expect(page.root.dom.textContent).not.toContain('DynamoDB');
    expect(text(page, '.state-box__action')).toBe('重试');
  });

  it('logs in with wx.login when there is no session, then shows the card', async () => {
    const session: SessionResponse = { ...SESSION, roles: ['member'], member: memberView() };
    page = openPage('pages/index/index', {
      routes: {
        'POST /v1/auth/wechat': { statusCode: 200, body: session },
        'GET /v1/me': { statusCode: 200, body: memberView() },
      },
    });
    await page.waitFor(() => text(page!, '.member-card__points-value'), 'the card after login');
    expect(page.requests[0]).toMatchObject({
      method: 'POST',
      url: 'http://127.0.0.1:3000/v1/auth/wechat',
      data: { code: 'simulated-code' },
    });
    expect(page.requests[0]!.header.Authorization).toBeUndefined();
    expect(page.storage.get('linli.session')).toEqual({ token: SESSION.token, expiresAt: SESSION.expiresAt, roles: ['member'] });
  });
});
