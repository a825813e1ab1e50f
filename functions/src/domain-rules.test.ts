import { describe, expect, it } from 'vitest';
import { toEventBridgeCron, SCHEDULED_JOBS } from './jobs/schedule.ts';
import { birthdayMessageData, birthdaysCelebratedOn } from './care/birthday-greetings.ts';
import { signWebhookBody, verifyWebhookSignature } from './orders/webhook-signature.ts';
import { issueSessionToken, readSessionToken } from './http/session.ts';
import { decryptPhone, encryptPhone } from './members/phone-crypto.ts';
import { applyOrderToStats, orderContentHash } from './orders/order-record.ts';
import { newVisitor } from './members/member-record.ts';
import { readConfig } from './config/config.ts';

describe('toEventBridgeCron', () => {
  it("turns a daily five-field cron into EventBridge's six fields", () => {
    expect(toEventBridgeCron('0 9 * * *')).toBe('cron(0 9 * * ? *)');
  });
  it('moves day-of-week to EventBridge numbering (Sunday = 1)', () => {
    expect(toEventBridgeCron('30 8 * * 1-5')).toBe('cron(30 8 ? * 2-6 *)');
    expect(toEventBridgeCron('0 0 * * 0')).toBe('cron(0 0 ? * 1 *)');
  });
  it('writes steps the way EventBridge documents them', () => {
    expect(toEventBridgeCron('*/15 * * * *')).toBe('cron(0/15 * * * ? *)');
  });
  it('refuses what EventBridge cannot express', () => {
    expect(() => toEventBridgeCron('0 9 1 * 1')).toThrow();
    expect(() => toEventBridgeCron('0 9 * *')).toThrow();
  });
  it('schedules the birthday job daily at 09:00 Asia/Shanghai', () => {
    expect(SCHEDULED_JOBS.find((job) => job.name === 'birthday-greetings')).toMatchObject({ cron: '0 9 * * *', timeZone: 'Asia/Shanghai' });
  });
});

describe('birthdaysCelebratedOn', () => {
  it('adds 29 February to 28 February in common years only', () => {
    expect(birthdaysCelebratedOn({ year: 2027, monthDay: '02-28' })).toEqual(['02-28', '02-29']);
    expect(birthdaysCelebratedOn({ year: 2028, monthDay: '02-28' })).toEqual(['02-28']);
    expect(birthdaysCelebratedOn({ year: 2028, monthDay: '02-29' })).toEqual(['02-29']);
  });
  it("keeps template thing values within WeChat's 20 characters", () => {
    const data = birthdayMessageData({ nickname: '一个非常非常非常非常长的昵称超过了二十个字' }, { year: 2026, month: 3, day: 14 });
    for (const { value } of Object.values(data)) expect([...value].length).toBeLessThanOrEqual(20);
  });
});

describe('webhook signature', () => {
  const secret = 's3cret';
  const now = new Date('2026-11-23T02:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  it('accepts what the shop signs', () => {
    expect(
      verifyWebhookSignature({
        secret,
        timestampHeader: String(ts),
        signatureHeader: signWebhookBody(secret, ts, '{"a":1}'),
        rawBody: '{"a":1}',
        now,
      }),
    ).toBe('ok');
  });
  it('says stale beyond five minutes either way', () => {
    for (const offset of [-301, 301]) {
      const t = ts + offset;
      expect(
        verifyWebhookSignature({ secret, timestampHeader: String(t), signatureHeader: signWebhookBody(secret, t, 'x'), rawBody: 'x', now }),
      ).toBe('stale');
    }
  });
  it('says mismatch for another body, another secret or a malformed timestamp', () => {
    expect(
      verifyWebhookSignature({ secret, timestampHeader: String(ts), signatureHeader: signWebhookBody(secret, ts, 'x'), rawBody: 'y', now }),
    ).toBe('mismatch');
    expect(
      verifyWebhookSignature({
        secret,
        timestampHeader: String(ts),
        signatureHeader: signWebhookBody('other', ts, 'x'),
        rawBody: 'x',
        now,
      }),
    ).toBe('mismatch');
    expect(verifyWebhookSignature({ secret, timestampHeader: '1e9', signatureHeader: 'sha256=00', rawBody: 'x', now })).toBe('mismatch');
  });
  it('says missing without headers', () => {
    expect(verifyWebhookSignature({ secret, timestampHeader: undefined, signatureHeader: undefined, rawBody: 'x', now })).toBe('missing');
  });
});

describe('session tokens', () => {
  const now = new Date('2026-11-23T02:00:00Z');
  it('round-trips the member and roles until expiry', async () => {
    const { token, expiresAt } = await issueSessionToken(
      { memberId: 'm_1', roles: ['member', 'agent'] },
      { key: 'k', now, ttlSeconds: 60 },
    );
    expect(expiresAt).toBe('2026-11-23T02:01:00.000Z');
    expect(await readSessionToken(token, { key: 'k', now })).toEqual({ memberId: 'm_1', roles: ['member', 'agent'] });
    expect(await readSessionToken(token, { key: 'k', now: new Date('2026-11-23T02:01:00Z') })).toBeNull();
    expect(await readSessionToken(token, { key: 'other', now })).toBeNull();
    expect(await readSessionToken('garbage', { key: 'k', now })).toBeNull();
  });
});

describe('phone encryption', () => {
  const key = Buffer.alloc(32, 1).toString('base64');
  it('round-trips and never stores the number in clear', () => {
    const stored = encryptPhone('13812345678', key);
    expect(stored).not.toContain('13812345678');
    expect(decryptPhone(stored, key)).toBe('13812345678');
    expect(encryptPhone('13812345678', key)).not.toBe(stored);
  });
  it('refuses a tampered value or the wrong key', () => {
    const stored = encryptPhone('13812345678', key);
    const tampered = stored.slice(0, -2) + (stored.endsWith('A') ? 'BB' : 'AA');
    expect(() => decryptPhone(tampered, key)).toThrow();
    expect(() => decryptPhone(stored, Buffer.alloc(32, 2).toString('base64'))).toThrow();
  });
});

describe('applyOrderToStats', () => {
  const member = newVisitor({ memberId: 'm_1', openid: 'o-1', unionid: null, now: new Date('2026-01-01T00:00:00Z') });
  it('adds count and net spend and widens the order time range, leaving points to the ledger', () => {
    const a = applyOrderToStats(member, { paidFen: 1_000, paidAt: '2026-05-01T00:00:00+08:00' });
    const b = applyOrderToStats(a, { paidFen: 500, paidAt: '2026-03-01T00:00:00Z', refundedFen: 200 });
    expect(b).toMatchObject({
      pointsBalance: 0,
      orderCount: 2,
      totalSpentFen: 1_300,
      firstOrderAt: '2026-03-01T00:00:00.000Z',
      lastOrderAt: '2026-04-30T16:00:00.000Z',
    });
  });
  it('hashes the same order the same regardless of the offset its time was written with', () => {
    const order = { orderId: 'x', openid: 'o', paidFen: 1, items: [{ sku: 's', name: 'n', category: 'c', qty: 1, unitPriceFen: 1 }] };
    expect(orderContentHash({ ...order, paidAt: '2026-05-01T08:00:00+08:00' })).toBe(
      orderContentHash({ ...order, paidAt: '2026-05-01T00:00:00Z' }),
    );
  });
});

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
    const config = readConfig({
      AWS_LAMBDA_FUNCTION_NAME: 'api',
      LINLI_TABLE_NAME: 't',
      WECHAT_APP_ID: 'a',
      WECHAT_API_BASE: 'https://api.weixin.qq.com',
      WECHAT_TEMPLATE_BIRTHDAY: 'x',
      WECHAT_TEMPLATE_TIER_CHANGED: 'y',
      WECHAT_TEMPLATE_POINTS_EXPIRING: 'z',
      WECHAT_TEMPLATE_COMPLAINT_UPDATE: 'u',
      WECHAT_TEMPLATE_COMPLAINT_ALERT: 'v',
      LINLI_SECRETS_ARN: 'arn',
    });
    expect(config.dynamoEndpoint).toBeUndefined();
  });
  it("points photos at s3rver locally, and in the cloud at the bound bucket only, over S3's own endpoint", () => {
    expect(readConfig({}).photos).toEqual({ bucket: 'linli-photos', s3Endpoint: 'http://127.0.0.1:4568', forcePathStyle: true });
    const cloud = {
      AWS_LAMBDA_FUNCTION_NAME: 'api',
      LINLI_TABLE_NAME: 't',
      WECHAT_APP_ID: 'a',
      WECHAT_API_BASE: 'https://api.weixin.qq.com',
      WECHAT_TEMPLATE_BIRTHDAY: 'x',
      WECHAT_TEMPLATE_TIER_CHANGED: 'y',
      WECHAT_TEMPLATE_POINTS_EXPIRING: 'z',
      WECHAT_TEMPLATE_COMPLAINT_UPDATE: 'u',
      WECHAT_TEMPLATE_COMPLAINT_ALERT: 'v',
      LINLI_SECRETS_ARN: 'arn',
    };
    expect(readConfig({ ...cloud, LINLI_PHOTOS_BUCKET: 'photos-123' }).photos).toEqual({
      bucket: 'photos-123',
      s3Endpoint: undefined,
      forcePathStyle: false,
    });
    // The scheduled jobs are deployed without a bucket: they start, and never touch photos.
    expect(readConfig(cloud).photos.bucket).toBeNull();
  });
});
