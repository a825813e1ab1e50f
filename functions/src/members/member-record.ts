import type { Role } from '@linli/shared/auth';
import type { LunarBirthday } from '@linli/shared/lunar-birthday';

/** Who a session is for: the member, their openid and the roles the session carries. */
export interface LoggedIn {
  member: MemberRecord;
  openid: string;
  roles: Role[];
}

/** A member as stored. `version` increases on every write and guards read-modify-write updates. */
export interface MemberRecord {
  memberId: string;
  openid: string;
  unionid: string | null;
  status: 'visitor' | 'member';
  /** The 会员码 (shared/src/member-code.ts), unique through its MEMBERCODE# item; null on members stored before codes were short (given on the next card read). */
  memberCode: string | null;
  nickname: string | null;
  /** The object key of the avatar the member chose (an attached avatar upload), shown on the card. */
  avatarKey: string | null;
  /** As given (MM-DD or YYYY-MM-DD); kept when the member celebrates by the lunar calendar instead. */
  birthday: string | null;
  /**
   * The member chose to celebrate by the lunar calendar: greeted on the day this lunar date falls on each
   * year (shared/src/care-calendar.ts), never on the Gregorian `birthday`. Null (or absent on members
   * stored before the choice existed): the Gregorian birthday counts.
   */
  lunarBirthday: LunarBirthday | null;
  phoneEncrypted: string | null;
  phoneMasked: string | null;
  joinedAt: string | null;
  policyVersion: string | null;
  /** Points in all open lots, pending included: always the sum of the ledger. */
  pointsBalance: number;
  /** Points refunds could not take back (already spent): repaid from the next credits. */
  pointsDebt: number;
  orderCount: number;
  totalSpentFen: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  /** The tier held (a configured tier code); null until first assessed (functions/src/tiers/standing.ts). */
  tierCode: string | null;
  /** When the held tier was reached; a review may move the member down only a grace period after it. */
  tierSince: string | null;
  /** Growth value granted on top of spend (campaigns, staff grants); counted in full, never expires. */
  growthBonus: number;
  /**
   * What the card shows of the member's open lots, kept by every points change (points/kept-points.ts) and
   * folded with `now` when read; null on members stored before it was kept (then the lots are read instead).
   */
  keptPoints: KeptPoints | null;
  /**
   * Fen kept (paid − refunded) of credited orders by the Asia/Shanghai day they were paid, for the rolling
   * growth window (tiers/kept-growth.ts); null when not kept (stored before, or a refund that did not say
   * which day it took from): then the orders are read instead.
   */
  growthFenByDay: Record<string, number> | null;
  /** The Shanghai day the daily tier review must next look at this member; null: nothing moves them without an order or a new ladder. */
  reviewOn: string | null;
  /** The last Shanghai expiry day a points-expiry reminder covered (the reminder index moves past it). */
  expiryRemindedThrough: string | null;
  /**
   * The member refused marketing driven by automated profiling (PIPL Art. 24): never in a marketing audience.
   * Absent on members stored before the flag: not refused.
   */
  marketingOptOut?: boolean;
  /**
   * The day the member turns 14, when the birth date they gave shows a child (PIPL Arts. 28, 31): saved
   * only with a guardian's consent (in the consent ledger); until that day their data is sensitive and
   * they are in no marketing audience. Null or absent: no birth date showing a child was given.
   */
  minorUntil?: string | null;
  /**
   * A supervisor's hold on the member's redemptions (风险控制 暂停兑换): while set, the points mall and coupon
   * use refuse them with ACCOUNT_UNDER_REVIEW. Kept on the member so every redemption's own write (guarded
   * by the member's version) sees a hold placed meanwhile. Absent or null: not held.
   */
  redemptionHold?: StoredRedemptionHold | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Who held a member's redemptions, when and why (the release and every earlier hold are in HOLDLOG# items). */
export interface StoredRedemptionHold {
  reason: string;
  heldAt: string;
  heldBy: string;
  heldByName: string;
}

/** Whether the member's redemptions are held (risk watch): the mall and coupon use refuse them while so. */
export function redemptionsHeld(member: Pick<MemberRecord, 'redemptionHold'>): boolean {
  return Boolean(member.redemptionHold);
}

/** Points in open lots (pending included) by the instant their lots expire, and those still pending. */
export interface KeptPoints {
  byExpiry: Record<string, number>;
  /** Points in the return window: when they become available, and when their lots expire. */
  pending: Array<{ availableAt: string; expiresAt: string; points: number }>;
}

/** Kept figures of a member with no open lots (a fresh object: callers may build on it). */
export function emptyKeptPoints(): KeptPoints {
  return { byExpiry: {}, pending: [] };
}

/** A visitor: logged in through WeChat, not yet joined. */
export function newVisitor(input: {
  memberId: string;
  openid: string;
  unionid: string | null;
  memberCode: string;
  now: Date;
}): MemberRecord {
  const at = input.now.toISOString();
  return {
    memberId: input.memberId,
    openid: input.openid,
    unionid: input.unionid,
    status: 'visitor',
    memberCode: input.memberCode,
    nickname: null,
    avatarKey: null,
    birthday: null,
    lunarBirthday: null,
    phoneEncrypted: null,
    phoneMasked: null,
    joinedAt: null,
    policyVersion: null,
    pointsBalance: 0,
    pointsDebt: 0,
    orderCount: 0,
    totalSpentFen: 0,
    firstOrderAt: null,
    lastOrderAt: null,
    tierCode: null,
    tierSince: null,
    growthBonus: 0,
    keptPoints: emptyKeptPoints(),
    growthFenByDay: {},
    reviewOn: null,
    expiryRemindedThrough: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** MM-DD of a stored birthday (MM-DD or YYYY-MM-DD). */
export function birthdayMonthDay(birthday: string): string {
  return birthday.length === 10 ? birthday.slice(5) : birthday;
}

/** A child under 14 on the Shanghai day `today` (YYYY-MM-DD), by the birth date the member gave. */
export function isChild(member: Pick<MemberRecord, 'minorUntil'>, today: string): boolean {
  return typeof member.minorUntil === 'string' && today < member.minorUntil;
}

/**
 * Left out of every marketing audience (segments sent to, care rules, 猜你喜欢): the member refused
 * marketing chosen by profiling (PIPL Art. 24), or is a child under 14 (their data is sensitive).
 */
export function leftOutOfMarketing(member: Pick<MemberRecord, 'marketingOptOut' | 'minorUntil'>, today: string): boolean {
  return member.marketingOptOut === true || isChild(member, today);
}
