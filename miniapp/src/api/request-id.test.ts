import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ShareId } from '@linli/shared/groupbuy';
import { newCodeNonce, newRequestId, newShareId } from './request-id';

describe('newRequestId', () => {
  it('is a UUID the API accepts as a report id', () => {
    for (let i = 0; i < 50; i++) expect(z.uuid().safeParse(newRequestId()).success).toBe(true);
  });
  it('differs between calls', () => {
    expect(newRequestId()).not.toBe(newRequestId());
  });
});

describe('newCodeNonce', () => {
  it("fits the emulator's .<nonce> suffix", () => {
    expect(newCodeNonce()).toMatch(/^[a-z0-9]{12}$/);
  });
});

describe('newShareId', () => {
  it('is a share id the API accepts, and travels in a path as it is', () => {
    for (let i = 0; i < 50; i++) {
      const id = newShareId();
      expect(ShareId.safeParse(id).success).toBe(true);
      expect(encodeURIComponent(id)).toBe(id);
    }
  });
  it('uses the whole alphabet, ends included, and differs between calls', () => {
    expect(newShareId(() => 0)).toBe('A'.repeat(22));
    expect(newShareId(() => 0.9999)).toBe('_'.repeat(22));
    expect(newShareId()).not.toBe(newShareId());
  });
});
