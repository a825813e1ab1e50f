import type { StockRecord } from './records.ts';

/*
 * The campaign's units, as pure arithmetic on the STOCK item as read. Invariant kept by every
 * change: left - shortfall = total - reserved - sold, left >= 0, shortfall >= 0.
 */

type Units = Pick<StockRecord, 'total' | 'left' | 'reserved' | 'sold' | 'shortfall'>;

/**
 * How an edit of the campaign's stock (from `total` to `total + delta`) changes the STOCK item.
 * Adding, or taking no more than is left, is a plain ADD conditioned only on what does not move
 * under joins (the shortfall, and "at least this much left"), so edits succeed during a rush of
 * joins. Taking more than is left (units already reserved or sold are never taken back) sets left
 * to 0 and keeps the excess as a shortfall; that write is conditioned on the values read.
 */
export type StockEdit =
  | { kind: 'add'; delta: number; requireLeftAtLeast: number }
  | { kind: 'set'; delta: number; left: number; shortfall: number; readLeft: number; readShortfall: number };

export function planStockEdit(stock: Units, delta: number): StockEdit {
  if (stock.shortfall === 0 && stock.left + delta >= 0) return { kind: 'add', delta, requireLeftAtLeast: Math.max(0, -delta) };
  const effective = stock.left - stock.shortfall + delta;
  return {
    kind: 'set',
    delta,
    left: Math.max(0, effective),
    shortfall: Math.max(0, -effective),
    readLeft: stock.left,
    readShortfall: stock.shortfall,
  };
}

/** Units coming back (a released reservation, a refunded sale): they pay a shortfall first, the rest is for sale again. */
export interface StockReturn {
  qty: number;
  /** Of qty, what goes back on sale (left += toLeft); the rest pays the shortfall read. */
  toLeft: number;
  readShortfall: number;
}

export function planStockReturn(stock: Pick<StockRecord, 'shortfall'>, qty: number): StockReturn {
  const paid = Math.min(stock.shortfall, qty);
  return { qty, toLeft: qty - paid, readShortfall: stock.shortfall };
}

/** The STOCK item after applying an edit (what the staff view shows, and what tests hold the plan to). */
export function applyStockEdit<T extends Units>(stock: T, edit: StockEdit): T {
  if (edit.kind === 'add') return { ...stock, total: stock.total + edit.delta, left: stock.left + edit.delta };
  return { ...stock, total: stock.total + edit.delta, left: edit.left, shortfall: edit.shortfall };
}

export function applyStockReturn<T extends Units>(stock: T, ret: StockReturn, from: 'reserved' | 'sold'): T {
  return {
    ...stock,
    [from]: stock[from] - ret.qty,
    left: stock.left + ret.toLeft,
    shortfall: stock.shortfall - (ret.qty - ret.toLeft),
  };
}
