import type { MemberScores } from '@linli/shared/insight';
import type { SegmentRule } from '@linli/shared/segments';
import { describe, expect, it } from 'vitest';
import type { MemberInsight } from './repository.ts';
import { resolveRule, type Lookups } from './segment-resolver.ts';

const today = '2026-11-26';

function insight(memberId: string, patch: Omit<Partial<MemberInsight>, 'scores'> & { scores?: Partial<MemberScores> } = {}): MemberInsight {
  const scores: MemberScores = {
    analysisDay: today,
    stage: 'active',
    stageSince: today,
    rfm: null,
    purchases: { occasions: 1, firstDay: '2026-11-01', lastDay: '2026-11-01' },
    churn: null,
    value: null,
    reasons: { stage: '', rfm: null, churn: null, value: null },
    ...patch.scores,
  };
  return {
    memberId,
    tierCode: 'normal',
    pointsBalance: 0,
    birthdayMonth: null,
    joinedDay: '2026-01-01',
    marketingOptOut: false,
    region: null,
    categories: {},
    ruleTags: [],
    ...patch,
    scores,
  };
}

const members = [
  insight('a', { scores: { stage: 'at_risk' }, pointsBalance: 500, categories: { 水果: '2026-11-20' } }),
  insight('b', { scores: { stage: 'at_risk' }, pointsBalance: 50, categories: { 水果: '2026-06-01' } }),
  insight('c', { scores: { stage: 'loyal' }, pointsBalance: 900, region: '浙江省' }),
  insight('d', { scores: { stage: 'new' }, pointsBalance: 0, birthdayMonth: 11 }),
];
const byId = new Map(members.map((member) => [member.memberId, member]));

/** Facets and tags as the nightly job and the tag routes keep them, read through counted lookups. */
function countedLookups() {
  const reads: string[] = [];
  const lookups: Lookups = {
    async facetMembers(dimension, values, sinceDay) {
      reads.push(`${dimension}:${values.join('|')}${sinceDay ? `>=${sinceDay}` : ''}`);
      return new Set(
        members
          .filter((member) =>
            values.some((value) =>
              dimension === 'stage'
                ? member.scores.stage === value
                : dimension === 'category'
                  ? (member.categories[value] ?? '') >= (sinceDay ?? '') && value in member.categories
                  : dimension === 'tier' && member.tierCode === value,
            ),
          )
          .map((member) => member.memberId),
      );
    },
    async taggedMembers(tags) {
      reads.push(`tag:${tags.join('|')}`);
      return new Set(tags.includes('VIP') ? ['c', 'x'] : []);
    },
  };
  return { lookups, reads };
}

async function matched(rule: SegmentRule): Promise<{ ids: string[]; everyone: boolean; reads: string[] }> {
  const { lookups, reads } = countedLookups();
  const resolution = await resolveRule(rule, lookups, today);
  const candidates = resolution.candidates ?? new Set(byId.keys());
  const ids = [...candidates].filter((id) => resolution.test === null || (byId.has(id) && resolution.test(byId.get(id)!))).sort();
  return { ids, everyone: resolution.candidates === null, reads };
}

describe('segment resolution', () => {
  it('and: a faceted condition narrows the candidates; the other conditions test only them', async () => {
    const result = await matched({
      op: 'and',
      conditions: [
        { field: 'stage', in: ['at_risk'] },
        { field: 'pointsBalance', min: 100 },
      ],
    });
    expect(result).toEqual({ ids: ['a'], everyone: false, reads: ['stage:at_risk'] });
  });

  it('categories bought within N days read only the facet from that day on', async () => {
    const result = await matched({ op: 'and', conditions: [{ field: 'category', in: ['水果'], withinDays: 30 }] });
    expect(result.ids).toEqual(['a']);
    expect(result.reads).toEqual(['category:水果>=2026-10-28']);
  });

  it('or of faceted conditions and tags is their union, without reading every member', async () => {
    const result = await matched({
      op: 'or',
      conditions: [
        { field: 'stage', in: ['new'] },
        { field: 'tag', in: ['VIP'] },
      ],
    });
    expect(result).toMatchObject({ ids: ['c', 'd', 'x'], everyone: false });
  });

  it('or with a condition no facet answers reads everyone, and each part judges its own members', async () => {
    const result = await matched({
      op: 'or',
      conditions: [{ field: 'region', in: ['浙江省'] }],
      groups: [
        {
          op: 'and',
          conditions: [
            { field: 'stage', in: ['at_risk'] },
            { field: 'pointsBalance', max: 100 },
          ],
        },
      ],
    });
    expect(result).toMatchObject({ ids: ['b', 'c'], everyone: true });
  });

  it('a member in the facet but failing a nested test is left out', async () => {
    const result = await matched({
      op: 'and',
      conditions: [{ field: 'stage', in: ['at_risk', 'new'] }],
      groups: [
        {
          op: 'or',
          conditions: [
            { field: 'birthdayMonth', in: [11] },
            { field: 'pointsBalance', min: 400 },
          ],
        },
      ],
    });
    expect(result.ids).toEqual(['a', 'd']);
  });

  it('and of two facets is their intersection', async () => {
    const result = await matched({
      op: 'and',
      conditions: [
        { field: 'tag', in: ['VIP'] },
        { field: 'stage', in: ['loyal', 'at_risk'] },
      ],
    });
    expect(result.ids).toEqual(['c']);
  });

  it('marketing consent, last order and joined dates are tests on the insight', async () => {
    expect((await matched({ op: 'and', conditions: [{ field: 'lastOrderDaysAgo', max: 30 }] })).ids).toEqual(['a', 'b', 'c', 'd']);
    expect((await matched({ op: 'and', conditions: [{ field: 'lastOrderDaysAgo', min: 26 }] })).ids).toEqual([]);
    expect((await matched({ op: 'and', conditions: [{ field: 'lastOrderDaysAgo', min: 25 }] })).ids).toEqual(['a', 'b', 'c', 'd']);
    expect((await matched({ op: 'and', conditions: [{ field: 'marketingConsent', value: false }] })).ids).toEqual([]);
    expect((await matched({ op: 'and', conditions: [{ field: 'joined', fromDay: '2026-01-02' }] })).ids).toEqual([]);
  });
});
