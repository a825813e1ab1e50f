import { ArnFormat, Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { LinliKey } from './linli-key.ts';
import { THROTTLE_WATCHED_OPERATIONS, type LinliTable } from './linli-table.ts';

/** Context key (`cdk deploy -c linli:alarmEmail=ops@example.com`) for an email subscription to the alarms topic. */
export const ALARM_EMAIL_CONTEXT = 'linli:alarmEmail';

/**
 * API answers of 500 or more in five minutes that raise the alarm. Not one: a dependency's brief
 * failure (a WeChat timeout answered 503) is retried by the buyer and is no reason to wake anyone;
 * five in five minutes is a pattern. A crash of the function itself alarms at once (its Errors).
 */
export const API_SERVER_ERRORS_THRESHOLD = 5;

const PERIOD = Duration.minutes(5);

export interface LinliAlarmsProps {
  removalPolicy: RemovalPolicy;
  /** Subscribed to the topic by email when given (AWS sends a confirmation link first). */
  email?: string;
}

/** What a stack-wide sweep cannot find by type: the one API and the one table. */
export interface WatchedServices {
  httpApi: apigwv2.IHttpApi;
  table: LinliTable;
}

/**
 * Linli's alarms and the one SNS topic they all notify (`<stack name>Alarms`: LinliAlarms in
 * production), encrypted with a key of its own. watchStack() finds what to watch by walking the
 * stack, so a function or dead-letter queue added later is covered without touching this file.
 */
export class LinliAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly key: LinliKey;

  constructor(scope: Construct, id: string, props: LinliAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // A key of our own, not aws/sns: CloudWatch publishes as its service, and the AWS managed
    // key's policy (which cannot be changed) does not let it, so alarms would fail to notify.
    this.key = new LinliKey(this, 'Key', { protects: 'the alarm notifications', aliasName: 'alarms', removalPolicy: props.removalPolicy });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${stack.stackName}Alarms`,
      displayName: `Linli alarms (${stack.stackName})`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one: CloudWatch
    // needs an explicit allow, and only this account's alarms get it.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }

  /**
   * Adds the stack's alarms and sends every alarm of the stack (these and any other, such as a
   * queue's own) to the topic, on entering ALARM and on returning to OK. Call it once, after
   * everything else is built:
   * - every Lambda function: Errors > 0 (a crash or timeout; for a scheduled job, a failed run) and Throttles > 0;
   * - every dead-letter queue (of a queue's redrive or a function's asynchronous runs): any message visible;
   * - the HTTP API: API_SERVER_ERRORS_THRESHOLD answers of 5xx in five minutes;
   * - the table: any throttled request.
   */
  watchStack(services: WatchedServices): void {
    const stack = Stack.of(this);
    const constructs = stack.node.findAll();
    for (const fn of constructs.filter((c): c is lambda.Function => c instanceof lambda.Function)) this.watchFunction(fn);
    for (const queue of deadLetterQueuesIn(constructs)) this.watchDeadLetterQueue(queue);

    new cloudwatch.Alarm(this, 'ApiServerErrors', {
      alarmDescription: `The HTTP API answered ${API_SERVER_ERRORS_THRESHOLD} or more requests with a 5xx in 5 minutes: a dependency (DynamoDB, WeChat, WeChat Pay, S3) is failing or the API function is.`,
      metric: services.httpApi.metricServerError({ period: PERIOD, statistic: 'Sum' }),
      threshold: API_SERVER_ERRORS_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    new cloudwatch.Alarm(this, 'TableThrottles', {
      alarmDescription:
        'DynamoDB throttled requests to the table (an on-demand table throttles a sudden jump far above its previous peak, or a hot key). The SDK retries them; many mean slow or failed requests.',
      metric: throttledRequests(services.table),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const notify = new SnsAction(this.topic);
    for (const alarm of stack.node.findAll().filter((c): c is cloudwatch.Alarm => c instanceof cloudwatch.Alarm)) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
  }

  private watchFunction(fn: lambda.Function): void {
    const name = idWithinStack(fn);
    // A function with a dead-letter queue is invoked asynchronously (a scheduled job): Lambda
    // retries a failed run twice before it gives up.
    const failure = fn.deadLetterQueue
      ? 'a run failed (Lambda retries it twice; a run that fails every time lands in its dead-letter queue)'
      : 'an invocation failed: it threw, timed out or could not start (its secret unreadable, say)';
    new cloudwatch.Alarm(this, `${name}Errors`, {
      alarmDescription: `${name}: ${failure}.`,
      metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // Lambda sends no data for a function that was not invoked: nothing failed.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    new cloudwatch.Alarm(this, `${name}Throttles`, {
      alarmDescription: `${name}: Lambda refused invocations for lack of concurrency (the account's limit, or the function's reserved concurrency).`,
      metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private watchDeadLetterQueue(queue: sqs.IQueue): void {
    const name = idWithinStack(queue);
    new cloudwatch.Alarm(this, `${name}Messages`, {
      alarmDescription: `${name}: a message failed every attempt and waits in this dead-letter queue for a person (infra/README.md says what to do).`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops sending metrics for an idle queue: no data means nothing is there.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/**
 * The table's throttled requests, all watched operations added up. Each operation's series is
 * FILLed with 0: DynamoDB sends ThrottledRequests only for an operation that was throttled, and
 * metric math's + gives no value where one series has none, so a plain sum (CDK's own
 * metricThrottledRequestsForOperations) can stay empty while a single operation is throttled.
 */
function throttledRequests(table: LinliTable): cloudwatch.MathExpression {
  const usingMetrics = Object.fromEntries(
    THROTTLE_WATCHED_OPERATIONS.map((operation) => [
      operation.toLowerCase(),
      table.metricThrottledRequestsForOperation(operation, { period: PERIOD, statistic: 'Sum' }),
    ]),
  );
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    usingMetrics,
    label: 'Throttled requests, all operations',
    period: PERIOD,
  });
}

/** Queues something sends its failures to: a queue's redrive target, or a function's for its failed asynchronous runs. */
function deadLetterQueuesIn(constructs: readonly IConstruct[]): sqs.IQueue[] {
  const found = new Set<sqs.IQueue>();
  for (const c of constructs) {
    if (c instanceof sqs.Queue && c.deadLetterQueue) found.add(c.deadLetterQueue.queue);
    if (c instanceof lambda.Function && c.deadLetterQueue) found.add(c.deadLetterQueue);
  }
  return [...found];
}

/** The construct's path below its stack as one id, e.g. CareDeliveryDeadLetterQueue. */
function idWithinStack(construct: IConstruct): string {
  const stack = Stack.of(construct);
  const scopes = construct.node.scopes;
  return scopes
    .slice(scopes.indexOf(stack) + 1)
    .map((scope) => scope.node.id.replace(/[^A-Za-z0-9]/g, ''))
    .join('');
}
