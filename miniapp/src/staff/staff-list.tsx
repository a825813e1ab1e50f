import { Fragment, useRef, useState, type ReactNode } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ErrorCode } from '@linli/shared/errors';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { usePagedList, type Page } from '@/hooks/usePagedList';
import { useRefreshOnReturn, useReloadOnChange } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { useDesktop } from './staff-frame';
import { StaffTable, type StaffTableProps } from './staff-table';
import '@/staff/pages/complaints/complaints.css';
import './staff-list.css';

/*
 * The shell of a staff page that lists something by filter: the desk's chips, the loading, error and
 * empty states, rows on a phone and a sortable table on a desktop, and 加载更多 by cursor.
 */

/**
 * A staff page's list, a page at a time by cursor: read again when one of `filters` changes, when
 * the page is shown again (a row may have moved on meanwhile) and on pull-down; more at the bottom.
 */
export function useStaffList<T>(load: (cursor?: string) => Promise<Page<T>>, filters: readonly unknown[]) {
  const list = usePagedList(load);
  useReloadOnChange(list.refresh, filters);
  useRefreshOnReturn(list.refresh);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });
  return list;
}

export type StaffListData<T> = ReturnType<typeof useStaffList<T>>;

export interface StaffListProps<T> {
  list: StaffListData<T>;
  /** What a role the API refuses (403) reads instead of the page; the staff area's usual words by default. */
  forbidden?: string;
  testId?: string;
  /** What the filter card holds: one or more FilterChips, and a page's rule or search. */
  filters: ReactNode;
  /** Between the filters and the list: the outcome of the last action (ActionNotice). */
  notice?: ReactNode;
  /** What an empty list says, for the filters chosen. */
  empty: string;
  rowKey: (row: T) => string;
  /** A row as a phone shows it (a desktop too, for a list without `table`). */
  row: (row: T) => ReactNode;
  /** The list on a desktop, as a table sorted by its column headers. */
  table?: Omit<StaffTableProps<T>, 'rows' | 'rowKey'>;
}

export function StaffList<T>({ list, forbidden, testId, filters, notice, empty, rowKey, row, table }: StaffListProps<T>) {
  const desktop = useDesktop();
  const { state } = list;
  if (state.status === 'error' && isForbidden(state.error)) return <Forbidden text={forbidden} />;
  const more = () => void list.loadMore();
  return (
    <View className="page" data-testid={testId}>
      <View className="card desk-filters">{filters}</View>
      {notice}
      {state.status === 'loading' ? (
        <Loading rows={4} />
      ) : state.status === 'error' ? (
        <ErrorState message={state.message} onRetry={list.refresh} />
      ) : state.items.length === 0 ? (
        <EmptyState text={empty} />
      ) : (
        <View>
          {desktop && table ? (
            <StaffTable {...table} rows={state.items} rowKey={rowKey} />
          ) : (
            state.items.map((item) => <Fragment key={rowKey(item)}>{row(item)}</Fragment>)
          )}
          {/* 加载更多 on phones too: a short first page never scrolls to the bottom. */}
          <ListFooter status={state.footer} onRetry={more} onMore={more} />
        </View>
      )}
    </View>
  );
}

/**
 * One filter as a row of the desk's chips, one of them chosen. `name` names the row (`${name}s`) and
 * each chip (class `${name} ${name}--${key}`, test id `${name}-${key}`); the chip without a value is `all`.
 */
export function FilterChips<V extends string | undefined>({
  name,
  options,
  chosen,
  onChoose,
}: {
  name: string;
  options: ReadonlyArray<{ value: V; label: string }>;
  chosen: V;
  onChoose: (value: V) => void;
}) {
  return (
    <View className={`desk-chips ${name}s`} data-testid={`${name}s`}>
      {options.map(({ value, label }) => {
        const key = value ?? 'all';
        return (
          <Text
            key={key}
            className={`desk-chip ${name} ${name}--${key} ${chosen === value ? 'desk-chip--on' : ''}`}
            data-testid={`${name}-${key}`}
            onClick={() => onChoose(value)}
          >
            {label}
          </Text>
        );
      })}
    </View>
  );
}

/** The outcome of the last action, shown above the list: the row it was on may have left the filter. */
export interface Notice {
  text: string;
  ok: boolean;
}

export function ActionNotice({ notice, testId, className = '' }: { notice: Notice | null; testId: string; className?: string }) {
  if (!notice) return null;
  return (
    <Text className={`notice ${notice.ok ? 'notice--ok' : 'notice--error'} staff-list__notice ${className}`} data-testid={testId}>
      {notice.text}
    </Text>
  );
}

/**
 * Actions on a list's rows, one at a time. `run(key, call, done)` marks `key` busy, then says `done`
 * or the error; the list is read again after a success (the row may have left the filter) and after
 * an error whose code is one of `staleCodes` (someone else got there first). Resolves whether it went through.
 */
export function useRowActions(refresh: () => unknown, staleCodes: readonly ErrorCode[]) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const busyRef = useRef(false);

  const run = async (key: string, call: () => Promise<unknown>, done: string): Promise<boolean> => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(key);
    setNotice(null);
    try {
      await call();
      setNotice({ text: done, ok: true });
      void refresh();
      return true;
    } catch (error) {
      setNotice({ text: errorText(error), ok: false });
      if (error instanceof ApiError && staleCodes.some((code) => code === error.code)) void refresh();
      return false;
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  /** A filter's change handler that first clears the notice: the row it spoke of may not be in the new list. */
  const clearingNotice =
    <V,>(choose: (value: V) => void) =>
    (value: V) => {
      setNotice(null);
      choose(value);
    };

  return { notice, setNotice, busy, run, clearingNotice };
}

export type RunRowAction = ReturnType<typeof useRowActions>['run'];
