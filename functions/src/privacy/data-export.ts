import {
  DATA_EXPORT_KEEP_HOURS,
  DATA_EXPORT_KIND_ZH,
  DATA_EXPORT_KINDS,
  DATA_EXPORT_LINK_MINUTES,
  DATA_EXPORT_LIST_LIMIT,
  type DataExport,
  type DataExportFile,
  type DataExportList,
  type DataExportStatus,
} from '@linli/shared/data-export';
import { addDays, shanghaiDay, shanghaiDayStart } from '@linli/shared/time';
import { recordAudit } from '../audit/audit-log.ts';
import { DATA_EXPORT_QUEUE, dataExportQueue } from '../config/queues.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { Deps } from '../deps.ts';
import { requireMember } from '../members/require-member.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { delayRetry, sendMessage, type QueueMessage } from '../queues/queue-messages.ts';
import { collectMemberData, exportPhotoName } from './export-content.ts';
import { exportCsv } from './export-csv.ts';
import {
  claimBuild,
  createExport,
  exportIdForRequest,
  exportIdOfDay,
  finishPurge,
  getExport,
  listExportsDueForPurge,
  listMemberExports,
  markFailed,
  markReady,
  type DataExportRecord,
  type ExportFileRecord,
} from './export-repository.ts';

/**
 * 导出我的数据 (PIPL Art. 45, the right to a copy). A joined member asks for an export once a
 * Shanghai day; the request is audited and queued, a worker builds it (export.json, complete and
 * machine-readable, and one readable CSV per kind) into the private exports bucket, and the member
 * downloads it through signed links made fresh on each read. A day after it is ready its files are
 * removed (purgeExpiredExports, run by the retention job).
 */

const KEEP_MS = DATA_EXPORT_KEEP_HOURS * 3600 * 1000;
const LINK_SECONDS = DATA_EXPORT_LINK_MINUTES * 60;

/** Every file an export writes, in the order the list shows them. */
const EXPORT_FILES: ReadonlyArray<{ name: string; kind: ExportFileRecord['kind'] }> = [
  { name: 'export.json', kind: 'all' },
  ...DATA_EXPORT_KINDS.map((kind) => ({ name: `${kind}.csv`, kind })),
];

/** Where an export's file lives in the exports bucket: one prefix per member and export. */
export function exportObjectKey(memberId: string, exportId: string, fileName: string): string {
  return `exports/${memberId}/${exportId}/${fileName}`;
}

type RequestDeps = Pick<Deps, 'db' | 'clock' | 'sqs' | 'config' | 'exports' | 'photos'>;

/**
 * Asks for an export: the same request id always answers the same export (and queues it again if
 * it is still waiting: a lost message must not strand it); a second request the same Shanghai day
 * is refused (EXPORT_ALREADY_REQUESTED_TODAY). The request is in the audit log before the export exists.
 */
export async function requestDataExport(deps: RequestDeps, input: { memberId: string; requestId: string }): Promise<DataExport> {
  const { memberId, requestId } = input;
  const record = await withOptimisticRetry(async () => {
    const earlier = await exportIdForRequest(deps.db, memberId, requestId);
    if (earlier) {
      const found = await getExport(deps.db, memberId, earlier);
      if (!found) throw new Error(`Export request ${requestId} names missing export ${earlier}`);
      if (found.status === 'queued') await queueBuild(deps, found);
      return found;
    }
    const member = await requireMember(deps, memberId);
    if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Join the membership first');
    const now = deps.clock();
    const day = shanghaiDay(now).date;
    if (await exportIdOfDay(deps.db, memberId, day)) throw alreadyToday(day);
    const exportId = newId('exp', now);
    await recordAudit(deps, {
      actor: { memberId, name: '', role: 'buyer' },
      kind: 'read',
      action: 'privacy.export-requested',
      memberId,
      target: { exportId },
    });
    const created: DataExportRecord = {
      exportId,
      memberId,
      requestId,
      status: 'queued',
      requestedAt: now.toISOString(),
      day,
      startedAt: null,
      attempts: 0,
      readyAt: null,
      // A build that never finishes leaves its files for the purge a day on, like a ready export's.
      purgeAt: new Date(now.getTime() + KEEP_MS).toISOString(),
      failure: null,
      files: [],
      photoKeys: [],
      purgedAt: null,
    };
    const outcome = await createExport(deps.db, created);
    if (outcome === 'conflict' || outcome === 'duplicate') return RETRY;
    if (outcome === 'already-today') throw alreadyToday(day);
    await queueBuild(deps, created);
    return created;
  });
  return exportView(deps, record, deps.clock());
}

function alreadyToday(day: string): DomainError {
  const next = shanghaiDayStart(addDays(day, 1)).toISOString();
  return new DomainError('EXPORT_ALREADY_REQUESTED_TODAY', `One export a day; the next may be requested from ${next}`);
}

async function queueBuild(deps: Pick<Deps, 'sqs' | 'config'>, record: Pick<DataExportRecord, 'memberId' | 'exportId'>) {
  const message: ExportMessage = { memberId: record.memberId, exportId: record.exportId };
  await sendMessage(deps.sqs, dataExportQueue(deps.config).url, JSON.stringify(message));
}

/** The member's latest exports with their links, and when the next request may be made. */
export async function listMyDataExports(deps: RequestDeps, memberId: string): Promise<DataExportList> {
  const now = deps.clock();
  const records = await listMemberExports(deps.db, memberId, DATA_EXPORT_LIST_LIMIT);
  const today = shanghaiDay(now).date;
  const requestedToday = records.some((record) => record.day === today);
  return {
    items: await Promise.all(records.map((record) => exportView(deps, record, now))),
    nextRequestAt: requestedToday ? shanghaiDayStart(addDays(today, 1)).toISOString() : null,
  };
}

/**
 * An export as its owner sees it. A ready export within its day gets a fresh signed link to each
 * file (and to each photo it names, in the photos bucket); past its purge time it reads as expired,
 * with no links, even before the purge has run.
 */
async function exportView(deps: Pick<Deps, 'exports' | 'photos'>, record: DataExportRecord, now: Date): Promise<DataExport> {
  const pastPurge = Date.parse(record.purgeAt) <= now.getTime();
  const status: DataExportStatus = pastPurge && record.status !== 'failed' ? 'expired' : record.status;
  const files: DataExportFile[] = [];
  if (status === 'ready') {
    for (const file of record.files) {
      files.push({
        name: file.name,
        label: file.kind === 'all' ? '全部数据（JSON）' : `${DATA_EXPORT_KIND_ZH[file.kind]}（CSV）`,
        format: file.kind === 'all' ? 'json' : 'csv',
        url: await deps.exports.downloadUrl({
          key: exportObjectKey(record.memberId, record.exportId, file.name),
          fileName: file.name,
          expiresInSeconds: LINK_SECONDS,
        }),
      });
    }
    for (const [index, key] of record.photoKeys.entries()) {
      files.push({ name: exportPhotoName(key), label: `照片 ${index + 1}`, format: 'photo', url: await deps.photos.displayUrl(key) });
    }
  }
  return {
    exportId: record.exportId,
    status,
    requestedAt: record.requestedAt,
    readyAt: record.readyAt,
    expiresAt: record.status === 'ready' ? record.purgeAt : null,
    files,
    linksExpireAt: files.length > 0 ? new Date(now.getTime() + LINK_SECONDS * 1000).toISOString() : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The worker

/** What the data export queue carries: which export to build. */
interface ExportMessage {
  memberId: string;
  exportId: string;
}

type BuildDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'secrets' | 'exports' | 'logger'>;

/**
 * Builds one export: claims it, reads the member's data, writes every file, and only then marks it
 * ready (with its purge a day on). 'skipped' when it was not waiting for a build (a repeated message);
 * 'moved-on' when the purge expired it while it was being built (its files are removed again).
 * Throws when reading or writing fails: the message is retried.
 */
export async function buildDataExport(deps: BuildDeps, target: ExportMessage): Promise<'ready' | 'skipped' | 'moved-on'> {
  const record = await claimBuild(deps.db, target.memberId, target.exportId, deps.clock().toISOString());
  if (!record) return 'skipped';
  const member = await requireMember(deps, record.memberId);
  const { data, photoKeys } = await collectMemberData(deps, member, record.exportId);
  const files: ExportFileRecord[] = [];
  for (const file of EXPORT_FILES) {
    const body = file.kind === 'all' ? JSON.stringify(data, null, 2) : exportCsv(file.kind, data);
    await deps.exports.put({
      key: exportObjectKey(record.memberId, record.exportId, file.name),
      body,
      contentType: file.kind === 'all' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
    });
    files.push({ ...file, bytes: Buffer.byteLength(body) });
  }
  const readyAt = deps.clock();
  const outcome = await markReady(deps.db, record, {
    readyAt: readyAt.toISOString(),
    purgeAt: new Date(readyAt.getTime() + KEEP_MS).toISOString(),
    files,
    photoKeys,
  });
  if (outcome === 'moved-on') await removeExportFiles(deps, record);
  return outcome;
}

function removeExportFiles(deps: Pick<Deps, 'exports'>, record: Pick<DataExportRecord, 'memberId' | 'exportId'>): Promise<void> {
  return deps.exports.remove(EXPORT_FILES.map((file) => exportObjectKey(record.memberId, record.exportId, file.name)));
}

/** The backoff before a failed build is tried again: 30 s, doubling. */
export function exportRetrySeconds(receiveCount: number): number {
  return 30 * 2 ** Math.max(0, receiveCount - 1);
}

/**
 * Handles a batch from the data export queue, one build at a time. A failed build is retried after
 * a backoff; on the queue's last receive it is marked failed instead (never left ready with files
 * missing), its partial files removed, and the message let go. Answers the ids to receive again
 * (a message that could not even be marked failed then reaches the dead-letter queue).
 */
export async function handleDataExportMessages(
  deps: BuildDeps & Pick<Deps, 'sqs'>,
  messages: readonly QueueMessage[],
): Promise<{ retry: string[] }> {
  const retry: string[] = [];
  for (const message of messages) {
    const target = parseMessage(message.body);
    if (!target) {
      deps.logger.error('not a data export message; dropped', { messageId: message.messageId });
      continue;
    }
    try {
      await buildDataExport(deps, target);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      if (message.receiveCount >= DATA_EXPORT_QUEUE.maxReceiveCount && (await giveUp(deps, target, why))) continue;
      deps.logger.warn('data export build failed; retrying', { ...target, receiveCount: message.receiveCount, error: why });
      retry.push(message.messageId);
      await delayRetry(deps.sqs, dataExportQueue(deps.config).url, message, exportRetrySeconds(message.receiveCount)).catch(
        (backoffError: unknown) =>
          deps.logger.warn('data export retry backoff not set', { messageId: message.messageId, error: String(backoffError) }),
      );
    }
  }
  return { retry };
}

/** Marks the export failed after its last attempt and removes what it wrote; false when even that failed. */
async function giveUp(deps: BuildDeps, target: ExportMessage, why: string): Promise<boolean> {
  try {
    await markFailed(deps.db, target.memberId, target.exportId, why);
    deps.logger.error('data export failed for good', { ...target, error: why });
  } catch (error) {
    deps.logger.error('data export could not be marked failed', { ...target, error: String(error) });
    return false;
  }
  // Left for the purge when storage is still down: the export is failed, so no link ever names them.
  await removeExportFiles(deps, target).catch(() => undefined);
  return true;
}

function parseMessage(body: string): ExportMessage | null {
  try {
    const parsed = JSON.parse(body) as Partial<ExportMessage>;
    return typeof parsed.memberId === 'string' && typeof parsed.exportId === 'string'
      ? { memberId: parsed.memberId, exportId: parsed.exportId }
      : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Expiry

const PURGE_PAGE = 100;

/**
 * Removes the files of every export past its purge time (a day after it was ready, or after the
 * request for one never built) and records it as expired (a failed one stays failed). Idempotent:
 * files already gone are no error, and each export leaves the purge list once done. Called by the
 * retention job; answers how many exports it purged.
 */
export async function purgeExpiredExports(deps: Pick<Deps, 'db' | 'clock' | 'exports' | 'logger'>): Promise<{ purged: number }> {
  const now = deps.clock().toISOString();
  let purged = 0;
  for (;;) {
    const due = await listExportsDueForPurge(deps.db, now, PURGE_PAGE);
    let progressed = 0;
    for (const entry of due) {
      const record = await getExport(deps.db, entry.memberId, entry.exportId);
      await removeExportFiles(deps, entry);
      const outcome = await finishPurge(deps.db, entry, {
        readStatus: record?.status ?? null,
        status: record?.status === 'failed' ? 'failed' : 'expired',
        at: now,
      });
      if (outcome === 'purged') progressed++;
    }
    purged += progressed;
    // A page where every export moved on (a build finishing at that moment) is looked at by the next run.
    if (due.length < PURGE_PAGE || progressed === 0) break;
  }
  if (purged > 0) deps.logger.info('expired data exports purged', { purged });
  return { purged };
}
