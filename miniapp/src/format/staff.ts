import { STAFF_ROLES, type StaffRole } from '@linli/shared/auth';

export const STAFF_ROLE_ZH: Record<StaffRole, string> = {
  admin: '管理员',
  supervisor: '主管',
  agent: '客服',
};

/** What each role may do, in a line an admin reads before choosing it. */
export const STAFF_ROLE_HINT_ZH: Record<StaffRole, string> = {
  admin: '全部功能，含员工管理与等级设置',
  supervisor: '处理投诉、查看报表、管理礼品、调整积分',
  agent: '查看会员、核销优惠券、处理投诉',
};

/** The roles in picker order, with their Chinese names. */
export const STAFF_ROLE_OPTIONS: ReadonlyArray<{ role: StaffRole; label: string }> = STAFF_ROLES.map((role) => ({
  role,
  label: STAFF_ROLE_ZH[role],
}));

/** An invitation code in groups of four, easier to read aloud or copy by eye. */
export function formatInvitationCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}
