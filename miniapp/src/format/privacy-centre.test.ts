import { describe, expect, it } from 'vitest';
import { consentEntryText, phoneConsentText, policyConsentText, subscriptionsConsentText } from './privacy-centre';

describe('隐私中心 wording', () => {
  it('names each consent ledger entry in Chinese, the policy with its version, and never a code', () => {
    const at = '2026-11-23T02:00:00.000Z';
    expect(consentEntryText({ kind: 'privacy-policy', action: 'accept', policyVersion: '2026-11-01', at })).toBe(
      '同意隐私政策（2026-11-01 版）',
    );
    expect(consentEntryText({ kind: 'personalised-marketing', action: 'opt-out', policyVersion: '2026-11-01', at })).toBe('关闭个性化推荐');
    expect(consentEntryText({ kind: 'phone', action: 'unbind', policyVersion: '2026-11-01', at })).toBe('解除绑定手机号');
    expect(consentEntryText({ kind: 'guardian', action: 'confirm', policyVersion: '2026-11-01', at })).toBe('授权变更');
  });

  it('says which policy version was agreed and on which Shanghai day, or that a newer one waits', () => {
    const policy = { version: '2026-11-01', acceptedAt: '2026-10-31T16:30:00.000Z', currentVersion: '2026-11-01', current: true };
    expect(policyConsentText(policy)).toBe('已同意 2026-11-01 版，2026-11-01');
    expect(policyConsentText({ ...policy, version: '2026-01-01', current: false })).toBe('同意的是旧版（2026-01-01），请阅读并同意新版');
    expect(policyConsentText({ ...policy, version: null, acceptedAt: null, current: false })).toBe('尚未同意');
  });

  it('shows the phone only masked, with the day it was bound when the ledger knows it', () => {
    expect(phoneConsentText({ phoneMasked: '139****0001', boundAt: '2026-11-23T02:00:00.000Z' })).toBe('139****0001，2026-11-23 绑定');
    expect(phoneConsentText({ phoneMasked: '139****0001', boundAt: null })).toBe('139****0001');
    expect(phoneConsentText({ phoneMasked: null, boundAt: null })).toBe('未绑定');
  });

  it('lists the subscribe messages allowed with the sends left', () => {
    expect(
      subscriptionsConsentText([
        { title: '等级变动', remaining: 2 },
        { title: '生日祝福', remaining: 1 },
      ]),
    ).toBe('等级变动 2 次、生日祝福 1 次');
    expect(subscriptionsConsentText([])).toBe('没有待发送的订阅消息');
  });
});
