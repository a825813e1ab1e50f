import type { Database } from '../db/client.ts';
import { keys, type ItemKey } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { TransactItem } from '../db/transact-write.ts';
import {
  DAY_FIGURES,
  emptyDayFigures,
  emptyTotals,
  figureShards,
  RUNNING_TOTALS,
  type DayFigures,
  type FigureDeltas,
  type Totals,
} from './daily-figures.ts';

// Figure items are only ever added to (ADD, which creates the item on first use), always inside the
// transaction of the fact they count: the fact's own condition (a member's version, an order or a
// coupon written once) decides whether the transaction commits, and the figures with it. A retried
// or lost attempt adds nothing; a committed one adds exactly once.

/** What each figure update built here adds, so two of one transaction on the same item can be merged. */
const pending = new WeakMap<TransactItem, { key: ItemKey; amounts: Record<string, number> }>();

function addUpdate(db: Database, key: ItemKey, amounts: Record<string, number>): TransactItem | null {
  const names = Object.keys(amounts).filter((name) => amounts[name] !== 0);
  if (names.length === 0) return null;
  const item: TransactItem = {
    Update: {
      TableName: db.tableName,
      Key: key,
      UpdateExpression: `ADD ${names.map((_, i) => `#f${i} :f${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:f${i}`, amounts[name]])),
    },
  };
  pending.set(item, { key, amounts: Object.fromEntries(names.map((name) => [name, amounts[name]!])) });
  return item;
}

/**
 * The updates that add one fact's figures: to its day item (the Shanghai day `day`) and, when it
 * moves a running total, to a totals item; both picked by the fact's owner (see figureShards).
 * Put them in the fact's own transaction.
 */
export function figureUpdates(db: Database, input: { ownerId: string; day: string; deltas: FigureDeltas }): TransactItem[] {
  const shards = figureShards(input.ownerId);
  return [
    addUpdate(db, keys.figuresDay(input.day, shards.day), input.deltas.day as Record<string, number>),
    addUpdate(db, keys.figuresTotal(shards.total), (input.deltas.totals ?? {}) as Record<string, number>),
  ].filter((item): item is TransactItem => item !== null);
}

/**
 * A transaction may touch an item once: figure updates of one transaction that land on the same
 * item (a redemption's points and its coupon) are merged into one. Other items keep their order;
 * figure updates (which carry no condition) go last. `indexOf` maps an input position to its
 * position in `items` (for reading cancellation reasons), -1 for a merged figure update.
 */
export function mergeFigureUpdates(
  db: Database,
  input: readonly TransactItem[],
): { items: TransactItem[]; indexOf: (position: number) => number } {
  const others: TransactItem[] = [];
  const positions: number[] = [];
  const byKey = new Map<string, { key: ItemKey; amounts: Record<string, number> }>();
  for (const item of input) {
    const figures = pending.get(item);
    if (!figures) {
      positions.push(others.length);
      others.push(item);
      continue;
    }
    positions.push(-1);
    const id = `${figures.key.pk}|${figures.key.sk}`;
    const merged = byKey.get(id);
    if (!merged) byKey.set(id, { key: figures.key, amounts: { ...figures.amounts } });
    else for (const [name, amount] of Object.entries(figures.amounts)) merged.amounts[name] = (merged.amounts[name] ?? 0) + amount;
  }
  const figureItems = [...byKey.values()].map((entry) => addUpdate(db, entry.key, entry.amounts)).filter((item) => item !== null);
  return { items: [...others, ...figureItems], indexOf: (position) => positions[position] ?? -1 };
}

/** The day figures of Shanghai days [from, to] (one Query over their shards), by day; days with nothing counted are absent. */
export async function listDayFigures(db: Database, from: string, to: string): Promise<Map<string, DayFigures>> {
  const range = keys.figuresDayRange(from, to);
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.figuresPartition(), ':from': range.from, ':to': range.to },
  });
  const days = new Map<string, DayFigures>();
  for (const item of items) {
    const sk = item.sk as string;
    const date = sk.slice('DAY#'.length, sk.lastIndexOf('#'));
    const figures = days.get(date) ?? emptyDayFigures();
    for (const name of DAY_FIGURES) figures[name] += (item[name] as number | undefined) ?? 0;
    days.set(date, figures);
  }
  return days;
}

/** The running totals now: every totals shard summed (one small Query). */
export async function readTotals(db: Database): Promise<Totals> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.figuresPartition(), ':prefix': keys.figuresTotalPrefix() },
    ConsistentRead: true,
  });
  const totals = emptyTotals();
  for (const item of items) for (const name of RUNNING_TOTALS) totals[name] += (item[name] as number | undefined) ?? 0;
  return totals;
}
