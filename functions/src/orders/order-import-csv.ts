import { CsvError, parse } from 'csv-parse/sync';
import * as z from 'zod';
import { OrderWebhookBody, type OrderItem } from '@linli/shared/orders';
import { ORDER_IMPORT_HEADER, type ImportBadRow, type OrderImportColumn } from '@linli/shared/order-import';
import { instantOfShanghaiDateTime } from '@linli/shared/time';
import { DomainError } from '../platform/domain-error.ts';

/** Who bought an imported order: the WeChat openid, or else a mainland mobile number (11 digits). */
export type ImportBuyer = { openid: string } | { phone: string };

/** One order read from the file, valid by the webhook's own rules, with the lines it came from. */
export interface ImportedOrderRow {
  /** The order's first line, where problems with the order as a whole are reported. */
  line: number;
  buyer: ImportBuyer;
  order: Omit<OrderWebhookBody, 'openid'>;
  refundedFen: number;
}

const FEN = /^\d+$/;
const ISO_WITH_OFFSET = z.iso.datetime({ offset: true });
/** A mainland mobile number as WeChat gives it (purePhoneNumber): 11 digits from 1[3-9]. */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
/** Columns that describe the order rather than the line's item: the same on every line of an order. */
const ORDER_COLUMNS = ['openid', 'phone', 'paid_at', 'paid_fen', 'refunded_fen'] as const satisfies readonly OrderImportColumn[];
/** How far a paid_at may be ahead of the server's clock (the shop's clock may run a little fast). */
const CLOCK_SKEW_MS = 5 * 60_000;

type Cells = Record<OrderImportColumn, string>;

/**
 * Reads an order history CSV (shared/src/order-import.ts): every order whose lines are all valid,
 * and every bad line with its number (the header is line 1) and why. An order with any bad line is
 * left out whole, so no order is imported with items missing. Each line is parsed on its own, so a
 * broken quote spoils that line only, and a value cannot span lines. More than `maxLines` item lines
 * is refused at once (IMPORT_TOO_LARGE): nothing is read.
 */
export function readOrderImportCsv(
  text: string,
  options: { now: Date; maxLines?: number },
): { orders: ImportedOrderRow[]; badRows: ImportBadRow[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const itemLines = lines.slice(1).filter((line) => line.trim() !== '').length;
  if (options.maxLines !== undefined && itemLines > options.maxLines) {
    throw new DomainError('IMPORT_TOO_LARGE', `${itemLines} item lines; at most ${options.maxLines} per request: split the file`);
  }
  const header = parseLine(lines[0] ?? '');
  if ('error' in header || header.cells.join(',') !== ORDER_IMPORT_HEADER.join(',')) {
    return { orders: [], badRows: [{ line: 1, reason: `the header must be ${ORDER_IMPORT_HEADER.join(',')}` }] };
  }

  const badRows: ImportBadRow[] = [];
  const linesByOrder = new Map<string, Array<{ line: number; cells: Cells }>>();
  lines.forEach((text, index) => {
    const line = index + 1;
    if (line === 1 || text.trim() === '') return;
    const parsed = parseLine(text);
    if ('error' in parsed) return badRows.push({ line, reason: parsed.error });
    if (parsed.cells.length !== ORDER_IMPORT_HEADER.length) {
      return badRows.push({ line, reason: `expected ${ORDER_IMPORT_HEADER.length} columns, found ${parsed.cells.length}` });
    }
    const cells = Object.fromEntries(ORDER_IMPORT_HEADER.map((column, i) => [column, parsed.cells[i]!])) as Cells;
    if (!cells.order_id) return badRows.push({ line, reason: 'order_id is empty' });
    const orderLines = linesByOrder.get(cells.order_id) ?? [];
    orderLines.push({ line, cells });
    linesByOrder.set(cells.order_id, orderLines);
  });

  const orders: ImportedOrderRow[] = [];
  for (const orderLines of linesByOrder.values()) {
    const read = readOrder(orderLines, options.now);
    if ('badRows' in read) badRows.push(...read.badRows);
    else orders.push(read);
  }
  badRows.sort((a, b) => a.line - b.line);
  return { orders, badRows };
}

function parseLine(text: string): { cells: string[] } | { error: string } {
  try {
    const [cells = []] = parse(text, { trim: true, relax_column_count: true }) as string[][];
    return { cells };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') return { error: 'a quoted value is not closed (a value cannot span lines)' };
    return { error: `not valid CSV: ${error.message.replace(/ at line \d+/, '')}` };
  }
}

/** One order from its lines: the order's columns from its first line (later lines repeat them or leave them empty). */
function readOrder(orderLines: Array<{ line: number; cells: Cells }>, now: Date): ImportedOrderRow | { badRows: ImportBadRow[] } {
  const [first, ...rest] = orderLines as [{ line: number; cells: Cells }, ...Array<{ line: number; cells: Cells }>];
  const orderId = first.cells.order_id;
  const bad: ImportBadRow[] = [];
  const fail = (line: number, reason: string) => bad.push({ line, reason });

  for (const { line, cells } of rest) {
    for (const column of ORDER_COLUMNS) {
      if (cells[column] !== '' && cells[column] !== first.cells[column]) {
        fail(line, `${column} "${cells[column]}" differs from line ${first.line} of order ${orderId} ("${first.cells[column]}")`);
      }
    }
  }

  const { openid, phone, paid_at: paidAtText, paid_fen: paidFenText, refunded_fen: refundedText } = first.cells;
  const normalizedPhone = phone === '' ? null : mainlandMobile(phone);
  if (!openid && !phone) fail(first.line, 'openid or phone is required');
  if (phone && !normalizedPhone) fail(first.line, `phone "${phone}" is not a mainland mobile number (11 digits)`);
  const paidAt = readPaidAt(paidAtText);
  if (!paidAt) fail(first.line, `paid_at "${paidAtText}" is neither ISO 8601 with an offset nor YYYY-MM-DD HH:mm:ss (Asia/Shanghai)`);
  else if (Date.parse(paidAt) > now.getTime() + CLOCK_SKEW_MS) fail(first.line, `paid_at "${paidAtText}" is in the future`);
  const paidFen = fen(paidFenText);
  if (paidFen === null) fail(first.line, notFen('paid_fen', paidFenText));
  const refundedFen = refundedText === '' ? 0 : fen(refundedText);
  if (refundedFen === null) fail(first.line, notFen('refunded_fen', refundedText));
  else if (paidFen !== null && refundedFen > paidFen) fail(first.line, 'refunded_fen is more than paid_fen');

  const items: OrderItem[] = [];
  for (const { line, cells } of orderLines) {
    const qty = FEN.test(cells.qty) ? Number(cells.qty) : null;
    const unitPriceFen = fen(cells.unit_price_fen);
    if (qty === null) fail(line, `qty "${cells.qty}" is not a whole number`);
    if (unitPriceFen === null) fail(line, notFen('unit_price_fen', cells.unit_price_fen));
    items.push({ sku: cells.sku, name: cells.name, category: cells.category, qty: qty ?? 1, unitPriceFen: unitPriceFen ?? 0 });
  }
  if (bad.length > 0) return { badRows: bad };

  // The rest is the webhook's own schema, so an imported order is exactly as valid as a delivered one.
  const order = { orderId, paidFen: paidFen!, paidAt: paidAt!, items };
  const checked = openid ? OrderWebhookBody.safeParse({ ...order, openid }) : OrderWebhookBody.omit({ openid: true }).safeParse(order);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [field, index, itemField] = issue.path;
      if (field === 'items' && typeof index === 'number') {
        fail(orderLines[index]!.line, `${ITEM_COLUMNS[String(itemField)] ?? 'item'}: ${issue.message}`);
      } else if (field === 'items') {
        fail(first.line, `order ${orderId} has ${items.length} lines: ${issue.message}`);
      } else {
        fail(first.line, `${ORDER_FIELD_COLUMNS[String(field)] ?? String(field)}: ${issue.message}`);
      }
    }
    return { badRows: bad };
  }
  return {
    line: first.line,
    buyer: openid ? { openid } : { phone: normalizedPhone! },
    order,
    refundedFen: refundedFen!,
  };
}

const ITEM_COLUMNS: Record<string, OrderImportColumn> = {
  sku: 'sku',
  name: 'name',
  category: 'category',
  qty: 'qty',
  unitPriceFen: 'unit_price_fen',
};
const ORDER_FIELD_COLUMNS: Record<string, OrderImportColumn> = {
  orderId: 'order_id',
  openid: 'openid',
  paidFen: 'paid_fen',
  paidAt: 'paid_at',
};

/** 11 digits from a number written with spaces, dashes or the +86 / 86 country code; null when not a mainland mobile. */
export function mainlandMobile(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return MAINLAND_MOBILE.test(digits) ? digits : null;
}

/** paid_at as the webhook takes it: ISO 8601 with an offset as given, a Shanghai wall-clock time as its instant. */
function readPaidAt(text: string): string | null {
  if (ISO_WITH_OFFSET.safeParse(text).success) return text;
  return instantOfShanghaiDateTime(text)?.toISOString() ?? null;
}

function fen(text: string): number | null {
  return FEN.test(text) ? Number(text) : null;
}

function notFen(column: string, text: string): string {
  return /^\d+\.\d+$/.test(text)
    ? `${column} "${text}" is not a whole number of fen (money is in fen: 12.80 yuan is 1280)`
    : `${column} "${text}" is not a whole number of fen`;
}
