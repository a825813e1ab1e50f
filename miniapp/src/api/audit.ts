import { AuditPage, PhoneReveal, RetentionSettingsView, type AuditKind, type RetentionSettings } from '@linli/shared/audit';
import { API_BASE } from '@/env';
import { downloadCsv } from '@/staff/csv-download';
import { callApi } from './contract';

/*
 * The audit log's calls (审计日志, admins) and the reveal of a member's whole phone (supervisors, admins).
 * Apart from the other staff calls so that only the pages that use them import them.
 */

export interface AuditFilter {
  from: string;
  to: string;
  kind?: AuditKind;
  memberId?: string;
  actorId?: string;
}

/** One page of the log, newest first. */
export function searchAuditLog(filter: AuditFilter, cursor?: string) {
  return callApi(AuditPage, 'GET', '/v1/staff/audit-log', { query: { ...filter, cursor } });
}

/** The log as filtered, as CSV (no URLSearchParams: WeChat's runtime has none); the download is itself audited. */
export function exportAuditLogCsv(filter: AuditFilter): Promise<void> {
  const query = Object.entries(filter)
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join('&');
  return downloadCsv(`${API_BASE}/v1/staff/audit-log.csv?${query}`, `审计日志-${filter.from}-${filter.to}.csv`);
}

export function getRetentionSettings() {
  return callApi(RetentionSettingsView, 'GET', '/v1/staff/retention-settings');
}

/** Saves the periods; `expectedVersion` is the one read (a stale one is 409 CONFLICT). */
export function updateRetentionSettings(settings: RetentionSettings, expectedVersion: number) {
  return callApi(RetentionSettingsView, 'PUT', '/v1/staff/retention-settings', { body: { ...settings, expectedVersion } });
}

/** A member's whole phone number, with the reason it is needed (recorded in the audit log before it is answered). */
export function revealMemberPhone(memberId: string, reason: string) {
  return callApi(PhoneReveal, 'POST', '/v1/staff/members/:memberId/phone-reveals', { param: { memberId }, body: { reason } });
}
