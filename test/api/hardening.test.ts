import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createDatabase } from '../../functions/src/db/client.ts';
import { keys } from '../../functions/src/db/keys.ts';
import { createApp } from '../../functions/src/http/app.ts';
import { RATE_LIMITED_OPERATIONS } from '../../functions/src/http/request-limits.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

/*
 * What the API admits besides its routes' own rules: browser origins (CORS), the headers on every
 * answer, the largest body, and rate limits per caller address (login, webhooks) or per member
 * (photo upload grants). Requests "from" an address carry it as API Gateway hands it to the
 * Lambda (requestContext.http.sourceIp); the limits here are small settings, so a few requests
 * reach them, and the clock is moved to the next window instead of waited on.
 */

const LIMITS = { LINLI_RATE_LIMIT_LOGIN: '3', LINLI_RATE_LIMIT_WEBHOOKS: '2', LINLI_RATE_LIMIT_PHOTO_UPLOADS: '2' };
const MAX_BODY_BYTES = 1_000_000;

let stack: TestStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-23T02:00:20.000Z', env: LIMITS });
  api = apiClient(stack);
});
afterAll(() => stack.close());

/** The environment hono/aws-lambda gives the app for an API Gateway HTTP API request from `sourceIp`. */
function throughApiGateway(sourceIp: string) {
  return { requestContext: { http: { sourceIp } } };
}

/** A client whose requests come from `sourceIp`, as API Gateway reports it. */
function from(sourceIp: string, app = stack.app) {
  return apiClient(stack, (path, init) => Promise.resolve(app.request(path, init, throughApiGateway(sourceIp))));
}

async function storedOrder(orderId: string) {
  const { Item } = await stack.deps.db.doc.send(new GetCommand({ TableName: stack.deps.db.tableName, Key: keys.order(orderId) }));
  return Item;
}

/** Moves the clock to the first second of the next minute: a new rate window. */
function nextMinute() {
  const now = stack.clock().getTime();
  stack.clock.set(new Date(Math.floor(now / 60_000) * 60_000 + 60_000));
}

describe('CORS', () => {
  const preflight = (origin: string, app = stack.app) =>
    app.request('/v1/me', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('lets the local H5 servers (any port on 127.0.0.1 or localhost) read answers', async () => {
    // `npm start`'s H5 dev server, and the browser tests' H5 server on whatever port was free.
    for (const origin of ['http://127.0.0.1:10086', 'http://127.0.0.1:43127', 'http://localhost:10086']) {
      const response = await stack.app.request('/v1/privacy-policy', { headers: { origin } });
      expect(response.status, origin).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin);
      expect(response.headers.get('vary')).toContain('Origin');
    }
  });

  it('never tells another site its page may read an answer', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example:10086', 'null', 'http://192.168.1.5:10086']) {
      const response = await stack.app.request('/v1/privacy-policy', { headers: { origin } });
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    expect((await stack.app.request('/v1/privacy-policy')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight: the methods and headers the H5 build sends, for an allowed origin only', async () => {
    const allowed = await preflight('http://127.0.0.1:10086');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('admits exactly the configured origins (LINLI_ALLOWED_ORIGINS) in place of the local ones', async () => {
    const config = { ...stack.config, http: { ...stack.config.http, allowedOrigins: ['https://h5.linli.example'] } };
    const app = createApp({ ...stack.deps, config });
    expect((await preflight('https://h5.linli.example', app)).headers.get('access-control-allow-origin')).toBe('https://h5.linli.example');
    expect((await preflight('https://h5.linli.example:8443', app)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight('http://127.0.0.1:10086', app)).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('headers on every answer', () => {
  const expectHardened = (response: Response, where: string) => {
    expect(response.headers.get('x-content-type-options'), where).toBe('nosniff');
    expect(response.headers.get('cache-control'), where).toBe('no-store');
    expect(response.headers.get('x-frame-options'), where).toBe('DENY');
    expect(response.headers.get('content-security-policy'), where).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy'), where).toBe('no-referrer');
  };

  it('on personal JSON, refusals and unknown paths alike', async () => {
    const { token } = await api.login('headers-member');
    const me = await api.json('GET', '/v1/me', undefined, token);
    expect(me.status).toBe(200);
    expectHardened(me, 'GET /v1/me');
    const refused = await api.json('GET', '/v1/me');
    expect(refused.status).toBe(401);
    expectHardened(refused, 'GET /v1/me without a token');
    const missing = await api.json('GET', '/v1/no-such-route');
    expect(missing.status).toBe(404);
    expectHardened(missing, 'an unknown path');
  });

  it('on a CSV download, which keeps its own type and file name', async () => {
    await putStaff(stack.deps.db, { openid: 'o-headers-admin', role: 'admin', name: '管理员', at: stack.clock().toISOString() });
    const { token } = await api.login('headers-admin');
    const csv = await api.json('GET', '/v1/staff/goods-redemptions.csv', undefined, token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="goods-redemptions.csv"');
    expectHardened(csv, 'the CSV');
  });
});

describe('the body limit', () => {
  it('refuses a webhook body over the limit with 413 before checking or storing anything', async () => {
    const order = { ...sampleOrder({ orderId: 'big-1', openid: 'o-big' }), padding: 'x'.repeat(MAX_BODY_BYTES) };
    // Signed as the shop would: the signature is never reached.
    const response = await api.postOrder(order);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await storedOrder('big-1')).toBeUndefined();
  });

  it('refuses by the declared Content-Length alone, without reading the body', async () => {
    const response = await stack.app.request('/v1/webhooks/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) },
      body: '{}',
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reads a body at the limit, and any JSON route is held to it', async () => {
    // Exactly at the limit: read, and refused only for its signature.
    const atLimit = await api.json('POST', '/v1/webhooks/orders', `{"p":"${'x'.repeat(MAX_BODY_BYTES - 8)}"}`);
    expect(atLimit.status).toBe(401);
    const { token } = await api.login('big-profile');
    const profile = await api.json('PATCH', '/v1/me', { nickname: 'x'.repeat(MAX_BODY_BYTES) }, token);
    expect(profile.status).toBe(413);
  });

  it('leaves order imports their own, larger limit', async () => {
    await putStaff(stack.deps.db, { openid: 'o-import-admin', role: 'admin', name: '管理员', at: stack.clock().toISOString() });
    const { token } = await api.login('import-admin');
    const response = await api.json('POST', '/v1/staff/order-imports', { csv: 'x'.repeat(1_500_000), dryRun: true }, token);
    // Read and validated (more CSV than one request may carry), not refused for its size.
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('VALIDATION_FAILED');
  });
});

describe('rate limits', () => {
  it('refuses a fourth login a minute from one address with 429 and Retry-After, not another address, and lets it in next minute', async () => {
    stack.clock.set('2026-11-23T03:00:20.000Z');
    const first = from('203.0.113.10');
    for (let i = 0; i < 3; i++) expect((await first.json('POST', '/v1/auth/wechat', { code: `dev-limited-${i}` })).status).toBe(200);
    const refused = await first.json('POST', '/v1/auth/wechat', { code: 'dev-limited-3' }, undefined, { origin: 'http://127.0.0.1:10086' });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('RATE_LIMITED');
    // 40 seconds are left of the minute; the H5 build may read the header.
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(refused.headers.get('access-control-expose-headers')).toContain('retry-after');

    expect((await from('198.51.100.7').json('POST', '/v1/auth/wechat', { code: 'dev-elsewhere' })).status).toBe(200);

    nextMinute();
    expect((await first.json('POST', '/v1/auth/wechat', { code: 'dev-limited-4' })).status).toBe(200);
  });

  it("limits the shop's webhooks per address, counting forged calls too, and keeps nothing of a refused order", async () => {
    stack.clock.set('2026-11-23T04:00:00.000Z');
    const shop = from('203.0.113.20');
    // A forged call counts: a flood is refused before its signature is checked.
    expect((await shop.postOrder(sampleOrder({ orderId: 'rl-1' }), { secret: 'forged' })).status).toBe(401);
    expect((await shop.postRefund({ refundId: 'rl-r1', orderId: 'rl-0', refundFen: 100 })).status).toBe(404);
    const refused = await shop.postOrder(sampleOrder({ orderId: 'rl-2' }));
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await storedOrder('rl-2')).toBeUndefined();

    expect((await from('198.51.100.20').postOrder(sampleOrder({ orderId: 'rl-3' }))).status).toBe(200);
    stack.clock.advance(59_000);
    expect((await shop.postOrder(sampleOrder({ orderId: 'rl-2' }))).headers.get('retry-after')).toBe('1');
    nextMinute();
    expect((await shop.postOrder(sampleOrder({ orderId: 'rl-2' }))).status).toBe(200);
    expect(await storedOrder('rl-2')).toBeDefined();
  });

  it('counts nothing for requests that did not come through API Gateway (in-process calls, the local server)', async () => {
    stack.clock.set('2026-11-23T05:00:00.000Z');
    for (let i = 0; i < 5; i++) expect((await api.json('POST', '/v1/auth/wechat', { code: `dev-in-process-${i}` })).status).toBe(200);
    const { token } = await api.login('in-process-photos');
    await api.join(token);
    for (let i = 0; i < 4; i++)
      expect((await api.json('POST', '/v1/me/photo-uploads', { contentType: 'image/png', sizeBytes: 10 }, token)).status).toBe(200);
  });

  it('limits photo upload grants per member, counting only requests that pass validation', async () => {
    stack.clock.set('2026-11-23T06:00:30.000Z');
    const grant = (token: string, body: unknown = { contentType: 'image/jpeg', sizeBytes: 1000 }) =>
      from('203.0.113.30').json('POST', '/v1/me/photo-uploads', body, token);
    const alice = await api.login('rl-photos-alice');
    await api.join(alice.token);
    const bob = await api.login('rl-photos-bob');
    await api.join(bob.token);
    for (let i = 0; i < 3; i++) expect((await grant(alice.token, { contentType: 'image/gif', sizeBytes: 1 })).status).toBe(400);
    expect((await grant(alice.token)).status).toBe(200);
    expect((await grant(alice.token)).status).toBe(200);
    const refused = await grant(alice.token);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('retry-after')).toBe('30');
    // Same address, another member: counted apart.
    expect((await grant(bob.token)).status).toBe(200);
    nextMinute();
    expect((await grant(alice.token)).status).toBe(200);
  });

  it('lets the request through and logs when its count cannot be written (fail open), never a 5xx', async () => {
    const logger = new Logger({ serviceName: 'linli-test', logLevel: 'SILENT' });
    const warn = vi.spyOn(logger, 'warn');
    const missingTable = createDatabase({
      tableName: `linli-missing-${randomUUID()}`,
      region: stack.config.region,
      endpoint: inject('dynamoEndpoint'),
    });
    const app = createApp({ ...stack.deps, db: missingTable, logger });
    const response = await from('203.0.113.40', app).postOrder(sampleOrder({ orderId: 'rl-open' }), { secret: 'forged' });
    // Past the limit check, refused by the signature check as any forged call is.
    expect(response.status).toBe(401);
    expect(warn).toHaveBeenCalledWith('Rate limit not counted; the request is let through', expect.objectContaining({ limit: 'webhooks' }));
  });
});

describe('the contract', () => {
  interface Operation {
    'x-linli-access'?: string;
    'x-linli-rate-limit'?: { limit: string; per: string; window: string };
    requestBody?: unknown;
    responses: Record<string, { description: string }>;
  }
  let operations: { name: string; operation: Operation }[];
  beforeAll(async () => {
    const doc = (await (await stack.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
  });

  it('limits login and every webhook per caller address, and documents each limit with its 429', () => {
    const webhooks = operations.filter(({ operation }) =>
      ['signed-webhook', 'wechatpay-notification'].includes(operation['x-linli-access']!),
    );
    expect(webhooks.length).toBeGreaterThanOrEqual(3);
    for (const { name, operation } of [...webhooks, ...operations.filter(({ name }) => name === 'POST /v1/auth/wechat')]) {
      expect(operation['x-linli-rate-limit'], name).toMatchObject({ per: 'source', window: 'minute' });
    }
    for (const name of Object.keys(RATE_LIMITED_OPERATIONS)) {
      const operation = operations.find((candidate) => candidate.name === name)?.operation;
      expect(operation?.['x-linli-rate-limit'], name).toBeDefined();
      expect(operation?.responses['429']?.description, name).toContain('RATE_LIMITED');
    }
    // The photo route's own daily limit stays documented beside the rate limit.
    const photos = operations.find(({ name }) => name === 'POST /v1/me/photo-uploads')!.operation;
    expect(photos.responses['429']!.description).toMatch(/PHOTO_UPLOAD_LIMIT_REACHED.*RATE_LIMITED/);
  });

  it('documents 413 on every operation that reads a body', () => {
    for (const { name, operation } of operations) {
      const readsBody =
        operation.requestBody !== undefined ||
        operation['x-linli-access']?.includes('webhook') ||
        operation['x-linli-access'] === 'wechatpay-notification';
      if (readsBody) expect(operation.responses['413'], name).toBeDefined();
    }
  });
});
