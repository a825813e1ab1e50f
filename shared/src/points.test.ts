import { describe, expect, it } from 'vitest';
import { pointsForPaidFen } from './points.ts';

describe('pointsForPaidFen', () => {
  it.each([
    [0, 0],
    [99, 0],
    [100, 1],
    [12_399, 123],
    [100_000, 1_000],
  ])('%i fen earns %i points at 1 point per yuan', (fen, points) => {
    expect(pointsForPaidFen(fen)).toBe(points);
  });

  it('multiplies whole yuan by the configured rate', () => {
    expect(pointsForPaidFen(12_399, 2)).toBe(246);
  });

  it('refuses fractional or negative fen', () => {
    expect(() => pointsForPaidFen(12.5)).toThrow(RangeError);
    expect(() => pointsForPaidFen(-100)).toThrow(RangeError);
  });
});
