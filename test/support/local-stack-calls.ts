import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_SECRETS } from '../../functions/src/config/config.ts';
import { signWebhookBody } from '../../functions/src/platform/webhook-signature.ts';
import type { LocalStack } from '../../dev/local-stack.ts';
import { SHOP_FULFILMENT_PATH } from '../../dev/shop-emulator.ts';

/** What browser tests do to the local stack besides the browser: the API as someone, a signed order, a job. */

const execFileAsync = promisify(execFile);

/**
 * The API as `name`'s mini-program calls it (the demo staff log in as dev-<name>); a non-2xx answer throws
 * with its body. A login code is good once (as WeChat's are): the part after the dot makes each one new.
 */
export async function apiAs(stack: Pick<LocalStack, 'apiUrl'>, name: string) {
  const login = await fetch(`${stack.apiUrl}/v1/auth/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `dev-${name}.${randomUUID().slice(0, 8)}` }),
  });
  if (!login.ok) throw new Error(`login as ${name}: ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** An order posted to the order webhook, signed as the shop's system signs it; answers the webhook's status and body. */
export function postSignedOrder(stack: Pick<LocalStack, 'apiUrl'>, order: Record<string, unknown>) {
  return postSignedWebhook(stack, '/v1/webhooks/orders', order);
}

/** A webhook call (orders, refunds) signed as the shop's system signs it; answers its status and body. */
export async function postSignedWebhook(stack: Pick<LocalStack, 'apiUrl'>, path: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-linli-timestamp': String(timestamp),
      'x-linli-signature': signWebhookBody(LOCAL_SECRETS.webhookSecret, timestamp, body),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** `npm run job -- <args>` against this stack (its DynamoDB Local, emulator and queue), answering what it printed. */
export async function runJob(
  stack: Pick<LocalStack, 'apiUrl' | 'dynamoEndpoint' | 'wechatUrl' | 's3Endpoint' | 'sqsEndpoint' | 'shopUrl' | 'deps'>,
  args: string[],
): Promise<string> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', resolve(import.meta.dirname, '../../dev/run-job.ts'), ...args],
    {
      env: {
        ...process.env,
        LINLI_STAGE: 'local',
        DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
        // The stack's own table (browser tests share one DynamoDB Local, a table each).
        LINLI_TABLE_NAME: stack.deps.config.tableName,
        WECHAT_API_BASE: stack.wechatUrl,
        S3_ENDPOINT: stack.s3Endpoint,
        SQS_ENDPOINT: stack.sqsEndpoint,
        // WeChat Pay notifies this stack's API of what the job asks (a refund's outcome), not `npm start`'s.
        WECHAT_PAY_NOTIFY_URL: `${stack.apiUrl}/v1/wechatpay/notify`,
        // Successful group-buy orders go to this stack's shop.
        LINLI_FULFILMENT_WEBHOOK_URL: `${stack.shopUrl}${SHOP_FULFILMENT_PATH}`,
      },
      timeout: 60_000,
    },
  );
  // The job's log lines (one JSON object each) come before the result it prints over several lines.
  const lines = stdout.split('\n');
  return lines.slice(lines.indexOf('{')).join('\n');
}
