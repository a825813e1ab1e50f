import {
  RISK_FLAG_KINDS,
  RISK_FLAG_KIND_ZH,
  RISK_FLAG_STATUS_ZH,
  type RiskFlagFacts,
  type RiskFlagKind,
  type RiskFlagMember,
  type RiskFlagStatus,
  type RiskFlagView,
  type RedemptionHold,
} from '@linli/shared/risk';
import { formatFen } from './money';
import { formatShanghaiDateTime } from './time';

/** 风险监控's status tabs, in the order shown: what waits for someone first. */
export const RISK_STATUS_TABS: ReadonlyArray<{ value: RiskFlagStatus | undefined; label: string; empty: string }> = [
  { value: 'open', label: RISK_FLAG_STATUS_ZH.open, empty: '没有待处理的风险提示' },
  { value: 'confirmed', label: RISK_FLAG_STATUS_ZH.confirmed, empty: '没有已确认的风险' },
  { value: 'dismissed', label: RISK_FLAG_STATUS_ZH.dismissed, empty: '没有已查看的风险提示' },
  { value: undefined, label: '全部', empty: '还没有风险提示' },
];

/** The kind filter: 全部类型, then each kind by its name. */
export const RISK_KIND_FILTERS: ReadonlyArray<{ value: RiskFlagKind | undefined; label: string }> = [
  { value: undefined, label: '全部类型' },
  ...RISK_FLAG_KINDS.map((kind) => ({ value: kind, label: RISK_FLAG_KIND_ZH[kind] })),
];

const points = (n: number) => `${n.toLocaleString('en-US')} 积分`;

/** What the flag found, in a sentence or two a supervisor reads without knowing the rules' names. */
export function riskFactsText(facts: RiskFlagFacts): string[] {
  switch (facts.kind) {
    case 'outsized-order': {
      const lines = [`${formatShanghaiDateTime(facts.paidAt)} 下单 ${formatFen(facts.paidFen)}`];
      if (facts.overMemberHistory && facts.memberMedianFen !== null && facts.memberMaxFen !== null)
        lines.push(
          `远高于该会员以往（共 ${facts.priorDays} 天有购买，通常每单 ${formatFen(facts.memberMedianFen)}，最多 ${formatFen(facts.memberMaxFen)}）`,
        );
      if (facts.overShopNorm && facts.shopHighFen !== null)
        lines.push(`超过本店近 30 天 99% 订单的金额（${formatFen(facts.shopHighFen)}）的两倍`);
      return lines;
    }
    case 'refunds-after-redemption':
      return [
        `近 ${facts.windowDays} 天有 ${facts.refundedOrders} 笔订单在积分兑换后退款`,
        `期间兑换 ${points(facts.pointsRedeemed)}${facts.pointsOwed > 0 ? `，退款后仍欠 ${points(facts.pointsOwed)}` : ''}`,
      ];
    case 'shared-phone':
      return [`${facts.members} 个会员验证了同一个手机号${facts.phoneMasked ? `（${facts.phoneMasked}）` : ''}`];
    case 'welcome-burst':
      return [
        `${facts.day} 有 ${facts.redemptions} 位新会员在入会 ${facts.newMemberDays} 天内首次兑换`,
        `平时每天约 ${formatCount(facts.usualPerDay)} 位`,
      ];
    case 'staff-outlier':
      return [
        `${facts.staffName ?? '已离职员工'} 近 ${facts.windowDays} 天发放 ${points(facts.pointsCredited)}（${facts.credits} 次调整或投诉补偿）`,
        `其他 ${facts.peers} 位同事通常发放 ${points(Math.round(facts.peerMedianPoints))}`,
      ];
  }
}

function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Who a member on a flag is, without ids: the nickname, then the masked phone, else 未填写昵称的会员. */
export function riskMemberText(member: Pick<RiskFlagMember, 'nickname' | 'phoneMasked'>): string {
  return [member.nickname, member.phoneMasked].filter(Boolean).join(' · ') || '未填写昵称的会员';
}

/** More members than shown: 「等 12 人」. */
export function riskMoreMembersText(flag: Pick<RiskFlagView, 'members' | 'memberCount'>): string | null {
  return flag.memberCount > flag.members.length ? `等 ${flag.memberCount} 人` : null;
}

/** A reviewed flag's line: who, when, and what they wrote. */
export function riskReviewText(flag: Pick<RiskFlagView, 'status' | 'review'>): string | null {
  if (!flag.review) return null;
  return `${RISK_FLAG_STATUS_ZH[flag.status]} · ${flag.review.byName} · ${formatShanghaiDateTime(flag.review.at)}：${flag.review.note}`;
}

/** A hold on 客户画像: 「已暂停：核实中（主管老王 2026-11-26 11:00）」. */
export function redemptionHoldText(hold: RedemptionHold): string {
  return `已暂停：${hold.reason}（${hold.heldByName} ${formatShanghaiDateTime(hold.heldAt)}）`;
}
