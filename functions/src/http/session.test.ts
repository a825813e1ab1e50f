import { describe, expect, it } from 'vitest';
import { issueSessionToken, readSessionToken } from './session.ts';

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
