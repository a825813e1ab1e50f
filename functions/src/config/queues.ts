/**
 * The queues Linli runs on, defined once: the CDK stack deploys them on Amazon SQS (with names
 * CloudFormation picks), and the local stack and the tests create them by these names on the
 * SQS-compatible server in dev/sqs-server.ts.
 */
export interface QueueDefinition {
  /** The queue's name locally; in the cloud functions get its URL from the environment. */
  name: string;
  /** Where a message goes once it has been received maxReceiveCount times without being deleted. */
  deadLetterName: string;
  maxReceiveCount: number;
  /** How long a received message stays hidden from other consumers before it may be received again. */
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
  /** Longer than the queue's own: SQS keeps a message's first enqueue time when it moves to the dead-letter queue. */
  deadLetterRetentionSeconds: number;
}

const DAY_SECONDS = 24 * 3600;

/** One message per recipient of a care message, waiting for the delivery worker. */
export const CARE_DELIVERY_QUEUE: QueueDefinition = {
  name: 'care-delivery',
  deadLetterName: 'care-delivery-dlq',
  // A send that failed five times (rate limits backed off, transient errors retried) needs a person.
  maxReceiveCount: 5,
  // Covers one worker batch, WeChat's retries included, with room to spare.
  visibilityTimeoutSeconds: 5 * 60,
  retentionSeconds: 4 * DAY_SECONDS,
  // The maximum SQS allows: staff have two weeks to look at a failed message and retry it.
  deadLetterRetentionSeconds: 14 * DAY_SECONDS,
};

/** One message per requested data export (导出我的数据), waiting for the export worker to build it. */
export const DATA_EXPORT_QUEUE: QueueDefinition = {
  name: 'data-export',
  deadLetterName: 'data-export-dlq',
  // The worker marks the export failed itself on the last receive; a message past this could not even do that.
  maxReceiveCount: 4,
  // Covers one build (a member's data is read and written as a few objects) and its retries' backoff.
  visibilityTimeoutSeconds: 5 * 60,
  // An export the queue still holds a day later has outlived its purpose (the purge expires it anyway).
  retentionSeconds: DAY_SECONDS,
  deadLetterRetentionSeconds: 14 * DAY_SECONDS,
};

/** A queue's URL and its dead-letter queue's URL, as functions address them. */
export interface QueueUrls {
  url: string;
  deadLetterUrl: string;
}

/**
 * The URL the local SQS server (fauxqs) gives a queue: AWS's shape with host `localhost`, the
 * server's port and its fixed account 000000000000 (dev/sqs-server.test.ts checks the server
 * still does this). Its host is only the queue's name to the server: a client given an endpoint
 * sends every request there.
 */
export function localQueueUrl(endpoint: string, region: string, name: string): string {
  return `http://sqs.${region}.localhost:${new URL(endpoint).port}/000000000000/${name}`;
}

/** The care delivery queue's URLs; a function not bound to the queue (no URLs in its environment) is told so. */
export function careDeliveryQueue(config: { queues: { careDelivery: QueueUrls | null } }): QueueUrls {
  const queue = config.queues.careDelivery;
  if (!queue) throw new Error('The care delivery queue is not configured (LINLI_CARE_DELIVERY_QUEUE_URL)');
  return queue;
}

/** The data export queue's URLs; a function not bound to the queue is told so. */
export function dataExportQueue(config: { queues: { dataExport: QueueUrls | null } }): QueueUrls {
  const queue = config.queues.dataExport;
  if (!queue) throw new Error('The data export queue is not configured (LINLI_DATA_EXPORT_QUEUE_URL)');
  return queue;
}
