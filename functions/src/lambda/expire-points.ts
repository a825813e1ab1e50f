import { expirePoints } from '../points/expire-points.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/** EventBridge Scheduler entry point: daily at 00:10 Asia/Shanghai. */
export const handler = async () => expirePoints(await deps());
