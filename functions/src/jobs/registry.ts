import { expirePoints } from '../points/expire-points.ts';
import { autoCloseComplaints } from '../complaints/auto-close.ts';
import { backfillComplaintRollups } from '../complaints/backfill-rollups.ts';
import { backfillMemberSearch } from '../members/backfill-search.ts';
import { backfillCareIndex } from '../members/backfill-care-index.ts';
import { backfillPhoneLinks } from '../accounts/phone-links-backfill.ts';
import { compactComplaintRollups } from '../complaints/compact-rollups.ts';
import { escalateComplaints } from '../complaints/escalation.ts';
import { runInsightNightly } from '../insight/nightly-scores.ts';
import { planAndDispatchCare } from '../automation/care-jobs.ts';
import { dispatchDueCare } from '../automation/care-delivery.ts';
import { collectDeadLetters } from '../automation/dead-letters.ts';
import {
  remindExpiringPointsWithNotices,
  reviewTiersWithNotices,
  runBirthdaysBesideCareRules,
  runGroupBuyTimersWithNotices,
} from '../automation/service-notices.ts';
import { runRiskWatch } from '../risk/daily-watch.ts';
import { runRetention } from '../privacy/retention-job.ts';
import { backfillMemberActivity } from '../members/activity-backfill.ts';
import type { Deps } from '../deps.ts';
import { SCHEDULED_JOBS, type ScheduledJob } from './schedule.ts';

/** What each scheduled job does, by name; the Lambda entries and the local scheduler both call these. */
const RUNNERS: Record<string, (deps: Deps) => Promise<unknown>> = {
  'birthday-greetings': runBirthdaysBesideCareRules,
  'expire-points': expirePoints,
  'points-expiry-reminders': remindExpiringPointsWithNotices,
  'complaints-auto-close': autoCloseComplaints,
  'complaints-escalation': (deps) => escalateComplaints(deps),
  'complaints-compact-rollups': compactComplaintRollups,
  'tier-review': reviewTiersWithNotices,
  'insight-nightly': runInsightNightly,
  'care-plan': planAndDispatchCare,
  'care-dispatch': dispatchDueCare,
  'care-dead-letters': collectDeadLetters,
  'groupbuy-timers': runGroupBuyTimersWithNotices,
  'risk-watch': runRiskWatch,
  retention: runRetention,
};

/** A job run by hand only (`npm run job -- <name>`), never scheduled: one-off migrations. Each must be safe to run again. */
export interface OneOffJob {
  name: string;
  description: string;
  run: (deps: Deps) => Promise<unknown>;
}

export const ONE_OFF_JOBS: readonly OneOffJob[] = [
  {
    name: 'complaints-backfill',
    description:
      'Once, after deploying the complaint queue indexes and report rollups: gives complaints written before them their queue places and report figures (a complaint already counted is skipped)',
    run: backfillComplaintRollups,
  },
  {
    name: 'member-search-backfill',
    description:
      'Once, after deploying the 客户 search: gives members joined before it their search items (nickname, phone last four); a member changed meanwhile is read again',
    run: backfillMemberSearch,
  },
  {
    name: 'phone-links-backfill',
    description:
      'Once, after deploying order import: links each phone verified before it to its member (PHONE#<hmac>), so imported orders naming the phone attach to them, and attaches those already waiting (a phone another member holds is left to them)',
    run: backfillPhoneLinks,
  },
  {
    name: 'care-index-backfill',
    description:
      'Once, after deploying care automation: rewrites each joined member with a first order so the first-order anniversary index (byCareDay) finds them; a member changed meanwhile is read again',
    run: backfillCareIndex,
  },
  {
    name: 'member-activity-backfill',
    description:
      'Once, after deploying the retention job: lists each joined member not yet listed by last active day under the day it runs, so inactivity is counted from then for members whose logins before it were never recorded (a member already listed is left as is)',
    run: backfillMemberActivity,
  },
];

/** A scheduled or one-off job by name (what `npm run job -- <name>` runs). */
export function jobByName(name: string): (ScheduledJob & { run: (deps: Deps) => Promise<unknown> }) | OneOffJob | undefined {
  const job = SCHEDULED_JOBS.find((candidate) => candidate.name === name);
  const run = RUNNERS[name];
  if (job && run) return { ...job, run };
  return ONE_OFF_JOBS.find((candidate) => candidate.name === name);
}

/** Every scheduled job (the local scheduler runs these; one-off jobs are not among them). */
export function allJobs() {
  return SCHEDULED_JOBS.map((job) => ({ ...job, run: RUNNERS[job.name]! }));
}
