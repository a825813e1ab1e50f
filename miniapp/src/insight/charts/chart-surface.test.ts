import { describe, expect, it } from 'vitest';
import { wholePixelRatio } from './chart-surface';

describe('the pixel ratio charts are drawn at', () => {
  it('rounds a fractional screen ratio up, as AntV G sizes its drawing, and is at least 1', () => {
    expect(wholePixelRatio(2.75)).toBe(3);
    expect(wholePixelRatio(2)).toBe(2);
    expect(wholePixelRatio(1.5)).toBe(2);
    expect(wholePixelRatio(0.9)).toBe(1);
    expect(wholePixelRatio(undefined)).toBe(1);
  });
});
