import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

// AES-256-GCM with a random 96-bit nonce per value; stored as v1.<nonce>.<tag>.<ciphertext> (base64url)
// so the scheme can be rotated later without guessing what an old value is.
const VERSION = 'v1';

/** Encrypts a phone number for storage at rest. */
export function encryptPhone(phone: string, keyBase64: string): string {
  const key = decodeKey(keyBase64);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return [VERSION, nonce, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Decrypts a stored phone number; throws if the value was tampered with or the key is wrong. */
export function decryptPhone(stored: string, keyBase64: string): string {
  const [version, nonce, tag, ciphertext] = stored.split('.');
  if (version !== VERSION || !nonce || !tag || !ciphertext) throw new Error('Unrecognised phone ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', decodeKey(keyBase64), Buffer.from(nonce, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * The key a phone number is found by (PHONE#<hash>), for matching imported orders to the member who
 * verified the phone. The encrypted copy cannot be looked up (a random nonce per value), and a plain
 * hash of an 11-digit number is reversed by trying them all; an HMAC under a secret key is neither.
 * The same number always gives the same hash, so callers pass it in one form: 11 digits, no prefix.
 */
export function phoneLookupHash(phone: string, keyBase64: string): string {
  return createHmac('sha256', decodeKey(keyBase64, 'Phone lookup key')).update(phone, 'utf8').digest('base64url');
}

function decodeKey(keyBase64: string, name = 'Phone encryption key'): Buffer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes (base64)`);
  return key;
}
