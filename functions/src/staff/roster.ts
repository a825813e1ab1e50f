import type { StaffRole } from '@linli/shared/auth';
import type { TeamMember, TeamMemberChange } from '@linli/shared/staff';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getStaffRecord, listStaffRecords, saveStaffRecord } from './repository.ts';
import { isActiveAdmin, teamMemberView, type StaffRecord } from './staff-record.ts';

/** Name a founding admin gets until someone renames them in the roster. */
const FOUNDING_ADMIN_NAME = '店主';

/**
 * The staff role a WeChat user logs in with. A fresh deployment has no admin to invite the
 * first one, so an openid listed in LINLI_FOUNDING_ADMIN_OPENIDS with no staff item at all
 * becomes an active admin here (once: concurrent first logins create one item). A founding admin
 * who was deactivated later stays deactivated.
 */
export async function staffRoleAtLogin(deps: Deps, user: { openid: string; nickname: string | null }): Promise<StaffRole | null> {
  let staff = await getStaffRecord(deps.db, user.openid);
  if (!staff && deps.config.foundingAdminOpenids.includes(user.openid)) {
    const at = deps.clock().toISOString();
    const founding: StaffRecord = {
      openid: user.openid,
      name: user.nickname ?? FOUNDING_ADMIN_NAME,
      role: 'admin',
      active: true,
      since: at,
      invitedBy: null,
      updatedAt: at,
      version: 1,
    };
    const saved = await saveStaffRecord(deps.db, founding, { expectedVersion: null });
    staff = saved === 'saved' ? founding : await getStaffRecord(deps.db, user.openid);
    if (saved === 'saved') deps.logger.info('founding admin created', { openid: user.openid });
  }
  return staff?.active ? staff.role : null;
}

/** The whole team, active first, then by when they joined. */
export async function listTeam(deps: Deps, callerOpenid: string): Promise<TeamMember[]> {
  const staff = await listStaffRecords(deps.db);
  return staff
    .sort((a, b) => Number(b.active) - Number(a.active) || a.since.localeCompare(b.since))
    .map((record) => teamMemberView(record, callerOpenid));
}

/**
 * An admin changes another staff member's role or deactivates / reactivates them. Admins never
 * change themselves, and a change that takes away an active admin commits only while another
 * admin is still active (checked in the same transaction), so the shop always keeps one.
 */
export async function changeTeamMember(
  deps: Deps,
  actorOpenid: string,
  targetOpenid: string,
  change: TeamMemberChange,
): Promise<TeamMember> {
  if (actorOpenid === targetOpenid)
    throw new DomainError('CANNOT_CHANGE_SELF', 'Admins cannot change their own role or deactivate themselves');
  const saved = await withOptimisticRetry(async (): Promise<StaffRecord | typeof RETRY> => {
    const current = await getStaffRecord(deps.db, targetOpenid);
    if (!current) throw new DomainError('STAFF_NOT_FOUND', 'No staff member with this openid');
    const wanted = { role: change.role ?? current.role, active: change.active ?? current.active };
    if (wanted.role === current.role && wanted.active === current.active) return current;

    let witnessAdminOpenid: string | null = null;
    if (isActiveAdmin(current) && !isActiveAdmin(wanted)) {
      const otherAdmins = (await listStaffRecords(deps.db)).filter((staff) => isActiveAdmin(staff) && staff.openid !== targetOpenid);
      if (otherAdmins.length === 0) throw new DomainError('LAST_ADMIN', 'The shop would be left without an active admin');
      witnessAdminOpenid = (otherAdmins.find((staff) => staff.openid === actorOpenid) ?? otherAdmins[0]!).openid;
    }
    const next: StaffRecord = { ...current, ...wanted, updatedAt: deps.clock().toISOString(), version: current.version + 1 };
    const outcome = await saveStaffRecord(deps.db, next, { expectedVersion: current.version, witnessAdminOpenid });
    return outcome === 'saved' ? next : RETRY;
  });
  return teamMemberView(saved, actorOpenid);
}
