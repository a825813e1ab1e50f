import { deliverCareMessages } from '../functions/src/automation/care-delivery.ts';
import { careDeliveryQueue } from '../functions/src/config/queues.ts';
import type { Deps } from '../functions/src/deps.ts';
import { pollQueueOnce, startQueueWorker } from './queue-worker.ts';

/** One receive from the care delivery queue, handled as the care delivery worker Lambda does. */
export function pollCareQueueOnce(deps: Deps, waitSeconds = 0): Promise<number> {
  return pollQueueOnce(deps, careDeliveryQueue(deps.config).url, (messages) => deliverCareMessages(deps, messages), waitSeconds);
}

/** The local care delivery worker (`npm start`). */
export function startCareWorker(deps: Deps, log: (line: string) => void): { stop(): Promise<void> } {
  return startQueueWorker('care worker', (waitSeconds) => pollCareQueueOnce(deps, waitSeconds), log);
}
