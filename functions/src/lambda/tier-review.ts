import { runTierReview } from '../tiers/review.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/** EventBridge Scheduler entry point: daily at 03:00 Asia/Shanghai. */
export const handler = async () => runTierReview(await deps());
