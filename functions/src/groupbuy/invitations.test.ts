import { describe, expect, it } from 'vitest';
import type { GroupBuyCampaignInput } from '@linli/shared/groupbuy';
import type { BuyerFacts } from './audience.ts';
import { campaignClosed, memberInvitationRefusal } from './invitations.ts';

const NOW = new Date('2026-11-21T02:00:00.000Z');

const head = (over: { status?: 'draft' | 'published' | 'ended'; startsAt?: string; endsAt?: string } = {}) => ({
  status: over.status ?? ('published' as const),
  definition: {
    startsAt: over.startsAt ?? '2026-11-20T00:00:00.000Z',
    endsAt: over.endsAt ?? '2026-11-28T00:00:00.000Z',
  } as GroupBuyCampaignInput,
});

const facts = (over: Partial<BuyerFacts> = {}): BuyerFacts => ({
  joined: true,
  orderCount: 0,
  tierCode: 'silver',
  segmentIds: new Set(),
  ...over,
});

describe('campaignClosed', () => {
  it('invites to a published campaign that is running with units left', () => {
    expect(campaignClosed(head(), { left: 5 }, NOW)).toBeNull();
  });
  it('invites to no draft, missing or ended campaign (ended by staff or by its end time)', () => {
    expect(campaignClosed(head({ status: 'draft' }), { left: 5 }, NOW)).toBe('not-published');
    expect(campaignClosed(null, null, NOW)).toBe('not-published');
    expect(campaignClosed(head({ status: 'ended' }), { left: 5 }, NOW)).toBe('ended');
    expect(campaignClosed(head({ endsAt: NOW.toISOString() }), { left: 5 }, NOW)).toBe('ended');
  });
  it('invites to no sold-out campaign, and names one not begun yet', () => {
    expect(campaignClosed(head(), { left: 0 }, NOW)).toBe('sold-out');
    expect(campaignClosed(head({ startsAt: '2026-11-21T03:00:00.000Z' }), { left: 5 }, NOW)).toBe('not-started');
  });
});

describe('memberInvitationRefusal', () => {
  const terms = { whoMayOpen: { kind: 'new-customers' as const }, perBuyerLimit: 2 };
  it('invites a member who could open a group now', () => {
    expect(memberInvitationRefusal({ ...terms, facts: facts(), held: 1 })).toBeNull();
  });
  it('skips a visitor, a member outside who may open, and one holding the per-buyer limit', () => {
    expect(memberInvitationRefusal({ ...terms, facts: facts({ joined: false }), held: 0 })).toBe('not-joined');
    expect(memberInvitationRefusal({ ...terms, facts: facts({ orderCount: 1 }), held: 0 })).toBe('not-eligible');
    expect(memberInvitationRefusal({ ...terms, facts: facts(), held: 2 })).toBe('limit-reached');
  });
});
