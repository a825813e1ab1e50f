import { runRetention } from '../privacy/retention-job.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/** EventBridge Scheduler entry point; its cron and time zone live in jobs/schedule.ts. */
export const handler = async () => runRetention(await deps());
