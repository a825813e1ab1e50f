import { NICKNAME_MAX_CHARS } from '@linli/shared/members';
import type { MemberRecord } from './member-record.ts';

/**
 * Text as the member search compares it: compatibility-normalised (full-width letters and digits
 * read as their plain forms), lower case, with every space removed, so "Ａｌｉｃｅ 王" is found by
 * "alice王". Nicknames are indexed and queries read through this same function.
 */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/**
 * Every suffix of the normalised nickname, longest first: a prefix query over suffixes finds any
 * substring (a Chinese nickname is searched by any part of it, not only its start). At most
 * NICKNAME_MAX_CHARS of them, counted in code points (an emoji is one), so one member's search
 * items always fit beside the member in one transaction.
 */
export function nicknameSuffixes(nickname: string | null): string[] {
  const characters = [...normalizeSearchText(nickname ?? '')].slice(0, NICKNAME_MAX_CHARS);
  return characters.map((_, start) => characters.slice(start).join(''));
}

/** The last four digits of a masked phone (138****1234 → 1234), the only part of it staff may search by. */
export function phoneLastFour(phoneMasked: string | null): string | null {
  const match = /(\d{4})$/.exec(phoneMasked ?? '');
  return match ? match[1]! : null;
}

export interface MemberSearchTerms {
  nicknameSuffixes: string[];
  phoneLastFour: string | null;
}

/** What a member is found by: only joined members are searchable (a visitor is no one's customer yet). */
export function memberSearchTerms(member: Pick<MemberRecord, 'status' | 'nickname' | 'phoneMasked'> | null): MemberSearchTerms {
  if (!member || member.status !== 'member') return { nicknameSuffixes: [], phoneLastFour: null };
  return { nicknameSuffixes: nicknameSuffixes(member.nickname), phoneLastFour: phoneLastFour(member.phoneMasked) };
}
