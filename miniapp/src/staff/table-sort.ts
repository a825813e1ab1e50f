/** A column's sort key: numbers sort as numbers, text in Chinese collation; missing values last. */
export type SortValue = string | number | null | undefined;
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: string;
  direction: SortDirection;
}

// Made on first use: the tables sort only in the browser, and a phone's JS engine need not have Chinese collation.
let collator: Intl.Collator | undefined;
const textCompare = (a: string, b: string) => (collator ??= new Intl.Collator('zh-CN', { numeric: true })).compare(a, b);

function compare(a: SortValue, b: SortValue): number {
  const aMissing = a === null || a === undefined || a === '';
  const bMissing = b === null || b === undefined || b === '';
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return textCompare(String(a), String(b));
}

/**
 * The rows in the order of one column, stable (equal keys keep the order they came in, e.g. the
 * API's); missing values stay last in both directions. Without a sort the rows are returned as they are.
 */
export function sortRows<T>(rows: readonly T[], sort: SortState | null, valueOf: (row: T, key: string) => SortValue): T[] {
  if (!sort) return [...rows];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row, sort.key) }))
    .sort((x, y) => {
      const xMissing = x.value === null || x.value === undefined || x.value === '';
      const yMissing = y.value === null || y.value === undefined || y.value === '';
      if (xMissing || yMissing) return xMissing === yMissing ? x.index - y.index : xMissing ? 1 : -1;
      return sign * compare(x.value, y.value) || x.index - y.index;
    })
    .map(({ row }) => row);
}

/** A click on a column's header: first ascending (descending for `descFirst` columns, e.g. amounts), then the other way, then back. */
export function nextSort(current: SortState | null, key: string, descFirst = false): SortState {
  if (current?.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: descFirst ? 'desc' : 'asc' };
}
