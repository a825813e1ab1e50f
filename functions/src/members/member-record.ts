import type { Role } from '@linli/shared/auth';

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
  nickname: string | null;
  birthday: string | null;
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
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A visitor: logged in through WeChat, not yet joined. */
export function newVisitor(input: { memberId: string; openid: string; unionid: string | null; now: Date }): MemberRecord {
  const at = input.now.toISOString();
  return {
    memberId: input.memberId,
    openid: input.openid,
    unionid: input.unionid,
    status: 'visitor',
    nickname: null,
    birthday: null,
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
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** The code shown as a QR at the till; staff scan it to find the member. */
export function memberCode(memberId: string): string {
  return `LINLI-M-${memberId}`;
}

/** MM-DD of a stored birthday (MM-DD or YYYY-MM-DD). */
export function birthdayMonthDay(birthday: string): string {
  return birthday.length === 10 ? birthday.slice(5) : birthday;
}
