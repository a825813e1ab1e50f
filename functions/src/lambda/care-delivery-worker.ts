import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { deliverCareMessages } from '../automation/care-delivery.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/**
 * The care delivery queue's event source entry (ReportBatchItemFailures on): the ids answered are
 * the messages SQS makes visible again (after the backoff the worker set); the rest are deleted.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const { retry } = await deliverCareMessages(
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
