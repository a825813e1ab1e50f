import {
  ANNIVERSARY_NAMES,
  CARE_TRIGGER_NAMES,
  DELIVERY_STATUS_NAMES,
  DELIVERY_STATUSES,
  SKIP_REASON_NAMES,
  type CareAudience,
  type CareDelivery,
  type CareGift,
  type CareTrigger,
  type DeliveryStatus,
} from '@linli/shared/care-rules';
import { LIFECYCLE_STAGE_NAMES } from '@linli/shared/insight';

/* 关怀计划 in words: a rule's trigger, audience and gift, and a delivery's status, as the staff pages show them. */

/** 0 → 当天, 3 → 提前3天. */
export function leadText(daysBefore: number): string {
  return daysBefore === 0 ? '当天' : `提前${daysBefore}天`;
}

/**
 * The trigger in words: 生日 当天, 节日 中秋节 提前3天, 入会周年, 客户阶段变化 → 流失风险、已流失.
 * `holidayName` names a holiday key (from the editor's options); one it cannot name (a seller's
 * date since removed) reads 已删除的节日.
 */
export function triggerText(trigger: CareTrigger, holidayName: (key: string) => string | undefined): string {
  switch (trigger.kind) {
    case 'birthday':
      return `${CARE_TRIGGER_NAMES.birthday} ${leadText(trigger.daysBefore)}`;
    case 'holiday':
      return `${CARE_TRIGGER_NAMES.holiday} ${holidayName(trigger.holiday) ?? '已删除的节日'} ${leadText(trigger.daysBefore)}`;
    case 'anniversary':
      return trigger.daysBefore === 0 ? ANNIVERSARY_NAMES[trigger.of] : `${ANNIVERSARY_NAMES[trigger.of]} ${leadText(trigger.daysBefore)}`;
    case 'lifecycle':
      return `${CARE_TRIGGER_NAMES.lifecycle} → ${trigger.stages.map((stage) => LIFECYCLE_STAGE_NAMES[stage]).join('、')}`;
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
