import type { MemberView } from '@linli/shared/members';
import type { Deps } from '../deps.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { summarizeLots } from '../points/rules.ts';
import { toMemberView, type MemberRecord } from './member-record.ts';

/** The member as the mini-program shows it: available, pending and soon-expiring points come from the lots. */
export async function memberView(deps: Pick<Deps, 'db' | 'clock' | 'config'>, member: MemberRecord): Promise<MemberView> {
  const lots = await listOpenLots(deps.db, member.memberId);
  return toMemberView(member, summarizeLots(lots, deps.clock(), deps.config.points));
}
