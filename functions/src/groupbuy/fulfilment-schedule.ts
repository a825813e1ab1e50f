import type { FulfilmentState } from '@linli/shared/groupbuy';

/**
 * When a failed delivery to the shop is tried again: soon at first (a deploy or a blip), then further apart, for
 * about two days in all; after the last one the delivery has `gave-up` and waits for staff to retry it by hand.
 */
export const FULFILMENT_RETRY_MINUTES = [1, 5, 15, 60, 180, 360, 720, 1440] as const;

export interface FulfilmentProgress {
  state: FulfilmentState;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

/** A delivery waiting for its first attempt, due at once. */
export function newFulfilment(at: Date): FulfilmentProgress {
  return { state: 'pending', attempts: 0, lastError: null, deliveredAt: null, nextAttemptAt: at.toISOString() };
}

/** The delivery after one attempt at `at`: delivered, or failing with its next try, or given up. */
export function afterAttempt(
  progress: FulfilmentProgress,
  outcome: { delivered: true } | { delivered: false; error: string },
  at: Date,
): FulfilmentProgress {
  const attempts = progress.attempts + 1;
  if (outcome.delivered) return { state: 'delivered', attempts, lastError: null, deliveredAt: at.toISOString(), nextAttemptAt: null };
  const waitMinutes = FULFILMENT_RETRY_MINUTES[attempts - 1];
  if (waitMinutes === undefined) return { state: 'gave-up', attempts, lastError: outcome.error, deliveredAt: null, nextAttemptAt: null };
  return {
    state: 'failing',
    attempts,
    lastError: outcome.error,
    deliveredAt: null,
    nextAttemptAt: new Date(at.getTime() + waitMinutes * 60_000).toISOString(),
  };
}

/** Staff retry a delivery that gave up (or is failing): due at once, its attempts counted on. */
export function retriedByStaff(progress: FulfilmentProgress, at: Date): FulfilmentProgress {
  if (progress.state === 'delivered') return progress;
  return { ...progress, state: 'pending', nextAttemptAt: at.toISOString() };
}
