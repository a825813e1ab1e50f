import { createHmac, timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SECONDS } from '@linli/shared/orders';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, the value the shop sends. */
export function signWebhookBody(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** Whether a signed request is authentic and fresh at `now`. */
export function verifyWebhookSignature(input: {
  secret: string;
  timestampHeader: string | undefined;
  signatureHeader: string | undefined;
  rawBody: string;
  now: Date;
}): 'ok' | 'missing' | 'stale' | 'mismatch' {
  if (!input.timestampHeader || !input.signatureHeader) return 'missing';
  if (!/^\d{1,12}$/.test(input.timestampHeader)) return 'mismatch';
  const timestamp = Number(input.timestampHeader);
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return 'stale';
  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.rawBody));
  const given = Buffer.from(input.signatureHeader.trim());
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}

/** Refuses unsigned, forged or stale webhook calls before anything reads or stores the body. */
export function requireWebhookSignature(deps: Pick<Deps, 'secrets' | 'clock'>) {
  return createMiddleware(async (c, next) => {
    const verdict = verifyWebhookSignature({
      secret: deps.secrets.webhookSecret,
      timestampHeader: c.req.header(WEBHOOK_HEADERS.timestamp),
      signatureHeader: c.req.header(WEBHOOK_HEADERS.signature),
      rawBody: await c.req.text(),
      now: deps.clock(),
    });
    if (verdict === 'stale') throw new DomainError('SIGNATURE_INVALID', 'Timestamp outside the 5-minute window');
    if (verdict !== 'ok') throw new DomainError('SIGNATURE_INVALID', 'Missing or invalid signature');
    await next();
  });
}
