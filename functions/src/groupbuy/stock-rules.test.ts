import { describe, expect, it } from 'vitest';
import { applyStockEdit, applyStockReturn, planStockEdit, planStockReturn } from './stock-rules.ts';

const stock = (over: Partial<{ total: number; left: number; reserved: number; sold: number; shortfall: number }> = {}) => ({
  total: 100,
  left: 30,
  reserved: 20,
  sold: 50,
  shortfall: 0,
  ...over,
});
const balanced = (s: ReturnType<typeof stock>) => s.left - s.shortfall === s.total - s.reserved - s.sold && s.left >= 0 && s.shortfall >= 0;

describe('planStockEdit', () => {
  it('adds units with a plain ADD that joins cannot invalidate', () => {
    const edit = planStockEdit(stock(), 40);
    expect(edit).toEqual({ kind: 'add', delta: 40, requireLeftAtLeast: 0 });
    expect(applyStockEdit(stock(), edit)).toMatchObject({ total: 140, left: 70 });
  });
  it('takes away no more than is left with an ADD conditioned on that much being left', () => {
    const edit = planStockEdit(stock(), -30);
    expect(edit).toEqual({ kind: 'add', delta: -30, requireLeftAtLeast: 30 });
    expect(applyStockEdit(stock(), edit)).toMatchObject({ total: 70, left: 0, shortfall: 0 });
  });
  it('never takes back reserved or sold units: left stops at 0 and the excess is owed', () => {
    const edit = planStockEdit(stock(), -50);
    expect(edit).toMatchObject({ kind: 'set', left: 0, shortfall: 20, readLeft: 30, readShortfall: 0 });
    const after = applyStockEdit(stock(), edit);
    expect(after).toMatchObject({ total: 50, left: 0, shortfall: 20 });
    expect(balanced(after)).toBe(true);
  });
  it('an increase pays an existing shortfall before anything goes on sale', () => {
    const owing = stock({ total: 50, left: 0, shortfall: 20 });
    const after = applyStockEdit(owing, planStockEdit(owing, 30));
    expect(after).toMatchObject({ total: 80, left: 10, shortfall: 0 });
    expect(balanced(after)).toBe(true);
  });
});

describe('planStockReturn', () => {
  it('puts returned units back on sale', () => {
    const ret = planStockReturn(stock(), 5);
    expect(ret).toEqual({ qty: 5, toLeft: 5, readShortfall: 0 });
    const after = applyStockReturn(stock(), ret, 'reserved');
    expect(after).toMatchObject({ left: 35, reserved: 15 });
    expect(balanced(after)).toBe(true);
  });
  it('pays a shortfall first, so an edit below what was sold is never oversold later', () => {
    const owing = stock({ total: 50, left: 0, shortfall: 20 });
    const first = applyStockReturn(owing, planStockReturn(owing, 15), 'sold');
    expect(first).toMatchObject({ left: 0, shortfall: 5, sold: 35 });
    const second = applyStockReturn(first, planStockReturn(first, 10), 'reserved');
    expect(second).toMatchObject({ left: 5, shortfall: 0, reserved: 10 });
    expect(balanced(first) && balanced(second)).toBe(true);
  });
});
