import { describe, expect, it } from 'vitest';
import { clockStartingAt } from './clock.ts';

describe('a clock starting at another moment', () => {
  it('reads the moment at first and runs on in step with the real clock', () => {
    let real = Date.parse('2026-11-26T10:00:00.000Z');
    const clock = clockStartingAt(new Date('2027-02-05T18:30:00.000Z'), () => new Date(real));
    expect(clock().toISOString()).toBe('2027-02-05T18:30:00.000Z');
    real += 90_000;
    expect(clock().toISOString()).toBe('2027-02-05T18:31:30.000Z');
  });
});
