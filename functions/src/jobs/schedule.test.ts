import { describe, expect, it } from 'vitest';
import { toEventBridgeCron, SCHEDULED_JOBS } from './schedule.ts';

describe('toEventBridgeCron', () => {
  it("turns a daily five-field cron into EventBridge's six fields", () => {
    expect(toEventBridgeCron('0 9 * * *')).toBe('cron(0 9 * * ? *)');
  });
  it('moves day-of-week to EventBridge numbering (Sunday = 1)', () => {
    expect(toEventBridgeCron('30 8 * * 1-5')).toBe('cron(30 8 ? * 2-6 *)');
    expect(toEventBridgeCron('0 0 * * 0')).toBe('cron(0 0 ? * 1 *)');
  });
  it('writes steps the way EventBridge documents them', () => {
    expect(toEventBridgeCron('*/15 * * * *')).toBe('cron(0/15 * * * ? *)');
  });
  it('refuses what EventBridge cannot express', () => {
    expect(() => toEventBridgeCron('0 9 1 * 1')).toThrow();
    expect(() => toEventBridgeCron('0 9 * *')).toThrow();
  });
  it('schedules the retention job daily at 03:30 Asia/Shanghai, between the tier review and the risk watch', () => {
    expect(SCHEDULED_JOBS.find((job) => job.name === 'retention')).toMatchObject({
      cron: '30 3 * * *',
      timeZone: 'Asia/Shanghai',
      lambdaEntry: 'functions/src/lambda/retention.ts',
    });
    expect(toEventBridgeCron('30 3 * * *')).toBe('cron(30 3 * * ? *)');
  });
  it('schedules the birthday job daily at 09:00 Asia/Shanghai', () => {
    expect(SCHEDULED_JOBS.find((job) => job.name === 'birthday-greetings')).toMatchObject({ cron: '0 9 * * *', timeZone: 'Asia/Shanghai' });
  });
});
