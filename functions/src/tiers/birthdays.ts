import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { birthdaysCelebratedOn, greetBirthday } from '../care/birthday-greetings.ts';
import { findMembersWithBirthday } from '../members/repository.ts';
import { creditBirthdayGift } from '../points/birthday-gift.ts';
import { currentTier } from './member-tier.ts';

export interface BirthdayRunReport {
  date: string;
  birthdays: number;
  giftsCredited: number;
  giftsAlreadyCredited: number;
  pointsCredited: number;
  sent: number;
  alreadyGreeted: number;
  noAuthorization: number;
  refusedByWechat: number;
  failed: number;
}

/**
 * Today's birthdays (Asia/Shanghai, through the byBirthday index): each joined member gets the
 * birthday points their tier promises (生日礼, once a year, whether or not a message can be sent),
 * then a greeting where they hold an authorization. Running it again, or twice at once, gives and
 * sends nothing more.
 */
export async function runBirthdays(deps: Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>): Promise<BirthdayRunReport> {
  const now = deps.clock();
  const today = shanghaiDay(now);
  const report: BirthdayRunReport = {
    date: today.date,
    birthdays: 0,
    giftsCredited: 0,
    giftsAlreadyCredited: 0,
    pointsCredited: 0,
    sent: 0,
    alreadyGreeted: 0,
    noAuthorization: 0,
    refusedByWechat: 0,
    failed: 0,
  };
  for (const monthDay of birthdaysCelebratedOn(today)) {
    for (const member of await findMembersWithBirthday(deps.db, monthDay)) {
      if (member.status !== 'member') continue;
      report.birthdays++;
      const points = (await currentTier(deps, member, now)).rights.birthdayGiftPoints;
      const gift = await creditBirthdayGift(deps, { memberId: member.memberId, year: today.year, points });
      if (gift === 'credited') {
        report.giftsCredited++;
        report.pointsCredited += points;
      } else if (gift === 'already-credited') report.giftsAlreadyCredited++;
      const outcome = await greetBirthday(deps, member, today, gift === 'nothing-to-give' ? 0 : points);
      if (outcome === 'sent') report.sent++;
      else if (outcome === 'already-sent') report.alreadyGreeted++;
      else if (outcome === 'no-authorization') report.noAuthorization++;
      else if (outcome === 'refused-by-wechat') report.refusedByWechat++;
      else report.failed++;
    }
  }
  deps.logger.info('birthdays done', { ...report });
  return report;
}
