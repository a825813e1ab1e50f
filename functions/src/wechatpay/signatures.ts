import { createDecipheriv, createSign, createVerify, type KeyObject } from 'node:crypto';

/**
 * The signatures and encryption of WeChat Pay API v3, on node:crypto alone: no maintained SDK
 * verifies in public-key mode (PUB_KEY_ID_…), and RSA-SHA256 and AES-256-GCM are all it takes.
 * Every message WeChat Pay signs is a list of lines, each ending in "\n" (the last one too).
 */

/** The scheme named in the Authorization header of every request. */
export const AUTHORIZATION_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** `line1\nline2\n…\n`: the shape of every message WeChat Pay signs. */
export function signedMessage(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/** Base64 RSA-SHA256 (PKCS#1 v1.5) signature of `message` with a private key (PEM or KeyObject). */
export function rsaSign(privateKey: string | KeyObject, message: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

/** Whether `signature` (base64) is an RSA-SHA256 signature of `message` by `publicKey`; false for anything malformed. */
export function rsaVerify(publicKey: string | KeyObject, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

export interface RequestSignatureInput {
  mchId: string;
  /** The merchant API certificate's serial number. */
  serialNo: string;
  privateKey: string | KeyObject;
  method: string;
  /** The URL's path and query exactly as sent, e.g. `/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=1230000109`. */
  pathAndQuery: string;
  /** Unix seconds. */
  timestamp: number;
  nonce: string;
  /** The body exactly as sent; '' for GET. */
  body: string;
}

/** The Authorization header of a request: the signature is over `METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n`. */
export function authorizationHeader(input: RequestSignatureInput): string {
  const message = signedMessage([input.method.toUpperCase(), input.pathAndQuery, String(input.timestamp), input.nonce, input.body]);
  const signature = rsaSign(input.privateKey, message);
  return (
    `${AUTHORIZATION_SCHEME} mchid="${input.mchId}",nonce_str="${input.nonce}",` +
    `signature="${signature}",timestamp="${input.timestamp}",serial_no="${input.serialNo}"`
  );
}

/** The message a response or notification is signed over: `timestamp\nnonce\nbody\n`. */
export function answerMessage(timestamp: string, nonce: string, body: string): string {
  return signedMessage([timestamp, nonce, body]);
}

/** paySign for wx.requestPayment: over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function paySignMessage(input: { appId: string; timeStamp: string; nonceStr: string; package: string }): string {
  return signedMessage([input.appId, input.timeStamp, input.nonceStr, input.package]);
}

/** A notification's (or certificate's) `resource` as WeChat Pay sends it. */
export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
  original_type?: string;
}

/** GCM's authentication tag: WeChat Pay appends 16 bytes to the ciphertext. */
const GCM_TAG_BYTES = 16;

/**
 * Decrypts an AEAD_AES_256_GCM resource with the APIv3 key (32 ASCII characters used as the key's
 * bytes). Throws when the algorithm is another, the key is wrong, or a byte was changed (the tag fails).
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${resource.algorithm}`);
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < GCM_TAG_BYTES) throw new Error('ciphertext shorter than its tag');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'), { authTagLength: GCM_TAG_BYTES });
  decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)), decipher.final()]).toString('utf8');
}
