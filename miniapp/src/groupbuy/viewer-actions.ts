import type { GroupView } from '@linli/shared/groupbuy';
import { CANNOT_JOIN_TEXT } from './reasons';

/*
 * What the viewer of a group page may do, decided from the GroupView alone: join, pay their
 * reservation, invite friends, leave, join the membership first, or go to the campaign. The first
 * action is the main button; the others sit under it.
 */

export type GroupAction =
  | { kind: 'join'; label: '参团' }
  | { kind: 'pay'; label: '去支付'; orderNo: string }
  | { kind: 'invite'; label: '邀请好友' }
  | { kind: 'leave'; label: '退出拼团'; orderNo: string; paid: boolean }
  | { kind: 'join-membership'; label: '加入会员' }
  | { kind: 'campaign'; label: string };

export interface ViewerPlan {
  /** Whether the viewer has a place in this group. */
  inGroup: boolean;
  /** Whether that place is paid (false while reserved or when not in the group). */
  paid: boolean;
  actions: GroupAction[];
  /** Why the viewer cannot join, or what they are waiting for; null when the buttons say it all. */
  note: string | null;
}

export function viewerPlan(group: Pick<GroupView, 'status' | 'members' | 'slotsLeft' | 'viewer'>): ViewerPlan {
  const me = group.members.find((member) => member.you);
  const orderNo = group.viewer.orderNo;
  const inGroup = Boolean(me && orderNo);
  const paid = Boolean(me?.paid);

  if (group.status === 'succeeded') {
    return {
      inGroup,
      paid,
      actions: [{ kind: 'campaign', label: inGroup ? '再开一团' : '我也要开团' }],
      note: inGroup ? '拼团成功，商家将尽快为你安排发货' : null,
    };
  }
  if (group.status === 'failed') {
    return { inGroup, paid, actions: [{ kind: 'campaign', label: '重新开团' }], note: null };
  }

  if (me && orderNo) {
    if (!paid) {
      return {
        inGroup,
        paid,
        actions: [
          { kind: 'pay', label: '去支付', orderNo },
          { kind: 'leave', label: '退出拼团', orderNo, paid: false },
        ],
        note: null,
      };
    }
    const leave: GroupAction = { kind: 'leave', label: '退出拼团', orderNo, paid: true };
    return group.slotsLeft > 0
      ? { inGroup, paid, actions: [{ kind: 'invite', label: '邀请好友' }, leave], note: null }
      : { inGroup, paid, actions: [leave], note: '已满员，等待其他成员完成支付' };
  }

  if (group.viewer.canJoin) return { inGroup, paid, actions: [{ kind: 'join', label: '参团' }], note: null };
  const reason = group.viewer.cannotJoinReason;
  if (reason === 'not-joined') {
    return { inGroup, paid, actions: [{ kind: 'join-membership', label: '加入会员' }], note: CANNOT_JOIN_TEXT['not-joined'] };
  }
  return {
    inGroup,
    paid,
    actions: [{ kind: 'campaign', label: reason === 'full' || reason === 'closed' ? '去开个新团' : '查看活动' }],
    note: reason ? CANNOT_JOIN_TEXT[reason] : null,
  };
}
