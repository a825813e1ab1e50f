import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../http/app.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();
let lambdaHandler: ReturnType<typeof handle> | null = null;

/** API Gateway HTTP API (payload v2) entry point: the same Hono app `npm start` serves. */
export const handler = async (event: LambdaEvent, context?: LambdaContext) => {
  lambdaHandler ??= handle(createApp(await deps()));
  return lambdaHandler(event, context);
};
