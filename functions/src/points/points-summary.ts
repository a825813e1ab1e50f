import type { Deps } from '../deps.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { foldKeptPoints } from './kept-points.ts';
import { listOpenLots } from './lots-repository.ts';
import { summarizeLots } from './rules.ts';

/**
 * Available, pending and soon-expiring points at `now`: folded from the figures kept on the member
 * item, or (a member stored before they were kept) from the member's open lots.
 */
export async function memberPointsSummary(deps: Pick<Deps, 'db' | 'config'>, member: MemberRecord, now: Date) {
  if (member.keptPoints) return foldKeptPoints(member.keptPoints, now, deps.config.points);
  return summarizeLots(await listOpenLots(deps.db, member.memberId), now, deps.config.points);
}
