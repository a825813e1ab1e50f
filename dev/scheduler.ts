import { Cron } from 'croner';
import type { Deps } from '../functions/src/deps.ts';
import { allJobs } from '../functions/src/jobs/registry.ts';

/**
 * Runs every scheduled job on its cron expression and time zone, as EventBridge Scheduler does
 * in the cloud. A run still going when the next is due is skipped, not doubled.
 */
export function startScheduler(
  deps: Deps,
  log: (line: string) => void,
): { stop(): void; nextRuns(): Array<{ name: string; next: Date | null }> } {
  const crons = allJobs().map(
    (job) =>
      new Cron(job.cron, { name: job.name, timezone: job.timeZone, protect: true }, async () => {
        log(`job ${job.name} started`);
        try {
          log(`job ${job.name} finished: ${JSON.stringify(await job.run(deps))}`);
        } catch (error) {
          log(`job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
  );
  return {
    stop: () => crons.forEach((cron) => cron.stop()),
    nextRuns: () => crons.map((cron) => ({ name: cron.name ?? '?', next: cron.nextRun() })),
  };
}
