import { describe, expect, it } from 'vitest';
import { memberSearchTerms, nicknameSuffixes, normalizeSearchText, phoneLastFour } from './search-terms.ts';

describe('member search terms', () => {
  it('normalises full-width forms, case and spaces the same way for nicknames and queries', () => {
    expect(normalizeSearchText(' Ａｌｉｃｅ　王 小 ')).toBe('alice王小');
  });

  it('indexes every suffix of the nickname, so any substring is a prefix of one', () => {
    const suffixes = nicknameSuffixes('王小明');
    expect(suffixes).toEqual(['王小明', '小明', '明']);
    for (const part of ['王', '王小', '小', '小明', '明'])
      expect(
        suffixes.some((suffix) => suffix.startsWith(part)),
        part,
      ).toBe(true);
  });

  it('counts an emoji as one character and stops at 20 characters', () => {
    expect(nicknameSuffixes('🍎果')).toEqual(['🍎果', '果']);
    const long = nicknameSuffixes('一'.repeat(25));
    expect(long).toHaveLength(20);
    expect(long[0]).toBe('一'.repeat(20));
  });

  it('takes the last four digits from the masked phone only', () => {
    expect(phoneLastFour('139****7788')).toBe('7788');
    expect(phoneLastFour(null)).toBeNull();
    expect(phoneLastFour('***')).toBeNull();
  });

  it('makes only joined members searchable', () => {
    const fields = { nickname: '小明', phoneMasked: '139****7788' };
    expect(memberSearchTerms({ ...fields, status: 'visitor' })).toEqual({ nicknameSuffixes: [], phoneLastFour: null });
    expect(memberSearchTerms({ ...fields, status: 'member' })).toEqual({ nicknameSuffixes: ['小明', '明'], phoneLastFour: '7788' });
  });
});
