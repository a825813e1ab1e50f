import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.ts';

describe('webhook signature', () => {
  const secret = 's3cret';
  const now = new Date('2026-11-23T02:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  it('accepts what the shop signs', () => {
    expect(
      verifyWebhookSignature({
        secret,
        timestampHeader: String(ts),
        signatureHeader: signWebhookBody(secret, ts, '{"a":1}'),
        rawBody: '{"a":1}',
        now,
      }),
    ).toBe('ok');
  });
  it('says stale beyond five minutes either way', () => {
    for (const offset of [-301, 301]) {
      const t = ts + offset;
      expect(
        verifyWebhookSignature({ secret, timestampHeader: String(t), signatureHeader: signWebhookBody(secret, t, 'x'), rawBody: 'x', now }),
      ).toBe('stale');
    }
  });
  it('says mismatch for another body, another secret or a malformed timestamp', () => {
    expect(
      verifyWebhookSignature({ secret, timestampHeader: String(ts), signatureHeader: signWebhookBody(secret, ts, 'x'), rawBody: 'y', now }),
    ).toBe('mismatch');
    expect(
      verifyWebhookSignature({
        secret,
        timestampHeader: String(ts),
        signatureHeader: signWebhookBody('other', ts, 'x'),
        rawBody: 'x',
        now,
      }),
    ).toBe('mismatch');
    expect(verifyWebhookSignature({ secret, timestampHeader: '1e9', signatureHeader: 'sha256=00', rawBody: 'x', now })).toBe('mismatch');
  });
  it('says missing without headers', () => {
    expect(verifyWebhookSignature({ secret, timestampHeader: undefined, signatureHeader: undefined, rawBody: 'x', now })).toBe('missing');
  });
});
