import type { Deps } from '../deps.ts';
import type { MemberRecord } from './member-record.ts';
import { getMember, listMembersByJoinDate, saveMember } from './repository.ts';

const PAGE = 100;
const ATTEMPTS = 5;

/**
 * Once, after deploying care automation: rewrites every joined member with a first order, so the item
 * carries the byCareDay index attribute (FIRSTORDER#<MM-DD>) that memberItem now gives it — what the
 * first-order anniversary planner looks members up by. The write is the members' own version-guarded
 * replace (nothing else changes, the version moves on): a member changed meanwhile is read again, and
 * one still changing after a few reads is counted as skipped (run it again). Running it again rewrites
 * the same attributes (harmless: an item cannot be asked whether it already has them without reading
 * it whole, which the listing already did).
 */
export async function backfillCareIndex(deps: Pick<Deps, 'db' | 'logger'>): Promise<{ members: number; written: number; skipped: number }> {
  let members = 0;
  let written = 0;
  let skipped = 0;
  let cursor: string | undefined;
  do {
    const page = await listMembersByJoinDate(deps.db, { limit: PAGE, cursor });
    if (page === 'bad-cursor') throw new Error('The join-date index gave a cursor it does not accept');
    for (const listed of page.items) {
      members++;
      // The index copy may lag: the write checks the version, and a miss reads the member itself.
      let member: MemberRecord | null = listed;
      for (let attempt = 1; member?.firstOrderAt; attempt++) {
        if ((await saveMember(deps.db, { ...member, version: member.version + 1 }, member.version)) === 'saved') {
          written++;
          break;
        }
        member = attempt < ATTEMPTS ? await getMember(deps.db, member.memberId) : null;
        if (!member) skipped++;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  deps.logger.info('care index backfilled', { members, written, skipped });
  return { members, written, skipped };
}
