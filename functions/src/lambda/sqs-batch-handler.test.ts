import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Deps } from '../deps.ts';
import type { QueueMessage } from '../queues/queue-messages.ts';
import { sqsBatchHandler } from './sqs-batch-handler.ts';

function record(messageId: string, receiveCount: number): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: `{"id":"${messageId}"}`,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'sender',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:cn-north-1:000000000000:queue',
    awsRegion: 'cn-north-1',
  };
}

describe('a queue’s Lambda entry', () => {
  it('hands the worker each record as a received message, and answers the ones it retries as the batch’s failures', async () => {
    const deps = {} as Deps;
    const seen: { deps: Deps; messages: readonly QueueMessage[] }[] = [];
    const handler = sqsBatchHandler(
      (given, messages) => {
        seen.push({ deps: given, messages });
        return Promise.resolve({ retry: ['m2'] });
      },
      () => Promise.resolve(deps),
    );

    const event: SQSEvent = { Records: [record('m1', 1), record('m2', 3)] };
    expect(await handler(event)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(seen).toEqual([
      {
        deps,
        messages: [
          { messageId: 'm1', receiptHandle: 'handle-m1', body: '{"id":"m1"}', receiveCount: 1 },
          { messageId: 'm2', receiptHandle: 'handle-m2', body: '{"id":"m2"}', receiveCount: 3 },
        ],
      },
    ]);
  });

  it('answers no failures when the worker retries nothing, so SQS deletes the whole batch', async () => {
    const handler = sqsBatchHandler(
      () => Promise.resolve({ retry: [] }),
      () => Promise.resolve({} as Deps),
    );
    expect(await handler({ Records: [record('m1', 1)] })).toEqual({ batchItemFailures: [] });
  });
});
