import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { newMemberCode } from '../platform/ids.ts';
import { newVisitor, type MemberRecord } from './member-record.ts';
import { createVisitor, getMember, saveMemberCode } from './repository.ts';

/**
 * The member with a member code: members get theirs when first created; one stored before codes were
 * short gets one here, once (a concurrent call finds it written and returns it).
 */
export async function withMemberCode(deps: Pick<Deps, 'db' | 'clock'>, member: MemberRecord): Promise<MemberRecord> {
  if (member.memberCode) return member;
  return withOptimisticRetry(async () => {
    const current = await getMember(deps.db, member.memberId);
    if (!current) return member;
    if (current.memberCode) return current;
    const next: MemberRecord = {
      ...current,
      memberCode: newMemberCode(),
      updatedAt: deps.clock().toISOString(),
      version: current.version + 1,
    };
    return (await saveMemberCode(deps.db, next, current.version)) === 'saved' ? next : RETRY;
  });
}

/**
 * Creates a visitor with a fresh member code, drawing again in the (one in ~10^12 per member) case
 * that the code is taken. 'exists': another request created this member first.
 */
export async function createVisitorWithCode(
  db: Deps['db'],
  input: { memberId: string; openid: string; unionid: string | null; now: Date },
): Promise<{ outcome: 'created'; member: MemberRecord } | { outcome: 'exists' }> {
  for (;;) {
    const member = newVisitor({ ...input, memberCode: newMemberCode() });
    const outcome = await createVisitor(db, member);
    if (outcome === 'created') return { outcome, member };
    if (outcome === 'exists') return { outcome };
  }
}
