import { runGroupBuyTimersWithNotices } from '../automation/service-notices.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/** EventBridge Scheduler entry point; its cron and time zone live in jobs/schedule.ts. */
export const handler = async () => runGroupBuyTimersWithNotices(await deps());
