import { describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { DAY_SHARDS, figureShards, pointsEntryFigures, TOTAL_SHARDS } from './daily-figures.ts';
import { figureUpdates, mergeFigureUpdates } from './repository.ts';

const db = { tableName: 'linli' } as Database;

describe('the figures of a points movement', () => {
  it('counts credits as issued and debits by what took them; the outstanding total moves by the delta', () => {
    expect(pointsEntryFigures({ type: 'order', delta: 128 })).toEqual({ day: { pointsIssued: 128 }, totals: { points: 128 } });
    expect(pointsEntryFigures({ type: 'redemption', delta: -300 })).toEqual({ day: { pointsRedeemed: 300 }, totals: { points: -300 } });
    expect(pointsEntryFigures({ type: 'expiry', delta: -5 })).toEqual({ day: { pointsExpired: 5 }, totals: { points: -5 } });
    expect(pointsEntryFigures({ type: 'refund', delta: -28 })).toEqual({ day: { pointsDeducted: 28 }, totals: { points: -28 } });
    expect(pointsEntryFigures({ type: 'adjustment', delta: -10 })).toEqual({ day: { pointsDeducted: 10 }, totals: { points: -10 } });
    expect(pointsEntryFigures({ type: 'adjustment', delta: 0 })).toBeNull();
  });
});

describe('figure shards', () => {
  it('put a fact on one day item and one totals item; facts meeting on a total meet on the day item too', () => {
    for (const id of ['m-1', 'm-2', 'mem-ABCDEF', 'K7MX2QHP9RTA']) {
      const shards = figureShards(id);
      expect(shards.day).toBeGreaterThanOrEqual(0);
      expect(shards.day).toBeLessThan(DAY_SHARDS);
      expect(shards.total).toBeLessThan(TOTAL_SHARDS);
      expect(shards.total % DAY_SHARDS).toBe(shards.day);
    }
  });
});

describe('figure updates in one transaction', () => {
  it('add to the day item and, when a total moves, the totals item', () => {
    const items = figureUpdates(db, { ownerId: 'm-1', day: '2026-11-23', deltas: { day: { couponsIssued: 1 } } });
    expect(items).toHaveLength(1);
    expect(items[0]!.Update).toMatchObject({
      Key: { pk: 'FIGURES', sk: `DAY#2026-11-23#${figureShards('m-1').day}` },
      UpdateExpression: 'ADD #f0 :f0',
      ExpressionAttributeNames: { '#f0': 'couponsIssued' },
      ExpressionAttributeValues: { ':f0': 1 },
    });
    expect(figureUpdates(db, { ownerId: 'm-1', day: '2026-11-23', deltas: { day: { joined: 1 }, totals: { members: 1 } } })).toHaveLength(
      2,
    );
  });

  it('are merged when they land on the same item (an item may be touched once), other items keeping their order', () => {
    const put = (n: number) => ({ Put: { TableName: 'linli', Item: { pk: `P${n}`, sk: 'X' } } });
    const coupon = figureUpdates(db, { ownerId: 'm-1', day: '2026-11-23', deltas: { day: { couponsIssued: 1 } } });
    const points = figureUpdates(db, {
      ownerId: 'm-1',
      day: '2026-11-23',
      deltas: { day: { pointsRedeemed: 300 }, totals: { points: -300 } },
    });
    const merged = mergeFigureUpdates(db, [put(0), ...coupon, put(1), ...points]);
    expect(merged.items.map((item) => (item.Put ? item.Put.Item!.pk : item.Update!.Key!.sk))).toEqual([
      'P0',
      'P1',
      `DAY#2026-11-23#${figureShards('m-1').day}`,
      `TOTAL#${figureShards('m-1').total}`,
    ]);
    expect(merged.items[2]!.Update!.ExpressionAttributeValues).toEqual({ ':f0': 1, ':f1': 300 });
    expect(merged.items[2]!.Update!.ExpressionAttributeNames).toEqual({ '#f0': 'couponsIssued', '#f1': 'pointsRedeemed' });
    expect([0, 1, 2, 3].map(merged.indexOf)).toEqual([0, -1, 1, -1]);
  });
});
