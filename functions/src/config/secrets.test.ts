import { describe, expect, it } from 'vitest';
import { LOCAL_SECRETS, readConfig } from './config.ts';
import { loadSecrets } from './secrets.ts';

describe('loadSecrets locally', () => {
  it('gives the generated local WeChat Pay keys', async () => {
    const secrets = await loadSecrets(readConfig({}), {});
    expect(secrets.wechatPayPrivateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(secrets.wechatPayPublicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(secrets.wechatPayApiV3Key).toBe(LOCAL_SECRETS.wechatPayApiV3Key);
  });
  it('refuses WeChat Pay keys that cannot work, naming each', async () => {
    const env = { WECHAT_PAY_API_V3_KEY: 'too-short', WECHAT_PAY_PRIVATE_KEY: 'not a key', WECHAT_PAY_PUBLIC_KEY: 'nor this' };
    await expect(loadSecrets(readConfig({}), env)).rejects.toThrow(
      /wechatPayPrivateKey is not a PEM private key; wechatPayApiV3Key must be 32 ASCII characters; wechatPayPublicKey is not a PEM public key/,
    );
  });
  it('takes an empty WeChat Pay public key (platform-certificate mode)', async () => {
    await expect(loadSecrets(readConfig({ WECHAT_PAY_PUBLIC_KEY_ID: 'none' }), { WECHAT_PAY_PUBLIC_KEY: '' })).resolves.toMatchObject({
      wechatPayPublicKey: '',
    });
  });
});
