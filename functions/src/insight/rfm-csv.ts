import { CsvLineError, csvDocument, readCsvRows } from '../platform/csv.ts';
import type { RfmOrder, RfmScore } from './rfm.ts';

export const RFM_ORDERS_HEADER = ['customer_id', 'order_id', 'paid_at', 'paid_fen', 'refunded_fen'] as const;
export const RFM_SCORES_HEADER = ['customer_id', 'recency_days', 'frequency', 'monetary_fen', 'r', 'f', 'm', 'segment'] as const;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const FEN = /^\d+$/;

/** Reads `customer_id,order_id,paid_at,paid_fen,refunded_fen` (paid_at ISO 8601 with an offset, money in integer fen). */
export function readRfmOrders(text: string): RfmOrder[] {
  return readCsvRows(text, RFM_ORDERS_HEADER).map(({ line, cells }) => {
    const [customerId, orderId, paidAt, paidFen, refundedFen] = cells as [string, string, string, string, string];
    if (!customerId) throw new CsvLineError(line, 'customer_id is empty');
    if (!orderId) throw new CsvLineError(line, 'order_id is empty');
    if (!ISO_INSTANT.test(paidAt) || Number.isNaN(Date.parse(paidAt)))
      throw new CsvLineError(line, `paid_at "${paidAt}" is not an ISO 8601 time with an offset`);
    if (!FEN.test(paidFen)) throw new CsvLineError(line, `paid_fen "${paidFen}" is not a whole number of fen`);
    if (!FEN.test(refundedFen)) throw new CsvLineError(line, `refunded_fen "${refundedFen}" is not a whole number of fen`);
    if (Number(refundedFen) > Number(paidFen)) throw new CsvLineError(line, 'refunded_fen is more than paid_fen');
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
