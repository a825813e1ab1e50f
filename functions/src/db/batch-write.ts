import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from './client.ts';

/** One request of a BatchWriteItem (a PutRequest or a DeleteRequest). */
export type BatchWriteRequest = NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string][number];

const BATCH_SIZE = 25;

/** Writes requests as they become known: a full batch goes out as soon as fewer than `parallel` are in flight. */
export interface BatchWriter {
  /** Queues requests (throws the first failure of an earlier batch, so a caller stops early). */
  add(requests: readonly BatchWriteRequest[]): void;
  /** Sends what is left and resolves when every batch is written; rejects with the first failure. */
  done(): Promise<void>;
}

/**
 * DynamoDB refusing a whole batch for throughput (a hot partition, e.g. a facet every member is in, on
 * a first nightly run) after the SDK's own retries: the batch waits and goes again, as unprocessed items do.
 */
const THROTTLED = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);
/** Refusals in a row before the batch fails (with the pauses below, about 20 s of waiting). */
const MAX_THROTTLED_ATTEMPTS = 25;

/** Sends one batch, resending what DynamoDB left unprocessed or throttled with a growing pause (20 ms doubling, at most 1 s). */
async function writeBatch(db: Database, requests: BatchWriteRequest[]): Promise<void> {
  let batch = requests;
  let throttled = 0;
  for (let attempt = 0; batch.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
    try {
      const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: batch } }));
      batch = result.UnprocessedItems?.[db.tableName] ?? [];
      throttled = 0;
    } catch (error) {
      if (!THROTTLED.has((error as { name?: string }).name ?? '') || ++throttled >= MAX_THROTTLED_ATTEMPTS) throw error;
    }
  }
}

/**
 * A BatchWrite queue, 25 requests a batch, `parallel` batches in flight: a job adds its writes while it
 * still reads or computes, and they go out meanwhile. Unconditional puts and deletes: for writes that
 * may be repeated (seeding, the nightly job's items keyed by member and day), never for ones that must be checked.
 */
export function batchWriter(db: Database, parallel = 8): BatchWriter {
  const pending: BatchWriteRequest[] = [];
  let next = 0;
  let inFlight = 0;
  let closing = false;
  let failure: { error: unknown } | null = null;
  let settle: (() => void) | null = null;
  const launch = () => {
    while (!failure && inFlight < parallel && (pending.length - next >= BATCH_SIZE || (closing && next < pending.length))) {
      const batch = pending.slice(next, next + BATCH_SIZE);
      next += batch.length;
      inFlight++;
      writeBatch(db, batch).then(
        () => {
          inFlight--;
          launch();
        },
        (error: unknown) => {
          inFlight--;
          failure ??= { error };
          launch();
        },
      );
    }
    // Drop what has gone out once it is most of the queue, so a long job's queue does not keep it all.
    if (next > 10_000 && next * 2 > pending.length) {
      pending.splice(0, next);
      next = 0;
    }
    if (closing && inFlight === 0 && (failure || next === pending.length)) settle?.();
  };
  return {
    add(requests) {
      if (failure) throw failure.error;
      // One at a time: a spread of a few hundred thousand requests would overflow the call stack.
      for (const request of requests) pending.push(request);
      launch();
    },
    done() {
      closing = true;
      return new Promise<void>((resolve, reject) => {
        settle = () => (failure ? reject(failure.error) : resolve());
        launch();
      });
    },
  };
}

/** Writes `requests` 25 at a time, `parallel` batches in flight, resending what DynamoDB left unprocessed. */
export async function batchWriteAll(db: Database, requests: readonly BatchWriteRequest[], parallel = 8): Promise<void> {
  const writer = batchWriter(db, parallel);
  writer.add(requests);
  await writer.done();
}
