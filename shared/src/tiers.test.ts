import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, tierForGrowth } from './tiers.ts';

describe('the default ladder', () => {
  it.each([
    [0, 'regular'],
    [999, 'regular'],
    [1_000, 'silver'],
    [5_000, 'gold'],
    [20_000, 'diamond'],
  ])('%i growth is %s', (growth, code) => {
    expect(tierForGrowth(DEFAULT_TIERS, growth).code).toBe(code);
  });
});
