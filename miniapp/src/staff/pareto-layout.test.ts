import { describe, expect, it } from 'vitest';
import { PARETO_MAX_BARS, paretoLayout, percentText, workingMinutesText } from './pareto-layout';

const bar = (key: string, count: number, cumulativeShare: number) => ({ key, label: key.toUpperCase(), count, cumulativeShare });

describe('paretoLayout', () => {
  const size = { width: 600, height: 300 };

  it('scales bars to the largest and places the running share at each bar centre', () => {
    const layout = paretoLayout([bar('a', 6, 0.6), bar('b', 3, 0.9), bar('c', 1, 1)], size);
    expect(layout.columns.map((c) => Math.round(c.heightPct))).toEqual([100, 50, 17]);
    expect(layout.points.map((p) => ({ x: Math.round(p.x * 1000) / 1000, y: Math.round(p.y * 1000) / 1000 }))).toEqual([
      { x: 100, y: 120 },
      { x: 300, y: 30 },
      { x: 500, y: 0 },
    ]);
    expect(layout.columns.every((c) => c.leftPct >= 0 && c.leftPct + c.widthPct <= 100)).toBe(true);
  });

  it('joins the points with segments of the right length and angle (y grows downwards)', () => {
    const layout = paretoLayout([bar('a', 5, 0.5), bar('b', 5, 1)], { width: 200, height: 100 });
    expect(layout.segments).toHaveLength(1);
    const [segment] = layout.segments;
    expect(segment!.x).toBe(50);
    expect(segment!.y).toBe(50);
    expect(segment!.length).toBeCloseTo(Math.hypot(100, 50));
    expect(segment!.angleDeg).toBeCloseTo((Math.atan2(-50, 100) * 180) / Math.PI);
  });

  it('marks the vital few: bars until the running share first reaches 80%', () => {
    const layout = paretoLayout([bar('a', 5, 0.5), bar('b', 3, 0.8), bar('c', 1, 0.9), bar('d', 1, 1)], size);
    expect(layout.columns.map((c) => c.vital)).toEqual([true, true, false, false]);
  });

  it('sums a long tail into one 其他 bar ending at 100%', () => {
    const many = Array.from({ length: 12 }, (_, i) => bar(`k${i}`, 12 - i, (i + 1) / 12));
    const layout = paretoLayout(many, size);
    expect(layout.columns).toHaveLength(PARETO_MAX_BARS);
    const rest = layout.columns.at(-1)!;
    expect(rest).toMatchObject({ label: '其他', cumulativeShare: 1, vital: false });
    expect(rest.count).toBe(many.slice(PARETO_MAX_BARS - 1).reduce((s, b) => s + b.count, 0));
  });

  it('draws nothing for a period without complaints', () => {
    expect(paretoLayout([], size)).toEqual({ columns: [], points: [], segments: [], maxCount: 0 });
  });
});

describe('report figures', () => {
  it('formats shares and working minutes', () => {
    expect(percentText(0.834)).toBe('83%');
    expect(percentText(null)).toBe('—');
    expect(workingMinutesText(125)).toBe('2小时5分');
    expect(workingMinutesText(45)).toBe('45分');
    expect(workingMinutesText(120)).toBe('2小时');
    expect(workingMinutesText(null)).toBe('—');
  });
});
