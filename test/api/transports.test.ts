import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { startWechatEmulator } from '../../dev/wechat-emulator/index.ts';
import { startApiServer, type RunningApi } from '../../dev/api-server.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import type * as LambdaApi from '../../functions/src/lambda/api.ts';
import { signWebhookBody } from '../../functions/src/platform/webhook-signature.ts';

let stack: TestStack;
let server: RunningApi;
let wechat: Awaited<ReturnType<typeof startWechatEmulator>>;
let lambdaHandler: typeof LambdaApi.handler;

beforeAll(async () => {
  stack = await createTestStack();
  server = await startApiServer(stack.deps, { port: 0 });
  // The real Lambda entry module, configured from the environment as in the cloud (local stage).
  wechat = await startWechatEmulator({ port: 0, appId: stack.config.wechat.appId, appSecret: stack.deps.secrets.wechatAppSecret });
  process.env.LINLI_TABLE_NAME = stack.config.tableName;
  process.env.DYNAMODB_ENDPOINT = stack.config.dynamoEndpoint;
  process.env.WECHAT_API_BASE = wechat.url;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  lambdaHandler = (await import('../../functions/src/lambda/api.ts')).handler;
});
afterAll(async () => {
  await server.stop();
  await wechat.stop();
  await stack.close();
});

/** An API Gateway HTTP API (payload 2.0) event, as Lambda receives it. */
function httpApiEvent(method: string, path: string, options: { body?: string; headers?: Record<string, string>; query?: string } = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: { host: 'api.linli.example', 'content-type': 'application/json', ...options.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.linli.example',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'test' },
      requestId: 'req',
      routeKey: '$default',
      stage: '$default',
      time: '23/Nov/2026:02:00:00 +0000',
      timeEpoch: 1795399200000,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
  } satisfies APIGatewayProxyEventV2 as unknown as LambdaEvent; // hono's type also wants authorizer fields an HTTP API without authorizers omits
}

describe('through the Lambda handler (API Gateway v2 events)', () => {
  const lambda = () => lambdaHandler;

  it('logs in, joins, receives a signed order and shows the points on /v1/me', async () => {
    const login = await lambda()(httpApiEvent('POST', '/v1/auth/wechat', { body: JSON.stringify({ code: 'dev-lambda-user.1' }) }));
    expect(login.statusCode).toBe(200);
    const { token } = JSON.parse(login.body);
    const auth = { authorization: `Bearer ${token}` };
    const policy = JSON.parse((await lambda()(httpApiEvent('GET', '/v1/privacy-policy'))).body);
    const joined = await lambda()(
      httpApiEvent('POST', '/v1/me/consent', { headers: auth, body: JSON.stringify({ policyVersion: policy.version, accepted: true }) }),
    );
    expect(joined.statusCode).toBe(200);

    const body = JSON.stringify(sampleOrder({ orderId: 'lambda-1', openid: 'o-lambda-user', paidFen: 88_800 }));
    const timestamp = Math.floor(Date.now() / 1000); // the Lambda runs on the real clock;
    const order = await lambda()(
      httpApiEvent('POST', '/v1/webhooks/orders', {
        body,
        headers: {
          'x-linli-timestamp': String(timestamp),
          'x-linli-signature': signWebhookBody('linli-local-webhook-secret', timestamp, body),
        },
      }),
    );
    expect(JSON.parse(order.body)).toMatchObject({ status: 'credited', points: 888 });

    const me = await lambda()(httpApiEvent('GET', '/v1/me', { headers: auth }));
    expect(JSON.parse(me.body).points.pending).toBe(888);
  });

  it('maps errors to status codes through the handler too', async () => {
    expect((await lambda()(httpApiEvent('GET', '/v1/me'))).statusCode).toBe(401);
    expect((await lambda()(httpApiEvent('GET', '/nope'))).statusCode).toBe(404);
    const bad = await lambda()(httpApiEvent('POST', '/v1/auth/wechat', { body: '{}' }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('VALIDATION_FAILED');
  });
});

describe('over HTTP', () => {
  it('serves the same API on a real socket', async () => {
    const api = apiClient(stack, (path, init) => fetch(`${server.url}${path}`, init));
    const session = await api.login('http-user');
    await api.join(session.token);
    const response = await api.postOrder(sampleOrder({ orderId: 'http-1', openid: 'o-http-user', paidFen: 1_000 }));
    expect(response.status).toBe(200);
    const me = await (await api.json('GET', '/v1/me', undefined, session.token)).json();
    expect(me.points.pending).toBe(10);
    const docs = await fetch(`${server.url}/openapi.json`);
    expect(docs.headers.get('content-type')).toContain('application/json');
  });

  it('answers CORS preflights from the H5 origin', async () => {
    const response = await fetch(`${server.url}/v1/me`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:10086',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086');
    // Tags are taken off with DELETE, sent as it is (wx.request has DELETE; only PATCH is tunnelled).
    expect(response.headers.get('access-control-allow-methods')).toContain('DELETE');
  });
});
