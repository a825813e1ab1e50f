/*
 * Countdowns on the 拼团 pages: to a campaign's end, a group's deadline, an unpaid reservation's
 * expiry. Pure: the page passes the current time from its ticking clock, the tests a fixed one.
 */

/** Whole seconds left until `deadline` at `nowMs`, rounded up (a second still running counts); 0 once it has passed. */
export function secondsLeft(deadline: string, nowMs: number): number {
  const at = Date.parse(deadline);
  if (Number.isNaN(at)) throw new RangeError(`Not an ISO timestamp: ${deadline}`);
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "2天 03:04:05", "03:04:05" under a day; null once the deadline has passed. */
export function countdownText(deadline: string, nowMs: number): string | null {
  const total = secondsLeft(deadline, nowMs);
  if (total === 0) return null;
  const days = Math.floor(total / 86_400);
  const clock = `${pad2(Math.floor((total % 86_400) / 3600))}:${pad2(Math.floor((total % 3600) / 60))}:${pad2(total % 60)}`;
  return days > 0 ? `${days}天 ${clock}` : clock;
}

/** A campaign's end on its card and page: "距结束 2天 03:04:05", or 已结束. */
export function campaignEndsText(endsAt: string, nowMs: number): string {
  const left = countdownText(endsAt, nowMs);
  return left ? `距结束 ${left}` : '活动已结束';
}

/** A forming group's deadline: "剩余 03:04:05", or 已截止 once it passed (the server settles the group). */
export function groupDeadlineText(deadline: string, nowMs: number): string {
  const left = countdownText(deadline, nowMs);
  return left ? `剩余 ${left}` : '已截止';
}

/** An unpaid reservation: "请在 00:14:59 内完成支付", or that the time to pay is over. */
export function payWithinText(reservedUntil: string, nowMs: number): string {
  const left = countdownText(reservedUntil, nowMs);
  return left ? `请在 ${left} 内完成支付` : '支付已超时，名额已释放';
}
