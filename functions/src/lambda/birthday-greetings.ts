import { runBirthdayGreetings } from '../care/birthday-greetings.ts';
import { lambdaDeps } from '../runtime.ts';

const deps = lambdaDeps();

/** EventBridge Scheduler entry point: daily at 09:00 Asia/Shanghai. */
export const handler = async () => runBirthdayGreetings(await deps());
