import { describe, expect, it } from 'vitest';
import type { GroupView } from '@linli/shared/groupbuy';
import { viewerPlan } from './viewer-actions';

type Member = GroupView['members'][number];
const leader: Member = { nickname: '阿芳', avatarUrl: null, leader: true, paid: true, joinedAt: '2026-12-01T02:00:00.000Z', you: false };
const me = (paid: boolean): Member => ({ ...leader, nickname: '我', leader: false, paid, you: true });

function group(overrides: Partial<Pick<GroupView, 'status' | 'members' | 'slotsLeft' | 'viewer'>> = {}) {
  return {
    status: 'forming' as const,
    members: [leader],
    slotsLeft: 2,
    viewer: { orderNo: null, canJoin: true, cannotJoinReason: null },
    ...overrides,
  };
}

const kinds = (plan: ReturnType<typeof viewerPlan>) => plan.actions.map((action) => action.kind);

describe('the viewer’s actions on a forming group', () => {
  it('offers 参团 to someone who may join', () => {
    const plan = viewerPlan(group());
    expect(kinds(plan)).toEqual(['join']);
    expect(plan).toMatchObject({ inGroup: false, paid: false, note: null });
  });

  it('offers 去支付 and 退出拼团 to a member whose place is reserved', () => {
    const plan = viewerPlan(
      group({
        members: [leader, me(false)],
        slotsLeft: 1,
        viewer: { orderNo: 'GB2', canJoin: false, cannotJoinReason: 'already-in-group' },
      }),
    );
    expect(plan.actions).toEqual([
      { kind: 'pay', label: '去支付', orderNo: 'GB2' },
      { kind: 'leave', label: '退出拼团', orderNo: 'GB2', paid: false },
    ]);
    expect(plan.note).toBeNull();
  });

  it('offers 邀请好友 and 退出拼团 to a paid member while slots are open', () => {
    const plan = viewerPlan(
      group({
        members: [leader, me(true)],
        slotsLeft: 1,
        viewer: { orderNo: 'GB2', canJoin: false, cannotJoinReason: 'already-in-group' },
      }),
    );
    expect(kinds(plan)).toEqual(['invite', 'leave']);
    expect(plan.actions[1]).toMatchObject({ paid: true, orderNo: 'GB2' });
  });

  it('has a paid member of a full group wait for the others to pay', () => {
    const plan = viewerPlan(
      group({ members: [leader, me(true)], slotsLeft: 0, viewer: { orderNo: 'GB2', canJoin: false, cannotJoinReason: 'full' } }),
    );
    expect(kinds(plan)).toEqual(['leave']);
    expect(plan.note).toBe('已满员，等待其他成员完成支付');
  });

  it('sends a visitor to join the membership first', () => {
    const plan = viewerPlan(group({ viewer: { orderNo: null, canJoin: false, cannotJoinReason: 'not-joined' } }));
    expect(kinds(plan)).toEqual(['join-membership']);
    expect(plan.note).toBe('加入会员后即可参团');
  });

  it('says why someone cannot join and points at the campaign', () => {
    const full = viewerPlan(group({ slotsLeft: 0, viewer: { orderNo: null, canJoin: false, cannotJoinReason: 'full' } }));
    expect(full.actions).toEqual([{ kind: 'campaign', label: '去开个新团' }]);
    expect(full.note).toBe('这个团已满员，去开个新团吧');
    const limited = viewerPlan(group({ viewer: { orderNo: null, canJoin: false, cannotJoinReason: 'limit-reached' } }));
    expect(limited.actions).toEqual([{ kind: 'campaign', label: '查看活动' }]);
    expect(limited.note).toBe('你已达到本活动的每人限购数量');
  });
});

describe('the viewer’s actions on a settled group', () => {
  it('congratulates a member of a successful group and offers another', () => {
    const plan = viewerPlan(
      group({
        status: 'succeeded',
        members: [leader, me(true)],
        slotsLeft: 0,
        viewer: { orderNo: 'GB2', canJoin: false, cannotJoinReason: 'closed' },
      }),
    );
    expect(plan.actions).toEqual([{ kind: 'campaign', label: '再开一团' }]);
    expect(plan.note).toContain('拼团成功');
    expect(
      viewerPlan(group({ status: 'succeeded', viewer: { orderNo: null, canJoin: false, cannotJoinReason: 'closed' } })).actions,
    ).toEqual([{ kind: 'campaign', label: '我也要开团' }]);
  });

  it('offers a new group after a failed one, and nothing to pay or leave', () => {
    const plan = viewerPlan(
      group({ status: 'failed', members: [leader, me(false)], viewer: { orderNo: 'GB2', canJoin: false, cannotJoinReason: 'closed' } }),
    );
    expect(plan.actions).toEqual([{ kind: 'campaign', label: '重新开团' }]);
  });
});
