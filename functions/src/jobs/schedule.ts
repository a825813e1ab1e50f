import { BUSINESS_TIME_ZONE } from '@linli/shared/time';

/**
 * Every scheduled function, once. The CDK stack turns each into an EventBridge Scheduler
 * schedule and the local scheduler runs each on the same cron and time zone, so "daily at 09:00"
 * means the same thing on a laptop and in the cloud.
 */
export interface ScheduledJob {
  /** Stable name: `npm run job -- <name>` runs it now. */
  name: string;
  description: string;
  /** Five-field cron (minute hour day-of-month month day-of-week) in `timeZone`. */
  cron: string;
  timeZone: string;
  /** Lambda entry, relative to the repository root. */
  lambdaEntry: string;
  /** The function's time limit (default 5 minutes; Lambda allows 15). */
  timeoutMinutes?: number;
  /** The function's memory (default 512 MB); Lambda's CPU grows with it. */
  memoryMb?: number;
}

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  {
    name: 'birthday-greetings',
    description:
      "Credits each member's tier birthday points on their birthday, and greets them by subscribe message where they granted one unless an enabled care rule greets birthdays",
    cron: '0 9 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/birthday-greetings.ts',
  },
  {
    name: 'expire-points',
    description: 'Expires points lots whose expiry has passed, oldest first, one ledger entry per member',
    cron: '10 0 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/expire-points.ts',
  },
  {
    name: 'points-expiry-reminders',
    description:
      'Plans a reminder that points expire within 30 days as a service notice on the care engine (once per expiry day; sent by care-dispatch where the member granted it)',
    cron: '0 10 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/points-expiry-reminders.ts',
  },
  {
    name: 'complaints-auto-close',
    description: 'Closes resolved complaints whose 7-day reopen window has passed',
    cron: '5 * * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/complaints-auto-close.ts',
  },
  {
    name: 'complaints-escalation',
    description: 'Warns the owner before an SLA breach and escalates to supervisors on a breach (not in quiet hours)',
    cron: '*/15 * * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/complaints-escalation.ts',
  },
  {
    name: 'complaints-compact-rollups',
    description: "Packs each complaint report rollup written to since the last run into one attribute, so the report's reads stay small",
    cron: '20 * * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/complaints-compact-rollups.ts',
  },
  {
    name: 'tier-review',
    description:
      'Reviews member tiers: one level down after the grace period where growth fell short, up where it qualifies; the notice of each change is planned on the care engine',
    cron: '0 3 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/tier-review.ts',
  },
  {
    name: 'insight-nightly',
    description:
      "Scores every member (RFM, churn and lifetime value from the fitted models, lifecycle stage), keeps the segments' facets and the dashboards' figures",
    cron: '30 2 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/insight-nightly.ts',
    // Reads every member and fits the models in memory: BENCHMARKS.md measures 100,000 members.
    timeoutMinutes: 15,
    memoryMb: 3008,
  },
  {
    name: 'care-plan',
    description:
      "Plans today's care messages: each enabled care rule's due members after its audience, consent, authorization and the caps, then queues what is due",
    // After the insight job (02:30) has written the day's stage changes; before quiet hours end.
    cron: '0 7 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/care-plan.ts',
    timeoutMinutes: 15,
    memoryMb: 1024,
  },
  {
    name: 'care-dispatch',
    description: 'Puts planned care messages whose send time has come on the delivery queue (held in quiet hours, dropped when stale)',
    cron: '*/5 * * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/care-dispatch.ts',
  },
  {
    name: 'care-dead-letters',
    description: 'Moves care messages that failed every attempt from the dead-letter queue into the staff list, where they can be retried',
    cron: '*/15 * * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/care-dead-letters.ts',
  },
  {
    name: 'groupbuy-timers',
    description:
      "Does the group-buy (拼团) work that has come due: expired reservations released (WeChat Pay asked first), group deadlines decided (paid members of failed groups refunded), refunds asked of WeChat Pay until confirmed, and successful groups' orders into the pipeline with the leader's reward",
    // A reservation holds its place for 15 minutes: a minute late at most frees it for the next buyer.
    cron: '* * * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/groupbuy-timers.ts',
  },
  {
    name: 'risk-watch',
    description:
      "Raises flags for the supervisors' 风险监控 page: refunds after redemption, phones many members share, bursts of new members redeeming, staff crediting far more than their peers; and measures the shop's order norm the order path compares orders with (no flag blocks anything)",
    // After the insight job (02:30) and before the working day: the page is fresh when supervisors start.
    cron: '30 4 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/risk-watch.ts',
    // Walks every joined member and reads the ledgers of those active in the last month.
    timeoutMinutes: 15,
    memoryMb: 1024,
  },
  {
    name: 'retention',
    description:
      "Deletes what is past the admins' retention periods (保留期限): audit log days, data exports past their day, uploads never attached, and the personal data of members with no login and no purchase for the period (as account deletion erases it; a member with something under way is tried again the next day)",
    // In the night's quiet, after the tier review (03:00) and before the risk watch (04:30).
    cron: '30 3 * * *',
    timeZone: BUSINESS_TIME_ZONE,
    lambdaEntry: 'functions/src/lambda/retention.ts',
    // Each inactive member's erasure is a few dozen reads and writes; a first run may find a backlog.
    timeoutMinutes: 15,
  },
];

/**
 * EventBridge Scheduler wants six fields with `?` in one of day-of-month / day-of-week;
 * translate the five-field form the local scheduler uses.
 */
export function toEventBridgeCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`Expected a five-field cron, got "${cron}"`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const dom = dayOfWeek !== '*' && dayOfMonth === '*' ? '?' : dayOfMonth;
  const dow = dom === '?' ? toEventBridgeWeekdays(dayOfWeek) : '?';
  if (dayOfMonth !== '*' && dayOfWeek !== '*') {
    throw new Error('EventBridge cannot restrict both day-of-month and day-of-week');
  }
  return `cron(${eventBridgeStep(minute)} ${eventBridgeStep(hour)} ${dom} ${month} ${dow} *)`;
}

// Unix cron writes "every 15 minutes" as */15; EventBridge documents 0/15.
function eventBridgeStep(field: string): string {
  return field.replace(/^\*\/(\d+)$/, '0/$1');
}

// Unix cron counts Sunday as 0; EventBridge counts it as 1.
function toEventBridgeWeekdays(field: string): string {
  return field.replace(/\d/g, (d) => String((Number(d) % 7) + 1));
}
