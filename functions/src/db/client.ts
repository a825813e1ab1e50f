import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientSettings, reportOutagesAs, type AwsClientTimeouts } from '../platform/dependency-faults.ts';

export interface Database {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Builds the document client; `endpoint` is set only for DynamoDB Local. Its timeouts bound how long
 * a request waits on a silent table (tests set small ones); an outage leaves it marked as the
 * database's (see platform/dependency-faults.ts).
 */
export function createDatabase(options: { tableName: string; region: string; endpoint?: string; timeouts?: AwsClientTimeouts }): Database {
  const client = new DynamoDBClient({
    region: options.region,
    ...awsClientSettings(options.timeouts),
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const doc = DynamoDBDocumentClient.from(reportOutagesAs(client, 'database'), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { doc, tableName: options.tableName };
}
