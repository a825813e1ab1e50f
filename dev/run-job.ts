import { depsFromEnvironment } from '../functions/src/runtime.ts';
import { allJobs, jobByName, ONE_OFF_JOBS } from '../functions/src/jobs/registry.ts';

// `npm run job -- <name>`: runs one scheduled job, or a one-off job (never scheduled), now against
// the local stack `npm start` runs.
// (The SDK's notice about its future Node 22 floor is noise on this Node 20 machine.)
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const name = process.argv[2];
const job = name ? jobByName(name) : undefined;
if (!job) {
  console.error(
    `Usage: npm run job -- <name>\nScheduled jobs: ${allJobs()
      .map((j) => j.name)
      .join(', ')}\nOne-off jobs: ${ONE_OFF_JOBS.map((j) => j.name).join(', ')}`,
  );
  process.exit(2);
}
try {
  const result = await job.run(await depsFromEnvironment());
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(`${job.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Is `npm start` running? The job uses its DynamoDB Local and WeChat emulator.');
  process.exit(1);
}
