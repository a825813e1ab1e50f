import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../dev/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One in-memory DynamoDB Local for the whole run; each test file makes its own tables in it. */
// The SDK's notice about its future Node 22 floor is noise on this Node 20 machine.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal({});
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => dynamo.stop();
}
