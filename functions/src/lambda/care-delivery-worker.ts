import { deliverCareMessages } from '../automation/care-delivery.ts';
import { sqsBatchHandler } from './sqs-batch-handler.ts';

/** The care delivery queue's entry: the retried messages come back after the backoff the worker set. */
export const handler = sqsBatchHandler(deliverCareMessages);
