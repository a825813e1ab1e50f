import { getMemberInsight } from './repository.ts';
import {
  MESSAGE_KINDS,
  PROFILE_COMPLAINTS,
  PROFILE_MESSAGES,
  PROFILE_ORDERS,
  type MemberProfile,
  type MessageKind,
  type ReceivedMessage,
} from '@linli/shared/customers';
import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import type { Deps } from '../deps.ts';
import { listCareMessages, listSentServiceNotices } from '../care/care-messages-repository.ts';
import { memberComplaints } from '../complaints/member-complaints.ts';
import { memberCard } from '../member-card/member-card.ts';
import { birthdayMonthDay } from '../members/member-record.ts';
import { getMember, listRecentConsents } from '../members/repository.ts';
import { listMyOrders } from '../orders/my-orders.ts';
import { DomainError } from '../platform/domain-error.ts';
import { isJoined } from '../staff/member-summary.ts';
import { listRecentTierChanges } from '../tiers/changes-repository.ts';
import { memberTags } from './member-tags.ts';

type ProfileDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'photos' | 'wechat' | 'logger'>;

/** Consent ledger entries read for the profile: the acceptance in force is among the latest few. */
const CONSENTS_READ = 20;
/** Care messages read to find the latest: one occasion a year or so each, so a page covers years. */
const CARE_MESSAGES_READ = 50;

/**
 * 客户画像: one member as staff see them — identity (phone masked, never decrypted), tier and
 * points, the latest orders, complaints and messages, tags and consent. Each section is one
 * bounded read (a page, not everything), all read at once; `scores` are the last nightly run's.
 */
export async function memberProfile(deps: ProfileDeps, memberId: string): Promise<MemberProfile> {
  const member = await getMember(deps.db, memberId);
  if (!isJoined(member)) throw new DomainError('NOT_FOUND', 'No such member');
  const [card, orders, complaints, messages, tags, consents, insight] = await Promise.all([
    memberCard(deps, member),
    listMyOrders(deps, member, { limit: PROFILE_ORDERS }),
    memberComplaints(deps, memberId, { limit: PROFILE_COMPLAINTS }),
    receivedMessages(deps, memberId),
    memberTags(deps, memberId),
    listRecentConsents(deps.db, memberId, CONSENTS_READ),
    getMemberInsight(deps.db, memberId),
  ]);
  // The policy's own acceptance: a guardian's consent is also an acceptance under the same version.
  const accepted = consents.find(
    (entry) => entry.kind === 'privacy-policy' && entry.action === 'accept' && entry.policyVersion === member.policyVersion,
  );
  return {
    memberId,
    identity: {
      nickname: card.nickname,
      avatarUrl: card.avatarUrl ?? null,
      phoneMasked: card.phoneMasked,
      memberCode: card.memberCode,
      birthday: member.birthday ? birthdayMonthDay(member.birthday) : null,
      minor: card.minor === true,
      joinedAt: member.joinedAt,
      policyVersion: member.policyVersion,
    },
    tier: card.tier,
    points: card.points,
    stats: card.stats,
    orders,
    complaints: { items: complaints.items, more: complaints.nextCursor !== null },
    messages,
    tags,
    consent: {
      policyVersion: member.policyVersion,
      acceptedAt: accepted?.at ?? null,
      current: member.policyVersion === PRIVACY_POLICY_VERSION,
      withdrawals: consents
        .filter((entry) => entry.action === 'withdraw')
        .map((entry) => ({ at: entry.at, policyVersion: entry.policyVersion })),
    },
    redemptionHold: member.redemptionHold
      ? { reason: member.redemptionHold.reason, heldAt: member.redemptionHold.heldAt, heldByName: member.redemptionHold.heldByName }
      : null,
    scores: insight?.scores ?? null,
  };
}

/** The kind of message a care occasion (`birthday#2026`, `complaint#<id>#<event>`) was sent for. */
export function messageKindOf(occasion: string): MessageKind {
  const kind = occasion.slice(0, occasion.indexOf('#') < 0 ? undefined : occasion.indexOf('#'));
  return (MESSAGE_KINDS as readonly string[]).includes(kind) && kind !== 'tier-change' ? (kind as MessageKind) : 'other';
}

/**
 * The latest subscribe messages sent to the member, newest first: care occasions, the service notices
 * sent through the care engine, and the tier-change notices sent before it (kept on the change).
 */
async function receivedMessages(deps: Pick<Deps, 'db'>, memberId: string): Promise<MemberProfile['messages']> {
  const [care, notices, tierChanges] = await Promise.all([
    listCareMessages(deps.db, memberId, CARE_MESSAGES_READ),
    listSentServiceNotices(deps.db, memberId, CARE_MESSAGES_READ),
    listRecentTierChanges(deps.db, memberId, PROFILE_MESSAGES),
  ]);
  const all: ReceivedMessage[] = [
    ...care.items.map((message) => ({ kind: messageKindOf(message.occasion), at: message.claimedAt, status: message.status })),
    ...notices.items,
    ...tierChanges.items.flatMap((change) =>
      change.notice ? [{ kind: 'tier-change' as const, at: change.noticeClaimedAt ?? change.at, status: change.notice }] : [],
    ),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return {
    items: all.slice(0, PROFILE_MESSAGES),
    more: all.length > PROFILE_MESSAGES || care.more || notices.more || tierChanges.more,
  };
}
