import { createMiddleware } from 'hono/factory';
import { WEBHOOK_HEADERS } from '@linli/shared/orders';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { verifyWebhookSignature } from '../platform/webhook-signature.ts';

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
