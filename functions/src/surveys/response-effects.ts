import type { Survey, SurveyQuestion } from '@linli/shared/surveys';
import type { Deps } from '../deps.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { followUpItems } from './follow-ups.ts';
import type { SurveyResponseRecord } from './response-record.ts';
import { responseRollupItems } from './rollups.ts';

/**
 * What else a completed response writes in its own transaction (every completion calls this: the
 * buyer's submission and a complaint's rating), so nothing is half-written: the figures' counters,
 * and the follow-up (回访) task an unhappy answer opens.
 */
export async function responseEffects(
  deps: Pick<Deps, 'db' | 'clock'>,
  response: SurveyResponseRecord,
  questions: readonly SurveyQuestion[],
  survey: Survey,
): Promise<TransactItem[]> {
  return [
    ...responseRollupItems(deps.db, response, questions),
    ...(await followUpItems(deps, response, { surveyName: survey.definition.name, questions })),
  ];
}
