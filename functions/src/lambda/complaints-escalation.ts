import { escalateComplaints } from '../complaints/escalation.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/** EventBridge Scheduler entry point: every 15 minutes. */
export const handler = async () => escalateComplaints(await deps());
