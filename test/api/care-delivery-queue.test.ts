import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let neighbour: TestStack;

beforeAll(async () => {
  [stack, neighbour] = await Promise.all([createTestStack(), createTestStack()]);
});
afterAll(async () => {
  await Promise.all([stack.close(), neighbour.close()]);
});

const queueOf = (s: TestStack) => s.config.queues.careDelivery!;

describe("a test stack's care delivery queue", () => {
  it('carries a message from one function to another through the real SQS client', async () => {
    const { url } = queueOf(stack);
    const body = JSON.stringify({ memberId: 'm_1', rule: 'birthday' });
    await stack.deps.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));

    const received = await stack.deps.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual([body]);
    await stack.deps.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: received.Messages![0]!.ReceiptHandle }));
    const { Attributes } = await stack.deps.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it("is the stack's own: another stack on the same server never sees its messages", async () => {
    expect(queueOf(neighbour).url).not.toBe(queueOf(stack).url);
    await stack.deps.sqs.send(new SendMessageCommand({ QueueUrl: queueOf(stack).url, MessageBody: 'mine' }));
    const elsewhere = await neighbour.deps.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueOf(neighbour).url }));
    expect(elsewhere.Messages).toBeUndefined();
    const here = await stack.deps.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueOf(stack).url }));
    expect(here.Messages?.map((m) => m.Body)).toEqual(['mine']);
  });

  it("redrives to the stack's own dead-letter queue", async () => {
    const { url, deadLetterUrl } = queueOf(stack);
    const dlqArn = (await stack.deps.sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] })))
      .Attributes?.QueueArn;
    const { Attributes } = await stack.deps.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }));
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 });
    expect(dlqArn).toMatch(new RegExp(`:${stack.config.tableName}-care-delivery-dlq$`));
  });

  it('is gone once the stack closes', async () => {
    const extra = await createTestStack();
    const { url } = queueOf(extra);
    await extra.close();
    const { QueueUrls } = await stack.deps.sqs.send(new ListQueuesCommand({ QueueNamePrefix: extra.config.tableName }));
    expect(QueueUrls ?? []).not.toContain(url);
    expect(QueueUrls ?? []).toEqual([]);
  });
});
