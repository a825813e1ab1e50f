import type { Deps } from '../deps.ts';
import { getMember, listMembersByJoinDate } from './repository.ts';
import { putMemberSearchItems } from './search-repository.ts';

const PAGE = 100;
const ATTEMPTS = 5;

/**
 * Once, after deploying the member search: gives every joined member stored before it the search
 * items of its nickname and phone's last four digits. Each member's items are written only while
 * the member is as read (a change meanwhile wrote its own items, and is read again), so running it
 * again, or beside live traffic, leaves exactly the items each member's current data calls for. A
 * member still changing after a few reads is counted as skipped: run it again for them.
 */
export async function backfillMemberSearch(
  deps: Pick<Deps, 'db' | 'logger'>,
): Promise<{ members: number; written: number; skipped: number }> {
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
      let member = listed;
      for (let attempt = 1; ; attempt++) {
        const outcome = await putMemberSearchItems(deps.db, member);
        if (outcome === 'written') written++;
        if (outcome !== 'changed') break;
        const current = await getMember(deps.db, member.memberId);
        if (!current || attempt >= ATTEMPTS) {
          skipped++;
          break;
        }
        member = current;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  deps.logger.info('member search backfilled', { members, written, skipped });
  return { members, written, skipped };
}
