import { shanghaiDay } from '@linli/shared/time';
import type { ErrorCode } from '@linli/shared/errors';
import { noteMemberActive } from '../members/activity.ts';
import {
  activeDaysBefore,
  deleteActiveDay,
  deleteActiveDayMember,
  getLastActiveDay,
  listMembersLastActiveOn,
} from '../members/activity-repository.ts';
import { getMember } from '../members/repository.ts';
import { DomainError } from '../platform/domain-error.ts';
import { deleteAccount } from './account-deletion.ts';

type ErasingDeps = Parameters<typeof deleteAccount>[0];

export interface InactiveMemberErasure {
  /** Members last active before this Shanghai day were looked at. */
  cutoff: string;
  days: number;
  /** Members whose personal data was erased by this run. */
  erased: number;
  /** Members listed on a day past the period who had bought since: moved to the day of that purchase. */
  stillActive: number;
  /** Members with something under way (a deletion refusal's code): kept listed, looked at again tomorrow. */
  skipped: Partial<Record<ErrorCode, number>>;
}

/**
 * Erases the personal data of members with no login and no purchase for `inactiveMemberYears` years,
 * through account deletion's own erasure (the audit log names the retention job as the actor).
 *
 * Members are listed by the Shanghai day they last logged in (members/activity.ts); the job reads only
 * the days before the cutoff still listed, which after the first run are the day that has just crossed
 * it and the days of members skipped before. A listed member's last purchase (`lastOrderAt`, kept on
 * the member by every credited order) may be later than their last login: if it is within the period,
 * the member is moved to that day instead of erased. A member with something under way (what account
 * deletion refuses: a group-buy place or refund, a gift to hand over, an open complaint, a staff role) is
 * skipped and logged, and stays listed for the next day's run. Idempotent: an erased member leaves the
 * list with their data, so a rerun finds nothing of theirs to count.
 */
export async function eraseInactiveMembers(deps: ErasingDeps, inactiveMemberYears: number): Promise<InactiveMemberErasure> {
  const cutoff = yearsBefore(shanghaiDay(deps.clock()).date, inactiveMemberYears);
  const report: InactiveMemberErasure = { cutoff, days: 0, erased: 0, stillActive: 0, skipped: {} };
  for (const day of await activeDaysBefore(deps.db, cutoff)) {
    let kept = 0;
    for (const memberId of await listMembersLastActiveOn(deps.db, day)) {
      const outcome = await eraseIfInactive(deps, { memberId, day, cutoff });
      if (outcome === 'erased') report.erased++;
      else if (outcome === 'still-active') report.stillActive++;
      else if (outcome !== 'gone') {
        kept++;
        report.skipped[outcome] = (report.skipped[outcome] ?? 0) + 1;
        deps.logger.info('inactive member not erased: something is under way; tried again tomorrow', { memberId, code: outcome });
      }
    }
    // A day still listing a skipped member stays marked, so tomorrow's run reads it again.
    if (kept === 0) await deleteActiveDay(deps.db, day);
    report.days++;
  }
  return report;
}

async function eraseIfInactive(
  deps: ErasingDeps,
  input: { memberId: string; day: string; cutoff: string },
): Promise<'erased' | 'still-active' | 'gone' | ErrorCode> {
  const { memberId, day, cutoff } = input;
  const [member, lastActive] = await Promise.all([getMember(deps.db, memberId), getLastActiveDay(deps.db, memberId)]);
  if (!member) {
    // Deleted meanwhile (by their own request, or an earlier run): only the place on the list is left.
    await deleteActiveDayMember(deps.db, day, memberId);
    return 'gone';
  }
  const lastPurchase = member.lastOrderAt ? shanghaiDay(new Date(member.lastOrderAt)).date : null;
  const latest = [lastActive ?? day, lastPurchase ?? day].sort().at(-1)!;
  if (latest >= cutoff) {
    // Logged in since the list was read, or bought since their last login: listed on that day from now on.
    await noteMemberActive(deps, memberId, latest);
    // Listed on a later day now; an entry left on this one without its LASTACTIVE would only be read again.
    await deleteActiveDayMember(deps.db, day, memberId);
    return 'still-active';
  }
  try {
    await deleteAccount(deps, memberId, 'inactive');
  } catch (error) {
    if (error instanceof DomainError && error.code.startsWith('ACCOUNT_DELETION_')) return error.code;
    throw error;
  }
  // The erasure takes the member off the day they were listed on; this also covers a list entry left behind.
  await deleteActiveDayMember(deps.db, day, memberId);
  return 'erased';
}

/**
 * The Shanghai day `years` years before `day`. 29 February of a year without one is 1 March, so a
 * member is never erased before the whole period has passed.
 */
export function yearsBefore(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year - years, month - 1, date)).toISOString().slice(0, 10);
}
