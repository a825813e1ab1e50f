import { describe, expect, it } from 'vitest';
import { CANNOT_JOIN_TEXT, cannotOpenText } from './reasons';

describe('why a buyer cannot open a group', () => {
  it('names the per-buyer limit when it is reached', () => {
    expect(cannotOpenText('limit-reached', 2)).toBe('每人限购2件，你已达到上限');
  });

  it('says it in Chinese for every other reason', () => {
    expect(cannotOpenText('not-joined', 1)).toBe('加入会员后即可开团');
    expect(cannotOpenText('sold-out', 1)).toBe('商品已抢光');
    expect(cannotOpenText('ended', 1)).toBe('活动已结束');
    expect(cannotOpenText('not-started', 1)).toBe('活动尚未开始，敬请期待');
    expect(cannotOpenText('not-eligible', 1)).toContain('暂不符合条件');
  });
});

describe('why a buyer cannot join a group', () => {
  it('has a sentence for every reason the server gives', () => {
    for (const text of Object.values(CANNOT_JOIN_TEXT)) expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(CANNOT_JOIN_TEXT.full).toBe('这个团已满员，去开个新团吧');
  });
});
