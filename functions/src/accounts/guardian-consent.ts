import { lunarBirthdayInLunarYear } from '@linli/shared/care-calendar';
import type { UpdateProfileRequest } from '@linli/shared/members';
import { fourteenthBirthday, isUnderGuardianAge } from '@linli/shared/minors';
import { DomainError } from '../platform/domain-error.ts';

/**
 * The birth dates (YYYY-MM-DD) a profile change gives: a Gregorian birthday with its year, and a lunar
 * birthday with its year, converted to the Gregorian day it fell on (a leap-month birthday in a year
 * without that leap month falls on the ordinary month, as the care calendar reads it).
 */
function birthDatesGiven(change: Pick<UpdateProfileRequest, 'birthday' | 'lunarBirthday'>): string[] {
  const dates: string[] = [];
  if (change.birthday && change.birthday.length === 10) dates.push(change.birthday);
  if (change.lunarBirthday?.year !== undefined) dates.push(lunarBirthdayInLunarYear(change.lunarBirthday, change.lunarBirthday.year));
  return dates;
}

/**
 * What a profile change means for the guardian rule (PIPL Arts. 28, 31), on the Shanghai day `today`:
 * a birth date showing a child under 14 is refused without the guardian's consent (GUARDIAN_CONSENT_REQUIRED,
 * nothing written); with it, the member is a child until their 14th birthday (`minorUntil`) and the
 * consent goes into the ledger. A birth date showing 14 or over clears the mark; a change that gives no
 * year (MM-DD, or a lunar date alone) says nothing of the age and leaves it as it was (`minorUntil`
 * undefined). With two dates (Gregorian and lunar), the younger counts.
 */
export function guardianRuleFor(
  change: Pick<UpdateProfileRequest, 'birthday' | 'lunarBirthday' | 'guardianConsent'>,
  today: string,
): { minorUntil: string | null | undefined; guardianConsent: NonNullable<UpdateProfileRequest['guardianConsent']> | null } {
  const dates = birthDatesGiven(change);
  if (dates.length === 0) return { minorUntil: undefined, guardianConsent: null };
  const youngest = dates.reduce((a, b) => (a > b ? a : b));
  if (!isUnderGuardianAge(youngest, today)) return { minorUntil: null, guardianConsent: null };
  if (!change.guardianConsent) {
    throw new DomainError('GUARDIAN_CONSENT_REQUIRED', 'A birthday showing a child under 14 needs the consent of a parent or guardian', [
      { path: 'guardianConsent', message: 'Send { confirmed: true, guardianRelation } given by the parent or guardian' },
    ]);
  }
  return { minorUntil: fourteenthBirthday(youngest), guardianConsent: change.guardianConsent };
}
