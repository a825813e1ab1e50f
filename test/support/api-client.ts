import { LOCAL_SECRETS } from '../../functions/src/config/config.ts';
import { signWebhookBody } from '../../functions/src/platform/webhook-signature.ts';
import type { TestStack } from './test-stack.ts';

type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

/** Test helpers that speak to the API the way the mini-program and the shop do. */
export function apiClient(stack: TestStack, fetcher?: Fetcher) {
  const call: Fetcher = fetcher ?? ((path, init) => Promise.resolve(stack.app.request(path, init)));
  const json = (method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}) =>
    call(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    call,
    json,
    async login(name: string) {
      const response = await json('POST', '/v1/auth/wechat', { code: `dev-${name}.${Math.random().toString(36).slice(2, 12)}` });
      if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as { token: string; member: { memberId: string; status: string }; roles: string[] };
    },
    async join(token: string) {
      const policy = (await (await json('GET', '/v1/privacy-policy')).json()) as { version: string };
      return json('POST', '/v1/me/consent', { policyVersion: policy.version, accepted: true }, token);
    },
    /** Posts to a webhook, signed as the shop signs it at the stack's current time. */
    postSigned(path: string, payload: unknown, options: { secret?: string; timestamp?: number; rawBody?: string } = {}) {
      const rawBody = options.rawBody ?? JSON.stringify(payload);
      const timestamp = options.timestamp ?? Math.floor(stack.clock().getTime() / 1000);
      return call(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-linli-timestamp': String(timestamp),
          'x-linli-signature': signWebhookBody(options.secret ?? LOCAL_SECRETS.webhookSecret, timestamp, rawBody),
        },
        body: rawBody,
      });
    },
    postOrder(order: unknown, options: { secret?: string; timestamp?: number; rawBody?: string } = {}) {
      return this.postSigned('/v1/webhooks/orders', order, options);
    },
    postRefund(refund: { refundId: string; orderId: string; refundFen: number }) {
      return this.postSigned('/v1/webhooks/refunds', { ...refund, refundedAt: stack.clock().toISOString() });
    },
  };
}

export function sampleOrder(overrides: Partial<{ orderId: string; openid: string; paidFen: number; paidAt: string }> = {}) {
  return {
    orderId: overrides.orderId ?? `o-${Math.random().toString(36).slice(2, 10)}`,
    openid: overrides.openid ?? 'o-alice',
    paidFen: overrides.paidFen ?? 12_345,
    paidAt: overrides.paidAt ?? '2026-11-22T10:00:00.000Z',
    items: [{ sku: 'APPLE-5KG', name: '烟台红富士 5kg', category: 'fruit', qty: 1, unitPriceFen: overrides.paidFen ?? 12_345 }],
  };
}
