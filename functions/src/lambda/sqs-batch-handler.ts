import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Deps } from '../deps.ts';
import type { QueueMessage } from '../queues/queue-messages.ts';
import { lambdaDeps } from '../runtime.ts';

/** A queue worker: handles a batch and names the messages to be received again (after the backoff it set). */
export type QueueBatchWorker = (deps: Deps, messages: readonly QueueMessage[]) => Promise<{ retry: string[] }>;

/**
 * A queue's event source entry (ReportBatchItemFailures on): hands the records to the worker the
 * local poller also runs (dev/queue-worker.ts), and answers the ids it asked to retry as the
 * batch's failures, which SQS makes visible again; the rest are deleted.
 */
export function sqsBatchHandler(work: QueueBatchWorker, deps = lambdaDeps()): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const { retry } = await work(
      await deps(),
      event.Records.map((record) => ({
        messageId: record.messageId,
        receiptHandle: record.receiptHandle,
        body: record.body,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
      })),
    );
    return { batchItemFailures: retry.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
