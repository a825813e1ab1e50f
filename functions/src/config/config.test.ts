import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

/** Every setting a cloud function must be given. */
const CLOUD_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'api',
  LINLI_TABLE_NAME: 't',
  WECHAT_APP_ID: 'a',
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  WECHAT_TEMPLATE_BIRTHDAY: 'x',
  WECHAT_TEMPLATE_TIER_CHANGED: 'y',
  WECHAT_TEMPLATE_POINTS_EXPIRING: 'z',
  WECHAT_TEMPLATE_COMPLAINT_UPDATE: 'u',
  WECHAT_TEMPLATE_COMPLAINT_ALERT: 'v',
  WECHAT_PAY_MCH_ID: '1900000001',
  WECHAT_PAY_API_BASE: 'https://api.mch.weixin.qq.com',
  WECHAT_PAY_MERCHANT_SERIAL_NO: 'C50DDFF8B98F85077B9092CEDD3FBADF4D6EF457',
  WECHAT_PAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0119000000012026112700000000000001',
  WECHAT_PAY_NOTIFY_URL: 'https://api.linli.example.com/v1/wechatpay/notify',
  LINLI_FULFILMENT_WEBHOOK_URL: 'https://shop.example.com/linli/fulfilment',
  LINLI_SECRETS_ARN: 'arn',
};

describe('readConfig', () => {
  it('uses embedded defaults locally', () => {
    expect(readConfig({})).toMatchObject({ stage: 'local', tableName: 'linli', wechat: { apiBase: 'http://127.0.0.1:3100' } });
  });
  it('requires every setting in Lambda, naming what is missing', () => {
    expect(() => readConfig({ AWS_LAMBDA_FUNCTION_NAME: 'api' })).toThrow(
      /LINLI_TABLE_NAME.*WECHAT_APP_ID.*WECHAT_API_BASE.*WECHAT_TEMPLATE_BIRTHDAY.*WECHAT_TEMPLATE_TIER_CHANGED.*WECHAT_TEMPLATE_POINTS_EXPIRING.*WECHAT_TEMPLATE_COMPLAINT_UPDATE.*WECHAT_TEMPLATE_COMPLAINT_ALERT.*LINLI_SECRETS_ARN/,
    );
  });
  it('never points a cloud function at DynamoDB Local by default', () => {
    const config = readConfig(CLOUD_ENV);
    expect(config.dynamoEndpoint).toBeUndefined();
  });
  it("points photos at s3rver locally, and in the cloud at the bound bucket only, over S3's own endpoint", () => {
    expect(readConfig({}).photos).toEqual({ bucket: 'linli-photos', s3Endpoint: 'http://127.0.0.1:4568', forcePathStyle: true });
    const cloud = CLOUD_ENV;
    expect(readConfig({ ...cloud, LINLI_PHOTOS_BUCKET: 'photos-123' }).photos).toEqual({
      bucket: 'photos-123',
      s3Endpoint: undefined,
      forcePathStyle: false,
    });
    // The scheduled jobs are deployed without a bucket: they start, and never touch photos.
    expect(readConfig(cloud).photos.bucket).toBeNull();
  });
  it('points queues at the local SQS server locally, and in the cloud only at queues a function is given', () => {
    expect(readConfig({}).queues).toEqual({
      sqsEndpoint: 'http://127.0.0.1:9324',
      careDelivery: {
        url: 'http://sqs.ap-southeast-1.localhost:9324/000000000000/care-delivery',
        deadLetterUrl: 'http://sqs.ap-southeast-1.localhost:9324/000000000000/care-delivery-dlq',
      },
      dataExport: {
        url: 'http://sqs.ap-southeast-1.localhost:9324/000000000000/data-export',
        deadLetterUrl: 'http://sqs.ap-southeast-1.localhost:9324/000000000000/data-export-dlq',
      },
    });
    expect(readConfig({ SQS_ENDPOINT: 'http://127.0.0.1:40001' }).queues.careDelivery?.url).toBe(
      'http://sqs.ap-southeast-1.localhost:40001/000000000000/care-delivery',
    );
    expect(readConfig(CLOUD_ENV).queues).toEqual({ sqsEndpoint: undefined, careDelivery: null, dataExport: null });
    const bound = { LINLI_CARE_DELIVERY_QUEUE_URL: 'https://sqs/q', LINLI_CARE_DELIVERY_DLQ_URL: 'https://sqs/dlq' };
    expect(readConfig({ ...CLOUD_ENV, ...bound }).queues.careDelivery).toEqual({ url: 'https://sqs/q', deadLetterUrl: 'https://sqs/dlq' });
    expect(() => readConfig({ ...CLOUD_ENV, LINLI_CARE_DELIVERY_QUEUE_URL: 'https://sqs/q' })).toThrow(/set both or neither/);
    const exports = { LINLI_DATA_EXPORT_QUEUE_URL: 'https://sqs/e', LINLI_DATA_EXPORT_DLQ_URL: 'https://sqs/edlq' };
    expect(readConfig({ ...CLOUD_ENV, ...exports }).queues.dataExport).toEqual({ url: 'https://sqs/e', deadLetterUrl: 'https://sqs/edlq' });
    expect(() => readConfig({ ...CLOUD_ENV, LINLI_DATA_EXPORT_DLQ_URL: 'https://sqs/edlq' })).toThrow(/set both or neither/);
  });
  it('keeps data exports in linli-exports locally, and in the cloud only in the bucket a function is given', () => {
    expect(readConfig({}).exports).toEqual({ bucket: 'linli-exports' });
    expect(readConfig({ ...CLOUD_ENV, LINLI_EXPORTS_BUCKET: 'exports-123' }).exports).toEqual({ bucket: 'exports-123' });
    expect(readConfig(CLOUD_ENV).exports.bucket).toBeNull();
  });
  it('lists 3 template ids per subscribe request unless told 1 to 5', () => {
    expect(readConfig({}).wechat.templatesPerSubscribeRequest).toBe(3);
    expect(readConfig({ LINLI_TEMPLATES_PER_SUBSCRIBE_REQUEST: '5' }).wechat.templatesPerSubscribeRequest).toBe(5);
    for (const bad of ['0', '6', '2.5', 'three']) {
      expect(() => readConfig({ LINLI_TEMPLATES_PER_SUBSCRIBE_REQUEST: bad })).toThrow(/LINLI_TEMPLATES_PER_SUBSCRIBE_REQUEST/);
    }
  });
  it('talks to WeChat Pay through the emulator locally, in public-key mode, notified at the local API', () => {
    expect(readConfig({}).wechatPay).toEqual({
      mchId: '1900000001',
      apiBase: 'http://127.0.0.1:3100',
      merchantSerialNo: 'C50DDFF8B98F85077B9092CEDD3FBADF4D6EF457',
      publicKeyId: 'PUB_KEY_ID_0119000000012026112700000000000001',
      notifyUrl: 'http://127.0.0.1:3000/v1/wechatpay/notify',
    });
    // The emulator wherever WeChat is: the local stack moves both with WECHAT_API_BASE.
    expect(readConfig({ WECHAT_API_BASE: 'http://127.0.0.1:40100' }).wechatPay.apiBase).toBe('http://127.0.0.1:40100');
  });
  it('requires the WeChat Pay settings in the cloud, `none` meaning platform-certificate mode', () => {
    const { WECHAT_PAY_MCH_ID: _mchId, WECHAT_PAY_PUBLIC_KEY_ID: _keyId, ...without } = CLOUD_ENV;
    expect(() => readConfig(without)).toThrow(/WECHAT_PAY_MCH_ID.*WECHAT_PAY_PUBLIC_KEY_ID/);
    expect(readConfig(CLOUD_ENV).wechatPay.publicKeyId).toBe('PUB_KEY_ID_0119000000012026112700000000000001');
    expect(readConfig({ ...CLOUD_ENV, WECHAT_PAY_PUBLIC_KEY_ID: 'none' }).wechatPay.publicKeyId).toBeNull();
    expect(() => readConfig({ ...CLOUD_ENV, WECHAT_PAY_PUBLIC_KEY_ID: '5157F09EFDC096DE' })).toThrow(/PUB_KEY_ID_… or none/);
  });
  it('takes only an https notify URL without a query in the cloud (http too locally)', () => {
    expect(() => readConfig({ ...CLOUD_ENV, WECHAT_PAY_NOTIFY_URL: 'http://api.linli.example.com/v1/wechatpay/notify' })).toThrow(
      /WECHAT_PAY_NOTIFY_URL/,
    );
    expect(() => readConfig({ ...CLOUD_ENV, WECHAT_PAY_NOTIFY_URL: 'https://api.linli.example.com/notify?a=1' })).toThrow(
      /WECHAT_PAY_NOTIFY_URL/,
    );
    expect(readConfig({ WECHAT_PAY_NOTIFY_URL: 'http://127.0.0.1:40000/v1/wechatpay/notify' }).wechatPay.notifyUrl).toBe(
      'http://127.0.0.1:40000/v1/wechatpay/notify',
    );
  });
  it('sends fulfilments to the local shop emulator locally, and in the cloud only to a given https URL', () => {
    expect(readConfig({}).groupBuy).toEqual({ fulfilmentWebhookUrl: 'http://127.0.0.1:3200/linli/fulfilment' });
    expect(readConfig(CLOUD_ENV).groupBuy.fulfilmentWebhookUrl).toBe('https://shop.example.com/linli/fulfilment');
    const { LINLI_FULFILMENT_WEBHOOK_URL: _url, ...without } = CLOUD_ENV;
    expect(() => readConfig(without)).toThrow(/Missing configuration: LINLI_FULFILMENT_WEBHOOK_URL/);
    expect(() => readConfig({ ...CLOUD_ENV, LINLI_FULFILMENT_WEBHOOK_URL: 'http://shop.example.com/f' })).toThrow(
      /LINLI_FULFILMENT_WEBHOOK_URL must be an https URL/,
    );
    expect(() => readConfig({ LINLI_FULFILMENT_WEBHOOK_URL: 'not a url' })).toThrow(/LINLI_FULFILMENT_WEBHOOK_URL/);
  });
  it('admits the local H5 servers on any port locally, and in the cloud only the https origins it is given', () => {
    expect(readConfig({}).http.allowedOrigins).toEqual(['http://127.0.0.1:*', 'http://localhost:*']);
    expect(readConfig(CLOUD_ENV).http.allowedOrigins).toEqual([]);
    // Normalised as browsers send an Origin: lower case, no default port, no trailing slash.
    expect(
      readConfig({ ...CLOUD_ENV, LINLI_ALLOWED_ORIGINS: 'https://H5.Linli.example:443/, https://admin.linli.example:8443' }).http
        .allowedOrigins,
    ).toEqual(['https://h5.linli.example', 'https://admin.linli.example:8443']);
    for (const [value, why] of [
      ['*', /never allowed/],
      ['http://h5.linli.example', /https in the cloud/],
      ['https://h5.linli.example:*', /local origins only/],
      ['https://h5.linli.example/app', /no path/],
      ['h5.linli.example', /must be an origin/],
    ] as const) {
      expect(() => readConfig({ ...CLOUD_ENV, LINLI_ALLOWED_ORIGINS: value }), value).toThrow(why);
    }
    expect(readConfig({ LINLI_ALLOWED_ORIGINS: 'http://[::1]:*,http://192.168.1.5:10086' }).http.allowedOrigins).toEqual([
      'http://[::1]:*',
      'http://192.168.1.5:10086',
    ]);
  });
  it('limits bodies to 1 MB and rate-limits login, webhooks, photo uploads and exports by default, each setting its own', () => {
    expect(readConfig(CLOUD_ENV).http).toMatchObject({
      maxBodyBytes: 1_000_000,
      rateLimits: { login: 60, webhooks: 600, photoUploads: 20, exports: 10 },
    });
    const set = readConfig({ LINLI_MAX_BODY_BYTES: '65536', LINLI_RATE_LIMIT_LOGIN: '5', LINLI_RATE_LIMIT_EXPORTS: '2' }).http;
    expect(set).toMatchObject({ maxBodyBytes: 65_536, rateLimits: { login: 5, webhooks: 600, photoUploads: 20, exports: 2 } });
    expect(() => readConfig({ LINLI_RATE_LIMIT_WEBHOOKS: '0' })).toThrow(/LINLI_RATE_LIMIT_WEBHOOKS must be a positive integer/);
    expect(() => readConfig({ LINLI_MAX_BODY_BYTES: '1MB' })).toThrow(/LINLI_MAX_BODY_BYTES/);
  });
});
