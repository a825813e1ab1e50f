import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { newCodeNonce, newRequestId } from './request-id';

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
