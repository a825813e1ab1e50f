import { describe, expect, it, vi } from 'vitest';
import type { MyGroupOrder } from '@linli/shared/groupbuy';
import { ApiError, NETWORK_ERROR } from '@/api/errors';
import { awaitPaymentRecorded, keepsRequestId, payNotice, RequestAttempt } from './payment-flow';

describe('whether a retry keeps the request id', () => {
  it('keeps it when the server may have opened or joined the group', () => {
    expect(keepsRequestId(new ApiError(NETWORK_ERROR, 0, 'timeout'))).toBe(true);
    expect(keepsRequestId(new ApiError('INTERNAL', 500, 'boom'))).toBe(true);
    expect(keepsRequestId(new ApiError('BUSY', 503, 'busy'))).toBe(true);
    expect(keepsRequestId(new Error('anything else'))).toBe(true);
  });

  it('starts a new attempt after a refusal, which wrote nothing', () => {
    expect(keepsRequestId(new ApiError('GROUP_BUY_SOLD_OUT', 409, 'sold out'))).toBe(false);
    expect(keepsRequestId(new ApiError('GROUP_FULL', 409, 'full'))).toBe(false);
    expect(keepsRequestId(new ApiError('NOT_JOINED', 403, 'join first'))).toBe(false);
  });
});

const order = (status: MyGroupOrder['status']) => ({ orderNo: 'GB1', status }) as MyGroupOrder;

describe('waiting for the payment notification', () => {
  const policy = (attempts: number) => ({ attempts, intervalMs: 1000, wait: vi.fn(() => Promise.resolve()) });

  it('reads the order until the server has the payment, pausing between reads', async () => {
    const answers = [order('reserved'), order('reserved'), order('paid')];
    const read = vi.fn(() => Promise.resolve(answers.shift()!));
    const pacing = policy(5);
    const result = await awaitPaymentRecorded(read, pacing);
    expect(result).toEqual({ order: order('paid'), recorded: true });
    expect(read).toHaveBeenCalledTimes(3);
    expect(pacing.wait.mock.calls).toEqual([[1000], [1000]]);
  });

  it('counts a group that succeeded on this payment as recorded', async () => {
    expect((await awaitPaymentRecorded(() => Promise.resolve(order('succeeded')), policy(3))).recorded).toBe(true);
  });

  it('gives up after its attempts, with the last order read, a failed read counting as not yet', async () => {
    let calls = 0;
    const read = () => (++calls === 2 ? Promise.reject(new ApiError(NETWORK_ERROR, 0, 'x')) : Promise.resolve(order('reserved')));
    const result = await awaitPaymentRecorded(read, policy(3));
    expect(calls).toBe(3);
    expect(result).toEqual({ order: order('reserved'), recorded: false });
  });
});

describe('what the page says after paying', () => {
  it('confirms a recorded payment, naming a group it completed', () => {
    expect(payNotice({ kind: 'paid', order: order('paid'), recorded: true })).toEqual({ text: '支付成功，拼团中', tone: 'ok' });
    expect(payNotice({ kind: 'paid', order: order('succeeded'), recorded: true })).toEqual({ text: '支付成功，拼团成功', tone: 'ok' });
  });

  it('says a payment not yet recorded is being confirmed', () => {
    expect(payNotice({ kind: 'paid', order: order('reserved'), recorded: false }).text).toBe('支付成功，正在确认支付结果，请稍后刷新');
  });

  it('reminds a buyer who cancelled that the place is held only for a while', () => {
    expect(payNotice({ kind: 'cancelled' })).toEqual({ text: '已取消支付，请在时限内完成支付，否则名额将被释放', tone: 'error' });
  });

  it('passes a failure’s text on, and explains an order with nothing to pay', () => {
    expect(payNotice({ kind: 'failed', message: '微信支付暂时不可用，请稍后重试' })).toEqual({
      text: '微信支付暂时不可用，请稍后重试',
      tone: 'error',
    });
    expect(payNotice({ kind: 'not-payable', order: order('paid') }).text).toBe('订单已支付或已取消，无需再付款');
    expect(payNotice({ kind: 'not-payable', order: order('reserved') }).tone).toBe('error');
  });
});

describe('the request id of an attempt to open or join', () => {
  const ids = () => {
    let n = 0;
    return () => `id-${++n}`;
  };

  it('stays the same across retries after no answer or a server failure', () => {
    const attempt = new RequestAttempt(ids());
    expect(attempt.current()).toBe('id-1');
    attempt.ended(new ApiError(NETWORK_ERROR, 0, 'timeout'));
    expect(attempt.current()).toBe('id-1');
    attempt.ended(new ApiError('BUSY', 503, 'busy'));
    expect(attempt.current()).toBe('id-1');
  });

  it('is new for the next attempt once one succeeded or was refused', () => {
    const attempt = new RequestAttempt(ids());
    attempt.ended();
    expect(attempt.current()).toBe('id-2');
    attempt.ended(new ApiError('GROUP_FULL', 409, 'full'));
    expect(attempt.current()).toBe('id-3');
  });
});
