import { runBirthdayGreetings } from '../care/birthday-greetings.ts';
import { expirePoints } from '../points/expire-points.ts';
import { remindExpiringPoints } from '../care/points-expiry-reminders.ts';
import { autoCloseComplaints } from '../complaints/auto-close.ts';
import { escalateComplaints } from '../complaints/escalation.ts';
import { runTierReview } from '../tiers/review.ts';
import type { Deps } from '../deps.ts';
import { SCHEDULED_JOBS, type ScheduledJob } from './schedule.ts';

/** What each scheduled job does, by name; the Lambda entries and the local scheduler both call these. */
const RUNNERS: Record<string, (deps: Deps) => Promise<unknown>> = {
  'birthday-greetings': runBirthdayGreetings,
  'expire-points': expirePoints,
  'points-expiry-reminders': remindExpiringPoints,
  'complaints-auto-close': autoCloseComplaints,
  'complaints-escalation': (deps) => escalateComplaints(deps),
  'tier-review': runTierReview,
};

export function jobByName(name: string): (ScheduledJob & { run: (deps: Deps) => Promise<unknown> }) | undefined {
  const job = SCHEDULED_JOBS.find((candidate) => candidate.name === name);
  const run = RUNNERS[name];
  return job && run ? { ...job, run } : undefined;
}

export function allJobs() {
  return SCHEDULED_JOBS.map((job) => jobByName(job.name)!);
}
