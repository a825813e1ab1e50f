import {
  GROUP_ORDER_PAGE_SIZE,
  type FulfilmentDelivery,
  type FulfilmentItem,
  type FulfilmentList,
  type FulfilmentListQuery,
  type FulfilmentState,
} from '@linli/shared/groupbuy';
import { shanghaiDateTime } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { getMembers } from '../members/repository.ts';
import { csvDocument } from '../platform/csv.ts';
import { DomainError } from '../platform/domain-error.ts';
import type { FulfilmentProgress } from './fulfilment-schedule.ts';
import { fulfilmentPage } from './fulfilments-repository.ts';
import type { FulfilmentRecord } from './records.ts';

/*
 * 发货清单: every successful order handed to the shop, newest success first, with its delivery state, for staff
 * (phones masked), and the same as CSV for the shop's packers.
 */

/** Deliveries read at most for one filtered page of the list (then a short page whose cursor carries on). */
const MOST_SCANNED = 200;
/** Rows one CSV answer holds at most; the rest come from the cursor in its x-next-cursor header. */
export const FULFILMENT_CSV_ROW_LIMIT = 5000;
/** Deliveries one CSV answer reads at most while filtering (a campaign's few among many). */
const CSV_MOST_SCANNED = 20_000;
const CSV_READ_PAGE = 100;

/** The delivery states as the staff pages name them (miniapp/src/staff/groupbuy-words.ts). */
const STATE_ZH: Record<FulfilmentState, string> = {
  pending: '待推送',
  delivered: '已推送',
  failing: '推送失败重试中',
  'gave-up': '已放弃',
};

/** A delivery's progress as the API shows it. */
export function deliveryView(progress: FulfilmentProgress): FulfilmentDelivery {
  return {
    state: progress.state,
    attempts: progress.attempts,
    lastError: progress.lastError,
    deliveredAt: progress.deliveredAt,
    nextAttemptAt: progress.nextAttemptAt,
  };
}

const matches = (record: FulfilmentRecord, query: Pick<FulfilmentListQuery, 'campaignId' | 'state'>) =>
  (!query.campaignId || record.campaignId === query.campaignId) && (!query.state || record.progress.state === query.state);

/**
 * Deliveries matching the query from its cursor on, newest first: at most `rows`, reading at most `mostScanned`
 * (pages of `readPage`, each no bigger than what is still wanted, so the cursor answered continues exactly).
 */
async function collect(
  deps: Pick<Deps, 'db'>,
  query: FulfilmentListQuery,
  bounds: { rows: number; mostScanned: number; readPage: number },
): Promise<{ records: FulfilmentRecord[]; nextCursor: string | null }> {
  const records: FulfilmentRecord[] = [];
  let cursor = query.cursor;
  let scanned = 0;
  let nextCursor: string | null;
  do {
    const page = await fulfilmentPage(deps.db, { limit: Math.min(bounds.readPage, bounds.rows - records.length), cursor });
    if (page === 'bad-cursor')
      throw new DomainError('VALIDATION_FAILED', 'Bad cursor', [{ path: 'cursor', message: 'Use nextCursor from the page before' }]);
    scanned += page.records.length;
    records.push(...page.records.filter((record) => matches(record, query)));
    nextCursor = page.nextCursor;
    cursor = page.nextCursor ?? undefined;
  } while (records.length < bounds.rows && nextCursor && scanned < bounds.mostScanned);
  return { records, nextCursor };
}

/** Deliveries as the list shows them: each buyer's nickname and masked phone read in one batch. */
export async function fulfilmentItems(deps: Pick<Deps, 'db'>, records: readonly FulfilmentRecord[]): Promise<FulfilmentItem[]> {
  const members = new Map(
    (await getMembers(deps.db, [...new Set(records.map((record) => record.memberId))])).map((member) => [member.memberId, member]),
  );
  return records.map((record) => {
    const member = members.get(record.memberId);
    return {
      orderNo: record.orderNo,
      campaignId: record.campaignId,
      campaignName: record.campaignName,
      groupId: record.groupId,
      succeededAt: record.succeededAt,
      productName: record.productName,
      qty: record.qty,
      paidFen: record.paidFen,
      memberId: record.memberId,
      nickname: member?.nickname ?? '',
      phoneMasked: member?.phoneMasked ?? null,
      delivery: deliveryView(record.progress),
    };
  });
}

/**
 * A page of the fulfilment list: GROUP_ORDER_PAGE_SIZE deliveries; filtered by campaign or state, a page reads at
 * most MOST_SCANNED and may come back short with a cursor to carry on.
 */
export async function fulfilmentList(deps: Pick<Deps, 'db'>, query: FulfilmentListQuery): Promise<FulfilmentList> {
  const filtered = Boolean(query.campaignId || query.state);
  const { records, nextCursor } = await collect(deps, query, {
    rows: GROUP_ORDER_PAGE_SIZE,
    mostScanned: filtered ? MOST_SCANNED : GROUP_ORDER_PAGE_SIZE,
    readPage: GROUP_ORDER_PAGE_SIZE,
  });
  return { items: await fulfilmentItems(deps, records), nextCursor };
}

/**
 * The fulfilment list as CSV (UTF-8 with BOM, Chinese headers, phones masked), newest first: at most
 * FULFILMENT_CSV_ROW_LIMIT rows an answer, the rest from `nextCursor`. It is the shop's packing list, so unlike
 * any screen it carries the product code (商品编码) the shop ships by, and the order number the webhook named.
 */
export async function fulfilmentCsv(
  deps: Pick<Deps, 'db'>,
  query: FulfilmentListQuery,
): Promise<{ csv: string; nextCursor: string | null }> {
  const { records, nextCursor } = await collect(deps, query, {
    rows: FULFILMENT_CSV_ROW_LIMIT,
    mostScanned: CSV_MOST_SCANNED,
    readPage: CSV_READ_PAGE,
  });
  const rows = await fulfilmentItems(deps, records);
  const skus = new Map(records.map((record) => [record.orderNo, record.body.items.map((item) => item.sku).join(' ')]));
  const csv = csvDocument([
    ['成团时间', '订单号', '活动', '商品', '商品编码', '数量', '实付(元)', '买家昵称', '手机号(脱敏)', '推送状态', '推送次数'],
    ...rows.map((row) => [
      shanghaiDateTime(new Date(row.succeededAt)),
      row.orderNo,
      row.campaignName,
      row.productName,
      skus.get(row.orderNo) ?? null,
      row.qty,
      (row.paidFen / 100).toFixed(2),
      row.nickname,
      row.phoneMasked,
      STATE_ZH[row.delivery.state],
      row.delivery.attempts,
    ]),
  ]);
  return { csv, nextCursor };
}
