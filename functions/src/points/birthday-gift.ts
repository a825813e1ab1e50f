import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getMember } from '../members/repository.ts';
import { newId } from '../platform/ids.ts';
import { birthdayGiftReceiptPut, getBirthdayGiftReceipt } from './birthday-gift-repository.ts';
import { listOpenLots } from './lots-repository.ts';
import { commitPointsChange, planCredit } from './points-change.ts';
import { pointsExpiry } from './rules.ts';

export type BirthdayGiftOutcome = 'credited' | 'already-credited' | 'nothing-to-give' | 'not-a-member';

/**
 * Credits a birthday gift of `points` for the Shanghai year `year`, once: the year's receipt is
 * written in the same transaction as the ledger entry, so a rerun or an overlapping run of the job
 * finds it and gives nothing more.
 */
export async function creditBirthdayGift(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  input: { memberId: string; year: number; points: number },
): Promise<BirthdayGiftOutcome> {
  const { memberId, year, points } = input;
  if (points <= 0) return 'nothing-to-give';
  return withOptimisticRetry(async () => {
    const [member, lots, receipt] = await Promise.all([
      getMember(deps.db, memberId),
      listOpenLots(deps.db, memberId),
      getBirthdayGiftReceipt(deps.db, memberId, year),
    ]);
    if (receipt) return 'already-credited';
    if (!member || member.status !== 'member') return 'not-a-member';
    const now = deps.clock();
    const planned = planCredit({
      member,
      lots,
      credit: { amount: points, availableAt: now.toISOString(), expiresAt: pointsExpiry(now, deps.config.points) },
      type: 'birthday',
      refId: String(year),
      idempotencyKey: `birthday:${memberId}:${year}`,
      note: `${year} 年生日礼`,
      now,
      ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
    });
    const committed = await commitPointsChange(deps.db, {
      planned,
      expectedVersion: member.version,
      extraItems: [birthdayGiftReceiptPut(deps.db, memberId, { year, points, at: now.toISOString() })],
    });
    if (committed === 'committed') return 'credited';
    if (committed === 'conflict') return RETRY;
    return 'already-credited';
  });
}
