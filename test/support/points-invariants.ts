import { expect } from 'vitest';
import type { Database } from '../../functions/src/db/client.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { listWholeLedger } from '../../functions/src/points/ledger.ts';
import { listAllLots } from '../../functions/src/points/lots-repository.ts';

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
