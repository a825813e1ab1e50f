import { handleDataExportMessages } from '../privacy/data-export.ts';
import { sqsBatchHandler } from './sqs-batch-handler.ts';

/** The data export queue's entry: the retried builds come back after the backoff the worker set. */
export const handler = sqsBatchHandler(handleDataExportMessages);
