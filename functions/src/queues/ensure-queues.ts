import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDefinition, QueueUrls } from '../config/queues.ts';

/**
 * Creates a queue and its dead-letter queue from their definition, the dead-letter queue first
 * so the queue's redrive policy can name it (the local SQS server and tests; the cloud queues
 * come from the CDK stack built from the same definition). Creating what exists with the same
 * attributes is a no-op, so this runs at every start. `namePrefix` keeps test stacks apart on
 * one shared server.
 */
export async function ensureQueue(sqs: SQSClient, definition: QueueDefinition, namePrefix = ''): Promise<QueueUrls> {
  const deadLetter = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${namePrefix}${definition.deadLetterName}`,
      Attributes: { MessageRetentionPeriod: String(definition.deadLetterRetentionSeconds) },
    }),
  );
  const deadLetterUrl = required(deadLetter.QueueUrl, 'CreateQueue returned no QueueUrl');
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }));
  const deadLetterArn = required(Attributes?.QueueArn, 'GetQueueAttributes returned no QueueArn');
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${namePrefix}${definition.name}`,
      Attributes: {
        VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(definition.retentionSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount: definition.maxReceiveCount }),
      },
    }),
  );
  return { url: required(queue.QueueUrl, 'CreateQueue returned no QueueUrl'), deadLetterUrl };
}

function required(value: string | undefined, message: string): string {
  if (!value) throw new Error(message);
  return value;
}
