import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../http/app.ts';
import { depsFromEnvironment } from '../runtime.ts';

// Built once per cold start: secrets are fetched before the first request is served.
const ready = depsFromEnvironment().then((deps) => handle(createApp(deps)));

/** API Gateway HTTP API (payload v2) entry point. */
export const handler = async (event: LambdaEvent, context?: LambdaContext) => (await ready)(event, context);
