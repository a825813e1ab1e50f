import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchWriter, type BatchWriteRequest } from './batch-write.ts';
import type { Database } from './client.ts';

const put = (n: number): BatchWriteRequest => ({ PutRequest: { Item: { pk: `P#${n}`, sk: 'S' } } });
const puts = (from: number, count: number) => Array.from({ length: count }, (_, index) => put(from + index));

/**
 * A stand-in for DynamoDB that holds every BatchWriteItem until the test answers it: what is in flight
 * is what has been sent and not yet answered.
 */
function heldDatabase() {
  interface Call {
    requests: BatchWriteRequest[];
    answered: boolean;
    answer: (unprocessed?: BatchWriteRequest[]) => void;
    fail: (error: Error) => void;
  }
  const sent: Call[] = [];
  const db = {
    tableName: 'linli',
    doc: {
      send: (command: BatchWriteCommand) =>
        new Promise((resolve, reject) => {
          const call: Call = {
            requests: command.input.RequestItems!.linli!,
            answered: false,
            answer: (unprocessed) => {
              call.answered = true;
              resolve({ UnprocessedItems: unprocessed ? { linli: unprocessed } : {} });
            },
            fail: (error) => {
              call.answered = true;
              reject(error);
            },
          };
          sent.push(call);
        }),
    },
  } as unknown as Database;
  return { db, sent, unanswered: () => sent.filter((call) => !call.answered) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('the batch writer', () => {
  it('sends a full batch of 25 as soon as it is added, before the caller is done adding', async () => {
    const { db, sent } = heldDatabase();
    const writer = batchWriter(db, 4);
    writer.add(puts(0, 30));
    expect(sent.map((call) => call.requests.length)).toEqual([25]);
    const done = writer.done();
    expect(sent.map((call) => call.requests.length)).toEqual([25, 5]);
    for (const call of sent) call.answer();
    await done;
    expect(sent.flatMap((call) => call.requests)).toEqual(puts(0, 30));
  });

  it('keeps at most `parallel` batches in flight, sending the next as one is answered', async () => {
    const { db, sent, unanswered } = heldDatabase();
    const writer = batchWriter(db, 3);
    writer.add(puts(0, 25 * 10));
    const done = writer.done();
    expect(unanswered()).toHaveLength(3);
    sent[1]!.answer();
    await settled();
    expect(sent).toHaveLength(4);
    expect(unanswered()).toHaveLength(3);
    while (unanswered().length > 0) {
      for (const call of unanswered()) call.answer();
      await settled();
      expect(unanswered().length).toBeLessThanOrEqual(3);
    }
    await done;
    expect(sent).toHaveLength(10);
    expect(new Set(sent.flatMap((call) => call.requests))).toEqual(new Set(puts(0, 250)));
  });

  it('resends what DynamoDB left unprocessed, after a pause', async () => {
    vi.useFakeTimers();
    const { db, sent } = heldDatabase();
    const writer = batchWriter(db, 2);
    writer.add(puts(0, 25));
    const done = writer.done();
    sent[0]!.answer(puts(20, 5));
    await vi.advanceTimersByTimeAsync(39);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent[1]!.requests).toEqual(puts(20, 5));
    sent[1]!.answer();
    await done;
  });

  it('sends a batch DynamoDB refused for throughput again after a pause, as a whole', async () => {
    vi.useFakeTimers();
    const { db, sent } = heldDatabase();
    const writer = batchWriter(db, 2);
    writer.add(puts(0, 25));
    const done = writer.done();
    sent[0]!.fail(Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' }));
    await vi.advanceTimersByTimeAsync(40);
    expect(sent[1]!.requests).toEqual(puts(0, 25));
    sent[1]!.answer();
    await done;
  });

  it('gives up on a batch refused for throughput 25 times in a row', async () => {
    vi.useFakeTimers();
    const { db, sent } = heldDatabase();
    const writer = batchWriter(db, 1);
    writer.add(puts(0, 25));
    const done = writer.done();
    const outcome = done.catch((error: Error) => error);
    for (let refusal = 0; refusal < 25; refusal++) {
      sent[refusal]!.fail(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(sent).toHaveLength(25);
    expect(await outcome).toMatchObject({ name: 'ThrottlingException' });
  });

  it('says a failed batch: done() rejects with its error and the next add throws it', async () => {
    const { db, sent } = heldDatabase();
    const writer = batchWriter(db, 2);
    writer.add(puts(0, 50));
    sent[0]!.fail(new Error('access denied'));
    sent[1]!.answer();
    await settled();
    expect(() => writer.add(puts(50, 1))).toThrow('access denied');
    await expect(writer.done()).rejects.toThrow('access denied');
  });

  it('is done at once with nothing to write', async () => {
    const { db, sent } = heldDatabase();
    await batchWriter(db, 2).done();
    expect(sent).toEqual([]);
  });
});
