import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '@/api/errors';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type FooterStatus = 'idle' | 'loading' | 'error' | 'end';

type ListState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown; message: string }
  | { status: 'ready'; items: T[]; nextCursor: string | null; footer: FooterStatus };

/** A cursor-paged list (newest first): the first page, then more on demand (onReachBottom). */
export function usePagedList<T>(loadPage: (cursor?: string) => Promise<Page<T>>) {
  const [state, setState] = useState<ListState<T>>({ status: 'loading' });
  const loadRef = useRef(loadPage);
  loadRef.current = loadPage;
  const busy = useRef(false);
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    busy.current = true;
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    try {
      const page = await loadRef.current();
      if (mine !== generation.current) return;
      setState({ status: 'ready', items: page.items, nextCursor: page.nextCursor, footer: page.nextCursor ? 'idle' : 'end' });
    } catch (error) {
      if (mine === generation.current) setState({ status: 'error', error, message: errorText(error) });
    } finally {
      if (mine === generation.current) busy.current = false;
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (busy.current || state.status !== 'ready' || !state.nextCursor) return;
    const mine = generation.current;
    const cursor = state.nextCursor;
    busy.current = true;
    setState({ ...state, footer: 'loading' });
    try {
      const page = await loadRef.current(cursor);
      if (mine !== generation.current) return;
      setState({
        status: 'ready',
        items: [...state.items, ...page.items],
        nextCursor: page.nextCursor,
        footer: page.nextCursor ? 'idle' : 'end',
      });
    } catch {
      if (mine === generation.current) setState({ ...state, footer: 'error' });
    } finally {
      if (mine === generation.current) busy.current = false;
    }
  }, [state]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { state, refresh, loadMore };
}
