import type { Deps } from '../deps.ts';
import { purgeExpiredAuditEntries } from '../audit/audit-log.ts';
import { getRetentionSettings } from '../audit/retention-settings.ts';
import { purgeUnattachedPhotos, type UnattachedPhotoPurge } from '../photos/unattached-purge.ts';
import { purgeExpiredExports } from './data-export.ts';
import { eraseInactiveMembers, type InactiveMemberErasure } from './inactive-members.ts';

type RetentionDeps = Pick<Deps, 'db' | 'clock' | 'photos' | 'exports' | 'secrets' | 'logger'>;

export interface RetentionReport {
  /** The retention settings' version the run applied (0: the defaults, never saved). */
  settingsVersion: number;
  auditLog: { days: number; entries: number; cutoff: string } | null;
  exports: { purged: number } | null;
  unattachedPhotos: UnattachedPhotoPurge | null;
  inactiveMembers: InactiveMemberErasure | null;
  /** The steps that failed (their part of the report is null); the job fails after running the others. */
  failed: string[];
}

/**
 * The daily retention job (`retention`): deletes what is past the periods an admin set (保留期限,
 * RETENTION_DEFAULTS until saved): the audit log's days older than its period, data exports past
 * their day, uploads never attached, and inactive members' personal data. Each step is idempotent
 * (a second run, or one after a run cut short, deletes and counts only what is left), and each runs
 * whatever happened to the others: a failure is logged and fails the job once the rest is done, so
 * the scheduler retries it and its alarm fires.
 */
export async function runRetention(deps: RetentionDeps): Promise<RetentionReport> {
  const settings = await getRetentionSettings(deps.db);
  const failed: string[] = [];
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (error) {
      failed.push(name);
      deps.logger.error('retention step failed; the others still run', { step: name, error: error as Error });
      return null;
    }
  };
  const report: RetentionReport = {
    settingsVersion: settings.version,
    // Reads the audit period itself, from the same settings.
    auditLog: await step('auditLog', () => purgeExpiredAuditEntries(deps)),
    exports: await step('exports', () => purgeExpiredExports(deps)),
    unattachedPhotos: await step('unattachedPhotos', () => purgeUnattachedPhotos(deps, settings.unattachedPhotoDays)),
    inactiveMembers: await step('inactiveMembers', () => eraseInactiveMembers(deps, settings.inactiveMemberYears)),
    failed,
  };
  deps.logger.info('retention ran', {
    settingsVersion: report.settingsVersion,
    auditLog: report.auditLog,
    exports: report.exports,
    unattachedPhotos: report.unattachedPhotos,
    inactiveMembers: report.inactiveMembers,
    failed,
  });
  if (failed.length > 0) throw new Error(`Retention steps failed: ${failed.join(', ')} (the others ran; see the log)`);
  return report;
}
