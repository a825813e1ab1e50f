import { dataExportQueue } from '../functions/src/config/queues.ts';
import type { Deps } from '../functions/src/deps.ts';
import { handleDataExportMessages } from '../functions/src/privacy/data-export.ts';
import { deleteMessages, receiveMessages } from '../functions/src/queues/queue-messages.ts';

/**
 * One receive from the data export queue handled as Lambda's SQS event source does it: the batch goes
 * to the worker, and the messages it did not ask to retry are deleted (those it did come back after
 * their backoff, and reach the dead-letter queue after maxReceiveCount receives). Answers how many
 * messages the receive brought.
 */
export async function pollExportQueueOnce(deps: Deps, waitSeconds = 0): Promise<number> {
  const queue = dataExportQueue(deps.config);
  const messages = await receiveMessages(deps.sqs, queue.url, waitSeconds);
  if (messages.length === 0) return 0;
  const { retry } = await handleDataExportMessages(deps, messages);
  const failed = new Set(retry);
  await deleteMessages(
    deps.sqs,
    queue.url,
    messages.filter((message) => !failed.has(message.messageId)),
  );
  return messages.length;
}

/** The local stand-in for the export worker Lambda (`npm start`): long-polls and builds one batch at a time. */
export function startExportWorker(deps: Deps, log: (line: string) => void): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const handled = await pollExportQueueOnce(deps, 1);
        if (handled > 0) log(`export worker handled ${handled} message${handled === 1 ? '' : 's'}`);
      } catch (error) {
        if (!running) break;
        log(`export worker: ${error instanceof Error ? error.message : String(error)}`);
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
