import { LunarDay, LunarMonth, SolarDay } from 'tyme4ts';
import { describe, expect, it } from 'vitest';
import {
  anniversaryInYear,
  birthdaysCelebratedOn,
  holidaysOfYear,
  lunarBirthdayInLunarYear,
  lunarBirthdaysBetween,
  lunarBirthdaysCelebratedOn,
  monthDayInYear,
  newYearsEveIn,
  nthAnniversary,
  SellerOccasion,
  sendDayFor,
} from './care-calendar.ts';
import { LUNAR_BIRTHDAY_RULES, LUNAR_DAY_NAMES, LUNAR_MONTH_NAMES, LunarBirthday, lunarDateName } from './lunar-birthday.ts';
import { addDays } from './time.ts';

const YEARS = [2025, 2026, 2027, 2028, 2029, 2030];

/** The library's own reading of a Gregorian day, e.g. 农历甲辰年十二月廿九. */
const lunarOf = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return SolarDay.fromYmd(y, m, d).getLunarDay();
};
const dateOf = (year: number, key: string) => {
  const found = holidaysOfYear(year).filter((holiday) => holiday.key === key);
  expect(found, `${key} in ${year}`).toHaveLength(1);
  return found[0]!.date;
};

const FESTIVALS = [
  { key: 'spring-festival', month: 1, day: 1 },
  { key: 'lantern-festival', month: 1, day: 15 },
  { key: 'dragon-boat-festival', month: 5, day: 5 },
  { key: 'qixi', month: 7, day: 7 },
  { key: 'mid-autumn-festival', month: 8, day: 15 },
  { key: 'double-ninth-festival', month: 9, day: 9 },
  { key: 'laba-festival', month: 12, day: 8 },
];

describe('lunar festivals 2025–2030', () => {
  it.each(YEARS)('in %i each falls on its lunar day as the library reads the Gregorian date back', (year) => {
    for (const festival of FESTIVALS) {
      const lunar = lunarOf(dateOf(year, festival.key));
      expect(lunar.getLunarMonth().isLeap(), festival.key).toBe(false);
      expect([lunar.getLunarMonth().getMonth(), lunar.getDay()], festival.key).toEqual([festival.month, festival.day]);
    }
  });

  // Published dates; lunar-javascript 1.7.7 and tyme4ts 1.5.2 agree on every day 2020–2031.
  it.each([
    [2025, ['2025-01-29', '2025-02-12', '2025-05-31', '2025-08-29', '2025-10-06', '2025-10-29', '2025-01-07', '2025-01-28']],
    [2026, ['2026-02-17', '2026-03-03', '2026-06-19', '2026-08-19', '2026-09-25', '2026-10-18', '2026-01-26', '2026-02-16']],
    [2027, ['2027-02-06', '2027-02-20', '2027-06-09', '2027-08-08', '2027-09-15', '2027-10-08', '2027-01-15', '2027-02-05']],
    [2028, ['2028-01-26', '2028-02-09', '2028-05-28', '2028-08-26', '2028-10-03', '2028-10-26', '2028-01-04', '2028-01-25']],
    [2029, ['2029-02-13', '2029-02-27', '2029-06-16', '2029-08-16', '2029-09-22', '2029-10-16', '2029-01-22', '2029-02-12']],
    [2030, ['2030-02-03', '2030-02-17', '2030-06-05', '2030-08-05', '2030-09-12', '2030-10-05', '2030-01-11', '2030-02-02']],
  ])('in %i: 春节 元宵 端午 七夕 中秋 重阳 腊八 除夕 on the published dates', (year, dates) => {
    expect([...FESTIVALS.map((festival) => dateOf(year, festival.key)), dateOf(year, 'new-years-eve')]).toEqual(dates);
  });

  it('腊八 in a Gregorian year is the one dated in it: none in 2023, two in 2022', () => {
    expect(
      holidaysOfYear(2022)
        .filter((h) => h.key === 'laba-festival')
        .map((h) => h.date),
    ).toEqual(['2022-01-10', '2022-12-30']);
    expect(holidaysOfYear(2023).filter((h) => h.key === 'laba-festival')).toEqual([]);
  });
});

describe('除夕', () => {
  it.each(YEARS)('in %i is the eve of 春节 and the last day of the ending lunar year’s 12th month', (year) => {
    const eve = newYearsEveIn(year);
    expect(dateOf(year, 'new-years-eve')).toBe(eve);
    expect(addDays(eve, 1)).toBe(dateOf(year, 'spring-festival'));
    const lunar = lunarOf(eve);
    expect(lunar.getLunarMonth().getYear()).toBe(year - 1);
    expect(lunar.getLunarMonth().getMonth()).toBe(12);
    expect(lunar.getDay()).toBe(lunar.getLunarMonth().getDayCount());
  });

  it('is 腊月廿九 in years whose 12th month has 29 days (2025–2029) and 三十 otherwise (2030)', () => {
    const lastDays = YEARS.map((year) => lunarOf(newYearsEveIn(year)).getDay());
    expect(lastDays).toEqual([29, 29, 29, 29, 29, 30]);
    expect(YEARS.map((year) => LunarMonth.fromYm(year - 1, 12).getDayCount())).toEqual(lastDays);
    expect(lunarOf('2025-01-28').toString()).toBe('农历甲辰年十二月廿九');
    expect(newYearsEveIn(2025)).toBe('2025-01-28');
    expect(lunarOf('2030-02-02').toString()).toBe('农历己酉年十二月三十');
  });
});

describe('solar, commerce and seller days', () => {
  it('keeps the solar and commerce days on their Gregorian dates with stable keys', () => {
    const byKey = Object.fromEntries(holidaysOfYear(2027).map((h) => [h.key, h]));
    expect(byKey['new-year']).toEqual({ key: 'new-year', name: '元旦', date: '2027-01-01', kind: 'solar' });
    expect(byKey['double-11']).toEqual({ key: 'double-11', name: '双11', date: '2027-11-11', kind: 'commerce' });
    expect(['womens-day', 'childrens-day', 'mid-year-618', 'double-12', 'day-520'].map((key) => byKey[key]!.date)).toEqual([
      '2027-03-08',
      '2027-06-01',
      '2027-06-18',
      '2027-12-12',
      '2027-05-20',
    ]);
  });

  it('merges the seller’s dates: yearly ones every year (02-29 on 02-28 in common years), one-off ones only in their year', () => {
    const seller: SellerOccasion[] = [
      { id: 'anniv', name: '店庆', monthDay: '02-29' },
      { id: 'open', name: '新店开业', date: '2026-03-03' },
    ];
    const sellerDays = (year: number) => holidaysOfYear(year, seller).filter((h) => h.kind === 'seller');
    expect(sellerDays(2026)).toEqual([
      { key: 'seller:anniv', name: '店庆', date: '2026-02-28', kind: 'seller' },
      { key: 'seller:open', name: '新店开业', date: '2026-03-03', kind: 'seller' },
    ]);
    expect(sellerDays(2028)).toEqual([{ key: 'seller:anniv', name: '店庆', date: '2028-02-29', kind: 'seller' }]);
  });

  it('lists a year in date order', () => {
    const dates = holidaysOfYear(2026, [{ id: 'x', name: '会员日', monthDay: '01-15' }]).map((h) => h.date);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]).toBe('2026-01-01');
    expect(dates[1]).toBe('2026-01-15');
  });

  it('accepts only real days from the seller', () => {
    expect(SellerOccasion.safeParse({ id: 'a', name: '店庆', monthDay: '02-29' }).success).toBe(true);
    expect(SellerOccasion.safeParse({ id: 'a', name: '店庆', monthDay: '02-30' }).success).toBe(false);
    expect(SellerOccasion.safeParse({ id: 'a', name: '店庆', date: '2027-02-29' }).success).toBe(false);
    expect(SellerOccasion.safeParse({ id: 'a', name: ' ', date: '2027-02-28' }).success).toBe(false);
  });
});

describe('lunar birthdays', () => {
  const leapSixthTenth = { month: 6, day: 10, leap: true };

  it('a 闰六月初十 birthday is in the leap month in 2025 (which has 闰六月) and on 六月初十 in 2026', () => {
    expect(lunarBirthdayInLunarYear(leapSixthTenth, 2025)).toBe('2025-08-03');
    expect(lunarOf('2025-08-03').toString()).toBe('农历乙巳年闰六月初十');
    expect(lunarBirthdayInLunarYear(leapSixthTenth, 2026)).toBe('2026-07-23');
    expect(lunarOf('2026-07-23').toString()).toBe('农历丙午年六月初十');
  });

  it('an ordinary 六月初十 birthday stays in the ordinary month in a year with 闰六月', () => {
    expect(lunarBirthdayInLunarYear({ month: 6, day: 10, leap: false }, 2025)).toBe('2025-07-04');
    expect(lunarOf('2025-07-04').toString()).toBe('农历乙巳年六月初十');
  });

  it('a 30th falls on the 29th in a 29-day month, and on the 30th in a 30-day one', () => {
    const lastOfYear = { month: 12, day: 30, leap: false };
    expect(lunarBirthdayInLunarYear(lastOfYear, 2025)).toBe('2026-02-16'); // 十二月 of 乙巳 has 29 days
    expect(lunarOf('2026-02-16').toString()).toBe('农历乙巳年十二月廿九');
    expect(lunarBirthdayInLunarYear(lastOfYear, 2029)).toBe('2030-02-02'); // 三十 exists
    expect(lunarBirthdayInLunarYear({ month: 2, day: 30, leap: false }, 2025)).toBe(
      lunarBirthdayInLunarYear({ month: 2, day: 29, leap: false }, 2025), // 二月 of 乙巳 has 29 days
    );
    expect(lunarBirthdayInLunarYear({ month: 3, day: 30, leap: false }, 2025)).not.toBe(
      lunarBirthdayInLunarYear({ month: 3, day: 29, leap: false }, 2025), // 三月 has 30
    );
  });

  it('a 闰六月三十 birthday takes both fallbacks: 闰六月廿九 in 2025 (a 29-day leap month), 六月三十 in 2026', () => {
    const leapThirtieth = { month: 6, day: 30, leap: true };
    expect(lunarOf(lunarBirthdayInLunarYear(leapThirtieth, 2025)).toString()).toBe('农历乙巳年闰六月廿九');
    expect(lunarOf(lunarBirthdayInLunarYear(leapThirtieth, 2026)).toString()).toBe('农历丙午年六月三十');
  });

  it('a Gregorian year holds none, one or two occurrences of a lunar date', () => {
    const winter = { month: 11, day: 13, leap: false };
    expect(lunarBirthdaysBetween(winter, '2025-01-01', '2025-12-31')).toEqual([]);
    expect(lunarBirthdaysBetween(winter, '2026-01-01', '2026-12-31')).toEqual(['2026-01-01', '2026-12-21']);
    expect(lunarBirthdaysBetween({ month: 8, day: 15, leap: false }, '2025-01-01', '2030-12-31')).toEqual(
      YEARS.map((year) => dateOf(year, 'mid-autumn-festival')),
    );
  });

  it('on each day of 2025–2030 celebrates exactly the stated birthdays that fall on it', () => {
    const expected = new Map<string, string[]>();
    for (let month = 1; month <= 12; month++)
      for (let day = 1; day <= 30; day++)
        for (const leap of [false, true])
          for (let lunarYear = 2024; lunarYear <= 2030; lunarYear++) {
            const date = lunarBirthdayInLunarYear({ month, day, leap }, lunarYear);
            expected.set(date, [...(expected.get(date) ?? []), `${month}/${day}/${leap}`]);
          }
    const key = (b: LunarBirthday) => `${b.month}/${b.day}/${b.leap}`;
    for (let date = '2025-01-01'; date <= '2030-12-31'; date = addDays(date, 1)) {
      expect(lunarBirthdaysCelebratedOn(date).map(key).sort(), date).toEqual((expected.get(date) ?? []).sort());
    }
  });

  it('on 腊月廿九 of a 29-day month also celebrates the 30th, and leap-month birthdays when the year has no such leap month', () => {
    expect(lunarBirthdaysCelebratedOn('2026-02-16')).toEqual([
      { month: 12, day: 29, leap: false },
      { month: 12, day: 30, leap: false },
      { month: 12, day: 29, leap: true },
      { month: 12, day: 30, leap: true },
    ]);
    // 2025 has 闰六月: its ordinary 六月 does not take leap-month birthdays.
    expect(lunarBirthdaysCelebratedOn('2025-07-04')).toEqual([{ month: 6, day: 10, leap: false }]);
    expect(lunarBirthdaysCelebratedOn('2025-08-03')).toEqual([{ month: 6, day: 10, leap: true }]);
  });

  it('names lunar dates as people write them and refuses impossible ones', () => {
    expect([...LUNAR_MONTH_NAMES]).toEqual(LunarMonth.NAMES);
    expect([...LUNAR_DAY_NAMES]).toEqual(LunarDay.NAMES);
    expect(lunarDateName(leapSixthTenth)).toBe('闰六月初十');
    expect(lunarDateName({ month: 12, day: 30, leap: false })).toBe('十二月三十');
    expect(LUNAR_BIRTHDAY_RULES.join('')).toContain('闰月');
    expect(LunarBirthday.safeParse({ month: 13, day: 1, leap: false }).success).toBe(false);
    expect(LunarBirthday.safeParse({ month: 1, day: 31, leap: false }).success).toBe(false);
    expect(() => lunarBirthdayInLunarYear({ month: 0, day: 1, leap: false }, 2026)).toThrow(RangeError);
  });
});

describe('Gregorian birthdays', () => {
  it('keeps 02-29 on 02-28 in common years and on 02-29 in leap years', () => {
    expect(monthDayInYear('02-29', 2027)).toBe('2027-02-28');
    expect(monthDayInYear('02-29', 2028)).toBe('2028-02-29');
    expect(monthDayInYear('03-01', 2027)).toBe('2027-03-01');
  });

  it.each([2027, 2028])('birthdaysCelebratedOn each day of %i names exactly the MM-DDs monthDayInYear puts there', (year) => {
    const expected = new Map<string, string[]>();
    for (let date = '2028-01-01'; date <= '2028-12-31'; date = addDays(date, 1)) {
      const kept = monthDayInYear(date.slice(5), year);
      expected.set(kept, [...(expected.get(kept) ?? []), date.slice(5)]);
    }
    for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1))
      expect(birthdaysCelebratedOn({ year, monthDay: date.slice(5) }), date).toEqual(expected.get(date));
  });
});

describe('anniversaries and lead days', () => {
  it('the n-th anniversary of 02-29 is on 02-28 in common years', () => {
    expect(nthAnniversary('2024-02-29', 1)).toBe('2025-02-28');
    expect(nthAnniversary('2024-02-29', 4)).toBe('2028-02-29');
    expect(nthAnniversary('2025-11-11', 2)).toBe('2027-11-11');
  });

  it('a year holds an anniversary only from the first one on', () => {
    expect(anniversaryInYear('2026-05-20', 2026)).toBeNull();
    expect(anniversaryInYear('2026-05-20', 2027)).toEqual({ n: 1, date: '2027-05-20' });
    expect(() => nthAnniversary('2026-05-20', 0)).toThrow(RangeError);
  });

  it('a message N days before goes N calendar days earlier, across months and years', () => {
    expect(sendDayFor('2026-02-17', 3)).toBe('2026-02-14');
    expect(sendDayFor('2026-01-01', 1)).toBe('2025-12-31');
    expect(sendDayFor('2028-03-01', 1)).toBe('2028-02-29');
    expect(sendDayFor('2026-06-18', 0)).toBe('2026-06-18');
    expect(() => sendDayFor('2026-06-18', -1)).toThrow(RangeError);
  });
});
