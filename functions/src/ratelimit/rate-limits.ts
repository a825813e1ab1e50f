import type { Deps } from '../deps.ts';
import { countRequestInWindow } from './repository.ts';
import { secondsUntilEnd, windowAround, type RateWindow } from './windows.ts';

/** A limit on how many requests one subject (a caller's address, a member) makes in a window. */
export interface RateLimit {
  /** Names the counters in the table: keep it stable, or counts restart. */
  name: string;
  max: number;
  window: RateWindow;
}

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// A window's item outlives the window a little, so a slow TTL sweep never matters and a request at
// the very end of a window still finds its count.
const KEEP_AFTER_WINDOW_SECONDS = 60;

/**
 * Counts one request of `subject` against `limit`, or refuses it with the seconds until the window
 * ends.
 *
 * When the count itself fails (DynamoDB throttling the window's item under a flood, an outage, a
 * bug), the request is allowed and the failure logged: fail open. The limits guard login, the
 * shop's and WeChat Pay's webhooks and uploads, where refusing real buyers' logins or losing a
 * paid order's notification costs more than letting a burst through, and the API Gateway stage's
 * own throttle still caps the whole API. Whatever happens, a limit never turns a request into a 5xx.
 */
export async function takeFromRateLimit(
  deps: Pick<Deps, 'db' | 'clock' | 'logger'>,
  limit: RateLimit,
  subject: string,
): Promise<RateVerdict> {
  const now = deps.clock();
  const span = windowAround(now, limit.window);
  try {
    const outcome = await countRequestInWindow(deps.db, {
      limit: limit.name,
      subject,
      windowStart: span.start.toISOString(),
      max: limit.max,
      expiresAtEpoch: Math.floor(span.end.getTime() / 1000) + KEEP_AFTER_WINDOW_SECONDS,
    });
    return outcome === 'counted' ? { allowed: true } : { allowed: false, retryAfterSeconds: secondsUntilEnd(span, now) };
  } catch (error) {
    deps.logger.warn('Rate limit not counted; the request is let through', { limit: limit.name, error: error as Error });
    return { allowed: true };
  }
}
