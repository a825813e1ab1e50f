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
    case 'once':
      return `${Number(trigger.day.slice(0, 4))}年${Number(trigger.day.slice(5, 7))}月${Number(trigger.day.slice(8, 10))}日发送一次`;
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

/** One group of a rule's results as the results table shows it, every figure with its unit. */
export interface ResultRow {
  label: string;
  members: string;
  converted: string;
  rate: string;
  orders: string;
  revenue: string;
}

function resultRow(label: string, outcome: Omit<Outcome, 'arm'>): ResultRow {
  return {
    label,
    members: `${outcome.members} 人`,
    converted: `${outcome.converted} 人`,
    rate: outcome.members > 0 ? percent(outcome.converted / outcome.members) : '—',
    orders: `${outcome.orders} 笔`,
    revenue: formatFen(outcome.revenueFen),
  };
}

/**
 * A rule's results, a row per group: each arm (A 组 / B 组 with an A/B test, 已发送 without), then the
 * hold-out (对照组, the members left out on purpose, counted on the day they would have been sent).
 */
export function resultRows(results: CareRuleResults): ResultRow[] {
  const rows = results.arms.map((arm) => resultRow(results.arms.length > 1 ? (arm.arm === 'a' ? 'A 组' : 'B 组') : '已发送', arm));
  if (results.holdout) rows.push(resultRow('对照组', results.holdout));
  return rows;
}

/** The lift over the hold-out in words, or null without one: 下单率比对照组高 25.0%. */
export function liftText(results: CareRuleResults): string | null {
  if (results.lift === null) return null;
  return `下单率比对照组${results.lift >= 0 ? '高' : '低'} ${percent(Math.abs(results.lift))}`;
}

/** "2026-10-28" → "10月28日" (the results span at most a month or two of one or two years). */
function monthDayText(day: string): string {
  const [, month, date] = day.split('-').map(Number);
  return `${month}月${date}日`;
}

/** The notes under a rule's results: the period, and messages still in their 7 days. */
export function resultNotes(results: CareRuleResults): string[] {
  const notes = [`统计 ${monthDayText(results.since)}至${monthDayText(results.through)}发出的消息，发出后 7 天内的下单计入。`];
  if (results.pending > 0) notes.push(`另有 ${results.pending} 条消息发出不足 7 天，尚未计入。`);
  return notes;
}

/** The warning over results too few to go by. */
export const TOO_FEW_TEXT = '发送人数较少（不足 100 人，或对照组不足 30 人），以下数字仅供参考，不足以说明效果。';

/** What WeChat's answers to a failed send mean for the shop (subscribeMessage.send's error codes). */
const WECHAT_SEND_ERRORS: Record<string, string> = {
  '40001': '微信接口凭证失效，系统会自动更新，可稍后重试',
  '42001': '微信接口凭证过期，系统会自动更新，可稍后重试',
  '40003': '会员的微信身份无效',
  '40037': '模板 ID 无效：请核对关怀计划中的模板 ID 是否与公众平台一致',
  '41030': '点击消息打开的页面不存在',
  '43101': '会员没有订阅这条消息或已拒收',
  '45009': '微信接口今日调用次数已达上限',
  '47003': '消息内容不符合模板要求（如字数超限），请检查模板字段',
  '-1': '微信系统繁忙',
};

/**
 * Why a send failed, in words a shop owner can act on: the worker records WeChat's answer
 * ("40037 invalid template_id"), a message that could not be filled ("message: …" with the
 * Chinese problem) or an attempt whose outcome is unknown ("uncertain: …"); null for anything else.
 */
export function failureText(detail: string): string | null {
  if (detail.startsWith('message: ')) return `消息内容无法生成：${detail.slice('message: '.length)}`;
  if (detail.startsWith('uncertain')) return '发送结果不明（发送过程中断，可能已送达），为免重复不再发送';
  const code = /^(-?\d+)\b/.exec(detail)?.[1];
  // Nothing to add to 发送失败 for an answer of no known form (its English would say nothing to the shop).
  if (code === undefined) return null;
  return WECHAT_SEND_ERRORS[code] ?? `微信拒绝发送（错误码 ${code}）`;
}
