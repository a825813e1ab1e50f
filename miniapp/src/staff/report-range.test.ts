import { describe, expect, it } from 'vitest';
import { presetRange } from './report-range';

describe('report period presets (Shanghai days, inclusive)', () => {
  it('counts back from today', () => {
    expect(presetRange('last7', '2026-11-23')).toEqual({ from: '2026-11-17', to: '2026-11-23' });
    expect(presetRange('last30', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });

  it('takes calendar months, across a year end', () => {
    expect(presetRange('thisMonth', '2026-11-23')).toEqual({ from: '2026-11-01', to: '2026-11-23' });
    expect(presetRange('lastMonth', '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('lastMonth', '2027-01-05')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
