import { describe, expect, it } from 'vitest';
import { rfmSegment, scoreRfm, type RfmOrder } from './rfm.ts';
import { readRfmOrders, rfmScoresCsv } from './rfm-csv.ts';

const order = (customerId: string, paidAt: string, paidFen: number, refundedFen = 0): RfmOrder => ({
  customerId,
  paidAt,
  paidFen,
  refundedFen,
});

describe('RFM scores, as the README defines them', () => {
  // Five customers on 2026-11-26: recency 0, 10, 10, 100, 300 days; frequency 5, 1, 2, 2, 1; monetary varied.
  const orders = [
    ...[0, 1, 2, 3, 4].map((d) => order('a', `2026-11-${String(26 - d).padStart(2, '0')}T02:00:00.000Z`, 10_000)),
    order('b', '2026-11-16T02:00:00.000Z', 50_000),
    order('c', '2026-11-16T02:00:00.000Z', 5_000),
    order('c', '2026-10-01T02:00:00.000Z', 5_000),
    order('d', '2026-08-18T02:00:00.000Z', 20_000),
    order('d', '2026-07-01T02:00:00.000Z', 20_000),
    order('e', '2026-01-30T02:00:00.000Z', 1_000),
  ];
  const scores = scoreRfm(orders, { analysisDay: '2026-11-26' });
  const of = (id: string) => scores.find((row) => row.customerId === id)!;

  it('measures recency in Shanghai days, frequency in counting orders and monetary in fen', () => {
    expect(scores.map((row) => [row.customerId, row.recencyDays, row.frequency, row.monetaryFen])).toEqual([
      ['a', 0, 5, 50_000],
      ['b', 10, 1, 50_000],
      ['c', 10, 2, 10_000],
      ['d', 100, 2, 40_000],
      ['e', 300, 1, 1_000],
    ]);
  });

  it('scores 1 + floor(5 × strictly better others / N), ties sharing a score', () => {
    // R: more lapsed customers than a: 4 → 5; b and c (tied): 2 → 3; d: 1 → 2; e: 0 → 1.
    expect(scores.map((row) => row.r)).toEqual([5, 3, 3, 2, 1]);
    // F: fewer orders than a: 4 → 5; b, e: 0 → 1; c, d: 2 → 3.
    expect(scores.map((row) => row.f)).toEqual([5, 1, 3, 3, 1]);
    // M: a and b tied at 50,000 (3 below → 4); c: 1 → 2; d: 2 → 3; e: 0 → 1.
    expect(scores.map((row) => row.m)).toEqual([4, 4, 2, 3, 1]);
  });

  it('classes each member by scores above the mean of the scored members', () => {
    // Means: R 2.8, F 2.6, M 2.8.
    expect(Object.fromEntries(scores.map((row) => [row.customerId, row.segment]))).toEqual({
      a: '重要价值',
      b: '重要发展',
      c: '一般价值',
      d: '重要保持',
      e: '一般挽留',
    });
    expect(of('a').segment).toBe('重要价值');
  });

  it('counts only orders paid in the window and not fully refunded, net of partial refunds', () => {
    const windowed = scoreRfm(
      [
        order('x', '2025-11-26T16:00:00.000Z', 9_000), // 2025-11-27 in Shanghai: the window's first day
        order('x', '2025-11-26T15:59:59.000Z', 9_000), // 2025-11-26 23:59:59 in Shanghai: outside
        order('x', '2026-11-20T02:00:00.000Z', 10_000, 10_000), // fully refunded
        order('x', '2026-11-21T02:00:00.000Z', 10_000, 2_500), // partly refunded
        order('x', '2026-11-26T16:30:00.000Z', 10_000), // already 11-27 in Shanghai: after the analysis day
      ],
      { analysisDay: '2026-11-26' },
    );
    expect(windowed).toEqual([expect.objectContaining({ customerId: 'x', recencyDays: 5, frequency: 2, monetaryFen: 16_500 })]);
  });

  it('scores nobody without a counting order, and one member alone gets 1s', () => {
    expect(scoreRfm([order('z', '2020-01-01T00:00:00.000Z', 100)], { analysisDay: '2026-11-26' })).toEqual([]);
    expect(scoreRfm([order('solo', '2026-11-01T00:00:00.000Z', 100)], { analysisDay: '2026-11-26' })).toEqual([
      expect.objectContaining({ r: 1, f: 1, m: 1, segment: '一般挽留' }),
    ]);
  });

  it('names the eight classes as the CRM guides do', () => {
    const names = [true, false].flatMap((m) => [true, false].flatMap((f) => [true, false].map((r) => rfmSegment({ r, f, m }))));
    expect(names).toEqual(['重要价值', '重要保持', '重要发展', '重要挽留', '一般价值', '一般保持', '一般发展', '一般挽留']);
  });
});

describe('the RFM CSV (npm run analyze -- rfm)', () => {
  it('reads orders with any offset and writes one row per scored customer', () => {
    const orders = readRfmOrders(
      'customer_id,order_id,paid_at,paid_fen,refunded_fen\r\na,o1,2026-11-26T10:00:00+08:00,10000,0\nb,o2,2026-11-16T02:00:00Z,50000,1000\n',
    );
    expect(rfmScoresCsv(scoreRfm(orders, { analysisDay: '2026-11-26' }))).toBe(
      'customer_id,recency_days,frequency,monetary_fen,r,f,m,segment\r\na,0,1,10000,3,1,1,一般发展\r\nb,10,1,49000,1,1,3,重要挽留\r\n',
    );
  });

  it('names the line and the reason of a row it cannot read', () => {
    const read = (body: string) => () => readRfmOrders(`customer_id,order_id,paid_at,paid_fen,refunded_fen\n${body}`);
    expect(read('a,o1,2026-11-26,100,0')).toThrow('line 2: paid_at "2026-11-26" is not an ISO 8601 time with an offset');
    expect(read('a,o1,2026-11-26T10:00:00Z,100,0\na,o2,2026-11-26T10:00:00Z,1.5,0')).toThrow('line 3: paid_fen "1.5"');
    expect(read('a,o1,2026-11-26T10:00:00Z,100,200')).toThrow('line 2: refunded_fen is more than paid_fen');
    expect(read('a,o1,2026-11-26T10:00:00Z')).toThrow('line 2: expected 5 columns, found 3');
    // Blank lines and a quoted line break still count: the number is the file's own line.
    expect(read('a,o1,2026-11-26T10:00:00Z,100,0\n\n"b\nc",o2,2026-11-26T10:00:00Z,x,0')).toThrow('line 4: paid_fen "x"');
    expect(() => readRfmOrders('id,date,amount\n')).toThrow('line 1: the header must be');
  });
});
