import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { CheckinCalendar, CheckinResult } from '@linli/shared/points';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

const SESSION = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const RULES = { dailyPoints: 5, streakBonuses: [{ day: 7, bonus: 20 }] };

function calendar(overrides: Partial<CheckinCalendar> = {}): CheckinCalendar {
  return {
    today: '2026-11-20',
    month: '2026-11',
    checkedInToday: false,
    streak: 6,
    days: ['2026-11-02', '2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19'],
    rules: RULES,
    ...overrides,
  };
}

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

function open(routes: Record<string, CannedResponse>) {
  page = openPage('pages/checkin/index', { storage: { 'linli.session': SESSION }, routes });
  return page;
}

describe('check-in page (weapp build in miniprogram-simulate)', () => {
  it('shows the month Monday-first with the checked-in days, today, the streak and the rules', async () => {
    const p = open({ 'GET /v1/me/checkins': { statusCode: 200, body: calendar() } });
    await p.waitFor(() => text(p, '.checkin-cal__month'), 'the calendar');
    expect(text(p, '.checkin-cal__month')).toBe('2026年11月');
    expect(texts(p, '.checkin-cal__weekday')).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    // November 2026 starts on a Sunday: six blanks, then the 1st in the last column.
    const cells = texts(p, '.checkin-cal__cell');
    expect(cells.slice(0, 8)).toEqual(['', '', '', '', '', '', '1', '2']);
    expect(cells).toHaveLength(42);
    expect(cells.at(-7)).toBe('30');
    expect(texts(p, '.checkin-cal__day--checked')).toEqual(['2', '14', '15', '16', '17', '18', '19']);
    expect(texts(p, '.checkin-cal__day--today')).toEqual(['20']);
    expect(text(p, '.checkin-hero__days')).toBe('6');
    expect(texts(p, '.checkin-rules__item')).toEqual(['每日签到 +5 积分', '连续第7天额外 +20 积分']);
    expect(text(p, '.checkin-hero__button')).toBe('签到');
    expect(p.requests[0]).toMatchObject({
      method: 'GET',
      url: 'http://127.0.0.1:3000/v1/me/checkins',
      header: expect.objectContaining({ Authorization: 'Bearer tok-weapp' }),
    });
  });

  it('checks in on tap, shows the points and the streak bonus, then refreshes the calendar', async () => {
    const result: CheckinResult = { date: '2026-11-20', alreadyCheckedIn: false, points: 25, bonus: 20, streak: 7 };
    const routes: Record<string, CannedResponse> = {
      'GET /v1/me/checkins': { statusCode: 200, body: calendar() },
      'POST /v1/me/checkins': { statusCode: 200, body: result },
    };
    const p = open(routes);
    await p.waitFor(() => text(p, '.checkin-hero__button') === '签到', 'the check-in button');
    // The server's calendar after the check-in.
    routes['GET /v1/me/checkins'] = {
      statusCode: 200,
      body: calendar({ checkedInToday: true, streak: 7, days: [...calendar().days, '2026-11-20'] }),
    };
    p.root.querySelector('.checkin-hero__button')!.dispatchEvent('tap');

    const shown = await p.waitFor(() => text(p, '.checkin-result'), 'the check-in result');
    expect(shown).toBe('签到成功 +5 积分连续 7 天额外奖励 +20');
    // (Besides these, the page reads what caring messages it may ask for at the tap: see message-settings.test.ts.)
    const checkinRequests = () => p.requests.filter((r) => new URL(r.url).pathname === '/v1/me/checkins');
    await p.waitFor(() => checkinRequests().length === 3, 'the calendar refresh');
    expect(checkinRequests().map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /v1/me/checkins',
      'POST /v1/me/checkins',
      'GET /v1/me/checkins',
    ]);
    await p.waitFor(() => texts(p, '.checkin-cal__day--checked').includes('20'), 'today highlighted');
    expect(text(p, '.checkin-hero__button')).toBe('今日已签到');
    expect(text(p, '.checkin-hero__days')).toBe('7');
  });

  it('offers no second check-in on a day already checked in', async () => {
    const p = open({
      'GET /v1/me/checkins': { statusCode: 200, body: calendar({ checkedInToday: true, days: ['2026-11-20'], streak: 1 }) },
    });
    await p.waitFor(() => text(p, '.checkin-hero__button') === '今日已签到', 'the done button');
    p.root.querySelector('.checkin-hero__button')!.dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(p.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('asks a visitor to join instead of showing a calendar', async () => {
    const p = open({ 'GET /v1/me/checkins': { statusCode: 409, body: { error: { code: 'NOT_JOINED', message: 'join first' } } } });
    const message = await p.waitFor(() => text(p, '.state-box__text'), 'the not-joined state');
    expect(message).toBe(ERROR_TEXT_ZH.NOT_JOINED);
    expect(p.root.querySelector('.checkin-cal') ?? null).toBeNull();
  });

  it('shows the Chinese error text with a retry when the calendar cannot load', async () => {
    const p = open({ 'GET /v1/me/checkins': { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } } });
    const message = await p.waitFor(() => text(p, '.state-box__text'), 'the error state');
    expect(message).toBe(ERROR_TEXT_ZH.INTERNAL);
    expect(text(p, '.state-box__action')).toBe('重试');
  });
});
