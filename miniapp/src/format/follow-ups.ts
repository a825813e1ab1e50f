import {
  FOLLOW_UP_OUTCOME_NAMES,
  FOLLOW_UP_REASON_NAMES,
  FOLLOW_UP_VIEW_NAMES,
  NPS_CLASS_NAMES,
  csatSatisfied,
  npsClass,
  type FollowUpTask,
  type FollowUpView,
  type MemberSurveyResponse,
} from '@linli/shared/surveys';
import { formatShanghaiDateTime } from './time';

/** The desk's tabs, in the order shown: one's own work first, then what nobody holds. */
export const FOLLOW_UP_TABS: ReadonlyArray<{ value: FollowUpView; label: string; empty: string }> = [
  { value: 'mine', label: FOLLOW_UP_VIEW_NAMES.mine, empty: '没有分配给你的回访任务' },
  { value: 'unclaimed', label: FOLLOW_UP_VIEW_NAMES.unclaimed, empty: '没有待领取的回访任务' },
  { value: 'open', label: FOLLOW_UP_VIEW_NAMES.open, empty: '没有进行中的回访任务' },
  { value: 'done', label: FOLLOW_UP_VIEW_NAMES.done, empty: '还没有完成的回访任务' },
];

/** Why the task was opened, with the score that opened it: "贬损者（0–6 分）· 打了 3 分". */
export function followUpReasonText(task: Pick<FollowUpTask, 'reason' | 'score'>): string {
  return `${FOLLOW_UP_REASON_NAMES[task.reason]} · 打了 ${task.score} 分`;
}

/** Who holds the task: a name, 已离职员工 for someone who left (no name), or 待领取. */
export function followUpAssigneeText(task: Pick<FollowUpTask, 'assigneeId' | 'assigneeName'>): string {
  return task.assigneeId ? (task.assigneeName ?? '已离职员工') : '待领取';
}

/**
 * The task's time line on a card: an open one's deadline (tone breached once past it, as the
 * server judged it on the desk's working hours), a done one's outcome and when.
 */
export function followUpDueText(task: Pick<FollowUpTask, 'status' | 'dueAt' | 'breached' | 'doneAt'>): {
  text: string;
  tone: 'ok' | 'breached' | 'done';
} {
  if (task.status === 'done') return { text: task.doneAt ? `完成于 ${formatShanghaiDateTime(task.doneAt)}` : '已完成', tone: 'done' };
  const due = formatShanghaiDateTime(task.dueAt);
  return task.breached ? { text: `已超时（应于 ${due} 前回访）`, tone: 'breached' } : { text: `请于 ${due} 前回访`, tone: 'ok' };
}

/** A task's state in a word: 待回访 while open, the outcome's name once done. */
export function followUpStatusText(task: Pick<FollowUpTask, 'status' | 'outcome'>): string {
  if (task.status === 'open') return '待回访';
  return task.outcome ? FOLLOW_UP_OUTCOME_NAMES[task.outcome] : '已完成';
}

/**
 * A response's headline answer in words: NPS with its class (推荐者/中立者/贬损者), CSAT with
 * 满意/不满意 (4–5 satisfied, as the survey figures count it), stars as stars; null when the
 * response rated nothing.
 */
export function surveyHeadlineText(headline: MemberSurveyResponse['headline']): string | null {
  if (!headline) return null;
  switch (headline.kind) {
    case 'nps':
      return `推荐意愿 ${headline.score} 分 · ${NPS_CLASS_NAMES[npsClass(headline.score)]}`;
    case 'csat':
      return `满意度 ${headline.score} 分 · ${csatSatisfied(headline.score) ? '满意' : '不满意'}`;
    case 'stars':
      return `${headline.score} 星`;
  }
}
