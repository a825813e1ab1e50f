/**
 * A random UUID (v4 layout) for idempotency keys. WeChat's JS engine has no crypto.randomUUID;
 * uniqueness, not secrecy, is what matters for a key that only dedupes one member's retries.
 */
export function newRequestId(random: () => number = Math.random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A one-time code suffix the emulator accepts (`.<nonce>`): each H5 login or phone bind is a fresh code, as on WeChat. */
export function newCodeNonce(random: () => number = Math.random): string {
  return Array.from({ length: 12 }, () => Math.floor(random() * 36).toString(36)).join('');
}

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The id a shared card's path carries (`&share=…`), made afresh for every share: 22 URL-safe
 * characters (132 random bits), so it needs no encoding in a path and fits the API's ShareId.
 */
export function newShareId(random: () => number = Math.random): string {
  return Array.from({ length: 22 }, () => URL_SAFE[Math.floor(random() * URL_SAFE.length)]).join('');
}
