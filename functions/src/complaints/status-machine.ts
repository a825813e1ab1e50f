import {
  COMPLAINT_EVENTS,
  REOPEN_WINDOW_DAYS,
  type ComplaintActor,
  type ComplaintEventType,
  type ComplaintStatus,
  type ComplaintTransitionRefusal,
} from '@linli/shared/complaints';

/** After resolution the buyer may reopen for this long; from then on the complaint closes itself. */
export const REOPEN_WINDOW_MS = REOPEN_WINDOW_DAYS * 24 * 3600_000;

/** What the rules need to know about a complaint; the caller's record may carry more. */
export interface ComplaintState {
  status: ComplaintStatus;
  /** When it was last resolved (UTC ISO); null unless resolved or closed after resolution. */
  resolvedAt: string | null;
}

/** One entry of a complaint's status history: the status it entered and when (UTC ISO). */
export interface StatusChange {
  status: ComplaintStatus;
  at: string;
}

export interface ComplaintEvent {
  type: ComplaintEventType;
  by: ComplaintActor;
}

interface TransitionRule {
  from: readonly ComplaintStatus[];
  to: ComplaintStatus;
  by: readonly ComplaintActor[];
  /** The refusal when the complaint is in any other (open) status. */
  otherwise: ComplaintTransitionRefusal;
}

/**
 * Every legal move. "agent" is any staff role. An agent may record a reply the buyer gave by
 * phone; resolving while waiting for the buyer lets an agent finish a complaint whose buyer went
 * quiet.
 */
export const COMPLAINT_TRANSITIONS: Readonly<Record<ComplaintEventType, TransitionRule>> = {
  acknowledge: { from: ['submitted'], to: 'acknowledged', by: ['agent'], otherwise: 'already_acknowledged' },
  start: { from: ['acknowledged', 'reopened'], to: 'in_progress', by: ['agent'], otherwise: 'not_ready_to_start' },
  ask_buyer: { from: ['in_progress'], to: 'waiting_for_buyer', by: ['agent'], otherwise: 'not_in_progress' },
  buyer_replied: { from: ['waiting_for_buyer'], to: 'in_progress', by: ['buyer', 'agent'], otherwise: 'not_waiting_for_buyer' },
  resolve: { from: ['in_progress', 'waiting_for_buyer'], to: 'resolved', by: ['agent'], otherwise: 'not_in_progress' },
  confirm: { from: ['resolved'], to: 'closed', by: ['buyer'], otherwise: 'not_resolved' },
  reopen: { from: ['resolved'], to: 'reopened', by: ['buyer'], otherwise: 'not_resolved' },
  auto_close: { from: ['resolved'], to: 'closed', by: ['system'], otherwise: 'not_resolved' },
};

export type TransitionResult<T extends ComplaintState> =
  { ok: true; next: T; change: StatusChange } | { ok: false; code: 'COMPLAINT_TRANSITION_INVALID'; reason: ComplaintTransitionRefusal };

/** When a resolved complaint stops being reopenable and closes itself; null unless resolved. */
export function autoCloseAt(complaint: ComplaintState): Date | null {
  if (complaint.status !== 'resolved') return null;
  if (complaint.resolvedAt === null) throw new RangeError('A resolved complaint needs resolvedAt');
  return new Date(Date.parse(complaint.resolvedAt) + REOPEN_WINDOW_MS);
}

/**
 * Applies `event` to `complaint` at `now`: the next state and the history entry to append, or
 * the reason it is refused. Reopening is allowed strictly before resolvedAt + 7 days; auto-close
 * from that instant on, so exactly one of the two holds at any time.
 */
export function transition<T extends ComplaintState>(complaint: T, event: ComplaintEvent, now: Date): TransitionResult<T> {
  const rule = COMPLAINT_TRANSITIONS[event.type];
  const refuse = (reason: ComplaintTransitionRefusal) => ({ ok: false, code: 'COMPLAINT_TRANSITION_INVALID', reason }) as const;

  if (!rule.by.includes(event.by)) return refuse('actor_not_allowed');
  if (complaint.status === 'closed') return refuse('already_closed');
  if (!rule.from.includes(complaint.status)) return refuse(rule.otherwise);

  const closesAt = autoCloseAt(complaint);
  if (event.type === 'reopen' && closesAt && now.getTime() >= closesAt.getTime()) return refuse('reopen_window_passed');
  if (event.type === 'auto_close' && closesAt && now.getTime() < closesAt.getTime()) return refuse('auto_close_too_early');

  const at = now.toISOString();
  const resolvedAt = event.type === 'resolve' ? at : event.type === 'reopen' ? null : complaint.resolvedAt;
  return { ok: true, next: { ...complaint, status: rule.to, resolvedAt }, change: { status: rule.to, at } };
}

/** The events `actor` may trigger on `complaint` at `now`, in the vocabulary's order (for buttons in the UI). */
export function availableEvents(complaint: ComplaintState, actor: ComplaintActor, now: Date): ComplaintEventType[] {
  return COMPLAINT_EVENTS.filter((type) => transition(complaint, { type, by: actor }, now).ok);
}
