import type { RedemptionHoldState } from '@linli/shared/risk';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { getMember, saveMember } from '../members/repository.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { redemptionHoldLogPut } from './flags-repository.ts';

type HoldDeps = Pick<Deps, 'db' | 'clock'>;

interface HoldInput {
  memberId: string;
  staff: { memberId: string; name: string };
  reason: string;
}

/**
 * 暂停兑换: a supervisor or admin holds the member's redemptions, stating why. The hold is kept on the
 * member (the points mall and coupon use check it there, in the write they already make) and the act
 * is recorded (who, when, why) beside it; holding a held member changes nothing.
 */
export function holdRedemptions(deps: HoldDeps, input: HoldInput): Promise<RedemptionHoldState> {
  return changeHold(deps, input, 'hold');
}

/** 恢复兑换: the hold is lifted, with the reason recorded; releasing a member not held changes nothing. */
export function releaseRedemptions(deps: HoldDeps, input: HoldInput): Promise<RedemptionHoldState> {
  return changeHold(deps, input, 'release');
}

async function changeHold(deps: HoldDeps, input: HoldInput, action: 'hold' | 'release'): Promise<RedemptionHoldState> {
  const member = await withOptimisticRetry(async () => {
    const current = await getMember(deps.db, input.memberId);
    if (!current || current.status !== 'member') throw new DomainError('NOT_FOUND', 'No such member');
    if ((action === 'hold') === Boolean(current.redemptionHold)) return current;
    const now = deps.clock();
    const at = now.toISOString();
    const next: MemberRecord = {
      ...current,
      redemptionHold:
        action === 'hold' ? { reason: input.reason, heldAt: at, heldBy: input.staff.memberId, heldByName: input.staff.name } : null,
      updatedAt: at,
      version: current.version + 1,
    };
    const log = redemptionHoldLogPut(deps.db, {
      entryId: newId('hl', now),
      memberId: current.memberId,
      at,
      action,
      reason: input.reason,
      by: input.staff.memberId,
      byName: input.staff.name,
    });
    return (await saveMember(deps.db, next, current.version, [log])) === 'saved' ? next : RETRY;
  });
  return holdState(member);
}

export function holdState(member: MemberRecord): RedemptionHoldState {
  const hold = member.redemptionHold;
  return {
    memberId: member.memberId,
    hold: hold ? { reason: hold.reason, heldAt: hold.heldAt, heldByName: hold.heldByName } : null,
  };
}
