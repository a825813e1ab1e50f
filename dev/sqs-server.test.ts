import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../functions/src/config/config.ts';
import { CARE_DELIVERY_QUEUE } from '../functions/src/config/queues.ts';
import { ensureQueue } from '../functions/src/queues/ensure-queues.ts';
import { createSqsClient } from '../functions/src/queues/sqs-client.ts';
import { startLocalSqs, type LocalSqs } from './sqs-server.ts';

const started: LocalSqs[] = [];
const clients: SQSClient[] = [];

async function start(): Promise<{ server: LocalSqs; sqs: SQSClient }> {
  const server = await startLocalSqs();
  started.push(server);
  const sqs = createSqsClient({ region: 'ap-southeast-1', endpoint: server.endpoint });
  clients.push(sqs);
  return { server, sqs };
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of started.splice(0)) await server.stop();
});

async function counts(sqs: SQSClient, queueUrl: string) {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return { visible: Number(Attributes?.ApproximateNumberOfMessages), inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible) };
}

const receiveOne = (sqs: SQSClient, queueUrl: string, visibilityTimeout: number) =>
  sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      VisibilityTimeout: visibilityTimeout,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    }),
  );

describe('the local SQS server', () => {
  it('creates the care delivery queue and its dead-letter queue where the local config looks for them, again and again', async () => {
    const { server, sqs } = await start();
    const urls = await ensureQueue(sqs, CARE_DELIVERY_QUEUE);
    expect(urls).toEqual(readConfig({ SQS_ENDPOINT: server.endpoint }).queues.careDelivery);
    expect(await ensureQueue(sqs, CARE_DELIVERY_QUEUE)).toEqual(urls);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: urls.url, AttributeNames: ['All'] }));
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: expect.stringMatching(/:care-delivery-dlq$/),
      maxReceiveCount: 5,
    });
    expect(Attributes?.VisibilityTimeout).toBe(String(CARE_DELIVERY_QUEUE.visibilityTimeoutSeconds));
  });

  it('sends, receives and deletes in batches of ten', async () => {
    const { sqs } = await start();
    const { url } = await ensureQueue(sqs, CARE_DELIVERY_QUEUE);
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: JSON.stringify({ member: `m_${i}` }) }));
    const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
    expect(sent.Successful).toHaveLength(10);
    expect(await counts(sqs, url)).toEqual({ visible: 10, inFlight: 0 });

    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(received.Messages?.map((m) => m.Body).sort()).toEqual(entries.map((e) => e.MessageBody).sort());
    expect(await counts(sqs, url)).toEqual({ visible: 0, inFlight: 10 });

    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: received.Messages!.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
    expect(deleted.Failed ?? []).toEqual([]);
    expect(await counts(sqs, url)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('holds a long poll open until a message arrives', async () => {
    const { sqs } = await start();
    const { url } = await ensureQueue(sqs, CARE_DELIVERY_QUEUE);
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'late' }));
    expect((await waiting).Messages?.map((m) => m.Body)).toEqual(['late']);
  });

  it('hides a received message until its visibility timeout is changed, then hands it out again', async () => {
    const { sqs } = await start();
    const { url } = await ensureQueue(sqs, CARE_DELIVERY_QUEUE);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'once' }));
    const first = await receiveOne(sqs, url, 60);
    expect(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect((await receiveOne(sqs, url, 60)).Messages).toBeUndefined();

    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }),
    );
    const again = await receiveOne(sqs, url, 60);
    expect(again.Messages?.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([['once', '2']]);
  });

  it('moves a message received maxReceiveCount times without being deleted to the dead-letter queue', async () => {
    const { sqs } = await start();
    const { url, deadLetterUrl } = await ensureQueue(sqs, CARE_DELIVERY_QUEUE);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let attempt = 1; attempt <= CARE_DELIVERY_QUEUE.maxReceiveCount; attempt += 1) {
      // Visibility 0: the message is back at once, as if each worker had failed on it.
      const received = await receiveOne(sqs, url, 0);
      expect(received.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(String(attempt));
    }
    expect((await receiveOne(sqs, url, 0)).Messages).toBeUndefined();
    expect(await counts(sqs, url)).toEqual({ visible: 0, inFlight: 0 });
    expect(await counts(sqs, deadLetterUrl)).toEqual({ visible: 1, inFlight: 0 });
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deadLetterUrl }));
    expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
  });

  it('listens on the given port on 127.0.0.1 only', async () => {
    const { server: probe } = await start();
    const port = probe.port;
    await started.pop()!.stop();
    const server = await startLocalSqs({ port });
    started.push(server);
    expect(server.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${server.endpoint}/health`)).ok).toBe(true);
    const otherAddress = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    if (otherAddress) await expect(fetch(`http://${otherAddress}:${port}/health`)).rejects.toThrow();
  });

  // A poll still waiting must not hold the stop up (nor the test run): the 5 s limit is the check.
  it('ends a waiting long poll when stopped', { timeout: 5_000 }, async () => {
    const { sqs } = await start();
    const { url } = await ensureQueue(sqs, CARE_DELIVERY_QUEUE);
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 })).catch(() => 'cut off');
    await counts(sqs, url); // the poll is in by now
    await started.pop()!.stop();
    await waiting;
  });
});
