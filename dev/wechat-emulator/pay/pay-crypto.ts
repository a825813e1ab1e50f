import { createCipheriv, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';

/**
 * WeChat Pay's side of the signatures, written here with node:crypto rather than taken from
 * Linli's adapter (functions/src/wechatpay/), so the adapter and the emulator agree only when both
 * follow WeChat Pay's rules.
 */

/** What an Authorization header names, or why it is not one WeChat Pay would read. */
export type ParsedAuthorization =
  { mchid: string; nonce: string; signature: string; timestamp: string; serialNo: string } | { refused: string };

const AUTHORIZATION = /^WECHATPAY2-SHA256-RSA2048 (.+)$/;

/** Reads `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"` (any order). */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (!header) return { refused: 'Authorization 头缺失' };
  const match = AUTHORIZATION.exec(header);
  if (!match) return { refused: '认证类型不正确，应为 WECHATPAY2-SHA256-RSA2048' };
  const fields: Record<string, string> = {};
  for (const part of match[1]!.split(',')) {
    const pair = /^\s*([a-z_]+)="([^"]*)"\s*$/.exec(part);
    if (!pair) return { refused: 'Authorization 头格式不正确' };
    fields[pair[1]!] = pair[2]!;
  }
  const { mchid, nonce_str: nonce, signature, timestamp, serial_no: serialNo } = fields;
  if (!mchid || !nonce || !signature || !timestamp || !serialNo) return { refused: 'Authorization 头缺少必要参数' };
  return { mchid, nonce, signature, timestamp, serialNo };
}

/** Whether `signature` signs `lines` (each followed by "\n") with `publicKey`. */
export function verifyLines(publicKey: string | KeyObject, lines: readonly string[], signature: string): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(lines.map((line) => `${line}\n`).join(''))
      .verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** The Wechatpay-* headers over an answer's or a notification's body, signed now. */
export function signAnswer(signer: { serial: string; privateKey: string | KeyObject }, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(16).toString('hex').toUpperCase();
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(signer.privateKey, 'base64');
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': signer.serial,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/** AEAD_AES_256_GCM with the APIv3 key, a fresh 12-character nonce, and the 16-byte tag appended. */
export function encryptResource(
  plaintext: string,
  apiV3Key: string,
  associatedData: string,
): { algorithm: 'AEAD_AES_256_GCM'; ciphertext: string; associated_data: string; nonce: string } {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: associatedData, nonce };
}
