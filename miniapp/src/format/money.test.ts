import { describe, expect, it } from 'vitest';
import { formatFen } from './money';

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [1234, '¥12.34'],
    [100_000, '¥1,000.00'],
    [123_456_789, '¥1,234,567.89'],
    [-50, '-¥0.50'],
  ])('shows %i fen as %s', (fen, expected) => {
    expect(formatFen(fen)).toBe(expected);
  });

  it('refuses fractional fen, which would mean money was computed in floats', () => {
    expect(() => formatFen(12.5)).toThrow(RangeError);
  });
});
