import { pathToFileURL } from 'node:url';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { startLocalSqs } from '../dev/sqs-server.ts';
import { createSqsClient } from '../functions/src/queues/sqs-client.ts';

/**
 * The local SQS server's own rate through the real client: `messages` sent in batches of ten by
 * `concurrency` senders, then received (ten at a time) and deleted in batches by as many
 * receivers, on a queue of its own that is deleted afterwards. The care delivery benchmark
 * reports its worker's throughput beside this figure.
 *
 * `npx tsx bench/queue-throughput.ts` measures 100,000 messages on a server of its own
 * (QUEUE_BENCH_MESSAGES, QUEUE_BENCH_CONCURRENCY; SQS_ENDPOINT to measure a running `npm start`'s).
 */
export interface QueueThroughput {
  messages: number;
  concurrency: number;
  sendPerSecond: number;
  receiveAndDeletePerSecond: number;
  /** Messages through the queue per second, sending and draining one after the other. */
  endToEndPerSecond: number;
  seconds: number;
}

export async function measureQueueThroughput(sqs: SQSClient, options: { messages: number; concurrency: number }): Promise<QueueThroughput> {
  const { messages, concurrency } = options;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-throughput-${Date.now()}` }));
  const url = QueueUrl!;
  // About the size of a care delivery message: who, which rule and arm, for which day.
  const body = (n: number) =>
    JSON.stringify({ memberId: `m_${String(n).padStart(8, '0')}`, ruleId: 'r_birthday', arm: 'A', plannedFor: '2026-11-27' });
  try {
    let next = 0;
    const sendStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < messages) {
          const first = next;
          next += 10;
          const count = Math.min(10, messages - first);
          const entries = Array.from({ length: count }, (_, i) => ({ Id: String(i), MessageBody: body(first + i) }));
          const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
          if (sent.Failed?.length) throw new Error(`send failed: ${JSON.stringify(sent.Failed)}`);
        }
      }),
    );
    const sendSeconds = (performance.now() - sendStart) / 1000;

    let drained = 0;
    const drainStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (;;) {
          const { Messages } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }),
          );
          if (!Messages?.length) return;
          const deleted = await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: url,
              Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
          if (deleted.Failed?.length) throw new Error(`delete failed: ${JSON.stringify(deleted.Failed)}`);
          drained += Messages.length;
        }
      }),
    );
    const drainSeconds = (performance.now() - drainStart) / 1000;
    if (drained !== messages) throw new Error(`drained ${drained} of ${messages} messages`);
    return {
      messages,
      concurrency,
      sendPerSecond: Math.round(messages / sendSeconds),
      receiveAndDeletePerSecond: Math.round(messages / drainSeconds),
      endToEndPerSecond: Math.round(messages / (sendSeconds + drainSeconds)),
      seconds: Number((sendSeconds + drainSeconds).toFixed(1)),
    };
  } finally {
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const own = process.env.SQS_ENDPOINT ? null : await startLocalSqs();
  const sqs = createSqsClient({ region: 'ap-southeast-1', endpoint: process.env.SQS_ENDPOINT ?? own!.endpoint });
  try {
    const figures = await measureQueueThroughput(sqs, {
      messages: Number(process.env.QUEUE_BENCH_MESSAGES ?? 100_000),
      concurrency: Number(process.env.QUEUE_BENCH_CONCURRENCY ?? 8),
    });
    console.log({ server: own ? 'in this process' : process.env.SQS_ENDPOINT, ...figures });
  } finally {
    sqs.destroy();
    await own?.stop();
  }
}
