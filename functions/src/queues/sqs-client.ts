import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientSettings, reportOutagesAs, type AwsClientTimeouts } from '../platform/dependency-faults.ts';

/**
 * Builds the SQS client; `endpoint` is set only for the local SQS-compatible server. Its timeouts
 * bound a call to a silent queue (tests set small ones; long polls add their wait, see receiveMessages).
 */
export function createSqsClient(options: { region: string; endpoint?: string; timeouts?: AwsClientTimeouts }): SQSClient {
  return reportOutagesAs(
    new SQSClient({
      region: options.region,
      ...awsClientSettings(options.timeouts),
      // The local server accepts any credentials; these keep the SDK from looking for real ones.
      ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    }),
    'queue',
  );
}
