import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import type { MemberRecord } from './member-record.ts';
import { getMember } from './repository.ts';

/** The member a session names; a session for a member that no longer exists is not a session. */
export async function requireMember(deps: Pick<Deps, 'db'>, memberId: string): Promise<MemberRecord> {
  const member = await getMember(deps.db, memberId);
  if (!member) throw new DomainError('UNAUTHENTICATED', 'The session names a member that no longer exists');
  return member;
}
