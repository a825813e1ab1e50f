import { DEFAULT_TEMPLATES_PER_SUBSCRIBE_REQUEST } from '@linli/shared/care-rules';
import {
  LOCAL_WECHAT_PAY_API_V3_KEY,
  LOCAL_WECHAT_PAY_MCH_ID,
  LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY,
  LOCAL_WECHAT_PAY_MERCHANT_SERIAL_NO,
  LOCAL_WECHAT_PAY_PUBLIC_KEY,
  LOCAL_WECHAT_PAY_PUBLIC_KEY_ID,
} from './local-wechatpay-keys.ts';
import { DEFAULT_POINTS_RULES, type PointsRules } from './points-rules.ts';
import { CARE_DELIVERY_QUEUE, DATA_EXPORT_QUEUE, localQueueUrl, type QueueDefinition, type QueueUrls } from './queues.ts';

/**
 * The one config reader. Plain settings come from the environment; secrets come from one
 * Secrets Manager JSON secret in the cloud (LINLI_SECRETS_ARN) and from embedded local
 * defaults only when running locally, so a deployed function can never fall back to a
 * well-known secret.
 */
export interface Secrets {
  wechatAppSecret: string;
  webhookSecret: string;
  /** HMAC key for session tokens. */
  tokenSigningKey: string;
  /** 32-byte key, base64, for AES-256-GCM encryption of phone numbers at rest. */
  phoneEncryptionKey: string;
  /**
   * 32-byte key, base64, for the HMAC-SHA256 that finds a member by a verified phone (imported orders)
   * without storing the phone in a readable or guessable form (members/phone-crypto.ts).
   */
  phoneLookupKey: string;
  /** The merchant's WeChat Pay API private key (apiclient_key.pem), PEM. */
  wechatPayPrivateKey: string;
  /** The merchant's WeChat Pay APIv3 key: 32 ASCII characters (decrypts notifications and platform certificates). */
  wechatPayApiV3Key: string;
  /** The WeChat Pay public key, PEM, in public-key mode; '' in platform-certificate mode. */
  wechatPayPublicKey: string;
}

export interface Config {
  stage: 'local' | 'cloud';
  tableName: string;
  /** Set only locally: DynamoDB Local's URL. */
  dynamoEndpoint: string | undefined;
  region: string;
  wechat: {
    appId: string;
    apiBase: string;
    templates: { birthdayGreeting: string; tierChanged: string; pointsExpiring: string; complaintUpdate: string; complaintAlert: string };
    /**
     * How many template ids the mini-program lists in one wx.requestSubscribeMessage call (1–5; WeChat's
     * documents have said 3 and 5 over time): LINLI_TEMPLATES_PER_SUBSCRIBE_REQUEST.
     */
    templatesPerSubscribeRequest: number;
    /** miniprogram_state for subscribe messages: developer | trial | formal. */
    miniprogramState: 'developer' | 'trial' | 'formal';
  };
  /** WeChat Pay API v3 (group-buy payments); its keys are in Secrets. */
  wechatPay: {
    /** The merchant id (mchid): WECHAT_PAY_MCH_ID. */
    mchId: string;
    /** https://api.mch.weixin.qq.com in the cloud, the emulator locally: WECHAT_PAY_API_BASE. */
    apiBase: string;
    /** The serial number of the merchant API certificate whose key signs requests: WECHAT_PAY_MERCHANT_SERIAL_NO. */
    merchantSerialNo: string;
    /**
     * The WeChat Pay public key's id (PUB_KEY_ID_…), or null in platform-certificate mode:
     * WECHAT_PAY_PUBLIC_KEY_ID, `none` meaning platform-certificate mode.
     */
    publicKeyId: string | null;
    /** Where WeChat Pay posts notifications (https in the cloud): WECHAT_PAY_NOTIFY_URL. */
    notifyUrl: string;
  };
  /** 拼团 (group-buy) beyond WeChat Pay. */
  groupBuy: {
    /**
     * Where the seller's shop takes successful orders for fulfilment (a signed POST, webhookSecret):
     * LINLI_FULFILMENT_WEBHOOK_URL, https in the cloud; locally the shop emulator (`npm start`, port 3200).
     */
    fulfilmentWebhookUrl: string;
  };
  /** Complaint photos in object storage. */
  photos: {
    /** In the cloud only the API function has one (LINLI_PHOTOS_BUCKET); the scheduled jobs never touch photos. */
    bucket: string | null;
    /** Set only locally: the S3-compatible server's URL (s3rver, started by `npm start`). */
    s3Endpoint: string | undefined;
    /** Address the bucket in the URL's path, as a local server on 127.0.0.1 needs (no bucket subdomain). */
    forcePathStyle: boolean;
  };
  /** Members' data exports (导出我的数据) in object storage: private, downloaded through signed links only. */
  exports: {
    /**
     * LINLI_EXPORTS_BUCKET: in the cloud only the API (which signs download links) and the export worker
     * have it; locally `linli-exports` on the same S3-compatible server as the photos (config.photos.s3Endpoint).
     */
    bucket: string | null;
  };
  /** Queues on Amazon SQS (config/queues.ts defines them). */
  queues: {
    /** Set only locally: the SQS-compatible server's URL (fauxqs, started by `npm start`). */
    sqsEndpoint: string | undefined;
    /**
     * Care messages waiting for the delivery worker. In the cloud only the functions bound to the
     * queue have it (LINLI_CARE_DELIVERY_QUEUE_URL and LINLI_CARE_DELIVERY_DLQ_URL); null elsewhere.
     */
    careDelivery: QueueUrls | null;
    /** Requested data exports waiting for the export worker (LINLI_DATA_EXPORT_QUEUE_URL and LINLI_DATA_EXPORT_DLQ_URL). */
    dataExport: QueueUrls | null;
  };
  points: PointsRules;
  /** What the HTTP API admits besides its routes' own rules (http/app.ts, http/request-limits.ts). */
  http: {
    /**
     * Browser origins that may call the API (CORS), i.e. where an H5 build is served: LINLI_ALLOWED_ORIGINS,
     * comma-separated. Exact origins (https only in the cloud, where none is allowed when unset); locally
     * `http://<host>:*` also admits any port of that host. Never `*`: no other site's page may call it.
     */
    allowedOrigins: string[];
    /** The largest request body a route reads, in bytes (order imports keep their own, larger one): LINLI_MAX_BODY_BYTES. */
    maxBodyBytes: number;
    /** How many requests each rate limit admits per subject and window (what it counts is in http/request-limits.ts). */
    rateLimits: Record<RateLimitName, number>;
  };
  sessionTtlSeconds: number;
  /** Openids that become an active admin at their first login (a fresh deployment's first admin). */
  foundingAdminOpenids: string[];
  secretsArn: string | undefined;
}

/** Each rate limit's setting and default: requests per subject and window (http/request-limits.ts says which). */
export const RATE_LIMIT_SETTINGS = {
  /** Per caller address a minute. Mainland carriers put many phones behind one address (CGNAT), so not lower. */
  login: { variable: 'LINLI_RATE_LIMIT_LOGIN', default: 60 },
  /** Per caller address a minute: the shop's order and refund webhooks and WeChat Pay's notifications. */
  webhooks: { variable: 'LINLI_RATE_LIMIT_WEBHOOKS', default: 600 },
  /** Per member a minute: photo upload grants (besides the 60 a day every member has). */
  photoUploads: { variable: 'LINLI_RATE_LIMIT_PHOTO_UPLOADS', default: 20 },
  /** Per member a Shanghai day: data exports. */
  exports: { variable: 'LINLI_RATE_LIMIT_EXPORTS', default: 10 },
} as const;
export type RateLimitName = keyof typeof RATE_LIMIT_SETTINGS;

/** Secrets that `npm start` and the tests use; written in the README, never used in the cloud. */
export const LOCAL_SECRETS: Secrets = {
  wechatAppSecret: 'linli-local-app-secret',
  webhookSecret: 'linli-local-webhook-secret',
  tokenSigningKey: 'linli-local-token-signing-key-change-me',
  phoneEncryptionKey: Buffer.alloc(32, 7).toString('base64'),
  phoneLookupKey: Buffer.alloc(32, 9).toString('base64'),
  wechatPayPrivateKey: LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY,
  wechatPayApiV3Key: LOCAL_WECHAT_PAY_API_V3_KEY,
  wechatPayPublicKey: LOCAL_WECHAT_PAY_PUBLIC_KEY,
};

export const LOCAL_DEFAULTS = {
  tableName: 'linli',
  dynamoEndpoint: 'http://127.0.0.1:8000',
  region: 'ap-southeast-1',
  wechatAppId: 'wxlinli0000local',
  wechatApiBase: 'http://127.0.0.1:3100',
  birthdayTemplateId: 'tmpl-birthday-greeting',
  tierChangedTemplateId: 'tmpl-tier-changed',
  pointsExpiringTemplateId: 'tmpl-points-expiring',
  complaintUpdateTemplateId: 'tmpl-complaint-update',
  complaintAlertTemplateId: 'tmpl-complaint-alert',
  photosBucket: 'linli-photos',
  exportsBucket: 'linli-exports',
  s3Endpoint: 'http://127.0.0.1:4568',
  sqsEndpoint: 'http://127.0.0.1:9324',
  wechatPayMchId: LOCAL_WECHAT_PAY_MCH_ID,
  wechatPayMerchantSerialNo: LOCAL_WECHAT_PAY_MERCHANT_SERIAL_NO,
  wechatPayPublicKeyId: LOCAL_WECHAT_PAY_PUBLIC_KEY_ID,
  /** The local API (`npm start`, port 3000) receives WeChat Pay's notifications from the emulator. */
  wechatPayNotifyUrl: 'http://127.0.0.1:3000/v1/wechatpay/notify',
  /** The shop emulator `npm start` runs (dev/shop-emulator.ts, port 3200). */
  fulfilmentWebhookUrl: 'http://127.0.0.1:3200/linli/fulfilment',
  /**
   * Any port on the loopback names: the H5 dev server (`npm start`, http://127.0.0.1:10086) and the browser
   * tests' H5 server, which takes a free port after the API has started.
   */
  allowedOrigins: 'http://127.0.0.1:*,http://localhost:*',
  maxBodyBytes: 1_000_000,
} as const;

type Env = Record<string, string | undefined>;

/** Reads configuration from an environment; throws naming every missing variable. */
export function readConfig(env: Env = process.env): Config {
  const runningInLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const stage = runningInLambda || env.LINLI_STAGE === 'cloud' ? 'cloud' : 'local';
  const missing: string[] = [];
  const need = (name: string, localDefault: string): string => {
    const value = env[name];
    if (value) return value;
    if (stage === 'local') return localDefault;
    missing.push(name);
    return '';
  };
  const config: Config = {
    stage,
    tableName: need('LINLI_TABLE_NAME', LOCAL_DEFAULTS.tableName),
    dynamoEndpoint: stage === 'local' ? (env.DYNAMODB_ENDPOINT ?? LOCAL_DEFAULTS.dynamoEndpoint) : env.DYNAMODB_ENDPOINT,
    region: env.AWS_REGION ?? LOCAL_DEFAULTS.region,
    wechat: {
      appId: need('WECHAT_APP_ID', LOCAL_DEFAULTS.wechatAppId),
      apiBase: need('WECHAT_API_BASE', LOCAL_DEFAULTS.wechatApiBase),
      templates: {
        birthdayGreeting: need('WECHAT_TEMPLATE_BIRTHDAY', LOCAL_DEFAULTS.birthdayTemplateId),
        tierChanged: need('WECHAT_TEMPLATE_TIER_CHANGED', LOCAL_DEFAULTS.tierChangedTemplateId),
        pointsExpiring: need('WECHAT_TEMPLATE_POINTS_EXPIRING', LOCAL_DEFAULTS.pointsExpiringTemplateId),
        complaintUpdate: need('WECHAT_TEMPLATE_COMPLAINT_UPDATE', LOCAL_DEFAULTS.complaintUpdateTemplateId),
        complaintAlert: need('WECHAT_TEMPLATE_COMPLAINT_ALERT', LOCAL_DEFAULTS.complaintAlertTemplateId),
      },
      templatesPerSubscribeRequest: templatesPerRequest(
        env.LINLI_TEMPLATES_PER_SUBSCRIBE_REQUEST ?? String(DEFAULT_TEMPLATES_PER_SUBSCRIBE_REQUEST),
      ),
      miniprogramState: parseMiniprogramState(env.WECHAT_MINIPROGRAM_STATE ?? (stage === 'local' ? 'developer' : 'formal')),
    },
    wechatPay: {
      mchId: need('WECHAT_PAY_MCH_ID', LOCAL_DEFAULTS.wechatPayMchId),
      // Locally WeChat Pay is the same emulator as WeChat (its /v3/… paths).
      apiBase: need('WECHAT_PAY_API_BASE', env.WECHAT_API_BASE ?? LOCAL_DEFAULTS.wechatApiBase),
      merchantSerialNo: need('WECHAT_PAY_MERCHANT_SERIAL_NO', LOCAL_DEFAULTS.wechatPayMerchantSerialNo),
      publicKeyId: parsePublicKeyId(need('WECHAT_PAY_PUBLIC_KEY_ID', LOCAL_DEFAULTS.wechatPayPublicKeyId)),
      notifyUrl: parseNotifyUrl(need('WECHAT_PAY_NOTIFY_URL', LOCAL_DEFAULTS.wechatPayNotifyUrl), stage),
    },
    groupBuy: {
      fulfilmentWebhookUrl: parseWebhookUrl(
        'LINLI_FULFILMENT_WEBHOOK_URL',
        need('LINLI_FULFILMENT_WEBHOOK_URL', LOCAL_DEFAULTS.fulfilmentWebhookUrl),
        stage,
      ),
    },
    photos: {
      bucket: env.LINLI_PHOTOS_BUCKET || (stage === 'local' ? LOCAL_DEFAULTS.photosBucket : null),
      s3Endpoint: stage === 'local' ? (env.S3_ENDPOINT ?? LOCAL_DEFAULTS.s3Endpoint) : env.S3_ENDPOINT,
      forcePathStyle: (env.S3_FORCE_PATH_STYLE ?? (stage === 'local' ? 'true' : 'false')) === 'true',
    },
    exports: { bucket: env.LINLI_EXPORTS_BUCKET || (stage === 'local' ? LOCAL_DEFAULTS.exportsBucket : null) },
    queues: readQueues(env, stage, env.AWS_REGION ?? LOCAL_DEFAULTS.region),
    points: {
      ...DEFAULT_POINTS_RULES,
      perYuan: positiveInteger(env.LINLI_POINTS_PER_YUAN ?? '1', 'LINLI_POINTS_PER_YUAN'),
      expiryYears: positiveInteger(env.LINLI_POINTS_EXPIRY_YEARS ?? String(DEFAULT_POINTS_RULES.expiryYears), 'LINLI_POINTS_EXPIRY_YEARS'),
      returnWindowDays: nonNegativeInteger(
        env.LINLI_POINTS_RETURN_WINDOW_DAYS ?? String(DEFAULT_POINTS_RULES.returnWindowDays),
        'LINLI_POINTS_RETURN_WINDOW_DAYS',
      ),
    },
    http: {
      allowedOrigins: originList(env.LINLI_ALLOWED_ORIGINS ?? (stage === 'local' ? LOCAL_DEFAULTS.allowedOrigins : ''), stage),
      maxBodyBytes: positiveInteger(env.LINLI_MAX_BODY_BYTES ?? String(LOCAL_DEFAULTS.maxBodyBytes), 'LINLI_MAX_BODY_BYTES'),
      rateLimits: rateLimits(env),
    },
    sessionTtlSeconds: positiveInteger(env.LINLI_SESSION_TTL_SECONDS ?? String(7 * 24 * 3600), 'LINLI_SESSION_TTL_SECONDS'),
    foundingAdminOpenids: openidList(env.LINLI_FOUNDING_ADMIN_OPENIDS ?? ''),
    secretsArn: stage === 'cloud' ? need('LINLI_SECRETS_ARN', '') : env.LINLI_SECRETS_ARN,
  };
  if (missing.length > 0) throw new Error(`Missing configuration: ${missing.join(', ')}`);
  return config;
}

function readQueues(env: Env, stage: Config['stage'], region: string): Config['queues'] {
  const sqsEndpoint = stage === 'local' ? (env.SQS_ENDPOINT ?? LOCAL_DEFAULTS.sqsEndpoint) : env.SQS_ENDPOINT;
  const queue = (definition: QueueDefinition, variables: { url: string; deadLetterUrl: string }): QueueUrls | null => {
    const url = env[variables.url];
    const deadLetterUrl = env[variables.deadLetterUrl];
    if (Boolean(url) !== Boolean(deadLetterUrl)) {
      throw new Error(`${variables.url} and ${variables.deadLetterUrl} go together: set both or neither`);
    }
    if (url && deadLetterUrl) return { url, deadLetterUrl };
    // Locally the queues are where `npm start` creates them, on whichever server SQS_ENDPOINT names.
    return stage === 'local' && sqsEndpoint
      ? {
          url: localQueueUrl(sqsEndpoint, region, definition.name),
          deadLetterUrl: localQueueUrl(sqsEndpoint, region, definition.deadLetterName),
        }
      : null;
  };
  return {
    sqsEndpoint,
    careDelivery: queue(CARE_DELIVERY_QUEUE, { url: 'LINLI_CARE_DELIVERY_QUEUE_URL', deadLetterUrl: 'LINLI_CARE_DELIVERY_DLQ_URL' }),
    dataExport: queue(DATA_EXPORT_QUEUE, { url: 'LINLI_DATA_EXPORT_QUEUE_URL', deadLetterUrl: 'LINLI_DATA_EXPORT_DLQ_URL' }),
  };
}

/** WeChat refuses a request listing more than 5 template ids (fewer in older base libraries). */
function templatesPerRequest(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 5)
    throw new Error(`LINLI_TEMPLATES_PER_SUBSCRIBE_REQUEST must be a whole number from 1 to 5, got "${value}"`);
  return n;
}

/** `PUB_KEY_ID_…` (public-key mode) or `none` (platform-certificate mode). */
function parsePublicKeyId(value: string): string | null {
  // '' only when the variable is missing in the cloud: readConfig then throws naming it.
  if (value === '') return value;
  if (value === 'none') return null;
  if (/^PUB_KEY_ID_[0-9A-Za-z]+$/.test(value)) return value;
  throw new Error(`WECHAT_PAY_PUBLIC_KEY_ID must be PUB_KEY_ID_… or none (platform-certificate mode), got "${value}"`);
}

/** WeChat Pay posts only to https URLs without a query; locally the emulator also posts to http. */
/** An outgoing webhook's URL: https in the cloud (it carries buyers' openids), http too locally. '' while missing (reported then). */
function parseWebhookUrl(name: string, value: string, stage: Config['stage']): string {
  if (value === '') return value;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // Reported below.
  }
  const schemes = stage === 'cloud' ? ['https:'] : ['https:', 'http:'];
  if (!url || !schemes.includes(url.protocol))
    throw new Error(`${name} must be an ${stage === 'cloud' ? 'https' : 'http(s)'} URL, got "${value}"`);
  return value;
}

function parseNotifyUrl(value: string, stage: Config['stage']): string {
  if (value === '') return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`WECHAT_PAY_NOTIFY_URL must be a URL, got "${value}"`);
  }
  const schemes = stage === 'cloud' ? ['https:'] : ['https:', 'http:'];
  if (!schemes.includes(url.protocol) || url.search !== '') {
    throw new Error(`WECHAT_PAY_NOTIFY_URL must be an ${stage === 'cloud' ? 'https' : 'http(s)'} URL without a query, got "${value}"`);
  }
  return value;
}

function parseMiniprogramState(value: string): Config['wechat']['miniprogramState'] {
  if (value === 'developer' || value === 'trial' || value === 'formal') return value;
  throw new Error(`WECHAT_MINIPROGRAM_STATE must be developer, trial or formal, got "${value}"`);
}

/**
 * LINLI_ALLOWED_ORIGINS: origins (scheme://host[:port], nothing after), normalised as browsers send them
 * (lower case, no default port). `*` is refused everywhere; `http://<host>:*` (any port) and http are local only.
 */
function originList(value: string, stage: Config['stage']): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.map((entry) => {
    const refuse = (why: string) => new Error(`LINLI_ALLOWED_ORIGINS: ${why}, got "${entry}"`);
    if (entry === '*') throw refuse("list the H5 site's origins; any origin (*) is never allowed");
    const anyPort = /^(https?:\/\/(?:\[[0-9a-fA-F:.]+\]|[^/:*[\]]+)):\*$/.exec(entry);
    if (anyPort) {
      if (stage === 'cloud') throw refuse('any port (:*) is for local origins only');
      return `${new URL(anyPort[1]!).origin}:*`;
    }
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw refuse('each must be an origin such as https://h5.example.com');
    }
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!bare || !['https:', 'http:'].includes(url.protocol)) throw refuse('each must be an origin (scheme://host[:port], no path)');
    if (stage === 'cloud' && url.protocol !== 'https:') throw refuse('origins must be https in the cloud');
    return url.origin;
  });
}

function rateLimits(env: Env): Record<RateLimitName, number> {
  const limits = {} as Record<RateLimitName, number>;
  for (const [name, setting] of Object.entries(RATE_LIMIT_SETTINGS) as [RateLimitName, (typeof RATE_LIMIT_SETTINGS)[RateLimitName]][]) {
    limits[name] = positiveInteger(env[setting.variable] ?? String(setting.default), setting.variable);
  }
  return limits;
}

/** A comma-separated list of openids; empty (no founding admin) is allowed everywhere. */
function openidList(value: string): string[] {
  const openids = value
    .split(',')
    .map((openid) => openid.trim())
    .filter(Boolean);
  const malformed = openids.find((openid) => !/^[A-Za-z0-9_-]{1,128}$/.test(openid));
  if (malformed) throw new Error(`LINLI_FOUNDING_ADMIN_OPENIDS must be openids separated by commas, got "${malformed}"`);
  return openids;
}

function nonNegativeInteger(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number of days, got "${value}"`);
  return n;
}

function positiveInteger(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}
