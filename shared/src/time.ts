/** Linli's business days are Asia/Shanghai days; every "today" in the product comes from here. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const partsFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export interface ShanghaiDay {
  year: number;
  month: number;
  day: number;
  /** YYYY-MM-DD */
  date: string;
  /** MM-DD */
  monthDay: string;
}

/** The calendar day in Asia/Shanghai at the instant `at`. */
export function shanghaiDay(at: Date): ShanghaiDay {
  const parts = Object.fromEntries(partsFormatter.formatToParts(at).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  return { year, month, day, date: `${year}-${mm}-${dd}`, monthDay: `${mm}-${dd}` };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
