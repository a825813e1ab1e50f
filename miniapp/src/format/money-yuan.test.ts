import { describe, expect, it } from 'vitest';
import { formatYuanShort, parseYuanToFen } from './money';

describe('formatYuanShort', () => {
  it.each([
    [10_000, '100'],
    [1_000, '10'],
    [1_050, '10.5'],
    [1_005, '10.05'],
    [5, '0.05'],
    [0, '0'],
    [-250, '-2.5'],
  ])('shows %i fen as %s', (fen, expected) => {
    expect(formatYuanShort(fen)).toBe(expected);
  });

  it('refuses fractional fen', () => {
    expect(() => formatYuanShort(0.5)).toThrow(RangeError);
  });
});

describe('parseYuanToFen', () => {
  it.each([
    ['10', 1_000],
    ['10.5', 1_050],
    ['10.05', 1_005],
    [' 0.01 ', 1],
    ['0', 0],
    ['19.99', 1_999],
  ])('reads %s yuan as %i fen, without floating point', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each(['', '-1', '1.005', 'abc', '1e3', '.5', '1.', '１０'])('refuses %j', (text) => {
    expect(parseYuanToFen(text)).toBeNull();
  });
});
