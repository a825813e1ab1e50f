import { useRef, useState } from 'react';
import { ApiError } from '@/api/errors';
import { complaintErrorText } from '@/format/complaints';

/** What the last action on a complaint came to, shown beside that action's control. */
export interface ActionOutcome<A extends string> {
  action: A;
  text: string;
  ok: boolean;
}

/**
 * Actions on one complaint page (buyer's or desk's), one call at a time: each call answers the
 * complaint as it is now, which replaces the one on screen. A refused transition means the
 * complaint moved on, so it is loaded again; the refusal's reason is the outcome's text.
 */
export function useComplaintActions<A extends string, V>(
  complaint: { replace: (view: V) => void; reload: () => Promise<void> },
  options: { onError?: (error: unknown, action: A) => void } = {},
) {
  const [busy, setBusy] = useState<A | null>(null);
  const busyRef = useRef(false);
  const [outcome, setOutcome] = useState<ActionOutcome<A> | null>(null);

  /** Runs `call` unless another action is running; `done` is the text shown on success. Resolves true on success. */
  const run = async (action: A, call: () => Promise<V>, done?: string): Promise<boolean> => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(action);
    setOutcome(null);
    try {
      complaint.replace(await call());
      if (done) setOutcome({ action, text: done, ok: true });
      return true;
    } catch (error) {
      options.onError?.(error, action);
      setOutcome({ action, text: complaintErrorText(error), ok: false });
      if (error instanceof ApiError && error.code === 'COMPLAINT_TRANSITION_INVALID') void complaint.reload();
      return false;
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  /** Shows why an action was not even sent (a form check). */
  const refuse = (action: A, text: string) => setOutcome({ action, text, ok: false });

  return { busy, run, outcome, refuse };
}
