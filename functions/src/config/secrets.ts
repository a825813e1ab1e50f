import { createPrivateKey, createPublicKey } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { LOCAL_SECRETS, type Config, type Secrets } from './config.ts';

const SECRET_FIELDS: ReadonlyArray<keyof Secrets> = [
  'wechatAppSecret',
  'webhookSecret',
  'tokenSigningKey',
  'phoneEncryptionKey',
  'phoneLookupKey',
  'wechatPayPrivateKey',
  'wechatPayApiV3Key',
];

/**
 * Secrets from Secrets Manager in the cloud (one JSON secret, cached by Powertools); locally the
 * embedded defaults, each overridable from the environment.
 */
export async function loadSecrets(config: Config, env: Record<string, string | undefined> = process.env): Promise<Secrets> {
  if (config.secretsArn) {
    const value = (await getSecret(config.secretsArn, { transform: 'json', maxAge: 300 })) as Partial<Secrets> | undefined;
    const missing = SECRET_FIELDS.filter((field) => !value?.[field]);
    // The WeChat Pay public key is needed in public-key mode only; platform certificates are fetched.
    if (config.wechatPay.publicKeyId !== null && !value?.wechatPayPublicKey) missing.push('wechatPayPublicKey');
    if (missing.length > 0) throw new Error(`Secret ${config.secretsArn} lacks: ${missing.join(', ')}`);
    const secrets = { ...value, wechatPayPublicKey: value?.wechatPayPublicKey ?? '' } as Secrets;
    checkWechatPayKeys(secrets, `Secret ${config.secretsArn}`);
    return secrets;
  }
  if (config.stage === 'cloud') throw new Error('LINLI_SECRETS_ARN is required in the cloud');
  const local: Secrets = {
    wechatAppSecret: env.WECHAT_APP_SECRET ?? LOCAL_SECRETS.wechatAppSecret,
    webhookSecret: env.LINLI_WEBHOOK_SECRET ?? LOCAL_SECRETS.webhookSecret,
    tokenSigningKey: env.LINLI_TOKEN_SIGNING_KEY ?? LOCAL_SECRETS.tokenSigningKey,
    phoneEncryptionKey: env.LINLI_PHONE_ENCRYPTION_KEY ?? LOCAL_SECRETS.phoneEncryptionKey,
    phoneLookupKey: env.LINLI_PHONE_LOOKUP_KEY ?? LOCAL_SECRETS.phoneLookupKey,
    wechatPayPrivateKey: env.WECHAT_PAY_PRIVATE_KEY ?? LOCAL_SECRETS.wechatPayPrivateKey,
    wechatPayApiV3Key: env.WECHAT_PAY_API_V3_KEY ?? LOCAL_SECRETS.wechatPayApiV3Key,
    wechatPayPublicKey: env.WECHAT_PAY_PUBLIC_KEY ?? LOCAL_SECRETS.wechatPayPublicKey,
  };
  checkWechatPayKeys(local, 'Local secrets');
  return local;
}

/**
 * Refuses WeChat Pay keys that cannot work, at start rather than at the first payment: a private
 * key that does not parse, an APIv3 key that is not 32 bytes (AES-256), a public key that does not parse.
 */
function checkWechatPayKeys(secrets: Secrets, where: string): void {
  const problems: string[] = [];
  try {
    createPrivateKey(secrets.wechatPayPrivateKey);
  } catch {
    problems.push('wechatPayPrivateKey is not a PEM private key');
  }
  if (Buffer.byteLength(secrets.wechatPayApiV3Key, 'utf8') !== 32) problems.push('wechatPayApiV3Key must be 32 ASCII characters');
  if (secrets.wechatPayPublicKey !== '') {
    try {
      createPublicKey(secrets.wechatPayPublicKey);
    } catch {
      problems.push('wechatPayPublicKey is not a PEM public key');
    }
  }
  if (problems.length > 0) throw new Error(`${where}: ${problems.join('; ')}`);
}
