import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handleDataExportMessages } from '../privacy/data-export.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/**
 * The data export queue's event source entry (ReportBatchItemFailures on): the ids answered are the
 * builds SQS makes visible again (after the backoff the worker set); the rest are deleted.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const { retry } = await handleDataExportMessages(
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
