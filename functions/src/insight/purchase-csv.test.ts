import { describe, expect, it } from 'vitest';
import { readCdnowPurchases, readPurchasesCsv } from './purchase-csv.ts';

describe('the purchases CSV (npm run analyze -- bgnbd)', () => {
  it('reads customer_id,date,amount with the amount in yuan as integer fen', () => {
    expect(readPurchasesCsv('\uFEFFcustomer_id,date,amount\r\na,2026-01-01,12.5\nb,2026-02-28,0.07\nb,2026-03-01,300\n')).toEqual([
      { customerId: 'a', day: '2026-01-01', amountFen: 1250 },
      { customerId: 'b', day: '2026-02-28', amountFen: 7 },
      { customerId: 'b', day: '2026-03-01', amountFen: 30000 },
    ]);
  });

  it('names the line and the reason of a row it cannot read', () => {
    const read = (body: string) => () => readPurchasesCsv(`customer_id,date,amount\n${body}`);
    expect(read('a,2026-02-30,10')).toThrow('line 2: date "2026-02-30" is not a day as YYYY-MM-DD');
    expect(read('a,2026-01-01,10\na,20260102,10')).toThrow('line 3: date "20260102"');
    expect(read('a,2026-01-01,1.234')).toThrow('line 2: amount "1.234" is not an amount in yuan with at most 2 decimals');
    expect(read('a,2026-01-01,-5')).toThrow('line 2: amount "-5"');
    expect(read('a,2026-01-01')).toThrow('line 2: expected 3 columns, found 2');
    expect(read(',2026-01-01,5')).toThrow('line 2: customer_id is empty');
    expect(() => readPurchasesCsv('customer_id,order_id,paid_at,paid_fen,refunded_fen\n')).toThrow(
      'line 1: the header must be customer_id,date,amount',
    );
  });
});

describe('the CDNOW sample’s format', () => {
  it('reads master id, sample id, YYYYMMDD, CDs and dollars, one purchase a line', () => {
    expect(readCdnowPurchases(' 00004 0001 19970101  2   29.33\n 00004 0001 19970118  2   29.73\n')).toEqual([
      { customerId: '00004', day: '1997-01-01', amountFen: 2933 },
      { customerId: '00004', day: '1997-01-18', amountFen: 2973 },
    ]);
  });

  it('names the line of a row it cannot read', () => {
    expect(() => readCdnowPurchases(' 00004 0001 19970101  2   29.33\n 00004 0001 19970231  2   29.73\n')).toThrow(
      'line 2: date "19970231"',
    );
    expect(() => readCdnowPurchases(' 00004 0001 19970101  2\n')).toThrow('line 1: expected 5 columns, found 4');
  });
});
