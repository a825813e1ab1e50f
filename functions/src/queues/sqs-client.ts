import { SQSClient } from '@aws-sdk/client-sqs';

/** Builds the SQS client; `endpoint` is set only for the local SQS-compatible server. */
export function createSqsClient(options: { region: string; endpoint?: string }): SQSClient {
  return new SQSClient({
    region: options.region,
    // The local server accepts any credentials; these keep the SDK from looking for real ones.
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}
