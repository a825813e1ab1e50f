import { describe, expect, it } from 'vitest';
import { formatPointsDelta } from './points';

describe('formatPointsDelta', () => {
  it.each([
    [120, '+120'],
    [-30, '-30'],
    [0, '0'],
  ])('shows %i as %s', (delta, expected) => {
    expect(formatPointsDelta(delta)).toBe(expected);
  });
});
