import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { GroupBuyCampaignInput, GroupBuyStatus } from '@linli/shared/groupbuy';
import { batchGetItems } from '../db/batch-get.ts';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { UpdateBuilder } from '../db/update-builder.ts';
import type { CampaignHeadRecord, StockRecord } from './records.ts';
import type { StockEdit, StockReturn } from './stock-rules.ts';

// ---------------------------------------------------------------------------------------------
// Heads and versions

export function headFromItem(item: Record<string, unknown>): CampaignHeadRecord {
  return {
    campaignId: item.campaignId as string,
    status: item.status as GroupBuyStatus,
    version: item.version as number,
    revision: item.revision as number,
    definition: item.definition as GroupBuyCampaignInput,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    publishedAt: (item.publishedAt as string | null) ?? null,
    endedAt: (item.endedAt as string | null) ?? null,
  };
}

export async function getCampaignHead(db: Database, campaignId: string): Promise<CampaignHeadRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.groupBuyHead(campaignId), ConsistentRead: true }));
  return Item ? headFromItem(Item) : null;
}

/** Every campaign's head (at most GROUP_BUY_CAMPAIGN_LIMIT: one small partition). */
export async function listCampaignHeads(db: Database): Promise<CampaignHeadRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.groupBuysPartition() },
  });
  return items.map(headFromItem);
}

/** The heads of published campaigns only, filtered in DynamoDB over the one partition of heads. */
export async function listPublishedCampaignHeads(db: Database): Promise<CampaignHeadRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: '#status = :published',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': keys.groupBuysPartition(), ':published': 'published' },
  });
  return items.map(headFromItem);
}

/** Writes a new campaign's head once. */
export function newCampaignHeadPut(db: Database, head: CampaignHeadRecord): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.groupBuyHead(head.campaignId), ...head },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Replaces a head the operator read at `expectedRevision`. */
export function campaignHeadChange(db: Database, head: CampaignHeadRecord, expectedRevision: number): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.groupBuyHead(head.campaignId), ...head },
      ConditionExpression: 'revision = :read',
      ExpressionAttributeValues: { ':read': expectedRevision },
    },
  };
}

/** A published version's terms, written once and never changed. */
export function campaignVersionPut(
  db: Database,
  input: { campaignId: string; version: number; definition: GroupBuyCampaignInput; publishedAt: string },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.groupBuyVersion(input.campaignId, input.version), ...input },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getCampaignVersion(
  db: Database,
  campaignId: string,
  version: number,
): Promise<{ campaignId: string; version: number; definition: GroupBuyCampaignInput; publishedAt: string } | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.groupBuyVersion(campaignId, version) }));
  if (!Item) return null;
  return { campaignId, version, definition: Item.definition as GroupBuyCampaignInput, publishedAt: Item.publishedAt as string };
}

// ---------------------------------------------------------------------------------------------
// Stock

/** STOCK's counters of places taken by RFM class: rj#<class>. */
const RFM_JOINS_PREFIX = 'rj#';

export function stockFromItem(item: Record<string, unknown>): StockRecord {
  return {
    campaignId: item.campaignId as string,
    total: item.total as number,
    left: item.left as number,
    reserved: item.reserved as number,
    sold: item.sold as number,
    shortfall: (item.shortfall as number | undefined) ?? 0,
    forming: (item.forming as number | undefined) ?? 0,
    succeeded: (item.succeeded as number | undefined) ?? 0,
    failed: (item.failed as number | undefined) ?? 0,
    joinsByRfmClass: Object.fromEntries(
      Object.entries(item).flatMap(([name, value]) =>
        name.startsWith(RFM_JOINS_PREFIX) ? [[name.slice(RFM_JOINS_PREFIX.length), value as number]] : [],
      ),
    ),
    status: item.status as GroupBuyStatus,
    version: item.version as number,
    startsAt: item.startsAt as string,
    endsAt: item.endsAt as string,
  };
}

export async function getStock(db: Database, campaignId: string): Promise<StockRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.groupBuyStock(campaignId), ConsistentRead: true }),
  );
  return Item ? stockFromItem(Item) : null;
}

/** The STOCK items of these campaigns, by campaign id (eventually consistent: for lists). */
export async function getStocks(db: Database, campaignIds: readonly string[]): Promise<Map<string, StockRecord>> {
  const items = await batchGetItems(db, campaignIds.map(keys.groupBuyStock));
  return new Map(items.map((item) => [item.campaignId as string, stockFromItem(item)]));
}

/** A new campaign's STOCK item, written with its head. */
export function newStockPut(db: Database, { joinsByRfmClass: _none, ...stock }: StockRecord): TransactItem {
  // The joins by RFM class are counters the joins ADD (rj#<class>), none at first.
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.groupBuyStock(stock.campaignId), ...stock },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * What one transaction does to a campaign's STOCK item (one transaction may touch it once, so the
 * parts of a change are said together): reserve units (for an open, also that the campaign is
 * published at the version read and running), sell reserved units, take units back, count groups,
 * apply a staff edit, and carry the status, version and window an open conditions on.
 */
export interface StockChange {
  reserve?: { qty: number; open?: { version: number; now: string } };
  sell?: number;
  giveBack?: { ret: StockReturn; from: 'reserved' | 'sold' };
  groups?: { forming?: number; succeeded?: number; failed?: number };
  /** A place taken by a buyer of this RFM class. */
  rfmJoin?: string;
  edit?: StockEdit;
  window?: { status: GroupBuyStatus; version: number; startsAt: string; endsAt: string };
}

export function stockUpdate(db: Database, campaignId: string, change: StockChange): TransactItem {
  const u = new UpdateBuilder();
  let leftDelta = 0;
  let reservedDelta = 0;
  let soldDelta = 0;
  let shortfallDelta = 0;
  if (change.reserve) {
    const { qty, open } = change.reserve;
    leftDelta -= qty;
    reservedDelta += qty;
    u.when(`${u.path(['left'])} >= ${u.value(qty)}`);
    if (open)
      u.when(
        `${u.path(['status'])} = ${u.value('published')} AND ${u.path(['version'])} = ${u.value(open.version)} AND ${u.path(['startsAt'])} <= ${u.value(open.now)} AND ${u.path(['endsAt'])} > ${u.value(open.now)}`,
      );
  }
  if (change.sell) {
    reservedDelta -= change.sell;
    soldDelta += change.sell;
  }
  if (change.giveBack) {
    const { ret, from } = change.giveBack;
    if (from === 'reserved') reservedDelta -= ret.qty;
    else soldDelta -= ret.qty;
    leftDelta += ret.toLeft;
    shortfallDelta -= ret.qty - ret.toLeft;
    // The shortfall paid was read; it moves only with edits and returns, never with joins.
    u.when(`${u.path(['shortfall'])} = ${u.value(ret.readShortfall)}`);
  }
  if (change.edit) {
    const edit = change.edit;
    u.add(['total'], edit.delta);
    if (edit.kind === 'add') {
      leftDelta += edit.delta;
      u.when(`${u.path(['shortfall'])} = ${u.value(0)}`);
      if (edit.requireLeftAtLeast > 0) u.when(`${u.path(['left'])} >= ${u.value(edit.requireLeftAtLeast)}`);
    } else {
      u.set(['left'], edit.left).set(['shortfall'], edit.shortfall);
      u.when(`${u.path(['left'])} = ${u.value(edit.readLeft)} AND ${u.path(['shortfall'])} = ${u.value(edit.readShortfall)}`);
    }
  }
  u.add(['left'], leftDelta).add(['reserved'], reservedDelta).add(['sold'], soldDelta).add(['shortfall'], shortfallDelta);
  if (change.groups) {
    u.add(['forming'], change.groups.forming ?? 0)
      .add(['succeeded'], change.groups.succeeded ?? 0)
      .add(['failed'], change.groups.failed ?? 0);
  }
  if (change.rfmJoin) u.add([`${RFM_JOINS_PREFIX}${change.rfmJoin}`], 1);
  if (change.window) {
    u.set(['status'], change.window.status)
      .set(['version'], change.window.version)
      .set(['startsAt'], change.window.startsAt)
      .set(['endsAt'], change.window.endsAt);
  }
  return u.toTransactItem(db, keys.groupBuyStock(campaignId));
}
