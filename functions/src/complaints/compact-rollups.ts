import type { Deps } from '../deps.ts';
import { compactRollupPeriod, listRollupPeriodsToCompact } from './repository.ts';

/** Attempts per item before leaving it to the next run (each attempt loses only to a complaint write). */
const ATTEMPTS = 5;

/**
 * Folds the live counters of every day's and week's report rollup shards written to since the
 * last run into that day's or week's one packed item (repository.ts, compactRollupPeriod), so the
 * report reads one packed attribute per period however many complaints it counts, plus what was
 * written since. Scheduled hourly; the figures never change, and a period complaint writes keep
 * racing is simply left for the next run.
 */
export async function compactComplaintRollups(deps: Pick<Deps, 'db' | 'logger'>): Promise<{ periods: number; left: number }> {
  let periods = 0;
  let left = 0;
  for (const period of await listRollupPeriodsToCompact(deps.db)) {
    let outcome: Awaited<ReturnType<typeof compactRollupPeriod>> = 'conflict';
    for (let attempt = 0; attempt < ATTEMPTS && outcome === 'conflict'; attempt++) outcome = await compactRollupPeriod(deps.db, period);
    if (outcome === 'compacted') periods++;
    else if (outcome === 'conflict') left++;
  }
  deps.logger.info('complaint rollups compacted', { periods, left });
  return { periods, left };
}
