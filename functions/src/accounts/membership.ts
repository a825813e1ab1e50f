import { PRIVACY_POLICY_VERSION, maskPhone } from '@linli/shared/privacy';
import type { ConsentRequest, UpdateProfileRequest } from '@linli/shared/members';
import type { TransactItem } from '../db/transact-write.ts';
import { avatarAttachItem } from '../photos/attach.ts';
import type { Role } from '@linli/shared/auth';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { createVisitorWithCode } from '../members/member-code.ts';
import { creditOrdersWaitingForMember } from '../orders/receive-order.ts';
import { serviceNoticePlanner } from '../automation/service-notices.ts';
import { creditShareReferral } from '../groupbuy/arrivals.ts';
import { staffRoleAtLogin } from '../staff/roster.ts';
import { WechatApiError, WechatUnreachableError } from '../wechat/client.ts';
import { decryptPhone, encryptPhone, phoneLookupHash } from '../members/phone-crypto.ts';
import type { LoggedIn, MemberRecord } from '../members/member-record.ts';
import { requireMember } from '../members/require-member.ts';
import { noteMemberActive } from '../members/activity.ts';
import {
  marketingChoicePut,
  guardianConsentPut,
  findMemberIdByOpenid,
  findMemberIdByPhoneHash,
  getMember,
  phoneChoicePut,
  phoneLinkDelete,
  phoneLinkPut,
  saveJoin,
  saveMember,
} from '../members/repository.ts';
import { memberSearchWrites } from '../members/search-repository.ts';
import { shanghaiDay } from '@linli/shared/time';
import { guardianRuleFor } from './guardian-consent.ts';

/**
 * Logs a WeChat user in with a wx.login code: the first login creates the member (a visitor
 * until the policy is accepted); concurrent first logins still make exactly one member. The
 * route issues the session token.
 */
export async function loginWithWechat(deps: Deps, code: string): Promise<LoggedIn> {
  let identity: { openid: string; unionid: string | null };
  try {
    identity = await deps.wechat.codeToSession(code);
  } catch (error) {
    if (error instanceof WechatApiError) throw new DomainError('WECHAT_LOGIN_FAILED', `jscode2session refused the code (${error.errcode})`);
    if (error instanceof WechatUnreachableError) throw new DomainError('WECHAT_UNAVAILABLE', 'WeChat could not be reached');
    throw error;
  }
  const member = await findOrCreateMember(deps, identity);
  const [staffRole] = await Promise.all([
    staffRoleAtLogin(deps, { openid: identity.openid, nickname: member.nickname }),
    // What the retention job counts a member's inactivity from (with their last purchase).
    noteMemberActive(deps, member.memberId, shanghaiDay(deps.clock()).date),
  ]);
  const roles: Role[] = staffRole ? ['member', staffRole] : ['member'];
  return { member, openid: identity.openid, roles };
}

async function findOrCreateMember(deps: Deps, identity: { openid: string; unionid: string | null }): Promise<MemberRecord> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const link = await findMemberIdByOpenid(deps.db, identity.openid);
    if (link) {
      const member = await getMember(deps.db, link.memberId);
      if (member) return member;
    } else {
      const now = deps.clock();
      const created = await createVisitorWithCode(deps.db, {
        memberId: newId('m', now),
        openid: identity.openid,
        unionid: identity.unionid,
        now,
      });
      // 'exists': another login created the member first: read it.
      if (created.outcome === 'created') return created.member;
    }
  }
  throw new Error(`Could not find or create the member for openid ${identity.openid}`);
}

/**
 * Joins (or re-consents after a policy change): records the accepted policy version in the
 * consent ledger, then credits orders that arrived before the member joined.
 */
export async function acceptPrivacyPolicy(deps: Deps, memberId: string, request: ConsentRequest, source: string): Promise<MemberRecord> {
  if (request.policyVersion !== PRIVACY_POLICY_VERSION) {
    throw new DomainError('POLICY_VERSION_OUTDATED', `Current policy version is ${PRIVACY_POLICY_VERSION}`);
  }
  const joined = await withOptimisticRetry(async () => {
    const member = await requireMember(deps, memberId);
    if (member.status === 'member' && member.policyVersion === request.policyVersion) return member;
    const at = deps.clock().toISOString();
    const next: MemberRecord = {
      ...member,
      status: 'member',
      joinedAt: member.joinedAt ?? at,
      policyVersion: request.policyVersion,
      updatedAt: at,
      version: member.version + 1,
    };
    const saved = await saveJoin(deps.db, {
      next,
      previous: member,
      consent: { at, policyVersion: request.policyVersion, source },
      firstJoin: member.joinedAt === null,
    });
    return saved === 'saved' ? next : RETRY;
  });
  // A visitor who first came through a friend's 拼团 share counts, once, as a new member the share brought.
  await creditShareReferral(deps, memberId);
  const credited = await creditOrdersWaitingForMember(deps, joined, {}, serviceNoticePlanner(deps));
  return credited > 0 ? await requireMember(deps, memberId) : joined;
}

async function updateJoinedMember(
  deps: Deps,
  memberId: string,
  change: (member: MemberRecord) => Partial<MemberRecord>,
  alongside: (member: MemberRecord, at: string) => Promise<TransactItem[]> = async () => [],
): Promise<MemberRecord> {
  return withOptimisticRetry(async () => {
    const member = await requireMember(deps, memberId);
    if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Accept the privacy policy first');
    const at = deps.clock().toISOString();
    const next: MemberRecord = { ...member, ...change(member), updatedAt: at, version: member.version + 1 };
    // A new nickname or phone moves the member's search items in the same transaction.
    const writes = [...memberSearchWrites(deps.db, member, next), ...(await alongside(member, at))];
    return (await saveMember(deps.db, next, member.version, writes)) === 'saved' ? next : RETRY;
  });
}

/**
 * 我的资料 and 消息设置: nickname, birthday (Gregorian, or a lunar one to celebrate instead), avatar and
 * 个性化推荐. A new avatar must be the member's own avatar upload, in storage and not attached yet; it is
 * attached in the member's own transaction, so a retry of the same change (the avatar already theirs)
 * changes nothing and never half-attaches. A change of the personalised-marketing choice is written to
 * the consent ledger in the same transaction (a repeat of the same choice records nothing). A birthday
 * showing a child under 14 needs a guardian's consent, recorded in the ledger in the same transaction
 * (guardian-consent.ts).
 */
export function updateProfile(deps: Deps, memberId: string, request: UpdateProfileRequest): Promise<MemberRecord> {
  const { avatarKey, marketingOptOut } = request;
  // Refused before anything is read or written when a child's birthday comes without a guardian's consent.
  const guardian = guardianRuleFor(request, shanghaiDay(deps.clock()).date);
  return updateJoinedMember(
    deps,
    memberId,
    () => ({
      ...(request.nickname !== undefined ? { nickname: request.nickname } : {}),
      ...(request.birthday !== undefined ? { birthday: request.birthday } : {}),
      ...(avatarKey !== undefined ? { avatarKey } : {}),
      ...(request.lunarBirthday !== undefined ? { lunarBirthday: request.lunarBirthday } : {}),
      ...(marketingOptOut !== undefined ? { marketingOptOut } : {}),
      ...(guardian.minorUntil !== undefined ? { minorUntil: guardian.minorUntil } : {}),
    }),
    async (member, at) => [
      ...(guardian.guardianConsent
        ? [
            guardianConsentPut(deps.db, {
              memberId,
              at,
              policyVersion: member.policyVersion ?? PRIVACY_POLICY_VERSION,
              guardianRelation: guardian.guardianConsent.guardianRelation,
            }),
          ]
        : []),
      ...(avatarKey && avatarKey !== member.avatarKey ? [await avatarAttachItem(deps, { memberId, objectKey: avatarKey, at })] : []),
      ...(marketingOptOut !== undefined && marketingOptOut !== (member.marketingOptOut === true)
        ? [
            marketingChoicePut(deps.db, {
              memberId,
              at,
              policyVersion: member.policyVersion ?? PRIVACY_POLICY_VERSION,
              optOut: marketingOptOut,
            }),
          ]
        : []),
    ],
  );
}

/**
 * Binds the phone number WeChat vouches for; stored encrypted, only ever shown masked. The phone's
 * lookup link (PHONE#<hmac>) moves to this member in the same write, with the consent ledger's record
 * of the bind, and imported orders waiting for the phone are then counted on them (once, however often
 * the phone is bound again).
 */
export async function bindPhoneNumber(deps: Deps, memberId: string, code: string): Promise<MemberRecord> {
  const member = await requireMember(deps, memberId);
  if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Accept the privacy policy first');
  let phone: string;
  try {
    phone = (await deps.wechat.getPhoneNumber(code)).purePhoneNumber;
  } catch (error) {
    if (error instanceof WechatApiError)
      throw new DomainError('WECHAT_PHONE_FAILED', `getuserphonenumber refused the code (${error.errcode})`);
    if (error instanceof WechatUnreachableError) throw new DomainError('WECHAT_UNAVAILABLE', 'WeChat could not be reached');
    throw error;
  }
  const phoneEncrypted = encryptPhone(phone, deps.secrets.phoneEncryptionKey);
  const phoneHash = phoneLookupHash(phone, deps.secrets.phoneLookupKey);
  const bound = await updateJoinedMember(
    deps,
    memberId,
    () => ({ phoneEncrypted, phoneMasked: maskPhone(phone) }),
    async (member, at) => [
      phoneLinkPut(deps.db, { phoneHash, memberId, at }),
      ...(await heldPhoneUnlink(deps, member, phoneHash)),
      phoneChoicePut(deps.db, { memberId, at, policyVersion: member.policyVersion ?? PRIVACY_POLICY_VERSION, action: 'bind' }),
    ],
  );
  const credited = await creditOrdersWaitingForMember(deps, bound, { phoneHash }, serviceNoticePlanner(deps));
  return credited > 0 ? await requireMember(deps, memberId) : bound;
}

/**
 * 解除绑定 (隐私中心): withdraws the consent to keep the phone. In one transaction the ciphertext and the
 * masked copy leave the member, the staff search items by its last four go with them (memberSearchWrites
 * follows the masked phone), the phone's lookup link is removed if it still points at the member, and the
 * consent ledger records the withdrawal. Imported orders naming the phone then wait for whoever verifies it
 * next, as for a phone nobody verified; orders already counted on the member stay theirs. The member stays
 * a member. Without a phone nothing is changed or recorded, so a repeat answers the same card.
 */
export async function unbindPhoneNumber(deps: Deps, memberId: string): Promise<MemberRecord> {
  const member = await requireMember(deps, memberId);
  if (!holdsPhone(member)) return member;
  return updateJoinedMember(
    deps,
    memberId,
    () => ({ phoneEncrypted: null, phoneMasked: null }),
    // Read again on each attempt: an unbind that won meanwhile leaves nothing to unlink or record.
    async (current, at) =>
      holdsPhone(current)
        ? [
            ...(await heldPhoneUnlink(deps, current, null)),
            phoneChoicePut(deps.db, { memberId, at, policyVersion: current.policyVersion ?? PRIVACY_POLICY_VERSION, action: 'unbind' }),
          ]
        : [],
  );
}

function holdsPhone(member: MemberRecord): boolean {
  return member.phoneEncrypted !== null || member.phoneMasked !== null;
}

/**
 * Removes the link of the phone the member holds (unless it is `keptPhoneHash`, the phone being bound
 * again), if it still points at them: another member may have verified it since.
 */
async function heldPhoneUnlink(deps: Deps, member: MemberRecord, keptPhoneHash: string | null): Promise<TransactItem[]> {
  if (!member.phoneEncrypted) return [];
  const held = phoneLookupHash(decryptPhone(member.phoneEncrypted, deps.secrets.phoneEncryptionKey), deps.secrets.phoneLookupKey);
  if (held === keptPhoneHash) return [];
  return (await findMemberIdByPhoneHash(deps.db, held)) === member.memberId
    ? [phoneLinkDelete(deps.db, { phoneHash: held, memberId: member.memberId })]
    : [];
}
