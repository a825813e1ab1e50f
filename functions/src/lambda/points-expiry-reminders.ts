import { remindExpiringPoints } from '../care/points-expiry-reminders.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/** EventBridge Scheduler entry point: daily at 10:00 Asia/Shanghai. */
export const handler = async () => remindExpiringPoints(await deps());
