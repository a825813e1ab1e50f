import { describe, expect, it } from 'vitest';
import { CampaignViewRequest } from '@linli/shared/groupbuy';
import { campaignViewOf } from './arrival';

describe('how the buyer came, from the page’s link', () => {
  it('is a care invitation with its rule and arm, as care delivery writes the link', () => {
    expect(campaignViewOf({ id: 'cmp_1', from: 'invitation', rule: 'cr_birthday', arm: 'b' })).toEqual({
      from: 'invitation',
      ruleId: 'cr_birthday',
      arm: 'b',
    });
  });

  it('is a friend’s share with the card’s id', () => {
    expect(campaignViewOf({ id: 'grp_1', share: 'Ab-_0123456789xyzXYZab' })).toEqual({ from: 'share', shareId: 'Ab-_0123456789xyzXYZab' });
  });

  it('is on one’s own without either, or with a share id the API would refuse', () => {
    expect(campaignViewOf({ id: 'cmp_1' })).toEqual({ from: 'direct' });
    expect(campaignViewOf({ id: 'cmp_1', from: 'list' })).toEqual({ from: 'direct' });
    expect(campaignViewOf({ id: 'grp_1', share: 'short' })).toEqual({ from: 'direct' });
    expect(campaignViewOf({ id: 'grp_1', share: 'has spaces in it!' })).toEqual({ from: 'direct' });
  });

  it('reads parameters WeChat hands over still encoded', () => {
    expect(campaignViewOf({ from: 'invitation', rule: 'cr%5Fbirthday', arm: 'a' })).toEqual({
      from: 'invitation',
      ruleId: 'cr_birthday',
      arm: 'a',
    });
  });

  it('keeps an invitation whose rule or arm is mangled, without the parts the API would refuse', () => {
    const view = campaignViewOf({ from: 'invitation', rule: 'r'.repeat(65), arm: 'c' });
    expect(view).toEqual({ from: 'invitation' });
    expect(CampaignViewRequest.safeParse(view).success).toBe(true);
  });
});
