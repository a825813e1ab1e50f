import { describe, expect, it } from 'vitest';
import {
  campaignStatsOf,
  invitationArrival,
  refundAdds,
  stageAdds,
  statsShard,
  sumCounters,
  GROUPBUY_STATS_SHARDS,
} from './funnel-counters.ts';

const context = {
  campaignId: 'gbc_1',
  name: '脐橙',
  status: 'published' as const,
  asOf: '2026-11-21T02:00:00.000Z',
  groups: { forming: 1, succeeded: 2, failed: 1 },
  ruleName: (ruleId: string) => (ruleId === 'cr_1' ? '邀请老客' : null),
};

describe('funnel counters', () => {
  it('add a stage in all, under the arrival and under the RFM class (- when not scored)', () => {
    const touch = { arrival: invitationArrival('cr_1', 'b'), rfmClass: 'important_value' };
    expect(stageAdds('joined', touch)).toEqual({ jn: 1, 'jn@inv.cr_1.b': 1, 'jn%important_value': 1 });
    expect(stageAdds('gmv', { arrival: 'share', rfmClass: null }, 3990, { gmv: 10 })).toEqual({
      gmv: 4000,
      'gmv@share': 3990,
      'gmv%-': 3990,
    });
    expect(refundAdds('left', 3990)).toEqual({ 'rf#left': 1, 'rff#left': 3990 });
  });

  it('spread subjects over every shard, each subject always in the same one', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => statsShard(`GO${i}`)));
    expect(shards.size).toBe(GROUPBUY_STATS_SHARDS);
    expect(statsShard('GO42')).toBe(statsShard('GO42'));
  });

  it('read as the seller’s view: invitation arms by rule, then shares, then direct; classes in their order, then not scored', () => {
    const counters = sumCounters([
      { ...stageAdds('viewed', { arrival: 'direct', rfmClass: null }), go: 2, sh: 3, shl: 1, nm: 1, ...refundAdds('group-failed', 3990) },
      {
        ...stageAdds(
          'invited',
          { arrival: 'inv.cr_1.b', rfmClass: 'important_value' },
          1,
          stageAdds('invited', { arrival: 'inv.cr_2.a', rfmClass: 'general_value' }),
        ),
      },
      { ...stageAdds('viewed', { arrival: 'share', rfmClass: 'important_value' }), pk: 'ignored-text' },
    ]);
    const figures = campaignStatsOf(counters, context);
    expect(figures.groups).toEqual({ opened: 2, forming: 1, succeeded: 2, failed: 1 });
    expect(figures.funnel).toEqual({ invited: 2, viewed: 2, joined: 0, paid: 0, succeeded: 0, gmvFen: 0 });
    expect(figures.byArrival.map((row) => [row.arrival, row.ruleId, row.ruleName, row.arm, row.invited, row.viewed])).toEqual([
      ['invitation', 'cr_1', '邀请老客', 'b', 1, 0],
      ['invitation', 'cr_2', null, 'a', 1, 0],
      ['share', null, null, null, 0, 1],
      ['direct', null, null, null, 0, 1],
    ]);
    expect(figures.bySegment.map((row) => [row.rfmClass, row.invited, row.viewed])).toEqual([
      ['important_value', 1, 1],
      ['general_value', 1, 0],
      [null, 0, 1],
    ]);
    expect(figures.refunds).toEqual({ count: 1, fen: 3990, byReason: [{ reason: 'group-failed', count: 1, fen: 3990 }] });
    expect(figures.fission).toEqual({
      shares: 3,
      leaderShares: 1,
      sharesPerLeader: 0.5,
      shareVisitors: 1,
      newMembers: 1,
      newMembersPerShare: 1 / 3,
    });
  });

  it('say nothing per share or leader before there is any', () => {
    const figures = campaignStatsOf({}, context);
    expect(figures.fission).toMatchObject({ sharesPerLeader: null, newMembersPerShare: null });
    expect(figures.byArrival).toEqual([]);
    expect(figures.bySegment).toEqual([]);
  });
});
