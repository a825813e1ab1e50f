/** What the operator entered in the member page's 积分调整 form. */
export interface AdjustForm {
  direction: 'add' | 'deduct';
  /** Points as typed (a whole number). */
  amount: string;
  reason: string;
}

/** The most one adjustment may move (the API refuses more). */
export const ADJUST_MAX = 1_000_000;
export const REASON_MIN = 2;
export const REASON_MAX = 200;

/** The adjustment the form asks for, or the first thing to fix (in Chinese). */
export function readAdjustForm(form: AdjustForm): { delta: number; reason: string } | { error: string } {
  const amount = form.amount.trim();
  if (!/^\d{1,7}$/.test(amount) || Number(amount) === 0) return { error: '请填写要调整的积分（正整数）' };
  if (Number(amount) > ADJUST_MAX) return { error: `一次最多调整 ${ADJUST_MAX.toLocaleString('en-US')} 积分` };
  const reason = form.reason.trim();
  if (reason.length < REASON_MIN) return { error: '请填写调整原因（至少 2 个字）' };
  if (reason.length > REASON_MAX) return { error: `调整原因最多 ${REASON_MAX} 个字` };
  return { delta: form.direction === 'add' ? Number(amount) : -Number(amount), reason };
}

/** The confirmation question before an adjustment is sent. */
export function adjustQuestion(delta: number, reason: string): string {
  return `${delta > 0 ? '增加' : '扣减'} ${Math.abs(delta)} 积分，原因：${reason}。调整会记入积分明细，不能撤回。`;
}
