import { expect } from 'vitest';
import type { Database } from '../../functions/src/db/client.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { listWholeLedger } from '../../functions/src/points/ledger.ts';
import { listAllLots, listOpenLots } from '../../functions/src/points/lots-repository.ts';
import type { Deps } from '../../functions/src/deps.ts';
import { foldKeptPoints } from '../../functions/src/points/kept-points.ts';
import { summarizeLots } from '../../functions/src/points/rules.ts';
import { growthFromOrders } from '../../functions/src/tiers/growth.ts';
import { listGrowthOrders } from '../../functions/src/tiers/growth-repository.ts';
import { growthFromKept } from '../../functions/src/tiers/kept-growth.ts';

/** The ledger's promise: balance = sum of the ledger = sum of the lots' remainders, nothing negative. */
export async function expectPointsInvariants(db: Database, memberId: string) {
  const [member, ledger, lots] = await Promise.all([getMember(db, memberId), listWholeLedger(db, memberId), listAllLots(db, memberId)]);
  const ledgerSum = ledger.reduce((sum, entry) => sum + entry.delta, 0);
  const lotSum = lots.reduce((sum, lot) => sum + lot.remaining, 0);
  expect({ balance: member!.pointsBalance, ledgerSum, lotSum }).toEqual({ balance: ledgerSum, ledgerSum, lotSum: ledgerSum });
  expect(member!.pointsBalance).toBeGreaterThanOrEqual(0);
  expect(member!.pointsDebt).toBeGreaterThanOrEqual(0);
  for (const lot of lots) {
    expect(lot.remaining).toBeGreaterThanOrEqual(0);
    expect(lot.remaining).toBeLessThanOrEqual(lot.amount);
  }
  for (const entry of ledger) expect(entry.balanceAfter).toBeGreaterThanOrEqual(0);
  return { member: member!, ledger, lots };
}

const DAY_MS = 24 * 3600 * 1000;
/** Instants from now on at which kept figures must agree with the lots and orders: the return window, expiry days, the growth window. */
const LATER = [0, 1, 7, 8, 30, 31, 200, 366, 400, 800].map((days) => days * DAY_MS);

/**
 * The card's kept figures tell what the lots and orders tell, at `now` and at any later time (folded with
 * that time): available, pending and soon-expiring points against the open lots; growth against the
 * credited orders in the window. `growthKept: true` requires growth to be kept (not left to the orders).
 */
export async function expectKeptFigures(deps: Pick<Deps, 'db' | 'clock' | 'config'>, memberId: string, options: { growthKept: boolean }) {
  const [member, lots] = await Promise.all([getMember(deps.db, memberId), listOpenLots(deps.db, memberId)]);
  expect(member!.keptPoints).not.toBeNull();
  if (options.growthKept) expect(member!.growthFenByDay).not.toBeNull();
  for (const offset of LATER) {
    const at = new Date(deps.clock().getTime() + offset);
    expect({ at, points: foldKeptPoints(member!.keptPoints!, at, deps.config.points) }).toEqual({
      at,
      points: summarizeLots(lots, at, deps.config.points),
    });
    if (member!.growthFenByDay) {
      const orders = await listGrowthOrders(deps.db, member!, at);
      expect({ at, growth: growthFromKept(member!.growthFenByDay, { now: at, bonus: member!.growthBonus }) }).toEqual({
        at,
        growth: growthFromOrders(orders, { now: at, bonus: member!.growthBonus }),
      });
    }
  }
  return member!;
}
