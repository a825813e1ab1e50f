import type { Deps } from '../deps.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { requireMember } from '../members/require-member.ts';
import { newId } from '../platform/ids.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { commitPointsChange, planCredit } from '../points/points-change.ts';
import { pointsExpiry } from '../points/rules.ts';

/**
 * Credits compensation points to the buyer through the points ledger, committed in one
 * transaction with the complaint's own items: both happen or neither. 'conflict' when the member
 * or the complaint changed meanwhile (read again and retry).
 */
export async function commitWithPointsCredit(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  input: {
    memberId: string;
    complaintId: string;
    points: number;
    /** The staff member giving them, kept on the ledger entry (as a staff adjustment keeps its actor). */
    actorId?: string | undefined;
    idempotencyKey: string;
    items: TransactItem[];
    now: Date;
  },
): Promise<'committed' | 'conflict'> {
  const { now } = input;
  const at = now.toISOString();
  const member = await requireMember(deps, input.memberId);
  const lots = await listOpenLots(deps.db, input.memberId);
  const planned = planCredit({
    member,
    lots,
    credit: { amount: input.points, availableAt: at, expiresAt: pointsExpiry(now, deps.config.points) },
    type: 'adjustment',
    refId: input.complaintId,
    note: '投诉补偿',
    idempotencyKey: input.idempotencyKey,
    now,
    ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
  });
  const entry = planned.entry && input.actorId ? { ...planned.entry, actorId: input.actorId } : planned.entry;
  const committed = await commitPointsChange(deps.db, {
    planned: { ...planned, entry },
    expectedVersion: member.version,
    extraItems: input.items,
  });
  return committed === 'committed' ? 'committed' : 'conflict';
}
