import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { AWS_CLIENT_TIMEOUTS } from '../platform/dependency-faults.ts';

/** SQS takes at most ten messages per batch call. */
const BATCH = 10;
const SEND_ATTEMPTS = 5;

/**
 * Sends bodies in batches of ten. SQS may refuse some entries of a batch while taking the rest
 * (Failed[]): those are sent again, up to a few times, and anything still refused is thrown, so a
 * caller marks as queued only what the queue holds.
 */
export async function sendMessages(sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += BATCH) {
    let entries = bodies.slice(start, start + BATCH).map((body, index) => ({ Id: String(index), MessageBody: body }));
    for (let attempt = 1; entries.length > 0; attempt++) {
      const { Failed = [] } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failed = new Set(Failed.map((failure) => failure.Id));
      entries = entries.filter((entry) => failed.has(entry.Id));
      if (entries.length > 0 && attempt >= SEND_ATTEMPTS)
        throw new Error(`SQS refused ${entries.length} messages: ${Failed.map((f) => f.Message ?? f.Code).join('; ')}`);
    }
  }
}

export async function sendMessage(sqs: SQSClient, queueUrl: string, body: string): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
}

/** A received message, as a Lambda SQS event record carries it. */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** How many times it has been received, this time included. */
  receiveCount: number;
}

/** Up to ten messages, waiting up to `waitSeconds` for the first (long polling). */
export async function receiveMessages(sqs: SQSClient, queueUrl: string, waitSeconds: number): Promise<QueueMessage[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: BATCH,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    }),
    // A long poll is silent for up to its wait by design: that much longer than the client's own limit.
    waitSeconds > 0 ? { requestTimeout: waitSeconds * 1000 + AWS_CLIENT_TIMEOUTS.requestTimeoutMs } : {},
  );
  return Messages.map((message) => ({
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
  }));
}

export async function deleteMessages(sqs: SQSClient, queueUrl: string, messages: ReadonlyArray<Pick<QueueMessage, 'receiptHandle'>>) {
  for (let start = 0; start < messages.length; start += BATCH) {
    const entries = messages
      .slice(start, start + BATCH)
      .map((message, index) => ({ Id: String(index), ReceiptHandle: message.receiptHandle }));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
}

/** Hides a message for `seconds` more before it may be received again: a retry's backoff. */
export async function delayRetry(sqs: SQSClient, queueUrl: string, message: Pick<QueueMessage, 'receiptHandle'>, seconds: number) {
  await sqs.send(
    new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.receiptHandle, VisibilityTimeout: seconds }),
  );
}
