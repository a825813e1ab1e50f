import { addDays } from '@linli/shared/time';

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

/** The period a preset means on Shanghai day `today` (YYYY-MM-DD). */
export function presetRange(preset: RangePreset, today: string): ReportRange {
  switch (preset) {
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'lastMonth': {
      const lastOfPrevious = addDays(`${today.slice(0, 7)}-01`, -1);
      return { from: `${lastOfPrevious.slice(0, 7)}-01`, to: lastOfPrevious };
    }
  }
}
