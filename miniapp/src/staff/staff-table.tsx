import { useState, type ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { nextSort, sortRows, type SortState, type SortValue } from './table-sort';
import './staff-table.css';

export interface StaffTableColumn<T> {
  key: string;
  label: string;
  /** What the column sorts by; a column without one does not sort. */
  sortValue?: (row: T) => SortValue;
  /** Larger first on the first click (amounts, counts). */
  descFirst?: boolean;
  render: (row: T) => ReactNode;
  numeric?: boolean;
  wide?: boolean;
}

export interface StaffTableProps<T> {
  rows: readonly T[];
  columns: readonly StaffTableColumn<T>[];
  rowKey: (row: T) => string;
  /** Attributes each body row carries (data-testid, data-id…), so tests find rows as they do on a phone. */
  rowProps?: (row: T) => Record<string, string>;
  onRowClick?: (row: T) => void;
  testId: string;
}

/**
 * A list as a table with sortable columns (the desktop staff area). It sorts the rows it was
 * given: where the API pages by cursor that is the pages loaded so far, not the whole list.
 */
export function StaffTable<T>({ rows, columns, rowKey, rowProps, onRowClick, testId }: StaffTableProps<T>) {
  const [sort, setSort] = useState<SortState | null>(null);
  const byKey = new Map(columns.map((column) => [column.key, column]));
  const sorted = sortRows(rows, sort, (row, key) => byKey.get(key)?.sortValue?.(row));
  const cellClass = (column: StaffTableColumn<T>) =>
    `staff-table__cell ${column.numeric ? 'staff-table__cell--num' : ''} ${column.wide ? 'staff-table__cell--wide' : ''}`;
  return (
    <View className="staff-table" data-testid={testId}>
      <View className="staff-table__row staff-table__row--head">
        {columns.map((column) => {
          if (!column.sortValue) {
            return (
              <Text key={column.key} className={cellClass(column)}>
                {column.label}
              </Text>
            );
          }
          const on = sort?.key === column.key;
          const arrow = on ? (sort.direction === 'asc' ? ' ↑' : ' ↓') : ' ↕';
          return (
            <Text
              key={column.key}
              className={`${cellClass(column)} staff-table__sort ${on ? 'staff-table__sort--on' : ''}`}
              data-testid={`${testId}-sort-${column.key}`}
              data-sort={on ? sort.direction : 'none'}
              onClick={() => setSort(nextSort(sort, column.key, column.descFirst))}
            >
              {column.label}
              {arrow}
            </Text>
          );
        })}
      </View>
      {sorted.map((row) => (
        <View
          key={rowKey(row)}
          className="staff-table__row staff-table__row--body"
          {...(rowProps?.(row) ?? {})}
          onClick={onRowClick ? () => onRowClick(row) : undefined}
        >
          {columns.map((column) => (
            <View key={column.key} className={cellClass(column)}>
              {column.render(row)}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
