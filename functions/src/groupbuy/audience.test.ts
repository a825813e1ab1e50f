import { describe, expect, it } from 'vitest';
import { audienceAdmits, type BuyerFacts } from './audience.ts';

const buyer = (over: Partial<BuyerFacts> = {}): BuyerFacts => ({
  joined: true,
  orderCount: 3,
  tierCode: 'silver',
  segmentIds: new Set(),
  ...over,
});

describe('audienceAdmits', () => {
  it('admits every member to an audience of all, never a visitor', () => {
    expect(audienceAdmits({ kind: 'all' }, buyer())).toBe(true);
    expect(audienceAdmits({ kind: 'all' }, buyer({ joined: false }))).toBe(false);
  });
  it('admits to 新人团 only members with no credited order yet', () => {
    expect(audienceAdmits({ kind: 'new-customers' }, buyer({ orderCount: 0 }))).toBe(true);
    expect(audienceAdmits({ kind: 'new-customers' }, buyer({ orderCount: 1 }))).toBe(false);
  });
  it('admits members of any named segment', () => {
    const audience = { kind: 'segments' as const, segmentIds: ['sg_a', 'sg_b'] };
    expect(audienceAdmits(audience, buyer({ segmentIds: new Set(['sg_b']) }))).toBe(true);
    expect(audienceAdmits(audience, buyer({ segmentIds: new Set(['sg_c']) }))).toBe(false);
  });
  it('admits members holding a named tier', () => {
    const audience = { kind: 'tiers' as const, tierCodes: ['gold', 'diamond'] };
    expect(audienceAdmits(audience, buyer({ tierCode: 'gold' }))).toBe(true);
    expect(audienceAdmits(audience, buyer())).toBe(false);
  });
});
