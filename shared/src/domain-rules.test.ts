import { describe, expect, it } from 'vitest';
import { Birthday, UpdateProfileRequest } from './members.ts';
import { pointsForPaidFen } from './points.ts';
import { maskPhone } from './privacy.ts';
import { isLeapYear, shanghaiDay } from './time.ts';
import { tierForSpend } from './tiers.ts';
import { OrderWebhookBody } from './orders.ts';

describe('pointsForPaidFen', () => {
  it.each([
    [0, 0],
    [99, 0],
    [100, 1],
    [12_399, 123],
    [100_000, 1_000],
  ])('%i fen earns %i points at 1 point per yuan', (fen, points) => {
    expect(pointsForPaidFen(fen)).toBe(points);
  });

  it('multiplies whole yuan by the configured rate', () => {
    expect(pointsForPaidFen(12_399, 2)).toBe(246);
  });

  it('refuses fractional or negative fen', () => {
    expect(() => pointsForPaidFen(12.5)).toThrow(RangeError);
    expect(() => pointsForPaidFen(-100)).toThrow(RangeError);
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('masks a short value entirely', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe('Birthday', () => {
  it.each(['03-14', '1990-03-14', '02-29', '2000-02-29', '12-31'])('accepts %s', (value) => {
    expect(Birthday.safeParse(value).success).toBe(true);
  });
  it.each(['02-30', '13-01', '00-10', '1990-02-29', '3-14', '1990/03/14', ''])('rejects %s', (value) => {
    expect(Birthday.safeParse(value).success).toBe(false);
  });
  it('requires at least one field in a profile update', () => {
    expect(UpdateProfileRequest.safeParse({}).success).toBe(false);
  });
});

describe('shanghaiDay', () => {
  it('is already the next day in Shanghai at 16:00 UTC', () => {
    expect(shanghaiDay(new Date('2026-12-31T16:00:00Z'))).toMatchObject({
      year: 2027,
      month: 1,
      day: 1,
      date: '2027-01-01',
      monthDay: '01-01',
    });
  });
  it('is still the same day at 15:59 UTC', () => {
    expect(shanghaiDay(new Date('2026-12-31T15:59:59Z')).date).toBe('2026-12-31');
  });
  it('knows leap years', () => {
    expect([2024, 2026, 2000, 1900].map(isLeapYear)).toEqual([true, false, true, false]);
  });
});

describe('tierForSpend', () => {
  it.each([
    [0, 'regular'],
    [99_999, 'regular'],
    [100_000, 'silver'],
    [500_000, 'gold'],
    [2_000_000, 'diamond'],
  ])('%i fen spent is %s', (fen, code) => {
    expect(tierForSpend(fen).code).toBe(code);
  });
});

describe('OrderWebhookBody', () => {
  const valid = {
    orderId: 'A-1',
    openid: 'o-x',
    paidFen: 100,
    paidAt: '2026-11-01T10:00:00+08:00',
    items: [{ sku: 's', name: 'n', category: 'c', qty: 1, unitPriceFen: 100 }],
  };
  it('accepts an order with an offset timestamp', () => {
    expect(OrderWebhookBody.safeParse(valid).success).toBe(true);
  });
  it.each([
    ['fractional fen', { paidFen: 1.5 }],
    ['no items', { items: [] }],
    ['an order id with spaces', { orderId: 'A 1' }],
    ['a date without time', { paidAt: '2026-11-01' }],
  ])('rejects %s', (_label, change) => {
    expect(OrderWebhookBody.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
