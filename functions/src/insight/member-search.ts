import { MEMBER_SEARCH_FIELDS, MEMBER_SEARCH_LIMIT, type MemberSearchField, type MemberSearchResult } from '@linli/shared/customers';
import { normalizeMemberCode } from '@linli/shared/member-code';
import { OrderWebhookBody } from '@linli/shared/orders';
import type { Deps } from '../deps.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { findMemberIdByCode, findMemberIdByOpenid, getMembers } from '../members/repository.ts';
import { findMemberIdsByNickname, findMemberIdsByPhoneLastFour } from '../members/search-repository.ts';
import { normalizeSearchText, phoneLastFour } from '../members/search-terms.ts';
import { getOrder } from '../orders/repository.ts';
import { isJoined } from '../staff/member-summary.ts';
import { heldTier } from '../tiers/standing.ts';
import { getTierConfigCached } from '../tiers/config-repository.ts';

const ORDER_ID = OrderWebhookBody.shape.orderId;
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;
const LAST_FOUR = /^\d{4}$/;

/** The member an order id names: the order's buyer, if they have a member record. */
async function memberIdOfOrder(deps: Pick<Deps, 'db'>, orderId: string): Promise<string | null> {
  const order = await getOrder(deps.db, orderId);
  if (!order) return null;
  // A credited order names its member; one still waiting names its buyer's openid (or only a phone: nobody yet).
  if (order.memberId) return order.memberId;
  return order.openid ? ((await findMemberIdByOpenid(deps.db, order.openid))?.memberId ?? null) : null;
}

/**
 * 客户 search: every reading of `q` that its form allows, at once — a 会员码, an openid, an order id
 * (its buyer), a phone's last four digits, part of a nickname — each an exact key lookup or one
 * query over the matching index items, so the work grows with the matches, never with the shop.
 * Joined members only, exact matches first, at most MEMBER_SEARCH_LIMIT; each says what matched.
 * An entry the member no longer matches (the nickname changed in a write racing this read) is
 * left out by checking the member as read.
 */
export async function searchMembers(deps: Pick<Deps, 'db'>, q: string): Promise<MemberSearchResult> {
  const text = normalizeSearchText(q);
  const code = normalizeMemberCode(q);
  const exactLookups: Array<[MemberSearchField, Promise<string | null>]> = [];
  if (code) exactLookups.push(['memberCode', findMemberIdByCode(deps.db, code)]);
  if (OPENID.test(q)) exactLookups.push(['openid', findMemberIdByOpenid(deps.db, q).then((link) => link?.memberId ?? null)]);
  if (ORDER_ID.safeParse(q).success) exactLookups.push(['order', memberIdOfOrder(deps, q)]);

  const [exact, phone, nickname] = await Promise.all([
    Promise.all(exactLookups.map(async ([field, lookup]) => [field, await lookup] as const)),
    LAST_FOUR.test(q) ? findMemberIdsByPhoneLastFour(deps.db, q, MEMBER_SEARCH_LIMIT) : null,
    findMemberIdsByNickname(deps.db, text, MEMBER_SEARCH_LIMIT),
  ]);

  const matches = new Map<string, Set<MemberSearchField>>();
  const add = (memberId: string, field: MemberSearchField) => {
    const fields = matches.get(memberId) ?? new Set<MemberSearchField>();
    fields.add(field);
    matches.set(memberId, fields);
  };
  for (const [field, memberId] of exact) if (memberId) add(memberId, field);
  for (const memberId of phone?.memberIds ?? []) add(memberId, 'phone');
  for (const memberId of nickname.memberIds) add(memberId, 'nickname');

  const [members, config] = await Promise.all([getMembers(deps.db, [...matches.keys()]), getTierConfigCached(deps.db)]);
  const byId = new Map(members.map((member) => [member.memberId, member]));
  const hits = [...matches].flatMap(([memberId, fields]) => {
    const member = byId.get(memberId);
    if (!isJoined(member)) return [];
    const matched = MEMBER_SEARCH_FIELDS.filter((field) => fields.has(field) && stillMatches(member, field, q, text));
    if (matched.length === 0) return [];
    const tier = heldTier(config.tiers, member, 0);
    return [
      {
        memberId,
        nickname: member.nickname,
        phoneMasked: member.phoneMasked,
        tier: { code: tier.code, name: tier.name },
        lastOrderAt: member.lastOrderAt,
        matched,
      },
    ];
  });
  // Exact matches (best field first) before nickname matches, which keep the index's order.
  const rank = (hit: { matched: MemberSearchField[] }) => MEMBER_SEARCH_FIELDS.indexOf(hit.matched[0]!);
  const sorted = hits.map((hit, index) => ({ hit, index })).sort((a, b) => rank(a.hit) - rank(b.hit) || a.index - b.index);
  return {
    items: sorted.slice(0, MEMBER_SEARCH_LIMIT).map(({ hit }) => hit),
    more: sorted.length > MEMBER_SEARCH_LIMIT || nickname.more || (phone?.more ?? false),
  };
}

/** Whether the member as read still matches on a field found through an index item. */
function stillMatches(member: MemberRecord, field: MemberSearchField, q: string, text: string): boolean {
  if (field === 'nickname') return normalizeSearchText(member.nickname ?? '').includes(text);
  if (field === 'phone') return phoneLastFour(member.phoneMasked) === q;
  return true;
}
