/** A report period: Asia/Shanghai days, both inclusive. */
export interface ReportRange {
  from: string;
  to: string;
}

export const RANGE_PRESETS = ['last7', 'last30', 'thisMonth', 'lastMonth'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_PRESET_ZH: Record<RangePreset, string> = {
  last7: '近7天',
  last30: '近30天',
  thisMonth: '本月',
  lastMonth: '上月',
};

const DAY_MS = 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The period a preset means on Shanghai day `today` (YYYY-MM-DD). */
export function presetRange(preset: RangePreset, today: string): ReportRange {
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const [year, month] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'last7':
      return { from: iso(todayMs - 6 * DAY_MS), to: today };
    case 'last30':
      return { from: iso(todayMs - 29 * DAY_MS), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'lastMonth': {
      const firstOfThis = Date.UTC(year, month - 1, 1);
      return { from: iso(Date.UTC(year, month - 2, 1)), to: iso(firstOfThis - DAY_MS) };
    }
  }
}
