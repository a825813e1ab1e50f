import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../functions/src/config/queues.ts';

export interface LinliQueueProps {
  /** The queue as the local stack and the tests also create it (functions/src/config/queues.ts). */
  definition: QueueDefinition;
  removalPolicy: RemovalPolicy;
  /** Alarm when a message has waited longer than this: the consumer is stopped or far behind. */
  oldestMessageAlarmAge: Duration;
  /** The environment variables functions/src/config/config.ts reads the two URLs from. */
  urlVariables: { queue: string; deadLetter: string };
}

/**
 * What a function does with a queue, beyond knowing its URLs:
 * - `send` puts messages on the queue (SendMessage also authorises SendMessageBatch);
 * - `drainDeadLetters` receives and deletes what reached the dead-letter queue.
 * The consumer of the queue itself gets its rights from its event source instead.
 */
export type QueueAccess = 'send' | 'drainDeadLetters';

/**
 * A queue with its dead-letter queue, both encrypted (SQS-managed keys) and TLS only, and an alarm
 * on a message waiting too long in the queue. The dead-letter queue's alarm (any message there: a
 * message failed maxReceiveCount times) comes from LinliAlarms, which watches every dead-letter
 * queue of the stack. Names are left to CloudFormation so the production and dev stacks can share
 * an account; functions get the URLs from their environment.
 */
export class LinliQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly oldestMessageAlarm: cloudwatch.Alarm;
  readonly urlVariables: { queue: string; deadLetter: string };

  constructor(scope: Construct, id: string, props: LinliQueueProps) {
    super(scope, id);
    const { definition } = props;
    this.urlVariables = props.urlVariables;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(definition.deadLetterRetentionSeconds),
      removalPolicy: props.removalPolicy,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(definition.retentionSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
      removalPolicy: props.removalPolicy,
    });

    this.oldestMessageAlarm = new cloudwatch.Alarm(this, 'OldestMessageAlarm', {
      alarmDescription: `A ${definition.name} message has waited over ${props.oldestMessageAlarmAge.toHumanString()}: its consumer is stopped or far behind.`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: props.oldestMessageAlarmAge.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Both URLs, under the names the functions' config reads. */
  urlEnvironment(): Record<string, string> {
    return { [this.urlVariables.queue]: this.queue.queueUrl, [this.urlVariables.deadLetter]: this.deadLetterQueue.queueUrl };
  }

  /** Grants exactly the actions `access` needs, on the one queue it concerns (no GetQueueUrl/Attributes: functions are given URLs). */
  grantAccess(grantee: iam.IGrantable, access: QueueAccess): void {
    if (access === 'send') iam.Grant.addToPrincipal({ grantee, actions: ['sqs:SendMessage'], resourceArns: [this.queue.queueArn] });
    else
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
        resourceArns: [this.deadLetterQueue.queueArn],
      });
  }
}
