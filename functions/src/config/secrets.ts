import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { LOCAL_SECRETS, type Config, type Secrets } from './config.ts';

const SECRET_FIELDS: ReadonlyArray<keyof Secrets> = [
  'wechatAppSecret',
  'webhookSecret',
  'tokenSigningKey',
  'phoneEncryptionKey',
  'phoneLookupKey',
];

/**
 * Secrets from Secrets Manager in the cloud (one JSON secret, cached by Powertools); locally the
 * embedded defaults, each overridable from the environment.
 */
export async function loadSecrets(config: Config, env: Record<string, string | undefined> = process.env): Promise<Secrets> {
  if (config.secretsArn) {
    const value = (await getSecret(config.secretsArn, { transform: 'json', maxAge: 300 })) as Partial<Secrets> | undefined;
    const missing = SECRET_FIELDS.filter((field) => !value?.[field]);
    if (missing.length > 0) throw new Error(`Secret ${config.secretsArn} lacks: ${missing.join(', ')}`);
    return value as Secrets;
  }
  if (config.stage === 'cloud') throw new Error('LINLI_SECRETS_ARN is required in the cloud');
  return {
    wechatAppSecret: env.WECHAT_APP_SECRET ?? LOCAL_SECRETS.wechatAppSecret,
    webhookSecret: env.LINLI_WEBHOOK_SECRET ?? LOCAL_SECRETS.webhookSecret,
    tokenSigningKey: env.LINLI_TOKEN_SIGNING_KEY ?? LOCAL_SECRETS.tokenSigningKey,
    phoneEncryptionKey: env.LINLI_PHONE_ENCRYPTION_KEY ?? LOCAL_SECRETS.phoneEncryptionKey,
    phoneLookupKey: env.LINLI_PHONE_LOOKUP_KEY ?? LOCAL_SECRETS.phoneLookupKey,
  };
}
