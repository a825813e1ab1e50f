import { describe, expect, it } from 'vitest';
import { activeFilterCount, toggleFilterValue } from './customer-filter';

describe('the 客户列表 filters', () => {
  it('turns values on and off, and drops a filter whose last value goes', () => {
    const one = toggleFilterValue({}, 'stage', 'at_risk');
    const two = toggleFilterValue(one, 'stage', 'loyal');
    expect(two).toEqual({ stage: ['at_risk', 'loyal'] });
    expect(toggleFilterValue(two, 'stage', 'at_risk')).toEqual({ stage: ['loyal'] });
    expect(toggleFilterValue(one, 'stage', 'at_risk')).toEqual({});
  });

  it('counts each filter set once, a day range as one', () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ stage: [] })).toBe(0);
    expect(
      activeFilterCount({
        stage: ['new', 'loyal'],
        tag: ['老客'],
        joinedFrom: '2026-01-01',
        joinedTo: '2026-06-30',
        lastOrderWithinDays: 90,
      }),
    ).toBe(4);
  });
});
