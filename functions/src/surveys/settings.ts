import { DEFAULT_SURVEY_SETTINGS, type SurveySettingsUpdate, type SurveySettingsView } from '@linli/shared/surveys';
import type { Database } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { readSurveySettings, writeSurveySettings } from './repository.ts';

/** The survey settings in force: the saved ones, or the defaults (version 0) until first saved. */
export async function getSurveySettings(db: Database): Promise<SurveySettingsView> {
  return (await readSurveySettings(db)) ?? { ...DEFAULT_SURVEY_SETTINGS, version: 0, updatedAt: null, updatedBy: null };
}

/** Saves new settings if nobody saved since the version read; CONFLICT otherwise. */
export async function updateSurveySettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { request: SurveySettingsUpdate; by: string },
): Promise<SurveySettingsView> {
  const { version, ...settings } = input.request;
  // Compared before writing: a version that was never read is refused, not incremented past any bound.
  if ((await getSurveySettings(deps.db)).version !== version)
    throw new DomainError('CONFLICT', 'The settings were changed by someone else; reload and try again');
  const stored = { ...settings, version: version + 1, updatedAt: deps.clock().toISOString(), updatedBy: input.by };
  if ((await writeSurveySettings(deps.db, stored, version)) === 'conflict')
    throw new DomainError('CONFLICT', 'The settings were changed by someone else; reload and try again');
  return stored;
}
