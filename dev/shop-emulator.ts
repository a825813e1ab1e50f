import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import * as z from 'zod';
import { FulfilmentWebhookBody } from '@linli/shared/groupbuy';
import { WEBHOOK_HEADERS } from '@linli/shared/orders';
import { verifyWebhookSignature } from '../functions/src/platform/webhook-signature.ts';

/**
 * A local stand-in for the seller's shop: the other end of Linli's signed fulfilment webhook. It checks each
 * delivery's signature as a shop must, keeps the orders it received (a retry of an order it already has is
 * answered as received, not kept twice), shows them on a page, and can be told to fail the next deliveries so
 * Linli's retries can be seen working.
 */

export const SHOP_FULFILMENT_PATH = '/linli/fulfilment';

export interface ReceivedFulfilment {
  body: FulfilmentWebhookBody;
  /** When the first delivery of this order arrived. */
  receivedAt: string;
  /** How many deliveries of this order arrived (retries after a lost answer included). */
  deliveries: number;
}

export interface ShopEmulatorState {
  orders: Map<string, ReceivedFulfilment>;
  /** Refused deliveries (bad signature or body), newest last: what a shop's log would show. */
  refused: Array<{ at: string; status: number; reason: string }>;
  /** Deliveries still to be answered with a failure (set through /__shop/fail-next). */
  failNext: { count: number; status: number };
}

export interface ShopEmulatorOptions {
  /** The secret shared with Linli (the webhook secret). */
  secret: string;
  now?: () => Date;
}

const FailNextRequest = z.object({ count: z.number().int().min(0).max(1000), status: z.number().int().min(400).max(599).default(503) });

export function createShopEmulator(options: ShopEmulatorOptions): { app: Hono; state: ShopEmulatorState } {
  const now = options.now ?? (() => new Date());
  const state: ShopEmulatorState = { orders: new Map(), refused: [], failNext: { count: 0, status: 503 } };
  const refuse = (status: number, reason: string) => {
    state.refused.push({ at: now().toISOString(), status, reason });
    return { status, reason };
  };
  const app = new Hono();

  app.post(SHOP_FULFILMENT_PATH, async (c) => {
    const rawBody = await c.req.text();
    const verdict = verifyWebhookSignature({
      secret: options.secret,
      timestampHeader: c.req.header(WEBHOOK_HEADERS.timestamp),
      signatureHeader: c.req.header(WEBHOOK_HEADERS.signature),
      rawBody,
      now: now(),
    });
    if (verdict !== 'ok') {
      refuse(401, `signature ${verdict}`);
      return c.json({ error: `signature ${verdict}` }, 401);
    }
    if (state.failNext.count > 0) {
      state.failNext.count -= 1;
      const status = state.failNext.status as 500 | 502 | 503;
      refuse(status, 'told to fail');
      return c.json({ error: 'the shop is unavailable (told to fail)' }, status);
    }
    let parsed: ReturnType<typeof FulfilmentWebhookBody.safeParse>;
    try {
      parsed = FulfilmentWebhookBody.safeParse(JSON.parse(rawBody));
    } catch {
      refuse(400, 'not JSON');
      return c.json({ error: 'not JSON' }, 400);
    }
    if (!parsed.success) {
      refuse(400, parsed.error.message);
      return c.json({ error: parsed.error.message }, 400);
    }
    const existing = state.orders.get(parsed.data.orderId);
    if (existing) {
      existing.deliveries += 1;
      return c.json({ received: true, duplicate: true }, 200);
    }
    state.orders.set(parsed.data.orderId, { body: parsed.data, receivedAt: now().toISOString(), deliveries: 1 });
    return c.json({ received: true, duplicate: false }, 200);
  });

  app.get('/__shop/orders', (c) => c.json({ orders: [...state.orders.values()], refused: state.refused }));
  app.post('/__shop/fail-next', async (c) => {
    const parsed = FailNextRequest.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: parsed.error.message }, 400);
    state.failNext = parsed.data;
    return c.json(state.failNext);
  });
  app.get('/', (c) => c.html(renderShopPage(state)));
  return { app, state };
}

function renderShopPage(state: ShopEmulatorState) {
  const rows = [...state.orders.values()]
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map(
      (order) =>
        html`<tr>
          <td>${new Date(order.receivedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</td>
          <td>${order.body.items.map((item) => `${item.name} × ${item.qty}`).join('，')}</td>
          <td>¥${(order.body.paidFen / 100).toFixed(2)}</td>
          <td>${order.deliveries}</td>
        </tr>`,
    );
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>店铺后台（本地模拟）</title>
        <style>
          body {
            font-family: sans-serif;
            margin: 2rem;
          }
          table {
            border-collapse: collapse;
          }
          td,
          th {
            border: 1px solid #ddd;
            padding: 0.4rem 0.8rem;
            text-align: left;
          }
        </style>
      </head>
      <body>
        <h1>店铺后台（本地模拟）：收到的拼团订单</h1>
        <p>邻里在拼团成功后把每位成员的订单推送到这里发货；同一订单重复推送只记一次。</p>
        ${
          rows.length === 0
            ? html`<p>还没有收到订单。</p>`
            : html`<table>
                <tr>
                  <th>收到时间</th>
                  <th>商品</th>
                  <th>实付</th>
                  <th>推送次数</th>
                </tr>
                ${raw(rows.join(''))}
              </table>`
        }
      </body>
    </html>`;
}

export interface RunningShopEmulator {
  url: string;
  /** Where Linli posts fulfilments: LINLI_FULFILMENT_WEBHOOK_URL. */
  fulfilmentUrl: string;
  state: ShopEmulatorState;
  stop(): Promise<void>;
}

/** Starts the shop over HTTP on 127.0.0.1 (port 0 picks a free one). */
export function startShopEmulator(options: ShopEmulatorOptions & { port: number }): Promise<RunningShopEmulator> {
  const { app, state } = createShopEmulator(options);
  return new Promise((resolveStart, rejectStart) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port }, (info) => {
      server.off('error', rejectStart);
      const url = `http://127.0.0.1:${info.port}`;
      resolveStart({
        url,
        fulfilmentUrl: `${url}${SHOP_FULFILMENT_PATH}`,
        state,
        stop: () =>
          new Promise<void>((done, fail) => {
            (server as Server).close((error) => (error ? fail(error) : done()));
            (server as Server).closeAllConnections();
          }),
      });
    });
    server.once('error', rejectStart);
  });
}
