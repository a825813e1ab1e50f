import { runBirthdayGreetings } from '../care/birthday-greetings.ts';
import { depsFromEnvironment } from '../runtime.ts';

const ready = depsFromEnvironment();

/** EventBridge Scheduler entry point: daily at 09:00 Asia/Shanghai. */
export const handler = async () => runBirthdayGreetings(await ready);
