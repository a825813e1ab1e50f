import type { Deps } from '../deps.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { careMessageRecord } from './care-messages-repository.ts';
import { sendWithAuthorization, type CareSendOutcome } from './send-with-authorization.ts';

const KIND = 'birthday';

/** The 02-29 rule (greeted on 02-28 in common years) lives with the other occasion dates in the shared care calendar. */
export { birthdaysCelebratedOn } from '@linli/shared/care-calendar';

/**
 * WeChat's template fields: thing values are at most 20 characters. A credited gift is named in the
 * greeting (the points are there whether or not the message can be sent).
 */
export function birthdayMessageData(
  member: Pick<MemberRecord, 'nickname'>,
  date: { year: number; month: number; day: number },
  giftPoints = 0,
) {
  const name = (member.nickname ?? '亲爱的会员').slice(0, 10);
  return {
    thing1: { value: giftPoints > 0 ? `生日礼${giftPoints}积分已到账`.slice(0, 20) : '生日快乐' },
    thing2: { value: `${name}，邻里祝您生日快乐！` },
    date3: { value: `${date.year}年${date.month}月${date.day}日` },
  };
}

/**
 * Greets one member on their birthday (`today`, a Shanghai day). Sends only where the member holds an
 * authorization, spends one per send, and never greets anyone twice in a year.
 */
export function greetBirthday(
  deps: Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>,
  member: MemberRecord,
  today: { year: number; month: number; day: number },
  giftPoints: number,
): Promise<CareSendOutcome> {
  const templateId = deps.config.wechat.templates.birthdayGreeting;
  return sendWithAuthorization(deps, {
    record: careMessageRecord(deps.db, { memberId: member.memberId, occasion: `${KIND}#${today.year}`, templateId }),
    memberId: member.memberId,
    openid: member.openid,
    templateId,
    page: 'pages/index/index',
    data: birthdayMessageData(member, today, giftPoints),
  });
}
