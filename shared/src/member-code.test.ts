import { describe, expect, it } from 'vitest';
import { formatMemberCode, MEMBER_CODE_ALPHABET, normalizeMemberCode } from './member-code.ts';

describe('member codes', () => {
  it('read a code as typed: spaces, dashes and lower case are fine', () => {
    expect(normalizeMemberCode('7kq2 m9xd')).toBe('7KQ2M9XD');
    expect(normalizeMemberCode(' 7KQ2-M9XD ')).toBe('7KQ2M9XD');
  });
  it('read the letters people mistake for digits as those digits', () => {
    expect(normalizeMemberCode('O1IL 2345')).toBe('01112345');
  });
  it('refuse what cannot be a code', () => {
    expect(normalizeMemberCode('7KQ2M9X')).toBeNull();
    expect(normalizeMemberCode('7KQ2M9XDD')).toBeNull();
    expect(normalizeMemberCode('7KQ2M9XU')).toBeNull();
    expect(normalizeMemberCode('LINLI-M-m_01JABCDEF')).toBeNull();
  });
  it('show as two groups of four', () => {
    expect(formatMemberCode('7KQ2M9XD')).toBe('7KQ2 M9XD');
  });
  it('use no letter that reads like a digit', () => {
    expect(MEMBER_CODE_ALPHABET).toHaveLength(32);
    for (const letter of 'ILOU') expect(MEMBER_CODE_ALPHABET).not.toContain(letter);
  });
});
