import { CsvLineError, readCsvRows } from '../platform/csv.ts';
import type { Purchase } from './purchase-history.ts';

export const PURCHASES_HEADER = ['customer_id', 'date', 'amount'] as const;

const AMOUNT = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** A calendar day that exists (2026-02-30 does not), as YYYY-MM-DD. */
function isCalendarDay(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

/** "29.33" → 2933 fen, without floating point; null for anything but a non-negative amount with at most 2 decimals. */
function amountToFen(text: string): number | null {
  const match = AMOUNT.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Reads `customer_id,date,amount` (date YYYY-MM-DD, a Shanghai day; amount in yuan, at most 2 decimals). */
export function readPurchasesCsv(text: string): Purchase[] {
  return readCsvRows(text, PURCHASES_HEADER).map(({ line, cells }) => {
    const [customerId, day, amount] = cells as [string, string, string];
    if (!customerId) throw new CsvLineError(line, 'customer_id is empty');
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!date || !isCalendarDay(date[1]!, date[2]!, date[3]!)) throw new CsvLineError(line, `date "${day}" is not a day as YYYY-MM-DD`);
    const amountFen = amountToFen(amount);
    if (amountFen === null) throw new CsvLineError(line, `amount "${amount}" is not an amount in yuan with at most 2 decimals`);
    return { customerId, day, amountFen };
  });
}

/**
 * Reads the CDNOW sample (README of ../shared/data/cdnow): whitespace-separated master customer id,
 * sample customer id, date YYYYMMDD, number of CDs, dollar value; one purchase per line. The customer
 * is the master id; the dollars are read as the amount (cents as fen).
 */
export function readCdnowPurchases(text: string): Purchase[] {
  const purchases: Purchase[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const fields = raw.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') return;
    if (fields.length !== 5) throw new CsvLineError(line, `expected 5 columns, found ${fields.length}`);
    const [customerId, , date, , dollars] = fields as [string, string, string, string, string];
    const day = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
    if (!day || !isCalendarDay(day[1]!, day[2]!, day[3]!)) throw new CsvLineError(line, `date "${date}" is not a day as YYYYMMDD`);
    const amountFen = amountToFen(dollars);
    if (amountFen === null) throw new CsvLineError(line, `amount "${dollars}" is not an amount with at most 2 decimals`);
    purchases.push({ customerId, day: `${day[1]}-${day[2]}-${day[3]}`, amountFen });
  });
  return purchases;
}
