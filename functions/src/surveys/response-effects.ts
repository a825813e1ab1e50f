import type { Survey, SurveyQuestion } from '@linli/shared/surveys';
import type { Deps } from '../deps.ts';
import type { TransactItem } from '../db/transact-write.ts';
import type { SurveyResponseRecord } from './response-record.ts';

/**
 * What else a completed response writes in its own transaction (every completion calls this: the
 * buyer's submission and a complaint's rating), so nothing is half-written.
 */
export async function responseEffects(
  _deps: Pick<Deps, 'db' | 'clock'>,
  _response: SurveyResponseRecord,
  _questions: readonly SurveyQuestion[],
  _survey: Survey,
): Promise<TransactItem[]> {
  // The lead wires the rollup counters (rollups*.ts) and the follow-up task (follow-ups*.ts) into this at merge.
  return [];
}
