import { nextTipDate, type SeasonalCalendar, type SeasonalTip } from '@linli/shared/seasonal-tips';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { categoriesBoughtLately } from '../insight/dashboard.ts';
import { DomainError, type FieldIssue } from '../platform/domain-error.ts';
import { listCareRules } from './care-repository.ts';
import { getSeasonalCalendar, saveSeasonalCalendar } from './seasonal-repository.ts';

/*
 * 时令日历: the seller's seasonal tips (时令水果上市 …), each for some categories on a day of every year
 * or once; 时令推荐 care rules send a tip to the members who bought one of its categories lately
 * (occasions.ts). Admins change the calendar, supervisors read it, as 发送设置.
 */

type CalendarDeps = Pick<Deps, 'db' | 'clock'>;

/** The calendar with each tip's next date, and the categories bought lately to choose from. */
export async function seasonalCalendarView(deps: CalendarDeps): Promise<SeasonalCalendar> {
  const today = shanghaiDay(deps.clock()).date;
  const [calendar, categories] = await Promise.all([getSeasonalCalendar(deps.db), categoriesBoughtLately(deps)]);
  return {
    tips: calendar.tips.map((tip) => ({ ...tip, nextDate: nextTipDate(tip, today) })),
    categories,
    version: calendar.version,
  };
}

/**
 * Replaces the calendar read at `version`. Refused (VALIDATION_FAILED, nothing written): two tips of
 * one id or one name, and removing a tip a 时令推荐 rule still sends — as a seller's own date a
 * holiday rule uses cannot be removed, the rule must be changed or deleted first.
 */
export async function replaceSeasonalCalendar(
  deps: CalendarDeps,
  input: { tips: SeasonalTip[]; version: number },
): Promise<SeasonalCalendar> {
  const [stored, rules] = await Promise.all([getSeasonalCalendar(deps.db), listCareRules(deps.db)]);
  if (stored.version !== input.version) throw new DomainError('CONFLICT', 'The seasonal calendar changed since it was read');
  const issues: FieldIssue[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  input.tips.forEach((tip, index) => {
    if (ids.has(tip.id)) issues.push({ path: `tips.${index}.id`, message: 'Two tips have this id' });
    if (names.has(tip.name)) issues.push({ path: `tips.${index}.name`, message: `已有名为「${tip.name}」的时令推荐` });
    ids.add(tip.id);
    names.add(tip.name);
  });
  const orphaned = rules.filter((rule) => rule.trigger.kind === 'seasonal' && !ids.has(rule.trigger.tipId));
  if (orphaned.length > 0)
    issues.push({
      path: 'tips',
      message: `「${orphaned.map((rule) => rule.name).join('、')}」还在使用被删除的时令推荐，请先修改或删除这些关怀计划`,
    });
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'The seasonal calendar cannot be saved as written', issues);
  const saved = await saveSeasonalCalendar(deps.db, {
    tips: input.tips,
    version: stored.version + 1,
    updatedAt: deps.clock().toISOString(),
  });
  if (saved === 'conflict') throw new DomainError('CONFLICT', 'The seasonal calendar changed since it was read');
  return seasonalCalendarView(deps);
}
