import {
  ANNIVERSARY_NAMES,
  CARE_TRIGGER_NAMES,
  DELIVERY_STATUS_NAMES,
  DELIVERY_STATUSES,
  SKIP_REASON_NAMES,
  type CareAudience,
  type CareDelivery,
  type CareGift,
  type CareRuleResults,
  type CareTrigger,
  type DeliveryStatus,
} from '@linli/shared/care-rules';
import { LIFECYCLE_STAGE_NAMES } from '@linli/shared/insight';
import { formatFen } from './money';

/* 关怀计划 in words: a rule's trigger, audience and gift, and a delivery's status, as the staff pages show them. */

/** 0 → 当天, 3 → 提前3天. */
export function leadText(daysBefore: number): string {
  return daysBefore === 0 ? '当天' : `提前${daysBefore}天`;
}

/**
 * The trigger in words: 生日 当天, 节日 中秋节 提前3天, 入会周年, 客户阶段变化 → 流失风险、已流失,
 * 补货提醒 婴儿奶粉 提前3天 (before the day the member is expected to buy it again).
 * `holidayName` names a holiday key (from the editor's options); one it cannot name (a seller's
 * date since removed) reads 已删除的节日; `tipName` names a seasonal tip the same way (已删除的时令推荐).
 */
export function triggerText(
  trigger: CareTrigger,
  holidayName: (key: string) => string | undefined,
  tipName: (tipId: string) => string | undefined = () => undefined,
): string {
  switch (trigger.kind) {
    case 'birthday':
      return `${CARE_TRIGGER_NAMES.birthday} ${leadText(trigger.daysBefore)}`;
    case 'holiday':
      return `${CARE_TRIGGER_NAMES.holiday} ${holidayName(trigger.holiday) ?? '已删除的节日'} ${leadText(trigger.daysBefore)}`;
    case 'anniversary':
      return trigger.daysBefore === 0 ? ANNIVERSARY_NAMES[trigger.of] : `${ANNIVERSARY_NAMES[trigger.of]} ${leadText(trigger.daysBefore)}`;
    case 'post-purchase':
      return `购买后第${trigger.daysAfter}天回访`;
    case 'lifecycle':
      return `${CARE_TRIGGER_NAMES.lifecycle} → ${trigger.stages.map((stage) => LIFECYCLE_STAGE_NAMES[stage]).join('、')}`;
    case 'seasonal':
      return `${CARE_TRIGGER_NAMES.seasonal} ${tipName(trigger.tipId) ?? '已删除的时令推荐'} ${leadText(trigger.daysBefore)}`;
    case 'replenishment':
      return `${CARE_TRIGGER_NAMES.replenishment} ${trigger.categories?.length ? trigger.categories.join('、') : '全部品类'} ${leadText(trigger.daysBefore)}`;
  }
}

/** 全部会员, or the segment's name (已删除的分群 when it is gone). */
export function audienceText(audience: CareAudience, segmentName: (segmentId: string) => string | undefined): string {
  return audience.kind === 'everyone' ? '全部会员' : (segmentName(audience.segmentId) ?? '已删除的分群');
}

/** 无, 200 积分, or the coupon's name. */
export function giftText(gift: CareGift | null, couponName: (rewardId: string) => string | undefined): string {
  if (!gift) return '无';
  return gift.kind === 'points' ? `${gift.points} 积分` : (couponName(gift.rewardId) ?? '已下架的优惠券');
}

/** A delivery's status with its reason: 已发送, 未发送：超过发送频率上限, 发送失败. */
export function deliveryStatusText(delivery: Pick<CareDelivery, 'status' | 'reason'>): string {
  const status = DELIVERY_STATUS_NAMES[delivery.status];
  return delivery.reason ? `${status}：${SKIP_REASON_NAMES[delivery.reason]}` : status;
}

/**
 * The statuses the delivery log filters by, one per name: 发送中 covers queued and sending alike
 * and filters by queued, where a message waits longest.
 */
export const DELIVERY_STATUS_FILTERS: ReadonlyArray<{ status: DeliveryStatus; label: string }> = DELIVERY_STATUSES.filter(
  (status, index) => DELIVERY_STATUSES.findIndex((other) => DELIVERY_STATUS_NAMES[other] === DELIVERY_STATUS_NAMES[status]) === index,
).map((status) => ({ status, label: DELIVERY_STATUS_NAMES[status] }));

/** 优先级 5 (数字大的先发). */
export function priorityText(priority: number): string {
  return `优先级 ${priority}`;
}

/** A share as a percentage with one decimal: 0.1234 → 12.3%. */
function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

type Outcome = CareRuleResults['arms'][number];

/** One group's line: 发送 120 人 · 下单 18 人（15.0%） · 订单 21 笔 · ¥1,234.00. */
function outcomeText(outcome: Omit<Outcome, 'arm'>, verb: string): string {
  const rate = outcome.members > 0 ? `（${percent(outcome.converted / outcome.members)}）` : '';
  return `${verb} ${outcome.members} 人 · 下单 ${outcome.converted} 人${rate} · 订单 ${outcome.orders} 笔 · ${formatFen(outcome.revenueFen)}`;
}

/**
 * A rule's results in words, a line per group: each arm (A 组 / B 组 with an A/B test, 已发送 without),
 * the hold-out, the lift over it, and the notes: figures too few to mean much, messages too recent to count.
 */
export function resultLines(results: CareRuleResults): Array<{ label: string; text: string }> {
  const lines = results.arms.map((arm) => ({
    label: results.arms.length > 1 ? (arm.arm === 'a' ? 'A 组' : 'B 组') : '已发送',
    text: outcomeText(arm, '发送'),
  }));
  if (results.holdout) lines.push({ label: '对照组', text: outcomeText(results.holdout, '留出') });
  if (results.lift !== null) {
    lines.push({ label: '提升', text: `下单率比对照组${results.lift >= 0 ? '高' : '低'} ${percent(Math.abs(results.lift))}` });
  }
  return lines;
}

/** The notes under a rule's results. */
export function resultNotes(results: CareRuleResults): string[] {
  const notes = [`统计 ${results.since} 至 ${results.through} 发出的消息，发出后 7 天内的下单计入。`];
  if (results.tooFew) notes.push('发送人数较少（不足 100 人，或对照组不足 30 人），数字仅供参考。');
  if (results.pending > 0) notes.push(`另有 ${results.pending} 条消息发出不足 7 天，尚未计入。`);
  return notes;
}
