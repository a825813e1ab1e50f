import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '@/api/errors';

export type ResourceState<T> = { status: 'loading' } | { status: 'error'; error: unknown; message: string } | { status: 'ready'; data: T };

/**
 * Loads one thing for a page and keeps its loading / error / ready state. `reload` fetches
 * again (keeping the data on screen while it does); `replace` swaps in a newer copy, e.g. the
 * member returned by an update.
 */
export function useResource<T>(load: () => Promise<T>, options: { enabled?: boolean } = {}) {
  const enabled = options.enabled ?? true;
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    try {
      const data = await loadRef.current();
      if (mine === generation.current) setState({ status: 'ready', data });
    } catch (error) {
      if (mine === generation.current) setState({ status: 'error', error, message: errorText(error) });
    }
  }, []);

  const replace = useCallback((data: T) => {
    generation.current++;
    setState({ status: 'ready', data });
  }, []);

  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);

  return { state, reload, replace };
}
