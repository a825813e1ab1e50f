import { describe, expect, it } from 'vitest';
import { axisDay, trendLayout } from './trend-layout';

describe('trendLayout', () => {
  it('scales bars to the largest value, never below a sliver for a day with something', () => {
    const { bars, max, empty } = trendLayout(['2026-11-21', '2026-11-22', '2026-11-23'], [200, 1, 100]);
    expect(max).toBe(200);
    expect(empty).toBe(false);
    expect(bars.map((bar) => bar.heightPct)).toEqual([100, 2, 50]);
  });

  it('draws zero and negative days as empty bars, and a series of zeros as empty', () => {
    expect(trendLayout(['a', 'b'], [-300, 300]).bars.map((bar) => bar.heightPct)).toEqual([0, 100]);
    expect(trendLayout(['a', 'b'], [0, 0])).toMatchObject({ empty: true, max: 0 });
  });

  it('labels days by month and day', () => {
    expect(axisDay('2026-11-23')).toBe('11-23');
  });
});
