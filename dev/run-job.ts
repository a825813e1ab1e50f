import { readConfig } from '../functions/src/config/config.ts';
import { loadSecrets } from '../functions/src/config/secrets.ts';
import { createDeps, wechatPayClientFor } from '../functions/src/runtime.ts';
import { allJobs, jobByName, ONE_OFF_JOBS } from '../functions/src/jobs/registry.ts';
import { clockStartingAt, systemClock } from '../functions/src/platform/clock.ts';
import { parseJobArguments } from './job-arguments.ts';

// `npm run job -- <name> [--at <ISO time>]`: runs one scheduled job, or a one-off job (never
// scheduled), against the local stack `npm start` runs — now, or as at the given moment (the
// job's clock starts there and runs on).
// (The SDK's notice about its future Node 22 floor is noise on this Node 20 machine.)
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const invocation = parseJobArguments(process.argv.slice(2));
const job = 'name' in invocation ? jobByName(invocation.name) : undefined;
if (!job || 'error' in invocation) {
  if ('error' in invocation) console.error(invocation.error);
  console.error(
    `Usage: npm run job -- <name> [--at <ISO time, e.g. 2027-02-05T09:00:00+08:00>]\nScheduled jobs: ${allJobs()
      .map((j) => j.name)
      .join(', ')}\nOne-off jobs: ${ONE_OFF_JOBS.map((j) => j.name).join(', ')}`,
  );
  process.exit(2);
}
try {
  const clock = invocation.at ? clockStartingAt(invocation.at) : undefined;
  const config = readConfig(process.env);
  const secrets = await loadSecrets(config, process.env);
  // WeChat Pay (the emulator) runs in real time and refuses a request signed more than 5 minutes off,
  // as WeChat Pay does: a job run as at another moment still signs its WeChat Pay calls, and checks
  // WeChat Pay's answers, at the time they are really made.
  const overrides = clock ? { clock, wechatPay: wechatPayClientFor(config, secrets, systemClock) } : {};
  const result = await job.run(createDeps(config, secrets, overrides));
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(`${job.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Is `npm start` running? The job uses its DynamoDB Local and WeChat emulator.');
  process.exit(1);
}
