import { WEBHOOK_HEADERS } from '@linli/shared/orders';
import type { FulfilmentWebhookBody } from '@linli/shared/groupbuy';
import type { Clock } from '../platform/clock.ts';
import { signWebhookBody } from '../platform/webhook-signature.ts';

/** What one delivery to the shop came to: taken (a 2xx), or refused or unreachable, with what to show staff. */
export type FulfilmentDelivery = { delivered: true } | { delivered: false; error: string };

/** The seller's shop as Linli calls it: successful group-buy orders go there to be shipped. */
export interface ShopClient {
  postFulfilment(body: FulfilmentWebhookBody): Promise<FulfilmentDelivery>;
}

/** How long one delivery may take before it counts as failed (and is retried later). */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Posts to the shop's fulfilment URL, signed as the shop signs what it posts to Linli (timestamp and HMAC headers
 * over the raw body). Any answer but a 2xx, and any network error or timeout, is a failed delivery: the shop is
 * expected to treat a repeated orderId as the same order, so a delivery whose answer was lost is safe to repeat.
 */
export function createShopClient(options: {
  fulfilmentUrl: string;
  secret: string;
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): ShopClient {
  const send = options.fetch ?? fetch;
  return {
    async postFulfilment(body) {
      const rawBody = JSON.stringify(body);
      const timestamp = Math.floor(options.clock().getTime() / 1000);
      try {
        const response = await send(options.fulfilmentUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [WEBHOOK_HEADERS.timestamp]: String(timestamp),
            [WEBHOOK_HEADERS.signature]: signWebhookBody(options.secret, timestamp, rawBody),
          },
          body: rawBody,
          signal: AbortSignal.timeout(options.timeoutMs ?? DELIVERY_TIMEOUT_MS),
        });
        if (response.ok) return { delivered: true };
        const text = (await response.text().catch(() => '')).slice(0, 200);
        return { delivered: false, error: `HTTP ${response.status}${text ? `: ${text}` : ''}` };
      } catch (error) {
        return { delivered: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
