import {
  MEMBER_SEARCH_FIELD_ZH,
  MESSAGE_KIND_ZH,
  MESSAGE_STATUS_ZH,
  type MemberProfile,
  type MemberSearchField,
  type ReceivedMessage,
} from '@linli/shared/customers';
import { formatShanghaiDate, formatShanghaiDateTime, formatShanghaiMonthDay } from './time';

/** Why a search result is listed: "手机尾号匹配", "昵称、手机尾号匹配". */
export function searchMatchText(matched: readonly MemberSearchField[]): string {
  return `${matched.map((field) => MEMBER_SEARCH_FIELD_ZH[field]).join('、')}匹配`;
}

/** A search result's last order, in a few words. */
export function lastOrderText(lastOrderAt: string | null): string {
  return lastOrderAt ? `最近下单 ${formatShanghaiDate(lastOrderAt)}` : '还没有下过单';
}

/** "生日祝福 · 2026-06-01 10:00 · 已发送". */
export function messageText(message: ReceivedMessage): { title: string; meta: string } {
  return { title: MESSAGE_KIND_ZH[message.kind], meta: `${formatShanghaiDateTime(message.at)} · ${MESSAGE_STATUS_ZH[message.status]}` };
}

/** The privacy consent in one line a staff member can act on. */
export function consentText(consent: MemberProfile['consent']): string {
  if (!consent.policyVersion) return '尚未同意隐私政策';
  const when = consent.acceptedAt ? `${formatShanghaiDate(consent.acceptedAt)} ` : '';
  return consent.current ? `${when}同意现行版本` : `${when}同意的是旧版，需重新同意`;
}

/** Points that expire soon, or null when none do. */
export function expiringText(expiring: MemberProfile['points']['expiringSoon']): string | null {
  if (expiring.points <= 0) return null;
  return expiring.before
    ? `${expiring.points} 积分将于 ${formatShanghaiMonthDay(expiring.before)} 前到期`
    : `${expiring.points} 积分即将到期`;
}
