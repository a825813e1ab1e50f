import { DEFAULT_CARE_POLICY } from '@linli/shared/care-rules';
import { describe, expect, it } from 'vitest';
import { inQuietHours, nextAllowedInstant, sendTimeOn } from './send-time.ts';

const quiet = DEFAULT_CARE_POLICY.quietHours; // 21:00–09:00 Asia/Shanghai
const at = (text: string) => new Date(text);

describe('quiet hours (21:00–09:00 Asia/Shanghai)', () => {
  it('start at 21:00 sharp and end at 09:00 sharp, across midnight', () => {
    expect(inQuietHours(at('2026-09-25T20:59:00+08:00'), quiet)).toBe(false);
    expect(inQuietHours(at('2026-09-25T21:00:00+08:00'), quiet)).toBe(true);
    expect(inQuietHours(at('2026-09-26T00:30:00+08:00'), quiet)).toBe(true);
    expect(inQuietHours(at('2026-09-26T08:59:00+08:00'), quiet)).toBe(true);
    expect(inQuietHours(at('2026-09-26T09:00:00+08:00'), quiet)).toBe(false);
  });
  it('within one day when the start is before the end', () => {
    const lunch = { start: '12:00', end: '14:00' };
    expect(inQuietHours(at('2026-09-25T13:00:00+08:00'), lunch)).toBe(true);
    expect(inQuietHours(at('2026-09-25T23:00:00+08:00'), lunch)).toBe(false);
  });
  it('hold a message to 09:00 the same morning, or the next morning after 21:00', () => {
    expect(nextAllowedInstant(at('2026-09-26T07:00:00+08:00'), quiet).toISOString()).toBe(at('2026-09-26T09:00:00+08:00').toISOString());
    expect(nextAllowedInstant(at('2026-09-25T22:00:00+08:00'), quiet).toISOString()).toBe(at('2026-09-26T09:00:00+08:00').toISOString());
    expect(nextAllowedInstant(at('2026-09-25T10:00:00+08:00'), quiet).toISOString()).toBe(at('2026-09-25T10:00:00+08:00').toISOString());
  });
});

describe("a rule's send time on a day", () => {
  it('is the time the rule asks for outside quiet hours', () => {
    const planned = sendTimeOn('2026-09-25', { sendTime: '10:00', staleAfterHours: 24 }, quiet);
    expect(planned).toMatchObject({ held: false, stale: false });
    expect(planned.sendAt.toISOString()).toBe('2026-09-25T02:00:00.000Z');
  });
  it('is held to the end of quiet hours, and stale when held longer than the rule stays relevant', () => {
    const early = sendTimeOn('2026-09-25', { sendTime: '07:30', staleAfterHours: 2 }, quiet);
    expect(early).toMatchObject({ held: true, stale: false });
    expect(early.sendAt.toISOString()).toBe(at('2026-09-25T09:00:00+08:00').toISOString());
    expect(sendTimeOn('2026-09-25', { sendTime: '07:30', staleAfterHours: 1 }, quiet)).toMatchObject({ held: true, stale: true });
    const late = sendTimeOn('2026-09-25', { sendTime: '22:00', staleAfterHours: 12 }, quiet);
    expect(late).toMatchObject({ held: true, stale: false });
    expect(late.sendAt.toISOString()).toBe(at('2026-09-26T09:00:00+08:00').toISOString());
    expect(sendTimeOn('2026-09-25', { sendTime: '22:00', staleAfterHours: 10 }, quiet).stale).toBe(true);
  });
});
