import { describe, expect, it } from 'vitest';
import { decryptPhone, encryptPhone, phoneLookupHash } from './phone-crypto.ts';

describe('phone encryption', () => {
  const key = Buffer.alloc(32, 1).toString('base64');
  it('round-trips and never stores the number in clear', () => {
    const stored = encryptPhone('13812345678', key);
    expect(stored).not.toContain('13812345678');
    expect(decryptPhone(stored, key)).toBe('13812345678');
    expect(encryptPhone('13812345678', key)).not.toBe(stored);
  });
  it('refuses a tampered value or the wrong key', () => {
    const stored = encryptPhone('13812345678', key);
    const tampered = stored.slice(0, -2) + (stored.endsWith('A') ? 'BB' : 'AA');
    expect(() => decryptPhone(tampered, key)).toThrow();
    expect(() => decryptPhone(stored, Buffer.alloc(32, 2).toString('base64'))).toThrow();
  });
});

describe('phone lookup hash', () => {
  const key = Buffer.alloc(32, 3).toString('base64');
  it('is the same for the same number and key, and says nothing of the number', () => {
    const hash = phoneLookupHash('13812345678', key);
    expect(phoneLookupHash('13812345678', key)).toBe(hash);
    expect(hash).not.toContain('12345678');
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
  it('differs for another number or another key (no one without the key can try every number)', () => {
    const hash = phoneLookupHash('13812345678', key);
    expect(phoneLookupHash('13812345679', key)).not.toBe(hash);
    expect(phoneLookupHash('13812345678', Buffer.alloc(32, 4).toString('base64'))).not.toBe(hash);
  });
  it('refuses a key that is not 32 bytes', () => {
    expect(() => phoneLookupHash('13812345678', Buffer.alloc(16, 3).toString('base64'))).toThrow(/32 bytes/);
  });
});
