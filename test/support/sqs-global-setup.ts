import type { TestProject } from 'vitest/node';
import { startLocalSqs } from '../../dev/sqs-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sqsEndpoint: string;
  }
}

/** One local SQS server for the whole run; each test stack makes its own queues on it. */
export default async function setup(project: TestProject) {
  const sqs = await startLocalSqs();
  project.provide('sqsEndpoint', sqs.endpoint);
  return async () => sqs.stop();
}
