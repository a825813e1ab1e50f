import {
  CfnCondition,
  CfnOutput,
  CfnParameter,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  TimeZone,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { CARE_DELIVERY_QUEUE, DATA_EXPORT_QUEUE } from '../functions/src/config/queues.ts';
import { SCHEDULED_JOBS, toEventBridgeCron } from '../functions/src/jobs/schedule.ts';
import { ALARM_EMAIL_CONTEXT, LinliAlarms } from './linli-alarms.ts';
import { LinliExportsBucket } from './linli-exports-bucket.ts';
import { LinliFunction } from './linli-function.ts';
import { LinliPhotosBucket } from './linli-photos-bucket.ts';
import { LinliQueue, type QueueAccess } from './linli-queue.ts';
import { LinliTable, type TableAccess } from './linli-table.ts';

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';
export const WECHAT_PAY_API_BASE = 'https://api.mch.weixin.qq.com';
/** The API route WeChat Pay posts notifications to (functions/src/groupbuy/routes.ts). */
export const WECHAT_PAY_NOTIFY_PATH = 'v1/wechatpay/notify';

/** What each scheduled job may do to the table; a job missing here stops the synth. */
export const JOB_TABLE_ACCESS: Readonly<Record<string, TableAccess>> = {
  // Reads today's birthdays, then consumes the member's subscribe grant and records the
  // greeting so a retried run does not greet twice.
  'birthday-greetings': 'readWrite',
  // Finds expired lots through byExpiry, then empties them and writes the member's ledger entry.
  'expire-points': 'readWrite',
  // Walks joined members (byJoinDate) and their orders (byBuyer), moves tiers with a change
  // record, and spends a subscribe grant when it tells the member.
  'tier-review': 'readWrite',
  // Walks joined members (byJoinDate) and their order aggregates, then writes each member's
  // insight, the segment facets, stage changes and the run's figures.
  'insight-nightly': 'readWrite',
  // Reads soon-expiring lots through byExpiry, then claims each reminder and spends a grant.
  'points-expiry-reminders': 'readWrite',
  // Reads the open-complaint queue through byQueue, then closes resolved ones past the reopen window.
  'complaints-auto-close': 'readWrite',
  // Reads the queue and the staff directory, then claims each alert and spends a grant.
  'complaints-escalation': 'readWrite',
  // Reads the report rollup partition, then packs each day's and week's shards into one item.
  'complaints-compact-rollups': 'readWrite',
  // Reads the care rules, today's due members through the care indexes, then writes each delivery.
  'care-plan': 'readWrite',
  // Reads the due deliveries (byCareDue) and marks each queued (or held, or stale).
  'care-dispatch': 'readWrite',
  // Saves what reached the dead-letter queue for staff.
  'care-dead-letters': 'readWrite',
  // Reads due group-buy work (byCareDue, GROUPBUYDUE#…), then releases places, decides groups, records
  // refunds and pays the leader's reward (WeChat Pay over the internet, with the WeChat Pay secrets).
  'groupbuy-timers': 'readWrite',
  // Walks joined members (byJoinDate), the recent ledgers of active ones and the orders by paid day (byCareDay),
  // then writes flags (RISKFLAGS, once each) and the shop's order norm.
  'risk-watch': 'readWrite',
  // Reads the audit log's, the exports', the uploads' and the members' day lists past their periods,
  // then deletes what they list (and erases inactive members as account deletion does).
  retention: 'readWrite',
};

/**
 * Scheduled jobs that write, read or delete members' data exports (LINLI_EXPORTS_BUCKET and the
 * rights on it); the API function always has them. A name here that is not a job stops the synth.
 */
export const JOB_EXPORTS_ACCESS: ReadonlySet<string> = new Set<string>([
  // Deletes the files of exports past their day.
  'retention',
]);

/**
 * Scheduled jobs that list and delete photos (LINLI_PHOTOS_BUCKET, and only those two rights on the
 * photos prefix); no other job is named the bucket. A name here that is not a job stops the synth.
 */
export const JOB_PHOTOS_ACCESS: ReadonlySet<string> = new Set<string>([
  // Deletes uploads never attached, and an inactive member's photos with the rest of their data.
  'retention',
]);

/**
 * What each scheduled job does with the care delivery queue; a job missing here gets neither its
 * URLs nor any right on it. Each is given both URLs, since the config reads them as a pair.
 */
export const JOB_QUEUE_ACCESS: Readonly<Record<string, QueueAccess>> = {
  // Plans, then queues at once what is already due.
  'care-plan': 'send',
  // Queues each planned delivery whose send time has come.
  'care-dispatch': 'send',
  // Receives what failed every attempt, saves it for staff, then deletes it from the dead-letter queue.
  'care-dead-letters': 'drainDeadLetters',
};

/**
 * Most worker instances the care delivery queue may run at once. Each handles a batch of up to 10
 * messages in parallel, so at most 50 WeChat sends are in flight: WeChat answers too many calls
 * with -1 (busy) or 45009 (the AppID's quota), which only delays messages and spends their
 * receives, and every send is a few DynamoDB transactions on an on-demand table that throttles a
 * sudden jump far above its previous peak. At an estimated half second a message (not measured in
 * the cloud) five still send about 100 a second, 100,000 in under 20 minutes.
 * Set on the event source (not reserved concurrency), so Lambda polls no faster than this instead of
 * receiving messages it would then be throttled on (which would spend their receives too).
 */
export const CARE_WORKER_MAX_CONCURRENCY = 5;

/** The care delivery worker's event source and time limit. */
export const CARE_WORKER = {
  // Ten messages an invocation, all handled at once by the worker (its MESSAGES_IN_FLIGHT); each is
  // answered on its own.
  batchSize: 10,
  // Waits up to this long to fill a batch: fewer, fuller invocations when the dispatcher queues a trickle.
  maxBatchingWindow: Duration.seconds(5),
  // One batch is ten messages in parallel, each a few DynamoDB writes and one WeChat call (5 s
  // timeout each, a token refresh at most once more). AWS asks for a queue visibility timeout of at
  // least six function timeouts (room for retries when throttled); the stack refuses less.
  timeout: Duration.seconds(45),
} as const;

/**
 * The data export worker's event source and time limit: one export an invocation (a member's whole
 * data read and written as a dozen objects), two at once at most (exports are rare: one a member a day).
 */
export const EXPORT_WORKER = {
  batchSize: 1,
  maxConcurrency: 2,
  timeout: Duration.seconds(45),
} as const;

/** HTTP API stage throttling: generous for one shop's members, a ceiling against abuse. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export interface LinliStackProps extends StackProps {
  /**
   * RETAIN for production: the table (also deletion-protected), the secret holding the phone
   * encryption key, the buckets, the KMS keys their data is encrypted with, and the logs outlive
   * the stack. DESTROY lets a dev stack clean up.
   */
  removalPolicy: RemovalPolicy;
  /** miniprogram_state offered as the parameter's default: `formal` in production. */
  defaultMiniprogramState: 'developer' | 'trial' | 'formal';
  logRetention?: logs.RetentionDays;
}

/**
 * Linli's backend: one table, one secret, the photos and exports buckets, the care delivery queue,
 * the HTTP API function, one function per scheduled job, and the alarms on all of them.
 */
export class LinliStack extends Stack {
  readonly table: LinliTable;
  readonly secrets: secretsmanager.Secret;
  readonly photos: LinliPhotosBucket;
  /** Members' data exports from the privacy centre, expired after a day. */
  readonly exports: LinliExportsBucket;
  /** Every alarm of the stack and the topic they notify. */
  readonly alarms: LinliAlarms;
  /** Care messages, one per recipient, waiting for the delivery worker. */
  readonly careDelivery: LinliQueue;
  /** Sends what arrives on the care delivery queue (Lambda polls the queue and calls it with batches). */
  readonly careDeliveryWorker: LinliFunction;
  /** Members' requested data exports, waiting for the export worker. */
  readonly dataExport: LinliQueue;
  /** Builds each requested export into the exports bucket. */
  readonly dataExportWorker: LinliFunction;
  readonly apiFunction: LinliFunction;
  readonly jobFunctions: ReadonlyMap<string, LinliFunction>;
  readonly httpApi: apigwv2.HttpApi;
  readonly httpApiStage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: LinliStackProps) {
    super(scope, id, props);
    const { removalPolicy } = props;
    const retain = removalPolicy === RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    // Plain (non-secret) settings are deployment parameters, so `cdk synth` needs no account
    // specifics and CloudFormation refuses a deploy that forgot them.
    const wechatAppId = new CfnParameter(this, 'WechatAppId', {
      type: 'String',
      description: 'The mini-program AppID from the WeChat console (wx followed by 16 characters).',
      allowedPattern: '^wx[0-9A-Za-z]{16}$',
      constraintDescription: 'must be a WeChat AppID: wx followed by 16 letters or digits',
    });
    const birthdayTemplateId = new CfnParameter(this, 'WechatTemplateBirthday', {
      type: 'String',
      description: 'Subscribe-message template ID used for birthday greetings.',
      minLength: 1,
    });
    const tierChangedTemplateId = new CfnParameter(this, 'WechatTemplateTierChanged', {
      type: 'String',
      description: 'Subscribe-message template ID used to tell members their tier changed.',
      minLength: 1,
    });
    const pointsExpiringTemplateId = new CfnParameter(this, 'WechatTemplatePointsExpiring', {
      type: 'String',
      description: 'Subscribe-message template ID used to remind members that points expire soon.',
      minLength: 1,
    });
    const complaintUpdateTemplateId = new CfnParameter(this, 'WechatTemplateComplaintUpdate', {
      type: 'String',
      description: 'Subscribe-message template ID used to tell buyers their complaint was acknowledged, answered or resolved.',
      minLength: 1,
    });
    const complaintAlertTemplateId = new CfnParameter(this, 'WechatTemplateComplaintAlert', {
      type: 'String',
      description: 'Subscribe-message template ID used to warn agents and escalate to supervisors before and on an SLA breach.',
      minLength: 1,
    });
    const miniprogramState = new CfnParameter(this, 'WechatMiniprogramState', {
      type: 'String',
      description: 'miniprogram_state for subscribe messages.',
      allowedValues: ['developer', 'trial', 'formal'],
      default: props.defaultMiniprogramState,
    });
    // Empty by default: a stack that already has an admin needs none. Only the API reads it.
    const foundingAdminOpenids = new CfnParameter(this, 'FoundingAdminOpenids', {
      type: 'String',
      description: 'Openids (comma-separated) that become an active admin at their first login: the first admin of a fresh deployment.',
      default: '',
      allowedPattern: '^$|^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$',
      constraintDescription: 'must be WeChat openids separated by commas, without spaces',
    });
    const wechatPayMchId = new CfnParameter(this, 'WechatPayMchId', {
      type: 'String',
      description: 'The WeChat Pay merchant id (mchid, 商户号) bound to the mini-program.',
      allowedPattern: '^[0-9]{8,12}$',
      constraintDescription: 'must be a WeChat Pay merchant id: 8 to 12 digits',
    });
    const wechatPayMerchantSerialNo = new CfnParameter(this, 'WechatPayMerchantSerialNo', {
      type: 'String',
      description:
        'Serial number of the merchant API certificate (商户API证书序列号) whose private key is wechatPayPrivateKey in the secret.',
      allowedPattern: '^[0-9A-Fa-f]{8,64}$',
      constraintDescription: 'must be a certificate serial number in hexadecimal',
    });
    const wechatPayPublicKeyId = new CfnParameter(this, 'WechatPayPublicKeyId', {
      type: 'String',
      description:
        "The WeChat Pay public key's id (PUB_KEY_ID_…; the key itself is wechatPayPublicKey in the secret), or none for platform-certificate mode.",
      allowedPattern: '^(PUB_KEY_ID_[0-9A-Za-z]+|none)$',
      constraintDescription: 'must be PUB_KEY_ID_ followed by letters or digits, or none',
    });
    const wechatPayNotifyUrl = new CfnParameter(this, 'WechatPayNotifyUrl', {
      type: 'String',
      description: `Where WeChat Pay posts notifications (https, no query). Empty: this stack's API URL + ${WECHAT_PAY_NOTIFY_PATH}; set it when the API is served on a custom domain.`,
      default: '',
      allowedPattern: '^$|^https://[^?#\\s]+$',
      constraintDescription: 'must be empty or an https URL without a query',
    });
    const fulfilmentWebhookUrl = new CfnParameter(this, 'FulfilmentWebhookUrl', {
      type: 'String',
      description:
        "Where the seller's shop takes successful group-buy orders for fulfilment (https): a POST signed with webhookSecret from the secret, as the shop signs the orders it posts to Linli.",
      allowedPattern: '^https://[^\\s]+$',
      constraintDescription: 'must be an https URL',
    });
    const wechatEnvironment = {
      WECHAT_APP_ID: wechatAppId.valueAsString,
      WECHAT_API_BASE,
      WECHAT_TEMPLATE_BIRTHDAY: birthdayTemplateId.valueAsString,
      WECHAT_TEMPLATE_TIER_CHANGED: tierChangedTemplateId.valueAsString,
      WECHAT_TEMPLATE_POINTS_EXPIRING: pointsExpiringTemplateId.valueAsString,
      WECHAT_TEMPLATE_COMPLAINT_UPDATE: complaintUpdateTemplateId.valueAsString,
      WECHAT_TEMPLATE_COMPLAINT_ALERT: complaintAlertTemplateId.valueAsString,
      WECHAT_MINIPROGRAM_STATE: miniprogramState.valueAsString,
      WECHAT_PAY_MCH_ID: wechatPayMchId.valueAsString,
      WECHAT_PAY_API_BASE,
      WECHAT_PAY_MERCHANT_SERIAL_NO: wechatPayMerchantSerialNo.valueAsString,
      WECHAT_PAY_PUBLIC_KEY_ID: wechatPayPublicKeyId.valueAsString,
    };
    // Every function reads the whole configuration (config.ts requires each setting in the cloud).
    const functionEnvironment = { ...wechatEnvironment, LINLI_FULFILMENT_WEBHOOK_URL: fulfilmentWebhookUrl.valueAsString };

    this.table = new LinliTable(this, 'Table', {
      removalPolicy,
      deletionProtection: retain,
      withheldIndexes: nameList(this.node.tryGetContext(WITHHELD_INDEXES_CONTEXT)),
    });

    const photoCorsOrigins = new CfnParameter(this, 'PhotoCorsOrigins', {
      type: 'CommaDelimitedList',
      description:
        'Browser origins (comma-separated, each https://host[:port]) where an H5 build is served: they may call the API (CORS) and upload and show photos. The WeChat mini-program itself is not subject to CORS, so the default admits no other site.',
      default: 'https://servicewechat.com',
    });
    // Not emptied on a dev stack's destroy: that would need a custom-resource Lambda. Empty it first.
    this.photos = new LinliPhotosBucket(this, 'Photos', { removalPolicy, corsOrigins: photoCorsOrigins.valueAsList });
    // Not emptied on a dev stack's destroy either; its objects expire within two days by themselves.
    this.exports = new LinliExportsBucket(this, 'Exports', {
      removalPolicy,
      accessLogs: this.photos.accessLogs,
      corsOrigins: photoCorsOrigins.valueAsList,
    });

    // Planners put a message per recipient here; the delivery worker drains it within minutes, so
    // an hour-old message means the worker is stopped or WeChat has been refusing for a while.
    this.careDelivery = new LinliQueue(this, 'CareDelivery', {
      definition: CARE_DELIVERY_QUEUE,
      removalPolicy,
      oldestMessageAlarmAge: Duration.hours(1),
      urlVariables: { queue: 'LINLI_CARE_DELIVERY_QUEUE_URL', deadLetter: 'LINLI_CARE_DELIVERY_DLQ_URL' },
    });
    // A build takes seconds; an export waiting an hour means the worker is stopped or failing.
    this.dataExport = new LinliQueue(this, 'DataExport', {
      definition: DATA_EXPORT_QUEUE,
      removalPolicy,
      oldestMessageAlarmAge: Duration.hours(1),
      urlVariables: { queue: 'LINLI_DATA_EXPORT_QUEUE_URL', deadLetter: 'LINLI_DATA_EXPORT_DLQ_URL' },
    });

    this.secrets = new secretsmanager.Secret(this, 'Secrets', {
      description:
        'Linli secrets (JSON). Fill wechatAppSecret, webhookSecret, phoneEncryptionKey, phoneLookupKey, wechatPayPrivateKey, wechatPayApiV3Key and wechatPayPublicKey after the first deploy.',
      // Only tokenSigningKey can be generated: the other values come from WeChat's and WeChat
      // Pay's consoles or must be a base64 32-byte key, so the operator sets them (infra/README.md).
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          wechatAppSecret: '',
          webhookSecret: '',
          phoneEncryptionKey: '',
          phoneLookupKey: '',
          wechatPayPrivateKey: '',
          wechatPayApiV3Key: '',
          wechatPayPublicKey: '',
        }),
        generateStringKey: 'tokenSigningKey',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy,
    });
    Validations.of(this.secrets).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No automatic rotation: wechatAppSecret is issued and reset in the WeChat console, the WeChat Pay keys in the WeChat Pay merchant console, phoneEncryptionKey cannot change without re-encrypting stored phone numbers, nor phoneLookupKey without re-linking verified phones. Rotation is the manual procedure in infra/README.md.',
    });

    this.apiFunction = new LinliFunction(this, 'ApiFunction', {
      removalPolicy,
      logRetention,
      entry: 'functions/src/lambda/api.ts',
      description: 'Linli HTTP API (Hono)',
      environment: {
        ...functionEnvironment,
        LINLI_FOUNDING_ADMIN_OPENIDS: foundingAdminOpenids.valueAsString,
        // The H5 site calls the API from the origins that also upload photos; only the API serves browsers.
        LINLI_ALLOWED_ORIGINS: Fn.join(',', photoCorsOrigins.valueAsList),
      },
    })
      .bindTable(this.table, 'readWrite')
      .bindSecrets(this.secrets)
      .bindPhotos(this.photos)
      // The privacy centre writes a member's export and hands out its download link.
      .bindExports(this.exports)
      // Staff retrying a dead letter put its message back on the queue.
      .bindQueue(this.careDelivery, 'send')
      // A member's export request is queued for the export worker.
      .bindQueue(this.dataExport, 'send');

    this.careDeliveryWorker = this.createCareDeliveryWorker({ removalPolicy, logRetention, environment: functionEnvironment });
    this.dataExportWorker = this.createDataExportWorker({ removalPolicy, logRetention, environment: functionEnvironment });

    [this.httpApi, this.httpApiStage] = this.createHttpApi(this.apiFunction, { removalPolicy, logRetention });

    this.jobFunctions = this.createScheduledJobs({ removalPolicy, logRetention, environment: functionEnvironment });

    // Known only once the API exists; every function reads it (refunds from the jobs name it too).
    const notifyUrlGiven = new CfnCondition(this, 'WechatPayNotifyUrlGiven', {
      expression: Fn.conditionNot(Fn.conditionEquals(wechatPayNotifyUrl.valueAsString, '')),
    });
    const notifyUrl = Fn.conditionIf(
      notifyUrlGiven.logicalId,
      wechatPayNotifyUrl.valueAsString,
      `${this.httpApiStage.url}${WECHAT_PAY_NOTIFY_PATH}`,
    ).toString();
    for (const fn of [this.apiFunction, this.careDeliveryWorker, this.dataExportWorker, ...this.jobFunctions.values()]) {
      fn.addEnvironment('WECHAT_PAY_NOTIFY_URL', notifyUrl);
    }

    // Last, so that it sees every function, queue and alarm above.
    this.alarms = new LinliAlarms(this, 'Alarms', { removalPolicy, email: alarmEmail(this.node.tryGetContext(ALARM_EMAIL_CONTEXT)) });
    this.alarms.watchStack({ httpApi: this.httpApi, table: this.table });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApiStage.url, description: 'Base URL of the Linli HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'PhotosBucketName', {
      value: this.photos.bucket.bucketName,
      description: "Complaint photos; add its domain to the mini-program's uploadFile domains",
    });
    new CfnOutput(this, 'ExportsBucketName', {
      value: this.exports.bucket.bucketName,
      description: "Members' data exports; add its domain to the mini-program's downloadFile domains",
    });
    new CfnOutput(this, 'AlarmsTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Every alarm notifies this topic; subscribe to it (or deploy with -c linli:alarmEmail=…)',
    });
    new CfnOutput(this, 'SecretsArn', {
      value: this.secrets.secretArn,
      description: 'Secrets Manager secret to fill after the first deploy (infra/README.md)',
    });
  }

  private createHttpApi(
    handler: lambda.IFunction,
    options: { removalPolicy: RemovalPolicy; logRetention: logs.RetentionDays },
  ): [apigwv2.HttpApi, apigwv2.HttpStage] {
    const api = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Linli HTTP API',
      // Every path goes to the one Hono app, which does its own routing and 404s.
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', handler),
      createDefaultStage: false,
    });
    Validations.of(api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        "Authorisation happens in the Hono app: sessions come from WeChat login (code2Session) as HMAC-signed tokens, the WeChat webhook is verified by its signature, and WeChat Pay notifications by WeChat Pay's RSA signature. API Gateway authorizers cannot validate any of them.",
    });

    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', {
      retention: options.logRetention,
      removalPolicy: options.removalPolicy,
    });
    const stage = new apigwv2.HttpStage(this, 'HttpApiDefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: HTTP_API_ACCESS_LOG_FORMAT,
      },
    });
    return [api, stage];
  }

  private createCareDeliveryWorker(options: {
    removalPolicy: RemovalPolicy;
    logRetention: logs.RetentionDays;
    environment: Record<string, string>;
  }): LinliFunction {
    const visibilitySeconds = CARE_DELIVERY_QUEUE.visibilityTimeoutSeconds;
    const neededSeconds = 6 * CARE_WORKER.timeout.toSeconds() + CARE_WORKER.maxBatchingWindow.toSeconds();
    if (visibilitySeconds < neededSeconds) {
      throw new Error(
        `The care delivery queue hides a message ${visibilitySeconds} s; its worker needs at least ${neededSeconds} s (six function timeouts and the batching window)`,
      );
    }
    const worker = new LinliFunction(this, 'CareDeliveryWorkerFunction', {
      entry: 'functions/src/lambda/care-delivery-worker.ts',
      description: 'Sends care messages from the care delivery queue through WeChat, once each',
      timeout: CARE_WORKER.timeout,
      environment: options.environment,
      removalPolicy: options.removalPolicy,
      logRetention: options.logRetention,
    })
      // Claims each send, records what WeChat answered, hands out gifts, returns authorizations.
      .bindTable(this.table, 'readWrite')
      .bindSecrets(this.secrets)
      // The URLs only: the event source grants receiving, deleting and changing visibility (the
      // worker's own backoff before a retry), on this queue alone.
      .bindQueue(this.careDelivery);
    worker.addEventSource(
      new SqsEventSource(this.careDelivery.queue, {
        batchSize: CARE_WORKER.batchSize,
        maxBatchingWindow: CARE_WORKER.maxBatchingWindow,
        maxConcurrency: CARE_WORKER_MAX_CONCURRENCY,
        // The worker answers the messages to receive again; the others are deleted, so one failure
        // never sends its neighbours twice.
        reportBatchItemFailures: true,
      }),
    );
    return worker;
  }

  private createDataExportWorker(options: {
    removalPolicy: RemovalPolicy;
    logRetention: logs.RetentionDays;
    environment: Record<string, string>;
  }): LinliFunction {
    if (DATA_EXPORT_QUEUE.visibilityTimeoutSeconds < 6 * EXPORT_WORKER.timeout.toSeconds()) {
      throw new Error('The data export queue must hide a message at least six export worker timeouts');
    }
    // The exports bucket (LINLI_EXPORTS_BUCKET, with its key): the worker writes an export's files and
    // removes a failed build's; the API signs the download links.
    const worker = new LinliFunction(this, 'DataExportWorkerFunction', {
      entry: 'functions/src/lambda/data-export-worker.ts',
      description: "Builds a member's requested data export (JSON and CSVs) into the exports bucket",
      timeout: EXPORT_WORKER.timeout,
      environment: options.environment,
      removalPolicy: options.removalPolicy,
      logRetention: options.logRetention,
    })
      // Reads the member's data; claims the export and marks it ready or failed.
      .bindTable(this.table, 'readWrite')
      .bindSecrets(this.secrets)
      .bindExports(this.exports)
      .bindQueue(this.dataExport);
    worker.addEventSource(
      new SqsEventSource(this.dataExport.queue, {
        batchSize: EXPORT_WORKER.batchSize,
        maxConcurrency: EXPORT_WORKER.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    return worker;
  }

  private createScheduledJobs(options: {
    removalPolicy: RemovalPolicy;
    logRetention: logs.RetentionDays;
    environment: Record<string, string>;
  }): Map<string, LinliFunction> {
    // A job run that never succeeded ends here: either Scheduler could not invoke the function,
    // or the function failed after Lambda's asynchronous retries.
    const deadLetters = new sqs.Queue(this, 'JobDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: options.removalPolicy,
    });
    const group = new scheduler.ScheduleGroup(this, 'Schedules', { removalPolicy: options.removalPolicy });

    const unknownExportJobs = [...JOB_EXPORTS_ACCESS].filter((name) => !SCHEDULED_JOBS.some((job) => job.name === name));
    if (unknownExportJobs.length > 0) throw new Error(`JOB_EXPORTS_ACCESS names no scheduled job: ${unknownExportJobs.join(', ')}`);
    const unknownPhotoJobs = [...JOB_PHOTOS_ACCESS].filter((name) => !SCHEDULED_JOBS.some((job) => job.name === name));
    if (unknownPhotoJobs.length > 0) throw new Error(`JOB_PHOTOS_ACCESS names no scheduled job: ${unknownPhotoJobs.join(', ')}`);

    const functions = new Map<string, LinliFunction>();
    for (const job of SCHEDULED_JOBS) {
      const access = JOB_TABLE_ACCESS[job.name];
      if (!access) throw new Error(`Scheduled job "${job.name}" has no entry in JOB_TABLE_ACCESS (infra/linli-stack.ts)`);
      const id = pascalCase(job.name);

      const fn = new LinliFunction(this, `${id}Function`, {
        entry: job.lambdaEntry,
        description: job.description.slice(0, 256),
        timeout: Duration.minutes(job.timeoutMinutes ?? 5),
        ...(job.memoryMb ? { memorySize: job.memoryMb } : {}),
        deadLetterQueue: deadLetters,
        environment: options.environment,
        removalPolicy: options.removalPolicy,
        logRetention: options.logRetention,
      })
        .bindTable(this.table, access)
        .bindSecrets(this.secrets);
      if (JOB_EXPORTS_ACCESS.has(job.name)) fn.bindExports(this.exports);
      if (JOB_PHOTOS_ACCESS.has(job.name)) fn.bindPhotoDeletion(this.photos);
      const queueAccess = JOB_QUEUE_ACCESS[job.name];
      if (queueAccess) fn.bindQueue(this.careDelivery, queueAccess);

      // One role per schedule, so each may invoke only its own function.
      const role = new iam.Role(this, `${id}SchedulerRole`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: {
            StringEquals: { 'aws:SourceAccount': this.account, 'aws:SourceArn': group.scheduleGroupArn },
          },
        }),
        description: `EventBridge Scheduler invokes ${job.name}`,
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
        reason: `LambdaInvoke grants lambda:InvokeFunction on the ${job.name} function and its versions/aliases (ARN:*); no other function.`,
      });

      new scheduler.Schedule(this, `${id}Schedule`, {
        description: job.description.slice(0, 512),
        scheduleGroup: group,
        schedule: scheduler.ScheduleExpression.expression(toEventBridgeCron(job.cron), TimeZone.of(job.timeZone)),
        timeWindow: scheduler.TimeWindow.off(),
        target: new LambdaInvoke(fn, {
          role,
          deadLetterQueue: deadLetters,
          retryAttempts: 3,
          maxEventAge: Duration.hours(2),
        }),
      });
      functions.set(job.name, fn);
    }
    return functions;
  }
}

// HTTP APIs support only a subset of REST's $context variables; each of these is one of them.
const HTTP_API_ACCESS_LOG_FORMAT = apigateway.AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * Context key (`cdk deploy -c linli:withheldIndexes=byA,byB`) naming indexes of TABLE_DEFINITION to
 * leave out of this deploy: DynamoDB adds one index per table update (infra/README.md).
 */
export const WITHHELD_INDEXES_CONTEXT = 'linli:withheldIndexes';

/** A context value as names: `-c` gives a comma-separated string, cdk.json may give a list. */
function nameList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const names = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return names.map((name) => name.trim()).filter((name) => name !== '');
}

/** The alarm email context value, checked: a typo would subscribe nobody and say nothing. */
function alarmEmail(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const email = String(value).trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`${ALARM_EMAIL_CONTEXT} is not an email address: ${email}`);
  return email;
}

function pascalCase(name: string): string {
  return name.replace(/(^|[-_\s]+)(\w)/g, (_, __, c: string) => c.toUpperCase());
}
