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
 * Server faults several times running are an outage, not a race: the last one is thrown (the HTTP
 * edge answers DATABASE_UNAVAILABLE) instead of waiting out every attempt.
 */
export async function withOptimisticRetry<T>(attempt: () => Promise<T | typeof RETRY>, maxAttempts = 30): Promise<T> {
  let serverFaultsRunning = 0;
  for (let n = 1; n <= maxAttempts; n++) {
    let result: T | typeof RETRY;
    try {
      result = await attempt();
      serverFaultsRunning = 0;
    } catch (error) {
      if (!(error instanceof Error && LOST_RACE_ERRORS.has(error.name))) throw error;
      if (error.name === SERVER_FAULT && ++serverFaultsRunning >= SERVER_FAULTS_ARE_AN_OUTAGE) throw error;
      result = RETRY;
    }
    if (result !== RETRY) return result as T;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(n, 8)));
  }
  throw new TooMuchContention(maxAttempts);
}
const SERVER_FAULT = 'InternalServerError';
const LOST_RACE_ERRORS = new Set(['TransactionConflictException', SERVER_FAULT]);
/** DynamoDB Local's lock waits come singly; this many server faults in a row (each after the SDK's own retries) are an outage. */
const SERVER_FAULTS_ARE_AN_OUTAGE = 3;
export const RETRY: unique symbol = Symbol('retry');
