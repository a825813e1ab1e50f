import { describe, expect, it } from 'vitest';
import { Cron } from 'croner';
import { SCHEDULED_JOBS } from '../functions/src/jobs/schedule.ts';
import { allJobs, jobByName, ONE_OFF_JOBS } from '../functions/src/jobs/registry.ts';

describe('local scheduler', () => {
  it('fires the birthday job at 09:00 Asia/Shanghai (01:00 UTC), as EventBridge does', () => {
    const job = SCHEDULED_JOBS.find((j) => j.name === 'birthday-greetings')!;
    const cron = new Cron(job.cron, { timezone: job.timeZone, paused: true });
    expect(cron.nextRun(new Date('2026-11-23T00:30:00Z'))?.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(cron.nextRun(new Date('2026-11-23T01:00:00Z'))?.toISOString()).toBe('2026-11-24T01:00:00.000Z');
    cron.stop();
  });

  it('has a runner for every scheduled job', () => {
    expect(allJobs().map((job) => typeof job.run)).toEqual(SCHEDULED_JOBS.map(() => 'function'));
  });

  it('runs one-off jobs by name but never schedules them', () => {
    expect(typeof jobByName('complaints-backfill')?.run).toBe('function');
    expect(typeof jobByName('member-search-backfill')?.run).toBe('function');
    expect(ONE_OFF_JOBS.map((job) => job.name)).toEqual([
      'complaints-backfill',
      'member-search-backfill',
      'phone-links-backfill',
      'care-index-backfill',
      'member-activity-backfill',
    ]);
    for (const job of ONE_OFF_JOBS) {
      expect(SCHEDULED_JOBS.map((scheduled) => scheduled.name)).not.toContain(job.name);
      expect(allJobs().map((scheduled) => scheduled.name)).not.toContain(job.name);
    }
  });
});
