import { describe, expect, it } from 'vitest';
import { ORDER_IMPORT_HEADER } from '@linli/shared/order-import';
import type { DomainError } from '../platform/domain-error.ts';
import { mainlandMobile, readOrderImportCsv } from './order-import-csv.ts';

const HEADER = ORDER_IMPORT_HEADER.join(',');
const now = new Date('2026-11-23T02:00:00.000Z');
const read = (lines: string[], maxLines?: number) => readOrderImportCsv([HEADER, ...lines].join('\n'), { now, maxLines });

describe('reading an order history CSV', () => {
  it('makes one order of the lines sharing an order_id, later lines repeating or leaving out the order columns', () => {
    const { orders, badRows } = read([
      'A1,o-ann,,2026-11-01T10:00:00+08:00,3000,0,APPLE,苹果,fruit,2,1000',
      'B1,,138 1234 5678,2026-10-01 09:30:00,500,,PEAR,梨,fruit,1,500',
      'A1,,,,,,"MILK,1L",牛奶,dairy,1,1000',
      'A1,o-ann,,2026-11-01T10:00:00+08:00,3000,0,EGG,鸡蛋,eggs,1,0',
    ]);
    expect(badRows).toEqual([]);
    expect(orders).toEqual([
      {
        line: 2,
        buyer: { openid: 'o-ann' },
        refundedFen: 0,
        order: {
          orderId: 'A1',
          paidFen: 3000,
          paidAt: '2026-11-01T10:00:00+08:00',
          items: [
            { sku: 'APPLE', name: '苹果', category: 'fruit', qty: 2, unitPriceFen: 1000 },
            { sku: 'MILK,1L', name: '牛奶', category: 'dairy', qty: 1, unitPriceFen: 1000 },
            { sku: 'EGG', name: '鸡蛋', category: 'eggs', qty: 1, unitPriceFen: 0 },
          ],
        },
      },
      {
        line: 3,
        buyer: { phone: '13812345678' },
        refundedFen: 0,
        // A time without an offset is Shanghai's.
        order: { orderId: 'B1', paidFen: 500, paidAt: '2026-10-01T01:30:00.000Z', items: [expect.objectContaining({ sku: 'PEAR' })] },
      },
    ]);
  });

  it('names every bad line with its number and reason, and leaves out the whole order a bad line belongs to', () => {
    const { orders, badRows } = read([
      'OK1,o-ok,,2026-11-01T10:00:00+08:00,100,,S,名,c,1,100',
      'NOBUYER,,,2026-11-01T10:00:00+08:00,100,,S,名,c,1,100',
      'BADPHONE,,12345,2026-11-01T10:00:00+08:00,100,,S,名,c,1,100',
      'YUAN,o-x,,2026-11-01T10:00:00+08:00,12.80,,S,名,c,1,1280',
      'WHEN,o-x,,yesterday,100,,S,名,c,1,100',
      'FUTURE,o-x,,2026-12-01T10:00:00+08:00,100,,S,名,c,1,100',
      'REFUND,o-x,,2026-11-01T10:00:00+08:00,100,200,S,名,c,1,100',
      'TWO,o-x,,2026-11-01T10:00:00+08:00,100,,S,名,c,1,100',
      'TWO,o-x,,2026-11-01T10:00:00+08:00,999,,T,名,c,zero,100',
      'bad id!,o-x,,2026-11-01T10:00:00+08:00,100,,S,名,c,1,100',
      'SHORT,o-x,,2026-11-01T10:00:00+08:00,100',
      'QUOTE,o-x,,2026-11-01T10:00:00+08:00,100,,"S,名,c,1,100',
      ',o-x,,2026-11-01T10:00:00+08:00,100,,S,名,c,1,100',
      'NONAME,o-x,,2026-11-01T10:00:00+08:00,100,,S,,c,0,100',
      'HUGE,o-x,,2026-11-01T10:00:00+08:00,1000000001,,S,名,c,1,100',
    ]);
    expect(orders.map((order) => order.order.orderId)).toEqual(['OK1']);
    expect(badRows).toEqual([
      { line: 3, reason: 'openid or phone is required' },
      { line: 4, reason: 'phone "12345" is not a mainland mobile number (11 digits)' },
      { line: 5, reason: 'paid_fen "12.80" is not a whole number of fen (money is in fen: 12.80 yuan is 1280)' },
      { line: 6, reason: 'paid_at "yesterday" is neither ISO 8601 with an offset nor YYYY-MM-DD HH:mm:ss (Asia/Shanghai)' },
      { line: 7, reason: 'paid_at "2026-12-01T10:00:00+08:00" is in the future' },
      { line: 8, reason: 'refunded_fen is more than paid_fen' },
      { line: 10, reason: 'paid_fen "999" differs from line 9 of order TWO ("100")' },
      { line: 10, reason: 'qty "zero" is not a whole number' },
      { line: 11, reason: expect.stringMatching(/^order_id: Letters, digits, _ and - only/) },
      { line: 12, reason: 'expected 11 columns, found 5' },
      { line: 13, reason: 'a quoted value is not closed (a value cannot span lines)' },
      { line: 14, reason: 'order_id is empty' },
      { line: 15, reason: expect.stringMatching(/^name: /) },
      { line: 15, reason: expect.stringMatching(/^qty: /) },
      { line: 16, reason: expect.stringMatching(/^paid_fen: /) },
    ]);
  });

  it('refuses a file without the header, naming line 1', () => {
    expect(readOrderImportCsv('order_id,openid\nA1,o-a', { now })).toEqual({
      orders: [],
      badRows: [{ line: 1, reason: `the header must be ${HEADER}` }],
    });
  });

  it('counts lines as a text editor does: a BOM, Windows line ends and blank lines change nothing', () => {
    const text = `\uFEFF${HEADER}\r\n\r\nA1,o-a,,2026-11-01T10:00:00+08:00,100,,S,名,c,1,100\r\n\r\nA2,,,2026-11-01T10:00:00+08:00,100,,S,名,c,1,100\r\n`;
    const { orders, badRows } = readOrderImportCsv(text, { now });
    expect(orders.map((order) => order.line)).toEqual([3]);
    expect(badRows).toEqual([{ line: 5, reason: 'openid or phone is required' }]);
  });

  it('takes an order with more lines than the webhook allows as one bad order', () => {
    const lines = Array.from({ length: 201 }, (_, i) => `BIG,o-a,,2026-11-01T10:00:00+08:00,100,,S${i},名,c,1,1`);
    const { orders, badRows } = read(lines);
    expect(orders).toEqual([]);
    expect(badRows).toEqual([{ line: 2, reason: expect.stringMatching(/^order BIG has 201 lines: /) }]);
  });

  it('refuses more item lines than allowed before reading any (IMPORT_TOO_LARGE)', () => {
    const lines = Array.from({ length: 3 }, (_, i) => `A${i},o-a,,2026-11-01T10:00:00+08:00,100,,S,名,c,1,1`);
    expect(read(lines, 3).orders).toHaveLength(3);
    expect(() => read([...lines, 'A9,o-a,,2026-11-01T10:00:00+08:00,100,,S,名,c,1,1'], 3)).toThrow(
      expect.objectContaining({ code: 'IMPORT_TOO_LARGE' }) as DomainError,
    );
  });
});

describe('mainland mobile numbers', () => {
  it('takes the forms people write them in, as 11 digits', () => {
    for (const written of ['13812345678', '138 1234 5678', '138-1234-5678', '+86 138 1234 5678', '8613812345678', '008613812345678'])
      expect(mainlandMobile(written), written).toBe('13812345678');
  });
  it('refuses what is not one', () => {
    for (const written of ['1381234567', '23812345678', '12812345678', '+1 415 555 0100', 'abc', '138123456789'])
      expect(mainlandMobile(written), written).toBeNull();
  });
});
