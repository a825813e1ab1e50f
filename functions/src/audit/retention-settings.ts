import { RETENTION_DEFAULTS, type RetentionSettingsView, type UpdateRetentionSettingsRequest } from '@linli/shared/audit';
import type { Database } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { readRetentionSettings, writeRetentionSettings } from './retention-settings-repository.ts';

/** The retention periods in force: the saved ones, or the defaults (version 0) until first saved. */
export async function getRetentionSettings(db: Database): Promise<RetentionSettingsView> {
  return (await readRetentionSettings(db)) ?? { ...RETENTION_DEFAULTS, version: 0, updatedAt: null };
}

/** Saves new periods if nobody saved since `expectedVersion` (the audit trail records before and after). */
export async function updateRetentionSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { request: UpdateRetentionSettingsRequest; by: string },
): Promise<RetentionSettingsView> {
  const { expectedVersion, ...settings } = input.request;
  const updatedAt = deps.clock().toISOString();
  const saved = await writeRetentionSettings(
    deps.db,
    { ...settings, version: expectedVersion + 1, updatedAt, updatedBy: input.by },
    expectedVersion,
  );
  if (saved === 'conflict') throw new DomainError('CONFLICT', 'The retention settings were changed by someone else; reload and try again');
  return { ...settings, version: expectedVersion + 1, updatedAt };
}
