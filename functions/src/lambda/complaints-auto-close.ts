import { autoCloseComplaints } from '../complaints/auto-close.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/** EventBridge Scheduler entry point: hourly. */
export const handler = async () => autoCloseComplaints(await deps());
