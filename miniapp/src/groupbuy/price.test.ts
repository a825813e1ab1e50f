import { describe, expect, it } from 'vitest';
import { groupSizeText, priceTexts, slotsLeftText, termsText } from './price';

describe('a 拼团 price', () => {
  it('prints fen as yuan, with the saving against the original price', () => {
    expect(priceTexts(1990, 2990)).toEqual({ group: '¥19.90', original: '¥29.90', saving: '省¥10.00' });
    expect(priceTexts(5, 100_000)).toEqual({ group: '¥0.05', original: '¥1,000.00', saving: '省¥999.95' });
  });

  it('claims no saving when there is none', () => {
    expect(priceTexts(1000, 1000).saving).toBeNull();
  });
});

describe('a 拼团’s terms', () => {
  it('names the group size and the slots still open', () => {
    expect(groupSizeText(3)).toBe('3人团');
    expect(slotsLeftText(2)).toBe('还差2人');
    expect(slotsLeftText(0)).toBe('已满员');
  });

  it('mentions the minimum only when a smaller group may succeed', () => {
    expect(termsText({ groupSize: 3, minGroupSize: 3, groupHours: 24, perBuyerLimit: 2 })).toBe('3人团 · 24小时内成团 · 每人限购2件');
    expect(termsText({ groupSize: 5, minGroupSize: 3, groupHours: 12, perBuyerLimit: 1 })).toBe(
      '5人团 · 满3人即可成团 · 12小时内成团 · 每人限购1件',
    );
  });
});
