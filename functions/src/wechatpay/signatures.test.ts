import { createCipheriv, createPublicKey, createVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LOCAL_WECHAT_PAY_API_V3_KEY, LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY } from '../config/local-wechatpay-keys.ts';
import { authorizationHeader, decryptResource, paySignMessage, rsaSign, rsaVerify } from './signatures.ts';

/*
 * Known vectors: the signatures below were computed with openssl, not with this code, from the
 * local merchant key (functions/src/config/local-wechatpay-keys.ts):
 *   printf 'POST\n/v3/pay/transactions/jsapi\n1795406400\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"appid":"wxlinli0000local","mchid":"1900000001"}\n' \
 *     | openssl dgst -sha256 -sign merchant_key.pem | base64 -w0
 * RSA PKCS#1 v1.5 signatures are deterministic, so the same key and message give the same bytes.
 */
const REQUEST_SIGNATURE =
  'E8pu+TIanbjtnb46B6EiMxLtL795DIpOJtSU80YgZPbKMV8BV3g1cGYsnQ9WwMQXXXdGrqob/2/u6ROdCL3hLs8ZZ/bMxnj345DFhcw8YJwXUDMs/La1mzuGDrHaX6ONH7wL+13OqrvoaVi3hJWcwH0WZmV19+o1/FWrlv7tXxIBe6RQS/YNRh/OZsJVstDlbMh3RAfJ1mm9Jj1vEcrvusOZ5YtMr8iF1cgDFl5C/L7VSTDtrIicTocl5x72yVF4VbwhV37Y/xGCUrfaQW+wguD/Ye5bQwheYJmNdBXT35QrMt7fZjX4Jr1FDLNeKokXGOGD9bY4tAcWERSBWGLJJQ==';
/* printf 'wxlinli0000local\n1795406400\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n' | openssl dgst -sha256 -sign … */
const PAY_SIGN =
  'CJ+rHNKy7GVk2nj5xiUUDbdrXotOtvLrruTr+lXy2k1bW0m7Hl0ctU3vxDoiwvIhg1/6SChO7OoJKGFCUtNyOXwI830E4CyPIGE8kEw1378ux8djx1r/rOwc3t55wmjYQAxdQF7UgwffyQd9Bleo5nLzxT79PIYof4w4juEyV9lRPDNaNsi5m5uree8W1O9c6T+R9b99rzqaXwufXOtjQp31zZxVG73LvtgRn5MJVQNA/kIIs2kYF/3SacVjPWhUPinQBWwU7adnN2gBL8iYrW8r2Y0VUT5Z7Ct2u2ZXLbl3n01AHA9u7uG7VmcsVp3DoFtd5biRxEuIzuDH/hCQCw==';

describe('request signatures', () => {
  it('sign METHOD\\nPATH?QUERY\\ntimestamp\\nnonce\\nbody\\n with the merchant key into the Authorization header', () => {
    const header = authorizationHeader({
      mchId: '1900000001',
      serialNo: 'C50DDFF8B98F85077B9092CEDD3FBADF4D6EF457',
      privateKey: LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY,
      method: 'POST',
      pathAndQuery: '/v3/pay/transactions/jsapi',
      timestamp: 1795406400,
      nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
      body: '{"appid":"wxlinli0000local","mchid":"1900000001"}',
    });
    expect(header).toBe(
      'WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",' +
        `signature="${REQUEST_SIGNATURE}",timestamp="1795406400",serial_no="C50DDFF8B98F85077B9092CEDD3FBADF4D6EF457"`,
    );
  });

  it('sign the query string too, so a changed query no longer matches', () => {
    const base = {
      mchId: '1900000001',
      serialNo: 'S',
      privateKey: LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY,
      method: 'GET',
      timestamp: 1795406400,
      nonce: 'N',
      body: '',
    };
    const signatureOf = (header: string) => /signature="([^"]+)"/.exec(header)![1];
    expect(signatureOf(authorizationHeader({ ...base, pathAndQuery: '/v3/pay/transactions/out-trade-no/A1?mchid=1900000001' }))).not.toBe(
      signatureOf(authorizationHeader({ ...base, pathAndQuery: '/v3/pay/transactions/out-trade-no/A1?mchid=1900000002' })),
    );
  });

  it('sign paySign over appId\\ntimeStamp\\nnonceStr\\npackage\\n', () => {
    const message = paySignMessage({
      appId: 'wxlinli0000local',
      timeStamp: '1795406400',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      package: 'prepay_id=wx201410272009395522657a690389285100',
    });
    expect(rsaSign(LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY, message)).toBe(PAY_SIGN);
  });

  it('verify only the exact message with the matching key', () => {
    const publicKey = createPublicKey(LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY);
    const signature = rsaSign(LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY, 'a\nb\n');
    // Checked with node's verifier directly as well, so rsaVerify cannot agree with a wrong rsaSign.
    expect(createVerify('RSA-SHA256').update('a\nb\n').verify(publicKey, signature, 'base64')).toBe(true);
    expect(rsaVerify(publicKey, 'a\nb\n', signature)).toBe(true);
    expect(rsaVerify(publicKey, 'a\nc\n', signature)).toBe(false);
    expect(rsaVerify(publicKey, 'a\nb\n', 'not base64 at all!')).toBe(false);
  });
});

describe('AEAD_AES_256_GCM resources', () => {
  /** Encrypts as WeChat Pay does: AES-256-GCM, the APIv3 key's bytes, a 12-character nonce, the 16-byte tag appended. */
  function encrypt(plaintext: string, key = LOCAL_WECHAT_PAY_API_V3_KEY, nonce = 'fdasflkja484', associatedData = 'transaction') {
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    return { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: associatedData, original_type: 'transaction' };
  }

  it('decrypt with the APIv3 key', () => {
    expect(decryptResource(encrypt('{"out_trade_no":"GB1"}'), LOCAL_WECHAT_PAY_API_V3_KEY)).toBe('{"out_trade_no":"GB1"}');
  });

  it('refuse a wrong key, a changed byte, changed associated data and another algorithm', () => {
    const resource = encrypt('{"out_trade_no":"GB1"}');
    expect(() => decryptResource(resource, 'another-apiv3-key-0123456789abcd')).toThrow();
    const bytes = Buffer.from(resource.ciphertext, 'base64');
    bytes[0]! ^= 1;
    expect(() => decryptResource({ ...resource, ciphertext: bytes.toString('base64') }, LOCAL_WECHAT_PAY_API_V3_KEY)).toThrow();
    expect(() => decryptResource({ ...resource, associated_data: 'refund' }, LOCAL_WECHAT_PAY_API_V3_KEY)).toThrow();
    expect(() => decryptResource({ ...resource, algorithm: 'AEAD_SM4_GCM' }, LOCAL_WECHAT_PAY_API_V3_KEY)).toThrow(/algorithm/);
    expect(() => decryptResource(resource, 'short')).toThrow(/32 bytes/);
  });
});
