import { isLeapYear, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { findMembersWithBirthday } from '../members/repository.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { clearAuthorizations, returnOneAuthorization } from '../subscriptions/repository.ts';
import { WECHAT_ERRCODE, WechatApiError, WechatUnreachableError } from '../wechat/client.ts';
import { claimGreeting, markGreeting, releaseGreeting } from './greetings-repository.ts';

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
  const report: BirthdayRunReport = { date: today.date, birthdays: 0, sent: 0, alreadyGreeted: 0, noAuthorization: 0, refusedByWechat: 0, failed: 0 };
  for (const monthDay of birthdaysCelebratedOn(today)) {
    for (const member of await findMembersWithBirthday(deps.db, monthDay)) {
      if (member.status !== 'member') continue;
      report.birthdays++;
      const greeting = { memberId: member.memberId, kind: KIND, year: today.year };
      const claim = await claimGreeting(deps.db, { ...greeting, templateId, at: deps.clock().toISOString() });
      if (claim === 'already-greeted') {
        report.alreadyGreeted++;
        continue;
      }
      if (claim === 'no-authorization') {
        report.noAuthorization++;
        continue;
      }
      try {
        const { msgid } = await deps.wechat.sendSubscribeMessage({
          touser: member.openid,
          templateId,
          page: 'pages/index/index',
          data: birthdayMessageData(member, today),
          miniprogramState: deps.config.wechat.miniprogramState,
        });
        await markGreeting(deps.db, { ...greeting, status: 'sent', at: deps.clock().toISOString(), msgid });
        report.sent++;
      } catch (error) {
        await settleFailedSend(deps, greeting, templateId, error, report);
      }
    }
  }
  deps.logger.info('birthday greetings done', { ...report });
  return report;
}

async function settleFailedSend(
  deps: Pick<Deps, 'db' | 'clock' | 'logger'>,
  greeting: { memberId: string; kind: string; year: number },
  templateId: string,
  error: unknown,
  report: BirthdayRunReport,
): Promise<void> {
  const at = deps.clock().toISOString();
  if (error instanceof WechatApiError && error.errcode === WECHAT_ERRCODE.subscriptionRefused) {
    // WeChat holds no authorization for this member: our count was stale. Nothing was sent.
    await clearAuthorizations(deps.db, greeting.memberId, templateId, at);
    await markGreeting(deps.db, { ...greeting, status: 'refused', at, detail: '43101' });
    report.refusedByWechat++;
    return;
  }
  if (error instanceof WechatApiError) {
    // A definite refusal for another reason (bad template data, quota): nothing was delivered,
    // so give the authorization back and let a later run try again.
    await releaseGreeting(deps.db, greeting);
    await returnOneAuthorization(deps.db, greeting.memberId, templateId);
    deps.logger.warn('birthday greeting refused by WeChat', { memberId: greeting.memberId, errcode: error.errcode });
    report.failed++;
    return;
  }
  if (error instanceof WechatUnreachableError) {
    // The message may or may not have gone out; keeping the claim errs on the side of never greeting twice.
    await markGreeting(deps.db, { ...greeting, status: 'uncertain', at, detail: error.message });
    deps.logger.warn('birthday greeting outcome unknown', { memberId: greeting.memberId, error: error.message });
    report.failed++;
    return;
  }
  throw error;
}
