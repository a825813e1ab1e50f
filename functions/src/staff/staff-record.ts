import { STAFF_ROLES, type StaffRole } from '@linli/shared/auth';
import type { TeamMember } from '@linli/shared/staff';

/**
 * A staff member as stored under STAFF#<openid> (and copied into the staff directory). `version`
 * increases on every roster write and guards read-modify-write changes; items written before
 * versions existed read as version 0.
 */
export interface StaffRecord {
  openid: string;
  name: string;
  role: StaffRole;
  active: boolean;
  since: string;
  /** The admin whose invitation made this record; null for founding admins and seeded staff. */
  invitedBy: { openid: string; name: string } | null;
  updatedAt: string;
  version: number;
}

export function isStaffRole(role: unknown): role is StaffRole {
  return (STAFF_ROLES as readonly unknown[]).includes(role);
}

/** Whether the record opens the admin-only routes right now. */
export function isActiveAdmin(staff: Pick<StaffRecord, 'role' | 'active'>): boolean {
  return staff.active && staff.role === 'admin';
}

export function teamMemberView(staff: StaffRecord, callerOpenid: string): TeamMember {
  return {
    openid: staff.openid,
    name: staff.name,
    role: staff.role,
    active: staff.active,
    since: staff.since,
    invitedBy: staff.invitedBy?.name ?? null,
    isSelf: staff.openid === callerOpenid,
  };
}
