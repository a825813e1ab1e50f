import type { PointsAdjustmentRequest, PointsEntry } from '@linli/shared/points';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getMember } from '../members/repository.ts';
import { newId } from '../platform/ids.ts';
import { adjustmentReceiptPut, findAdjustmentReceipt } from './adjustments-repository.ts';
import { listOpenLots } from './lots-repository.ts';
import { commitPointsChange, planPointsChange } from './points-change.ts';
import { pointsExpiry } from './rules.ts';

type AdjustDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/**
 * A staff adjustment: a credit opens an available lot; a debit takes available points oldest
 * first and is refused when they are not there. The reason and the staff member are kept on the
 * ledger entry (the audit trail); a retried request id applies once.
 */
export async function adjustPoints(
  deps: AdjustDeps,
  input: { memberId: string; actorId: string; request: PointsAdjustmentRequest },
): Promise<PointsEntry> {
  const { memberId, actorId, request } = input;
  return withOptimisticRetry(async () => {
    const earlier = await findAdjustmentReceipt(deps.db, memberId, request.requestId);
    if (earlier) return earlier;
    const now = deps.clock();
    const [member, lots] = await Promise.all([getMember(deps.db, memberId), listOpenLots(deps.db, memberId)]);
    if (!member || member.status !== 'member') throw new DomainError('NOT_FOUND', 'No such member');
    const planned = planPointsChange({
      member,
      lots,
      movement:
        request.delta > 0
          ? { kind: 'credit', amount: request.delta, availableAt: now.toISOString(), expiresAt: pointsExpiry(now, deps.config.points) }
          : { kind: 'debit', amount: -request.delta, scope: 'available', onShortfall: 'refuse' },
      type: 'adjustment',
      refId: request.requestId,
      idempotencyKey: `adjustment:${memberId}:${request.requestId}`,
      note: request.reason,
      now,
      ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
    });
    if ('refused' in planned) throw new DomainError('POINTS_INSUFFICIENT', `Only ${planned.available} points are available`);
    const entry = { ...planned.entry!, actorId };
    const { memberId: _m, actorId: _a, idempotencyKey: _k, ...publicEntry } = entry;
    const committed = await commitPointsChange(deps.db, {
      planned: { ...planned, entry },
      expectedVersion: member.version,
      extraItems: [
        adjustmentReceiptPut(deps.db, { memberId, requestId: request.requestId, entry: publicEntry, actorId, at: now.toISOString() }),
      ],
    });
    if (committed === 'committed') return publicEntry;
    return RETRY;
  });
}
