import { describe, expect, it } from 'vitest';
import { RETRY, TooMuchContention, withOptimisticRetry } from './transactions.ts';

const conflict = () => Object.assign(new Error('Transaction is ongoing for the item'), { name: 'TransactionConflictException' });

describe('withOptimisticRetry', () => {
  it('tries again after a lost race and after running into another transaction in flight', async () => {
    const answers: Array<'retry' | 'conflict' | 'done'> = ['retry', 'conflict', 'done'];
    let calls = 0;
    const result = await withOptimisticRetry(async () => {
      const answer = answers[calls++]!;
      if (answer === 'conflict') throw conflict();
      return answer === 'retry' ? RETRY : 'saved';
    });
    expect(result).toBe('saved');
    expect(calls).toBe(3);
  });

  it('starts over after a server fault the SDK gave up on (a lock wait timed out), whose write is read back', async () => {
    let calls = 0;
    const result = await withOptimisticRetry(async () => {
      if (calls++ === 0) throw Object.assign(new Error('timed out waiting for a lock'), { name: 'InternalServerError' });
      return 'saved';
    });
    expect(result).toBe('saved');
    expect(calls).toBe(2);
  });

  it('takes server faults three times running for an outage, not a race, and throws the last at once', async () => {
    let calls = 0;
    const fault = () => Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
    await expect(
      withOptimisticRetry(async () => {
        calls++;
        throw fault();
      }),
    ).rejects.toMatchObject({ name: 'InternalServerError' });
    expect(calls).toBe(3);
    // Faults with answers between them are lost races again (the count starts over).
    calls = 0;
    const result = await withOptimisticRetry(async () => {
      calls++;
      if (calls % 3 === 0) return calls < 9 ? RETRY : 'saved';
      throw fault();
    });
    expect(result).toBe('saved');
    expect(calls).toBe(9);
  });

  it('lets any other error through at once', async () => {
    let calls = 0;
    await expect(
      withOptimisticRetry(async () => {
        calls++;
        throw new Error('ValidationException');
      }),
    ).rejects.toThrow('ValidationException');
    expect(calls).toBe(1);
  });

  it('gives up with TooMuchContention (503 BUSY) after the allowed attempts', async () => {
    await expect(withOptimisticRetry(async () => RETRY, 3)).rejects.toBeInstanceOf(TooMuchContention);
  });
});
