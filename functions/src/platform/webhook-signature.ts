import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_TOLERANCE_SECONDS } from '@linli/shared/orders';

/*
 * The one signature scheme between Linli and the seller's shop, both ways: the shop signs the orders and refunds it
 * posts to Linli, and Linli signs the group-buy orders it posts to the shop for fulfilment, with the same shared secret.
 */

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
