import { parse } from 'csv-parse/sync';
import { csvDocument } from '../platform/csv.ts';
import type { RfmOrder, RfmScore } from './rfm.ts';

export const RFM_ORDERS_HEADER = ['customer_id', 'order_id', 'paid_at', 'paid_fen', 'refunded_fen'] as const;
export const RFM_SCORES_HEADER = ['customer_id', 'recency_days', 'frequency', 'monetary_fen', 'r', 'f', 'm', 'segment'] as const;

/** A line of the orders CSV that cannot be read: its line number (the header is line 1) and why. */
export class RfmCsvError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'RfmCsvError';
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const FEN = /^\d+$/;

/** Reads `customer_id,order_id,paid_at,paid_fen,refunded_fen` (paid_at ISO 8601 with an offset, money in integer fen). */
export function readRfmOrders(text: string): RfmOrder[] {
  const records = parse(text, {
    bom: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n'],
  }) as string[][];
  const [header, ...rows] = records;
  if (!header || header.join(',') !== RFM_ORDERS_HEADER.join(',')) {
    throw new RfmCsvError(1, `the header must be ${RFM_ORDERS_HEADER.join(',')}`);
  }
  return rows.map((row, index) => {
    const line = index + 2;
    if (row.length !== RFM_ORDERS_HEADER.length)
      throw new RfmCsvError(line, `expected ${RFM_ORDERS_HEADER.length} columns, found ${row.length}`);
    const [customerId, orderId, paidAt, paidFen, refundedFen] = row as [string, string, string, string, string];
    if (!customerId) throw new RfmCsvError(line, 'customer_id is empty');
    if (!orderId) throw new RfmCsvError(line, 'order_id is empty');
    if (!ISO_INSTANT.test(paidAt) || Number.isNaN(Date.parse(paidAt)))
      throw new RfmCsvError(line, `paid_at "${paidAt}" is not an ISO 8601 time with an offset`);
    if (!FEN.test(paidFen)) throw new RfmCsvError(line, `paid_fen "${paidFen}" is not a whole number of fen`);
    if (!FEN.test(refundedFen)) throw new RfmCsvError(line, `refunded_fen "${refundedFen}" is not a whole number of fen`);
    if (Number(refundedFen) > Number(paidFen)) throw new RfmCsvError(line, 'refunded_fen is more than paid_fen');
    return { customerId, paidAt, paidFen: Number(paidFen), refundedFen: Number(refundedFen) };
  });
}

/** The scores as CSV: `customer_id,recency_days,frequency,monetary_fen,r,f,m,segment`. */
export function rfmScoresCsv(scores: readonly RfmScore[]): string {
  return csvDocument(
    [
      RFM_SCORES_HEADER,
      ...scores.map((row) => [row.customerId, row.recencyDays, row.frequency, row.monetaryFen, row.r, row.f, row.m, row.segment]),
    ],
    { bom: false },
  );
}
