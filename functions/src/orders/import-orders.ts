import { createHash } from 'node:crypto';
import type { ImportBadRow, OrderImportReport } from '@linli/shared/order-import';
import type { OrderWebhookBody } from '@linli/shared/orders';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { findMemberIdByOpenid, findMemberIdByPhoneHash, getMember } from '../members/repository.ts';
import { phoneLookupHash } from '../members/phone-crypto.ts';
import { newOrderRecord, orderContentHash, type OrderRecord } from './order-record.ts';
import { readOrderImportCsv, type ImportedOrderRow } from './order-import-csv.ts';
import { rememberProductNames } from './products-repository.ts';
import { receiveOrder, type ImportedOrder, type WatchCreditedOrder } from './receive-order.ts';
import { getOrder, getOrdersById, importedRefundPut, storePendingOrder } from './repository.ts';

type ImportDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'wechat' | 'logger' | 'secrets'>;

export interface OrderImportOptions {
  /** Give the orders points as the webhook does; otherwise they count as orders and earn nothing. */
  creditPoints: boolean;
  /** Read and check only: say what an import would do, write nothing. */
  dryRun: boolean;
  /** The most item lines taken at once (the API's limit); none for the command. */
  maxLines?: number;
  /** Shown each order credited to a member (the risk watch's order check); it never refuses one. */
  watch?: WatchCreditedOrder;
  /** No order is started from this time on (a request's time budget); those not reached are counted as remaining. */
  deadline?: Date;
}

/** Buyers imported at once; one buyer's orders go one after another, so they never race on the member. */
const BUYERS_AT_ONCE = 8;

type Outcome = 'attached' | 'waiting' | 'duplicate' | { bad: string };

/**
 * Imports the seller's order history from CSV (order-import-csv.ts) through the webhook's own domain
 * code (receiveOrder, and for a buyer known by phone the same pending-order path): an order for a
 * member is counted on them now, one for a buyer who has not joined waits for the join (openid) or for
 * a member to verify the phone. Good orders are imported and every bad line reported: a re-import of
 * the corrected file finds the good ones as duplicates, so nothing is ever counted twice.
 */
export async function importOrders(deps: ImportDeps, csv: string, options: OrderImportOptions): Promise<OrderImportReport> {
  const read = readOrderImportCsv(csv, { now: deps.clock(), maxLines: options.maxLines });
  const report: OrderImportReport = {
    dryRun: options.dryRun,
    imported: 0,
    duplicates: 0,
    attachedToMembers: 0,
    waitingForMembers: 0,
    remaining: 0,
    badRows: [],
  };
  const badRows: ImportBadRow[] = [...read.badRows];
  const byBuyer = new Map<string, ImportedOrderRow[]>();
  for (const row of read.orders) {
    const key = 'openid' in row.buyer ? `openid:${row.buyer.openid}` : `phone:${row.buyer.phone}`;
    const rows = byBuyer.get(key);
    if (rows) rows.push(row);
    else byBuyer.set(key, [row]);
  }
  // A re-import is mostly duplicates: read every order the file names first, 100 a request, and settle
  // those already stored without planning a credit (a file sent again after running out of time, too).
  const stored = await getOrdersById(
    deps.db,
    read.orders.map((row) => row.order.orderId),
  );
  await inTurns([...byBuyer.values()], BUYERS_AT_ONCE, async (rows) => {
    for (const row of rows) {
      const existing = stored.get(row.order.orderId);
      // Out of time, no new order is started; one already stored is settled all the same (it needs no write).
      if (!existing && options.deadline && deps.clock() >= options.deadline) {
        report.remaining++;
        continue;
      }
      const outcome = await importOne(deps, row, options, existing);
      if (typeof outcome === 'object') badRows.push({ line: row.line, reason: outcome.bad });
      else if (outcome === 'duplicate') report.duplicates++;
      else {
        report.imported++;
        if (outcome === 'attached') report.attachedToMembers++;
        else report.waitingForMembers++;
      }
    }
  });
  report.badRows = badRows.sort((a, b) => a.line - b.line);
  return report;
}

async function importOne(
  deps: ImportDeps,
  row: ImportedOrderRow,
  options: OrderImportOptions,
  existing: OrderRecord | undefined,
): Promise<Outcome> {
  const phoneHash = 'phone' in row.buyer ? phoneLookupHash(row.buyer.phone, deps.secrets.phoneLookupKey) : null;
  const contentHash = importedContentHash(row, phoneHash);
  if (existing) return existing.contentHash === contentHash ? 'duplicate' : conflict(row);
  if (options.dryRun) return (await memberOpenidOf(deps, row, phoneHash)) ? 'attached' : 'waiting';

  const imported: ImportedOrder = {
    fields: {
      source: 'import',
      earnsPoints: options.creditPoints,
      refundedFen: row.refundedFen,
      contentHash,
      ...(phoneHash ? { buyerPhoneHash: phoneHash } : {}),
    },
    alongside: (receivedAt) =>
      row.refundedFen > 0 ? [importedRefundPut(deps.db, { orderId: row.order.orderId, refundedFen: row.refundedFen, receivedAt })] : [],
  };
  try {
    if ('openid' in row.buyer)
      return outcomeOf(await receiveOrder(deps, { ...row.order, openid: row.buyer.openid }, imported, undefined, options.watch));
    return await importByPhone(deps, row, phoneHash!, imported, options.watch);
  } catch (error) {
    // Content other than stored under the id, or a running total past its ceiling: this order's problem, not the file's.
    if (error instanceof DomainError && (error.code === 'CONFLICT' || error.code === 'TOTAL_LIMIT_REACHED')) {
      return error.code === 'CONFLICT' ? conflict(row) : { bad: `order ${row.order.orderId}: ${error.message}` };
    }
    throw error;
  }
}

/**
 * An order naming a phone: for the member who verified it, an ordinary order of theirs; otherwise kept
 * under the phone, on the condition that no member holds it yet, so a verification racing this import
 * either sees the order waiting or is seen here (the openid path's join works the same way).
 */
async function importByPhone(
  deps: ImportDeps,
  row: ImportedOrderRow,
  phoneHash: string,
  imported: ImportedOrder,
  watch: WatchCreditedOrder | undefined,
): Promise<Outcome> {
  const found = await withOptimisticRetry<{ memberId: string } | { stored: 'stored' | 'duplicate' }>(async () => {
    const memberId = await findMemberIdByPhoneHash(deps.db, phoneHash);
    if (memberId) return { memberId };
    const record: OrderRecord = {
      ...newOrderRecord({ ...row.order, openid: phoneIdentity(phoneHash) }, { receivedAt: deps.clock() }),
      openid: null,
      ...imported.fields,
    };
    const stored = await storePendingOrder(deps.db, record, imported.alongside(record.receivedAt));
    if (stored === 'buyer-joined' || stored === 'conflict') return RETRY;
    return { stored };
  });
  if ('memberId' in found) {
    const member = await getMember(deps.db, found.memberId);
    if (!member) throw new Error(`Phone link points to missing member ${found.memberId}`);
    return outcomeOf(await receiveOrder(deps, { ...row.order, openid: member.openid }, imported, undefined, watch));
  }
  if (found.stored === 'duplicate') {
    const existing = await getOrder(deps.db, row.order.orderId);
    return existing?.contentHash === imported.fields.contentHash ? 'duplicate' : conflict(row);
  }
  await rememberProductNames(deps.db, row.order.items, row.order.paidAt);
  return 'waiting';
}

/** The openid of the member an order would be counted on now, or null when it would wait (a dry run). */
async function memberOpenidOf(deps: ImportDeps, row: ImportedOrderRow, phoneHash: string | null): Promise<string | null> {
  if ('openid' in row.buyer) {
    const link = await findMemberIdByOpenid(deps.db, row.buyer.openid);
    return link?.joined ? row.buyer.openid : null;
  }
  const memberId = await findMemberIdByPhoneHash(deps.db, phoneHash!);
  return memberId ? ((await getMember(deps.db, memberId))?.openid ?? null) : null;
}

function outcomeOf(result: { status: 'credited' | 'pending_member' | 'duplicate' }): Outcome {
  return result.status === 'credited' ? 'attached' : result.status === 'pending_member' ? 'waiting' : 'duplicate';
}

function conflict(row: ImportedOrderRow): Outcome {
  return { bad: `order ${row.order.orderId} was already imported or received with other content; it is left as it was` };
}

/** How an order known by phone is named in its content hash: by the phone's lookup hash, never the number. */
function phoneIdentity(phoneHash: string): string {
  return `phone:${phoneHash}`;
}

/**
 * What makes a re-import a duplicate: the order as the webhook would hash it, with the buyer as the
 * file names them (an openid, or the phone's hash), and its refund. A row by openid without a refund
 * hashes exactly as the webhook's order, so history overlapping what the webhook delivered is a duplicate.
 */
function importedContentHash(row: ImportedOrderRow, phoneHash: string | null): string {
  const buyer = 'openid' in row.buyer ? row.buyer.openid : phoneIdentity(phoneHash!);
  const order: OrderWebhookBody = { ...row.order, openid: buyer };
  const hash = orderContentHash(order);
  return row.refundedFen === 0 ? hash : createHash('sha256').update(`${hash}:refunded:${row.refundedFen}`).digest('hex');
}

/**
 * Runs `work` on every item, `width` at a time. When one fails, no more start; the others finish and
 * the first failure is thrown (what was imported stays: importing the file again completes it).
 */
async function inTurns<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}
