import { isLeapYear, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { findMembersWithBirthday } from '../members/repository.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { careMessageRecord } from './care-messages-repository.ts';
import { sendWithAuthorization } from './send-with-authorization.ts';

export interface BirthdayRunReport {
  date: string;
  birthdays: number;
  sent: number;
  alreadyGreeted: number;
  noAuthorization: number;
  refusedByWechat: number;
  failed: number;
}

const KIND = 'birthday';

/** The MM-DD birthdays celebrated on a Shanghai date: 02-29 birthdays are greeted on 02-28 in common years. */
export function birthdaysCelebratedOn(date: { year: number; monthDay: string }): string[] {
  if (date.monthDay === '02-28' && !isLeapYear(date.year)) return ['02-28', '02-29'];
  return [date.monthDay];
}

/** WeChat's template fields: thing values are at most 20 characters. */
export function birthdayMessageData(member: Pick<MemberRecord, 'nickname'>, date: { year: number; month: number; day: number }) {
  const name = (member.nickname ?? '亲爱的会员').slice(0, 10);
  return {
    thing1: { value: '生日快乐' },
    thing2: { value: `${name}，邻里祝您生日快乐！` },
    date3: { value: `${date.year}年${date.month}月${date.day}日` },
  };
}

/**
 * Greets today's birthdays (Asia/Shanghai) through the byBirthday index. Sends only where the
 * member holds an authorization, spends one per send, and never greets anyone twice in a year.
 */
export async function runBirthdayGreetings(deps: Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>): Promise<BirthdayRunReport> {
  const today = shanghaiDay(deps.clock());
  const templateId = deps.config.wechat.templates.birthdayGreeting;
  const report: BirthdayRunReport = {
    date: today.date,
    birthdays: 0,
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
      const outcome = await sendWithAuthorization(deps, {
        record: careMessageRecord(deps.db, { memberId: member.memberId, occasion: `${KIND}#${today.year}`, templateId }),
        memberId: member.memberId,
        openid: member.openid,
        templateId,
        page: 'pages/index/index',
        data: birthdayMessageData(member, today),
      });
      if (outcome === 'sent') report.sent++;
      else if (outcome === 'already-sent') report.alreadyGreeted++;
      else if (outcome === 'no-authorization') report.noAuthorization++;
      else if (outcome === 'refused-by-wechat') report.refusedByWechat++;
      else report.failed++;
    }
  }
  deps.logger.info('birthday greetings done', { ...report });
  return report;
}
