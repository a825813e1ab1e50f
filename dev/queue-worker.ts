import type { Deps } from '../functions/src/deps.ts';
import { deleteMessages, receiveMessages, type QueueMessage } from '../functions/src/queues/queue-messages.ts';

/** A queue's worker as its Lambda runs it: handles a batch and names the messages to retry. */
export type BatchHandler = (messages: readonly QueueMessage[]) => Promise<{ retry: string[] }>;

/**
 * One receive from a queue handled as Lambda's SQS event source does it: the batch goes to the
 * worker, and the messages it did not ask to retry are deleted (those it did come back after their
 * backoff, and reach the dead-letter queue after maxReceiveCount receives). Answers how many
 * messages the receive brought.
 */
export async function pollQueueOnce(deps: Pick<Deps, 'sqs'>, queueUrl: string, handle: BatchHandler, waitSeconds = 0): Promise<number> {
  const messages = await receiveMessages(deps.sqs, queueUrl, waitSeconds);
  if (messages.length === 0) return 0;
  const failed = new Set((await handle(messages)).retry);
  await deleteMessages(
    deps.sqs,
    queueUrl,
    messages.filter((message) => !failed.has(message.messageId)),
  );
  return messages.length;
}

/**
 * The local stand-in for a worker Lambda on a queue (`npm start`): long-polls and handles one batch
 * at a time, as a function with a concurrency of one would; a failed receive is logged and tried
 * again a second later.
 */
export function startQueueWorker(
  name: string,
  pollOnce: (waitSeconds: number) => Promise<number>,
  log: (line: string) => void,
): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const handled = await pollOnce(1);
        if (handled > 0) log(`${name} handled ${handled} message${handled === 1 ? '' : 's'}`);
      } catch (error) {
        if (!running) break;
        log(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
