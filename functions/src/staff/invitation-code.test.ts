import { describe, expect, it } from 'vitest';
import { INVITATION_CODE_LENGTH, parseInvitationCode } from '@linli/shared/staff';
import { invitationIdForCode, newInvitationCode } from './invitations.ts';

describe('newInvitationCode', () => {
  it('writes all 128 bits in Crockford base32, the last character holding the final 3 bits', () => {
    expect(newInvitationCode((n) => new Uint8Array(n))).toBe('0'.repeat(26));
    expect(newInvitationCode((n) => new Uint8Array(n).fill(0xff))).toBe(`${'Z'.repeat(25)}W`);
    // 0x80 then zeros: the first bit set is the top bit of the first character.
    expect(newInvitationCode((n) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 0x80 : 0)))).toBe(`G${'0'.repeat(25)}`);
  });

  it('makes codes that parse as codes and never repeat', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newInvitationCode()));
    expect(codes.size).toBe(1000);
    for (const code of codes) {
      expect(code).toHaveLength(INVITATION_CODE_LENGTH);
      expect(parseInvitationCode(code)).toBe(code);
    }
  });
});

describe('invitationIdForCode', () => {
  it('is the same for the same code and reveals nothing of it', () => {
    const code = newInvitationCode();
    expect(invitationIdForCode(code)).toBe(invitationIdForCode(code));
    expect(invitationIdForCode(code)).not.toContain(code.slice(0, 6));
    expect(invitationIdForCode(code)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
