import type { Deps } from '../deps.ts';
import type { MemberRecord } from './member-record.ts';
import { getMember, saveMember, walkMembersMissingFirstOrderDay } from './repository.ts';

const ATTEMPTS = 5;

/**
 * Once, after deploying care automation: rewrites each joined member with a first order whose item lacks
 * the byCareDay index attribute (FIRSTORDER#<MM-DD>) that memberItem now gives it — what the first-order
 * anniversary planner looks members up by. The write is the members' own version-guarded replace
 * (nothing else changes, the version moves on): a member changed meanwhile is read again (their own
 * write already indexed them, and this one then changes nothing but the version), and one still
 * changing after a few reads is counted as skipped (run it again). A member already indexed is not
 * written, so running it again writes nothing.
 */
export async function backfillCareIndex(deps: Pick<Deps, 'db' | 'logger'>): Promise<{ written: number; skipped: number }> {
  let written = 0;
  let skipped = 0;
  await walkMembersMissingFirstOrderDay(deps.db, async (members) => {
    for (const listed of members) {
      // The index copy may lag: the write checks the version, and a miss reads the member itself.
      let member: MemberRecord | null = listed;
      for (let attempt = 1; member; attempt++) {
        if ((await saveMember(deps.db, { ...member, version: member.version + 1 }, member.version)) === 'saved') {
          written++;
          break;
        }
        member = attempt < ATTEMPTS ? await getMember(deps.db, member.memberId) : null;
        if (!member) skipped++;
      }
    }
  });
  deps.logger.info('care index backfilled', { written, skipped });
  return { written, skipped };
}
