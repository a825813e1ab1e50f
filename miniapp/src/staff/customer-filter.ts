import type { CustomerListFilter } from '@/api/segments';

/** The 客户列表 filters that are lists of values. */
export type ListFilterKey = 'stage' | 'rfmClass' | 'riskBand' | 'tier' | 'tag';

/** The 最近购买 choices: any time, or within so many days (today counted). */
export const LAST_ORDER_WINDOWS = [null, 7, 30, 90, 180, 365] as const;

/** Turns one value of a list filter on or off; a list left empty is no filter at all. */
export function toggleFilterValue(filter: CustomerListFilter, key: ListFilterKey, value: string): CustomerListFilter {
  const current = filter[key] ?? [];
  const next = current.includes(value) ? current.filter((existing) => existing !== value) : [...current, value];
  const { [key]: _dropped, ...rest } = filter;
  return next.length > 0 ? { ...rest, [key]: next } : rest;
}

/** How many filters are set (a day range counts once). */
export function activeFilterCount(filter: CustomerListFilter): number {
  const lists = (['stage', 'rfmClass', 'riskBand', 'tier', 'tag'] as const).filter((key) => (filter[key]?.length ?? 0) > 0).length;
  return lists + (filter.joinedFrom || filter.joinedTo ? 1 : 0) + (filter.lastOrderWithinDays ? 1 : 0);
}
