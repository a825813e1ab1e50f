import { OVERVIEW_TREND_DAYS, type ShopOverview } from '@linli/shared/overview';
import { addDays, mondayOf, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { emptyDayFigures, type DayFigure, type DayFigures } from '../figures/daily-figures.ts';
import { listDayFigures, readTotals } from '../figures/repository.ts';
import { countComplaintsFiledByDay, countOpenComplaints } from '../complaints/repository.ts';

/** An open complaint is at risk when its SLA deadline has passed or falls within this long. */
export const AT_RISK_WITHIN_MS = 2 * 3600_000;

/**
 * 店铺概览: the daily glance for supervisors and admins. Reads the kept figures of the last
 * OVERVIEW_TREND_DAYS Shanghai days (and the month so far, when it began earlier), the running
 * totals, the complaint report's day rollups and two counts on the open-complaint queue: never
 * members, orders, ledgers or coupons, so it costs the same for a shop of 200 members or 200,000.
 */
export async function shopOverview(deps: Pick<Deps, 'db' | 'clock'>): Promise<ShopOverview> {
  const now = deps.clock();
  const today = shanghaiDay(now).date;
  const firstTrendDay = addDays(today, -(OVERVIEW_TREND_DAYS - 1));
  const monthStart = `${today.slice(0, 7)}-01`;
  const weekStart = mondayOf(today);
  const from = [firstTrendDay, monthStart, weekStart].sort()[0]!;
  const [figures, totals, filed, complaints] = await Promise.all([
    listDayFigures(deps.db, from, today),
    readTotals(deps.db),
    countComplaintsFiledByDay(deps.db, firstTrendDay, today),
    countOpenComplaints(deps.db, new Date(now.getTime() + AT_RISK_WITHIN_MS).toISOString()),
  ]);
  const days = Array.from({ length: OVERVIEW_TREND_DAYS }, (_, i) => addDays(firstTrendDay, i));
  const dayOf = (date: string): DayFigures => figures.get(date) ?? emptyDayFigures();
  const trend = (pick: (day: DayFigures) => number) => days.map((date) => pick(dayOf(date)));
  const since = (start: string, name: DayFigure) =>
    [...figures.entries()].filter(([date]) => date >= start && date <= today).reduce((sum, [, day]) => sum + day[name], 0);
  // A running total at the end of a past day: today's total less what the days after it added.
  const runningTrend = (total: number, change: (day: DayFigures) => number) => {
    const values = new Array<number>(days.length);
    let value = total;
    for (let i = days.length - 1; i >= 0; i--) {
      values[i] = value;
      value -= change(dayOf(days[i]!));
    }
    return values;
  };
  const pointsChange = (day: DayFigures) => day.pointsIssued - day.pointsRedeemed - day.pointsExpired - day.pointsDeducted;
  return {
    today,
    days,
    members: {
      total: totals.members,
      newThisWeek: since(weekStart, 'joined'),
      newThisMonth: since(monthStart, 'joined'),
      totalTrend: runningTrend(totals.members, (day) => day.joined),
      newTrend: trend((day) => day.joined),
    },
    orders: {
      thisMonth: since(monthStart, 'orders'),
      salesFenThisMonth: since(monthStart, 'salesFen') - since(monthStart, 'refundFen'),
      ordersTrend: trend((day) => day.orders),
      salesFenTrend: trend((day) => day.salesFen - day.refundFen),
    },
    points: {
      issuedThisMonth: since(monthStart, 'pointsIssued'),
      redeemedThisMonth: since(monthStart, 'pointsRedeemed'),
      outstanding: totals.points,
      issuedTrend: trend((day) => day.pointsIssued),
      redeemedTrend: trend((day) => day.pointsRedeemed),
      outstandingTrend: runningTrend(totals.points, pointsChange),
    },
    coupons: {
      issuedThisMonth: since(monthStart, 'couponsIssued'),
      usedThisMonth: since(monthStart, 'couponsUsed'),
      issuedTrend: trend((day) => day.couponsIssued),
      usedTrend: trend((day) => day.couponsUsed),
    },
    complaints: {
      open: complaints.open,
      atRisk: complaints.dueBefore,
      filedTrend: days.map((date) => filed.get(date) ?? 0),
    },
  };
}
