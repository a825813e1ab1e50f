import { describe, expect, it } from 'vitest';
import { secondsUntilEnd, windowAround } from './windows.ts';

describe('rate limit windows', () => {
  it('counts a minute from its first second to its last', () => {
    expect(windowAround(new Date('2026-11-23T02:00:00.000Z'), 'minute')).toEqual({
      start: new Date('2026-11-23T02:00:00.000Z'),
      end: new Date('2026-11-23T02:01:00.000Z'),
    });
    expect(windowAround(new Date('2026-11-23T02:00:59.999Z'), 'minute').start).toEqual(new Date('2026-11-23T02:00:00.000Z'));
    expect(windowAround(new Date('2026-11-23T02:01:00.000Z'), 'minute').start).toEqual(new Date('2026-11-23T02:01:00.000Z'));
  });

  it("counts a day from Shanghai's midnight, not UTC's", () => {
    // 07:59 UTC is 15:59 in Shanghai: the day began at 16:00 UTC the evening before.
    expect(windowAround(new Date('2026-11-23T07:59:00.000Z'), 'shanghai-day')).toEqual({
      start: new Date('2026-11-22T16:00:00.000Z'),
      end: new Date('2026-11-23T16:00:00.000Z'),
    });
    expect(windowAround(new Date('2026-11-23T16:00:00.000Z'), 'shanghai-day').start).toEqual(new Date('2026-11-23T16:00:00.000Z'));
  });

  it('says at least one whole second until the window ends', () => {
    const span = windowAround(new Date('2026-11-23T02:00:00.000Z'), 'minute');
    expect(secondsUntilEnd(span, new Date('2026-11-23T02:00:00.000Z'))).toBe(60);
    expect(secondsUntilEnd(span, new Date('2026-11-23T02:00:30.200Z'))).toBe(30);
    expect(secondsUntilEnd(span, new Date('2026-11-23T02:00:59.999Z'))).toBe(1);
  });
});
