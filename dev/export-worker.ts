import { dataExportQueue } from '../functions/src/config/queues.ts';
import type { Deps } from '../functions/src/deps.ts';
import { handleDataExportMessages } from '../functions/src/privacy/data-export.ts';
import { pollQueueOnce, startQueueWorker } from './queue-worker.ts';

/** One receive from the data export queue, handled as the data export worker Lambda does. */
export function pollExportQueueOnce(deps: Deps, waitSeconds = 0): Promise<number> {
  return pollQueueOnce(deps, dataExportQueue(deps.config).url, (messages) => handleDataExportMessages(deps, messages), waitSeconds);
}

/** The local data export worker (`npm start`): builds one batch at a time. */
export function startExportWorker(deps: Deps, log: (line: string) => void): { stop(): Promise<void> } {
  return startQueueWorker('export worker', (waitSeconds) => pollExportQueueOnce(deps, waitSeconds), log);
}
