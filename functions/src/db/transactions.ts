/** Too many concurrent writers kept winning; the caller may try again later (HTTP 503 BUSY). */
export class TooMuchContention extends Error {
  constructor(attempts: number) {
    super(`Gave up after ${attempts} concurrent-update retries`);
    this.name = 'TooMuchContention';
  }
}

/**
 * Runs `attempt` again when it reports a lost optimistic race, with jittered, growing backoff.
 * A read or write that ran into another request's transaction in flight on the same item
 * (TransactionConflictException) is a lost race too: the attempt starts over from its reads.
 * So is a server fault the SDK's own retries did not get past (InternalServerError: DynamoDB
 * Local answers it when a transaction waits too long for an item's lock, where DynamoDB would
 * answer a conflict). Its write may or may not have landed; starting over from the reads is safe
 * because every attempt's write is conditioned on what it read, and a landed write is read back.
 */
export async function withOptimisticRetry<T>(attempt: () => Promise<T | typeof RETRY>, maxAttempts = 30): Promise<T> {
  for (let n = 1; n <= maxAttempts; n++) {
    let result: T | typeof RETRY;
    try {
      result = await attempt();
    } catch (error) {
      if (!(error instanceof Error && LOST_RACE_ERRORS.has(error.name))) throw error;
      result = RETRY;
    }
    if (result !== RETRY) return result as T;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(n, 8)));
  }
  throw new TooMuchContention(maxAttempts);
}
const LOST_RACE_ERRORS = new Set(['TransactionConflictException', 'InternalServerError']);
export const RETRY: unique symbol = Symbol('retry');
