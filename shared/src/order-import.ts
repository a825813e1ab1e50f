import * as z from 'zod';

/**
 * The order history CSV (`POST /v1/staff/order-imports`, `npm run import:orders`): one line per item,
 * as shop systems export orders; an order of several items takes several lines with the same
 * order_id. Money is integer fen; paid_at is ISO 8601 with an offset, or `YYYY-MM-DD HH:mm[:ss]`
 * read as Asia/Shanghai. Each order names its buyer by openid or by mainland mobile number.
 */
export const ORDER_IMPORT_HEADER = [
  'order_id',
  'openid',
  'phone',
  'paid_at',
  'paid_fen',
  'refunded_fen',
  'sku',
  'name',
  'category',
  'qty',
  'unit_price_fen',
] as const;
export type OrderImportColumn = (typeof ORDER_IMPORT_HEADER)[number];

/**
 * The most item lines one request may carry (`npm run import:orders`, which runs the domain code
 * itself, takes any number). A request stops starting orders after IMPORT_TIME_BUDGET_MS, inside the
 * API function's 10 s, and says how many it did not reach: the client sends the same file again.
 */
export const MAX_IMPORT_LINES_PER_REQUEST = 2_000;
export const IMPORT_TIME_BUDGET_MS = 7_000;
/** The most characters of CSV one request may carry: 2,000 lines of up to 500 characters. */
export const MAX_IMPORT_CSV_CHARS = 1_000_000;
/** The most bytes of a request body (Chinese text is 3 bytes a character in UTF-8, JSON escapes add some). */
export const MAX_IMPORT_BODY_BYTES = 4_000_000;

export const OrderImportRequest = z
  .object({
    csv: z
      .string()
      .min(1)
      .max(MAX_IMPORT_CSV_CHARS)
      .describe(`The file's text: the header ${ORDER_IMPORT_HEADER.join(',')}, then at most ${MAX_IMPORT_LINES_PER_REQUEST} item lines`),
    creditPoints: z
      .boolean()
      .default(false)
      .describe('true: the orders earn points as webhook orders do; false (default): counted as orders, no points'),
    dryRun: z.boolean().default(false).describe('true: check the file and say what an import would do, writing nothing'),
  })
  .meta({ id: 'OrderImportRequest' });
export type OrderImportRequest = z.infer<typeof OrderImportRequest>;

export const ImportBadRow = z.object({
  line: z.number().int().positive().describe('The line of the file (the header is line 1)'),
  reason: z.string(),
});
export type ImportBadRow = z.infer<typeof ImportBadRow>;

export const OrderImportReport = z
  .object({
    dryRun: z.boolean().describe('true: nothing was written; the counts say what an import would do'),
    imported: z.number().int().nonnegative().describe('Orders stored now: attachedToMembers + waitingForMembers'),
    duplicates: z.number().int().nonnegative().describe('Orders already stored with the same content (a re-import): unchanged'),
    attachedToMembers: z.number().int().nonnegative().describe("Imported orders counted on a member's record now"),
    waitingForMembers: z
      .number()
      .int()
      .nonnegative()
      .describe('Imported orders kept until their buyer joins (openid) or a member verifies the phone'),
    remaining: z
      .number()
      .int()
      .nonnegative()
      .describe(
        "Good orders not reached before the request's time ran out: send the same file again (what was imported is then a duplicate)",
      ),
    badRows: z.array(ImportBadRow).describe('Every line not imported, by line; an order with a bad line is not imported at all'),
  })
  .meta({ id: 'OrderImportReport' });
export type OrderImportReport = z.infer<typeof OrderImportReport>;
