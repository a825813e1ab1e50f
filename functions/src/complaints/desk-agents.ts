import type { DeskAgent } from '@linli/shared/complaints';
import { STAFF_ROLES, type StaffRole } from '@linli/shared/auth';
import type { Database } from '../db/client.ts';
import { findMemberIdByOpenid, getMember } from '../members/repository.ts';
import { findStaffRole, listStaff } from '../staff/repository.ts';

/** The active staff who can own complaints, by member id (complaints record owners by member id). */
export interface DeskAgentDirectory {
  list: DeskAgent[];
  find: (memberId: string) => DeskAgent | undefined;
  /** The staff name of an owner; a former staff member's id reads as null. */
  nameOf: (memberId: string) => string | null;
}

/**
 * How a complaint owner is named, on the desk and in the supervisors' report alike: their staff
 * name while they are active staff (as the directory would give it). Otherwise null, or with
 * `orNickname` (the report, which also names owners who have left) their member nickname.
 */
export async function complaintOwnerName(db: Database, memberId: string, options: { orNickname?: boolean } = {}): Promise<string | null> {
  const member = await getMember(db, memberId);
  const staff = member ? await findStaffRole(db, member.openid) : null;
  const active = staff && (STAFF_ROLES as readonly string[]).includes(staff.role) ? staff.name : null;
  return options.orNickname ? active || member?.nickname || null : active;
}

/** Reads the staff directory (a shop has a handful of staff: one query and a lookup each). */
export async function deskAgents(db: Database): Promise<DeskAgentDirectory> {
  const staff = await listStaff(db);
  const list = (
    await Promise.all(
      staff.map(async (s): Promise<DeskAgent | null> => {
        if (!(STAFF_ROLES as readonly string[]).includes(s.role)) return null;
        const link = await findMemberIdByOpenid(db, s.openid);
        return link ? { memberId: link.memberId, name: s.name, role: s.role as StaffRole } : null;
      }),
    )
  ).filter((agent): agent is DeskAgent => agent !== null);
  const byId = new Map(list.map((agent) => [agent.memberId, agent]));
  return {
    list: list.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    find: (memberId) => byId.get(memberId),
    nameOf: (memberId) => byId.get(memberId)?.name ?? null,
  };
}
