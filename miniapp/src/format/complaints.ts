import {
  COMPLAINT_CATEGORY_ZH,
  COMPLAINT_STATUS_ZH,
  COMPLAINT_TRANSITION_REFUSALS,
  COMPLAINT_TRANSITION_REFUSAL_ZH,
  ROOT_CAUSE_ZH,
  type ComplaintOrder,
  type ComplaintSla,
  type ComplaintStatus,
  type ComplaintTimelineEntry,
  type ComplaintTransitionRefusal,
  type DeskEntry,
  type SlaMeter,
} from '@linli/shared/complaints';
import { ApiError, errorText } from '@/api/errors';
import { formatShanghaiDateTime } from './time';
import { orderItemsText, orderMetaText } from './orders';

/** Statuses in which the conversation is still going (the buyer may add a reply). */
const OPEN_STATUSES: readonly ComplaintStatus[] = ['submitted', 'acknowledged', 'in_progress', 'waiting_for_buyer', 'reopened'];

export function isComplaintOpen(status: ComplaintStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Staff wording for a status: the buyer's 待您补充 reads 待客户补充 on the desk. */
export function staffStatusText(status: ComplaintStatus): string {
  return status === 'waiting_for_buyer' ? '待客户补充' : COMPLAINT_STATUS_ZH[status];
}

/**
 * The text for a failed complaint call: a refused transition (409 COMPLAINT_TRANSITION_INVALID,
 * whose message is the reason code) says why, everything else the usual error text.
 */
export function complaintErrorText(error: unknown): string {
  if (error instanceof ApiError && error.code === 'COMPLAINT_TRANSITION_INVALID') {
    const reason = error.message;
    if ((COMPLAINT_TRANSITION_REFUSALS as readonly string[]).includes(reason))
      return COMPLAINT_TRANSITION_REFUSAL_ZH[reason as ComplaintTransitionRefusal];
  }
  return errorText(error);
}

/** Working milliseconds → "1小时20分" / "45分" / "不足1分钟". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return '不足1分钟';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}分`;
  return rest === 0 ? `${hours}小时` : `${hours}小时${rest}分`;
}

export type SlaTone = 'ok' | 'warn' | 'breached' | 'paused' | 'done';

export interface SlaText {
  text: string;
  tone: SlaTone;
}

/** Less than this left on a running clock is shown as a warning. */
const WARN_BELOW_MS = 30 * 60_000;

/** One meter as a line: 首次响应剩余 1小时20分 / 首次响应已超时 / 解决已暂停（待客户补充）/ 解决已达成. */
export function slaMeterText(label: string, meter: SlaMeter): SlaText {
  if (meter.breached) return { text: `${label}已超时`, tone: 'breached' };
  if (meter.state === 'stopped') return { text: `${label}已达成`, tone: 'done' };
  if (meter.state === 'paused') return { text: `${label}已暂停（待客户补充），剩余 ${formatDuration(meter.remainingMs)}`, tone: 'paused' };
  return { text: `${label}剩余 ${formatDuration(meter.remainingMs)}`, tone: meter.remainingMs < WARN_BELOW_MS ? 'warn' : 'ok' };
}

/** The clock that matters now for a queue row: the first response until it is met, then the resolution. */
export function queueSlaText(sla: ComplaintSla): SlaText {
  if (sla.firstResponse.breached && sla.firstResponse.state !== 'stopped') return slaMeterText('首次响应', sla.firstResponse);
  if (sla.firstResponse.state !== 'stopped') return slaMeterText('首次响应', sla.firstResponse);
  return slaMeterText('解决', sla.resolution);
}

/** One timeline entry as a heading and a body, for the buyer (`viewer` 'buyer') or the desk. */
export function timelineEntryText(
  entry: ComplaintTimelineEntry,
  viewer: 'buyer' | 'staff',
): { title: string; body: string | null; at: string } {
  const at = formatShanghaiDateTime(entry.at);
  switch (entry.type) {
    case 'status':
      return { title: `状态：${viewer === 'buyer' ? COMPLAINT_STATUS_ZH[entry.status] : staffStatusText(entry.status)}`, body: null, at };
    case 'reply': {
      const who = entry.by === 'buyer' ? (viewer === 'buyer' ? '我' : '客户') : (entry.authorName ?? '客服');
      return { title: `${who}的留言`, body: entry.text, at };
    }
    case 'resolution': {
      const given = entry.compensation;
      const lines = [entry.summary];
      if (given?.points) lines.push(`补偿 ${given.points} 积分`);
      if (given?.couponName) lines.push(`补偿「${given.couponName}」一张${viewer === 'buyer' ? '，可在我的券查看' : ''}`);
      return { title: '处理结果', body: lines.join('\n'), at };
    }
    case 'rating':
      return { title: `评价：${'★'.repeat(entry.rating)}${'☆'.repeat(5 - entry.rating)}`, body: entry.comment, at };
  }
}

/** An entry only the desk sees: an internal note, or who handed the complaint to whom. */
export function deskEntryText(entry: DeskEntry): { title: string; body: string | null; at: string } {
  const at = formatShanghaiDateTime(entry.at);
  const who = entry.authorName ?? '员工';
  if (entry.type === 'note') return { title: `${who}的内部备注`, body: entry.text, at };
  return { title: `${who}指派给${entry.assigneeName ?? '员工'}`, body: null, at };
}

export { COMPLAINT_CATEGORY_ZH, COMPLAINT_STATUS_ZH, ROOT_CAUSE_ZH };

/** The order a complaint is about, as a person knows it: "烟台红富士苹果 5kg×2 等2件 · 2026-11-20 · ¥139.80". */
export function complaintOrderText(order: Pick<ComplaintOrder, 'paidAt' | 'paidFen' | 'items'>): string {
  return `${orderItemsText(order)} · ${orderMetaText(order)}`;
}
