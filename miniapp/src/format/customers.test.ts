import { describe, expect, it } from 'vitest';
import { consentText, expiringText, lastOrderText, messageText, searchMatchText } from './customers';

describe('customer 360 wording', () => {
  it('says which fields a search matched, in Chinese and without ids', () => {
    expect(searchMatchText(['phone'])).toBe('手机尾号匹配');
    expect(searchMatchText(['order', 'nickname'])).toBe('订单号、昵称匹配');
  });

  it('gives the last order as a Shanghai day', () => {
    expect(lastOrderText('2026-11-22T16:30:00.000Z')).toBe('最近下单 2026-11-23');
    expect(lastOrderText(null)).toBe('还没有下过单');
  });

  it('names a message, when it was sent and how it went', () => {
    expect(messageText({ kind: 'points-expiry', at: '2026-11-22T02:05:00.000Z', status: 'refused' })).toEqual({
      title: '积分到期提醒',
      meta: '2026-11-22 10:05 · 已拒收',
    });
  });

  it('tells whether the consent is to the policy in force', () => {
    const base = { policyVersion: '2026-01', acceptedAt: '2026-03-01T02:00:00.000Z', withdrawals: [] };
    expect(consentText({ ...base, current: true })).toBe('2026-03-01 同意现行版本');
    expect(consentText({ ...base, current: false })).toBe('2026-03-01 同意的是旧版，需重新同意');
    expect(consentText({ ...base, policyVersion: null, acceptedAt: null, current: false })).toBe('尚未同意隐私政策');
  });

  it('mentions expiring points only when there are some', () => {
    expect(expiringText({ points: 0, before: null })).toBeNull();
    expect(expiringText({ points: 120, before: '2026-12-31T15:59:59.999Z' })).toBe('120 积分将于 12月31日 前到期');
  });
});
