import { useEffect, useRef } from 'react';
import { useDidHide, useUnload } from '@tarojs/taro';
import type { Answers } from '@linli/shared/surveys';
import { DraftSaver } from './draft-saver';

/**
 * A DraftSaver for a page: saves after `delayMs` of quiet and when the page is hidden or left.
 * `save` and `onError` may change between renders; the latest are used.
 */
export function useDraftSaver(save: (answers: Answers) => Promise<void>, onError: (error: unknown) => void, delayMs = 1500) {
  const callbacks = useRef({ save, onError });
  callbacks.current = { save, onError };
  const saver = useRef<DraftSaver | null>(null);
  saver.current ??= new DraftSaver({
    save: (answers) => callbacks.current.save(answers),
    onError: (error) => callbacks.current.onError(error),
    delayMs,
    schedule: (run, ms) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
  });
  useDidHide(() => void saver.current?.flush());
  useUnload(() => void saver.current?.flush());
  // H5 and the weapp build both unmount the page component when it is left.
  useEffect(() => () => void saver.current?.flush(), []);
  return saver.current;
}
