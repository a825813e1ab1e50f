import { lunarBirthdaysCelebratedOn } from '@linli/shared/care-calendar';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { birthdaysCelebratedOn, greetBirthday } from '../care/birthday-greetings.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { findMembersWithBirthday, findMembersWithLunarBirthday } from '../members/repository.ts';
import { creditBirthdayGift } from '../points/birthday-gift.ts';
import { currentTier } from './member-tier.ts';

export interface BirthdayRunReport {
  date: string;
  birthdays: number;
  giftsCredited: number;
  giftsAlreadyCredited: number;
  pointsCredited: number;
  /** False when a care rule greets birthdays instead (the job then credits the gift only). */
  greeted: boolean;
  sent: number;
  alreadyGreeted: number;
  noAuthorization: number;
  refusedByWechat: number;
  failed: number;
}

/**
 * Today's birthdays (Asia/Shanghai, through the byBirthday index): each joined member gets the
 * birthday points their tier promises (生日礼, once a year, whether or not a message can be sent),
 * then a greeting where they hold an authorization. A member who chose a lunar birthday is found
 * under the lunar dates today is (care-calendar.ts: a leap-month birthday on the ordinary month in
 * years without it, a 30th on the 29th of a short month), never under their Gregorian birthday. Gift
 * and greeting stay once per Gregorian year: a late-winter lunar birthday that falls twice in one year,
 * or a member who switched calendars after being greeted, gets nothing more. Running it again, or
 * twice at once, gives and sends nothing more. With `greet: false` (an enabled care rule greets
 * birthdays: automation/service-notices.ts) only the gift is credited, so no one is greeted twice.
 */
export async function runBirthdays(
  deps: Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>,
  options: { greet: boolean } = { greet: true },
): Promise<BirthdayRunReport> {
  const now = deps.clock();
  const today = shanghaiDay(now);
  const report: BirthdayRunReport = {
    date: today.date,
    birthdays: 0,
    giftsCredited: 0,
    giftsAlreadyCredited: 0,
    pointsCredited: 0,
    greeted: options.greet,
    sent: 0,
    alreadyGreeted: 0,
    noAuthorization: 0,
    refusedByWechat: 0,
    failed: 0,
  };
  const celebrated: MemberRecord[] = [];
  for (const monthDay of birthdaysCelebratedOn(today)) celebrated.push(...(await findMembersWithBirthday(deps.db, monthDay)));
  for (const lunar of lunarBirthdaysCelebratedOn(today.date)) celebrated.push(...(await findMembersWithLunarBirthday(deps.db, lunar)));
  for (const member of celebrated) {
    if (member.status !== 'member') continue;
    report.birthdays++;
    const points = (await currentTier(deps, member, now)).rights.birthdayGiftPoints;
    const gift = await creditBirthdayGift(deps, { memberId: member.memberId, year: today.year, points });
    if (gift === 'credited') {
      report.giftsCredited++;
      report.pointsCredited += points;
    } else if (gift === 'already-credited') report.giftsAlreadyCredited++;
    if (!options.greet) continue;
    const outcome = await greetBirthday(deps, member, today, gift === 'nothing-to-give' ? 0 : points);
    if (outcome === 'sent') report.sent++;
    else if (outcome === 'already-sent') report.alreadyGreeted++;
    else if (outcome === 'no-authorization') report.noAuthorization++;
    else if (outcome === 'refused-by-wechat') report.refusedByWechat++;
    else report.failed++;
  }
  deps.logger.info('birthdays done', { ...report });
  return report;
}
