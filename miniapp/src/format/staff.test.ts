import { describe, expect, it } from 'vitest';
import { parseInvitationCode } from '@linli/shared/staff';
import { STAFF_ROLE_OPTIONS, formatInvitationCode } from './staff';

describe('formatInvitationCode', () => {
  it('groups the code by four, and the grouped code parses back to the code', () => {
    const code = '0123456789ABCDEFGHJKMNPQRS';
    expect(formatInvitationCode(code)).toBe('0123 4567 89AB CDEF GHJK MNPQ RS');
    expect(parseInvitationCode(formatInvitationCode(code))).toBe(code);
  });
});

describe('parseInvitationCode', () => {
  const code = '0123456789ABCDEFGHJKMNPQRS';
  it('finds the code in a link to the accept page', () => {
    expect(parseInvitationCode(`staff/pages/accept/index?code=${code}`)).toBe(code);
    expect(parseInvitationCode(`/staff/pages/accept/index?from=share&code=${code.toLowerCase()}#x`)).toBe(code);
  });
  it('refuses what is not a code', () => {
    expect(parseInvitationCode('')).toBeNull();
    expect(parseInvitationCode(code.slice(1))).toBeNull();
    expect(parseInvitationCode(`${code.slice(1)}U`)).toBeNull();
    expect(parseInvitationCode('staff/pages/accept/index?code=%E0%A4%A')).toBeNull();
  });
});

describe('STAFF_ROLE_OPTIONS', () => {
  it('lists the three roles in Chinese', () => {
    expect(STAFF_ROLE_OPTIONS.map((option) => option.label)).toEqual(['管理员', '主管', '客服']);
  });
});
