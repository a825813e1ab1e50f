import { describe, expect, it } from 'vitest';
import { isEmptyRetention, retentionShade } from './retention-shade';

describe('the shade of a retention cell', () => {
  it('runs from near-white at 0% to the shop green at the full mark, never past it', () => {
    expect(retentionShade(0)).toEqual({ background: '#f1f7f3', color: '#333333' });
    expect(retentionShade(60).background).toBe('#1f6f4a');
    expect(retentionShade(100)).toEqual(retentionShade(60));
    expect(retentionShade(-5)).toEqual(retentionShade(0));
  });

  it('darkens as retention rises, in tenths, and switches to white text on the dark half', () => {
    const shades = [0, 12, 24, 36, 48, 60].map((p) => retentionShade(p));
    const darkness = shades.map((s) => parseInt(s.background.slice(1, 3), 16));
    expect(darkness).toEqual([...darkness].sort((a, b) => b - a));
    expect(new Set(darkness).size).toBe(6);
    expect(retentionShade(31).background).toBe(retentionShade(29).background);
    expect(retentionShade(24).color).toBe('#333333');
    expect(retentionShade(30).color).toBe('#ffffff');
  });
});

describe('an empty retention table', () => {
  it('is one with no cohort that has members', () => {
    expect(isEmptyRetention({ periods: [], cohorts: [] })).toBe(true);
    expect(isEmptyRetention({ periods: ['第1月'], cohorts: [{ label: '2026年5月', size: 0, retention: [null] }] })).toBe(true);
    expect(isEmptyRetention({ periods: ['第1月'], cohorts: [{ label: '2026年5月', size: 3, retention: [100] }] })).toBe(false);
  });
});
