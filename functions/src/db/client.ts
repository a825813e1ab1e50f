import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Database {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/** Builds the document client; `endpoint` is set only for DynamoDB Local. */
export function createDatabase(options: { tableName: string; region: string; endpoint?: string }): Database {
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { doc, tableName: options.tableName };
}
