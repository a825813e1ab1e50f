import type { Deps } from '../deps.ts';
import { decryptPhone, phoneLookupHash } from '../members/phone-crypto.ts';
import { linkPhoneIfUnclaimed, listMembersByJoinDate } from '../members/repository.ts';
import { creditOrdersWaitingForMember } from '../orders/receive-order.ts';

/**
 * Once, after phone links are deployed: members who verified a phone before have no PHONE#<hmac>
 * link, so imported orders naming their phone would wait for ever. Walks the joined members (only
 * they can verify a phone), links each verified phone no other member holds, and counts on the
 * member the imported orders already waiting for it. Safe to run again: a link is written once per
 * member, each waiting order is credited once.
 */
export async function backfillPhoneLinks(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'secrets' | 'wechat' | 'logger'>,
): Promise<{ membersWithPhone: number; linked: number; heldByAnother: number; ordersAttached: number }> {
  const result = { membersWithPhone: 0, linked: 0, heldByAnother: 0, ordersAttached: 0 };
  let cursor: string | undefined;
  do {
    const page = await listMembersByJoinDate(deps.db, { limit: 100, cursor });
    if (page === 'bad-cursor') throw new Error('The member list refused its own cursor');
    for (const member of page.items) {
      if (!member.phoneEncrypted) continue;
      result.membersWithPhone++;
      const phone = decryptPhone(member.phoneEncrypted, deps.secrets.phoneEncryptionKey);
      const phoneHash = phoneLookupHash(phone, deps.secrets.phoneLookupKey);
      const linked = await linkPhoneIfUnclaimed(deps.db, { phoneHash, memberId: member.memberId, at: deps.clock().toISOString() });
      if (linked === 'claimed-by-another') {
        result.heldByAnother++;
        continue;
      }
      result.linked++;
      result.ordersAttached += await creditOrdersWaitingForMember(deps, member, { phoneHash });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  deps.logger.info('phone links backfilled', result);
  return result;
}
