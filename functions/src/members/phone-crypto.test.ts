import { describe, expect, it } from 'vitest';
import { decryptPhone, encryptPhone } from './phone-crypto.ts';

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
