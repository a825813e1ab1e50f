import type { CareRule, CareTrigger } from '@linli/shared/care-rules';
import { ANNIVERSARY_NAMES } from '@linli/shared/care-rules';
import { birthdaysCelebratedOn, holidaysOfYear, lunarBirthdaysCelebratedOn, type SellerOccasion } from '@linli/shared/care-calendar';
import { LIFECYCLE_STAGE_NAMES, type LifecycleStage } from '@linli/shared/insight';
import type { LunarBirthday } from '@linli/shared/lunar-birthday';
import { boughtSinceDay, tipFallsOn, type SeasonalTip } from '@linli/shared/seasonal-tips';
import { careDateText, type CareValues } from '@linli/shared/subscribe-fields';
import { addDays, isLeapYear, shanghaiDay, shanghaiDayStart } from '@linli/shared/time';
import type { MemberRecord } from '../members/member-record.ts';

/**
 * The members a rule's trigger names on a Shanghai day, each with the occasion that makes the message
 * once (rule × member × occasion) and the occasion's own values. Every trigger reads an index keyed by
 * what it looks for (a birthday's month-day, a join date, a first order's month-day, a day's stage
 * changes, a category's recent buyers), so the reads grow with the members named, never with the shop; a holiday names the rule's
 * whole audience and leaves it to the audience to say who (`audience: true`).
 */
/** What the planner needs of a member (the worker reads the whole member again before it sends). */
export type PlanMember = Pick<MemberRecord, 'memberId' | 'status' | 'marketingOptOut' | 'minorUntil' | 'nickname'>;

export interface DueMember {
  memberId: string;
  /**
   * The member as the trigger's index returned it, when it did. Without it the planner does not read
   * the member: whether they still are one and still accept marketing is the worker's check at send.
   */
  member?: PlanMember;
  occasion: string;
  occasionName: string;
  values: CareValues;
  /** The order a post-purchase occasion is about (its largest of the day): a survey invitation asks about it. */
  orderId?: string;
}

export type TriggerMatch = { audience: false; due: DueMember[] } | { audience: true; occasion: Omit<DueMember, 'memberId' | 'member'> };

/** Where triggers find their members: the repositories in the product, in-memory lists in unit tests. */
export interface OccasionSources {
  membersWithBirthday(monthDay: string): Promise<MemberRecord[]>;
  membersWithLunarBirthday(birthday: LunarBirthday): Promise<MemberRecord[]>;
  membersJoinedBetween(fromAt: string, toAt: string): Promise<MemberRecord[]>;
  membersWithFirstOrderOn(monthDay: string): Promise<MemberRecord[]>;
  stageChangesOf(day: string): Promise<Array<{ memberId: string; to: LifecycleStage }>>;
  creditedOrdersPaidOn(day: string): Promise<Array<{ orderId: string; memberId: string; paidFen: number; refundedFen: number }>>;
  /** Members whose last purchase of `category` was on `sinceDay` or later (the category's facet, as of the last nightly run). */
  categoryBuyersSince(category: string, sinceDay: string): Promise<string[]>;
  /** Members expected to buy one of `categories` (null: any category) again on `day` (the nightly insight job's cadences). */
  replenishmentsDueOn(day: string, categories: readonly string[] | null): Promise<Array<{ memberId: string; category: string }>>;
}

/** How many years back anniversaries look (a shop's members joined within these). */
export const ANNIVERSARY_YEARS = 30;

export async function triggerMatch(
  sources: OccasionSources,
  rule: Pick<CareRule, 'trigger'>,
  day: string,
  sellerOccasions: readonly SellerOccasion[],
  seasonalTips: readonly SeasonalTip[] = [],
): Promise<TriggerMatch> {
  const trigger: CareTrigger = rule.trigger;
  switch (trigger.kind) {
    case 'birthday':
      return { audience: false, due: await birthdays(sources, addDays(day, trigger.daysBefore)) };
    case 'holiday': {
      const target = addDays(day, trigger.daysBefore);
      const holiday = holidaysOfYear(Number(target.slice(0, 4)), sellerOccasions).find(
        (candidate) => candidate.key === trigger.holiday && candidate.date === target,
      );
      if (!holiday) return { audience: false, due: [] };
      return {
        audience: true,
        occasion: {
          occasion: `holiday:${holiday.key}#${holiday.date}`,
          occasionName: holiday.name,
          values: { occasion: holiday.name, date: careDateText(holiday.date) },
        },
      };
    }
    case 'anniversary':
      return { audience: false, due: await anniversaries(sources, trigger.of, addDays(day, trigger.daysBefore)) };
    case 'post-purchase': {
      // One follow-up per member per day of orders; an order refunded in full is no purchase to follow up.
      const orderDay = addDays(day, -trigger.daysAfter);
      const orders = await sources.creditedOrdersPaidOn(orderDay);
      const largest = new Map<string, { orderId: string; paidFen: number }>();
      for (const order of orders) {
        if (order.refundedFen >= order.paidFen) continue;
        const kept = largest.get(order.memberId);
        if (!kept || order.paidFen > kept.paidFen || (order.paidFen === kept.paidFen && order.orderId > kept.orderId))
          largest.set(order.memberId, order);
      }
      return {
        audience: false,
        due: [...largest].map(([memberId, order]) => ({
          memberId,
          occasion: `post-purchase#${orderDay}`,
          occasionName: `${Number(orderDay.slice(5, 7))}月${Number(orderDay.slice(8, 10))}日购物回访`,
          values: { date: careDateText(orderDay) },
          orderId: order.orderId,
        })),
      };
    }
    case 'lifecycle': {
      const wanted = new Set<LifecycleStage>(trigger.stages);
      const changes = (await sources.stageChangesOf(day)).filter((change) => wanted.has(change.to));
      return {
        audience: false,
        due: changes.map((change) => ({
          memberId: change.memberId,
          occasion: `lifecycle:${change.to}#${day}`,
          occasionName: `进入「${LIFECYCLE_STAGE_NAMES[change.to]}」`,
          values: { date: careDateText(day) },
        })),
      };
    }
    case 'seasonal': {
      const target = addDays(day, trigger.daysBefore);
      // A tip removed from the calendar names no one (the calendar refuses to remove one a rule still uses).
      const tip = seasonalTips.find((candidate) => candidate.id === trigger.tipId);
      if (!tip || !tipFallsOn(tip, target)) return { audience: false, due: [] };
      return { audience: false, due: await seasonalBuyers(sources, tip, target, day) };
    }
    case 'replenishment':
      return { audience: false, due: await replenishments(sources, trigger.categories ?? [], addDays(day, trigger.daysBefore)) };
    case 'once':
      if (trigger.day !== day) return { audience: false, due: [] };
      return {
        audience: true,
        occasion: {
          occasion: `once#${day}`,
          occasionName: `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日发送`,
          values: { date: careDateText(day) },
        },
      };
  }
}

/**
 * The recent buyers of a tip's categories: each category's facet read from the first day that still
 * counts (ordered by the last day bought, so only the buyers are read), a buyer of several of them
 * named once. The occasion is the tip on its date: a rerun finds it, next year's is another.
 */
async function seasonalBuyers(sources: OccasionSources, tip: SeasonalTip, date: string, day: string): Promise<DueMember[]> {
  const since = boughtSinceDay(day, tip.boughtWithinDays);
  const buyers = new Set((await Promise.all(tip.categories.map((category) => sources.categoryBuyersSince(category, since)))).flat());
  return [...buyers].map((memberId) => ({
    memberId,
    occasion: `seasonal:${tip.id}#${date}`,
    occasionName: tip.name,
    values: { occasion: tip.name, date: careDateText(date) },
  }));
}

/**
 * Members expected to buy a category again on `expectedDay`, one reminder per category (of `categories`;
 * empty: any). The occasion is the category and the expected day together: a member who buys again moves
 * to a later day (a new occasion), and a rerun of the same day finds the same one.
 */
async function replenishments(sources: OccasionSources, categories: readonly string[], expectedDay: string): Promise<DueMember[]> {
  const due = await sources.replenishmentsDueOn(expectedDay, categories.length > 0 ? categories : null);
  return due.map((entry) => ({
    memberId: entry.memberId,
    occasion: `replenish:${entry.category}#${expectedDay}`,
    occasionName: `${entry.category}补货（预计${Number(expectedDay.slice(5, 7))}月${Number(expectedDay.slice(8, 10))}日）`,
    values: { category: entry.category, date: careDateText(expectedDay) },
  }));
}

/** Members celebrating a birthday on `date`: Gregorian ones (02-29 on 02-28 in common years) and lunar ones. */
async function birthdays(sources: OccasionSources, date: string): Promise<DueMember[]> {
  const year = Number(date.slice(0, 4));
  const [gregorian, lunar] = await Promise.all([
    Promise.all(birthdaysCelebratedOn({ year, monthDay: date.slice(5) }).map((monthDay) => sources.membersWithBirthday(monthDay))),
    Promise.all(lunarBirthdaysCelebratedOn(date).map((birthday) => sources.membersWithLunarBirthday(birthday))),
  ]);
  return [...gregorian.flat(), ...lunar.flat()]
    .filter((member) => member.status === 'member')
    .map((member) => ({
      memberId: member.memberId,
      member,
      occasion: `birthday#${year}`,
      occasionName: `${year}年生日`,
      values: { occasion: '生日', date: careDateText(date) },
    }));
}

/** Members whose membership (or first order) has its anniversary on `date`: the same month-day in an earlier year. */
async function anniversaries(sources: OccasionSources, of: 'membership' | 'first-order', date: string): Promise<DueMember[]> {
  const year = Number(date.slice(0, 4));
  // 29 February's anniversaries are kept on 28 February in common years, as birthdays are.
  const monthDays = date.slice(5) === '02-28' && !isLeapYear(year) ? ['02-28', '02-29'] : [date.slice(5)];
  let found: MemberRecord[];
  if (of === 'first-order') {
    found = (await Promise.all(monthDays.map((monthDay) => sources.membersWithFirstOrderOn(monthDay)))).flat();
  } else {
    const ranges = Array.from({ length: ANNIVERSARY_YEARS }, (_, back) => year - 1 - back).flatMap((earlier) =>
      monthDays
        .map((monthDay) => `${earlier}-${monthDay}`)
        .filter((day) => shanghaiDay(shanghaiDayStart(day)).date === day)
        .map((day) => [shanghaiDayStart(day).toISOString(), shanghaiDayStart(addDays(day, 1)).toISOString()] as const),
    );
    found = (await Promise.all(ranges.map(([from, to]) => sources.membersJoinedBetween(from, to)))).flat();
  }
  return found.flatMap((member) => {
    const since = of === 'membership' ? member.joinedAt : member.firstOrderAt;
    if (member.status !== 'member' || !since) return [];
    const years = year - shanghaiDay(new Date(since)).year;
    if (years < 1) return [];
    return [
      {
        memberId: member.memberId,
        member,
        occasion: `anniversary:${of}#${year}`,
        occasionName: `${ANNIVERSARY_NAMES[of]}（${years}年）`,
        values: { date: careDateText(date) },
      },
    ];
  });
}
