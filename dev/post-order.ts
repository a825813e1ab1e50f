import { parseArgs } from 'node:util';
import { LOCAL_SECRETS } from '../functions/src/config/config.ts';
import { signWebhookBody } from '../functions/src/platform/webhook-signature.ts';

// `npm run order -- --openid o-demo --fen 12800`: posts a signed order to the local API, the way
// the seller's shop does, so a person can watch points arrive on the member card.
const { values } = parseArgs({
  options: {
    openid: { type: 'string', default: 'o-demo' },
    fen: { type: 'string', default: '12800' },
    id: { type: 'string' },
    api: { type: 'string', default: process.env.LINLI_API ?? 'http://127.0.0.1:3000' },
  },
});
const paidFen = Number(values.fen);
const order = {
  orderId: values.id ?? `manual-${Date.now()}`,
  openid: values.openid,
  paidFen,
  paidAt: new Date().toISOString(),
  items: [{ sku: 'FRUIT-APPLE-5KG', name: '烟台红富士苹果 5kg', category: 'fruit', qty: 1, unitPriceFen: paidFen }],
};
const body = JSON.stringify(order);
const timestamp = Math.floor(Date.now() / 1000);
const response = await fetch(`${values.api}/v1/webhooks/orders`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'x-linli-timestamp': String(timestamp),
    'x-linli-signature': signWebhookBody(process.env.LINLI_WEBHOOK_SECRET ?? LOCAL_SECRETS.webhookSecret, timestamp, body),
  },
  body,
});
console.log(response.status, await response.text());
process.exit(response.ok ? 0 : 1);
