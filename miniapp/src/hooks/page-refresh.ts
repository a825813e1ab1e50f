import { useEffect, useRef } from 'react';
import { useDidShow } from '@tarojs/taro';

/**
 * Calls `refresh` each time the page is shown again (back from a detail or a form), when what it
 * lists may have moved on. The first show is the page's own first load, so it is skipped.
 */
export function useRefreshOnReturn(refresh: () => unknown): void {
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void refresh();
    shown.current = true;
  });
}

/**
 * Calls `reload` whenever one of `deps` (a filter, a period) changes. The first render is
 * skipped: the page's data loads by itself on mount.
 */
export function useReloadOnChange(reload: () => unknown, deps: readonly unknown[]): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void reload();
    // `deps` are the caller's; `reload` is stable (useCallback in the hooks that make it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, reload]);
}
