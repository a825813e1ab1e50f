import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DataExportKind, DataExportStatus } from '@linli/shared/data-export';
import type { Database } from '../db/client.ts';
import { DATA_EXPORT_SK_PREFIX, keys } from '../db/keys.ts';
import { firstFailedCondition, TransactionRefused, transactWrite } from '../db/transact-write.ts';

/** One file an export wrote: its name in the export, and what it holds ('all': export.json). */
export interface ExportFileRecord {
  name: string;
  kind: DataExportKind | 'all';
  bytes: number;
}

/** A member's data export as stored (MEMBER#<id> DATAEXPORT#<exportId>). */
export interface DataExportRecord {
  exportId: string;
  memberId: string;
  requestId: string;
  status: DataExportStatus;
  requestedAt: string;
  /** The Shanghai day it was requested on: the one request that day. */
  day: string;
  /** When a build last started (the worker's claim), and how many builds have started. */
  startedAt: string | null;
  attempts: number;
  readyAt: string | null;
  /** When its files are removed: a day after it is ready (before that, a day after the request). */
  purgeAt: string;
  /** Why the build failed, for the logs and staff (the member sees only that it failed). */
  failure: string | null;
  /** The files written, once ready; emptied when they are removed. */
  files: ExportFileRecord[];
  /** The photos (photos bucket object keys) the export names, linked to from the list while it is ready. */
  photoKeys: string[];
  purgedAt: string | null;
}

// A record outlives its files this long, so the member's list still shows the export as expired.
const KEEP_RECORD_SECONDS = 30 * 24 * 3600;
// A request's day and idempotency markers are needed for a day and a retry's few minutes; two days is ample.
const KEEP_MARKER_SECONDS = 2 * 24 * 3600;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function exportItem(record: DataExportRecord) {
  return {
    ...keys.dataExport(record.memberId, record.exportId),
    ...record,
    expiresAtEpoch: epochSeconds(record.purgeAt) + KEEP_RECORD_SECONDS,
  };
}

function recordFromItem({ pk: _pk, sk: _sk, expiresAtEpoch: _ttl, ...record }: Record<string, unknown>): DataExportRecord {
  return record as unknown as DataExportRecord;
}

/** The export a request id made, if one did (a retried request). */
export async function exportIdForRequest(db: Database, memberId: string, requestId: string): Promise<string | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.dataExportRequest(memberId, requestId), ConsistentRead: true }),
  );
  return (Item?.exportId as string | undefined) ?? null;
}

/** The export requested on a Shanghai day, if any (one a day). */
export async function exportIdOfDay(db: Database, memberId: string, day: string): Promise<string | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.dataExportDay(memberId, day), ConsistentRead: true }),
  );
  return (Item?.exportId as string | undefined) ?? null;
}

/**
 * Records a new request in one transaction: the export (queued), the request id's marker, the
 * day's one request, and its purge entry (files of a build that never finished are removed a day on
 * too). 'duplicate': the request id made an export already; 'already-today': another request did today;
 * 'conflict': another write to these items was in flight (read again and retry).
 */
export async function createExport(
  db: Database,
  record: DataExportRecord,
): Promise<'created' | 'duplicate' | 'already-today' | 'conflict'> {
  const markerTtl = epochSeconds(record.requestedAt) + KEEP_MARKER_SECONDS;
  const outcome = await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.dataExportRequest(record.memberId, record.requestId), exportId: record.exportId, expiresAtEpoch: markerTtl },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.dataExportDay(record.memberId, record.day), exportId: record.exportId, expiresAtEpoch: markerTtl },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: db.tableName, Item: exportItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: db.tableName, Item: purgeEntry(record) } },
  ]);
  if (outcome.committed) return 'created';
  const failed = firstFailedCondition(outcome);
  if (failed === 0) return 'duplicate';
  if (failed === 1) return 'already-today';
  if (failed < 0) return 'conflict';
  throw new TransactionRefused(outcome.reasons);
}

function purgeEntry(record: Pick<DataExportRecord, 'memberId' | 'exportId' | 'purgeAt'>) {
  return {
    ...keys.dataExportPurge(record.purgeAt, record.memberId, record.exportId),
    memberId: record.memberId,
    exportId: record.exportId,
  };
}

export async function getExport(db: Database, memberId: string, exportId: string): Promise<DataExportRecord | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.dataExport(memberId, exportId), ConsistentRead: true }),
  );
  return Item ? recordFromItem(Item) : null;
}

/** The member's latest `limit` exports, newest first (export ids are ULIDs: the sort key orders them by time). */
export async function listMemberExports(db: Database, memberId: string, limit: number): Promise<DataExportRecord[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.dataExportPartition(memberId), ':prefix': DATA_EXPORT_SK_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return Items.map(recordFromItem);
}

/**
 * Claims a build: a queued export (or one whose earlier build stopped part-way) becomes building,
 * its attempts counted. Null when it is ready, failed or expired already (a repeated message).
 */
export async function claimBuild(db: Database, memberId: string, exportId: string, at: string): Promise<DataExportRecord | null> {
  try {
    const { Attributes } = await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.dataExport(memberId, exportId),
        UpdateExpression: 'SET #status = :building, startedAt = :at, attempts = attempts + :one',
        ConditionExpression: 'attribute_exists(pk) AND #status IN (:queued, :building)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':building': 'building', ':queued': 'queued', ':at': at, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? recordFromItem(Attributes) : null;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}

/**
 * Marks a building export ready once every file is written, and moves its purge entry to the new
 * purge time, in one transaction: an export is never ready with files missing. 'moved-on' when it
 * is no longer building (the purge expired it meanwhile).
 */
export async function markReady(
  db: Database,
  record: DataExportRecord,
  ready: { readyAt: string; purgeAt: string; files: ExportFileRecord[]; photoKeys: string[] },
): Promise<'ready' | 'moved-on'> {
  const outcome = await transactWrite(db, [
    {
      Update: {
        TableName: db.tableName,
        Key: keys.dataExport(record.memberId, record.exportId),
        UpdateExpression:
          'SET #status = :ready, readyAt = :readyAt, purgeAt = :purgeAt, files = :files, photoKeys = :photos, expiresAtEpoch = :ttl',
        ConditionExpression: '#status = :building',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':ready': 'ready',
          ':building': 'building',
          ':readyAt': ready.readyAt,
          ':purgeAt': ready.purgeAt,
          ':files': ready.files,
          ':photos': ready.photoKeys,
          ':ttl': epochSeconds(ready.purgeAt) + KEEP_RECORD_SECONDS,
        },
      },
    },
    // Built within the request's millisecond (a hand-moved clock), the entry is already where it belongs.
    ...(ready.purgeAt === record.purgeAt
      ? []
      : [
          { Delete: { TableName: db.tableName, Key: keys.dataExportPurge(record.purgeAt, record.memberId, record.exportId) } },
          { Put: { TableName: db.tableName, Item: purgeEntry({ ...record, purgeAt: ready.purgeAt }) } },
        ]),
  ]);
  if (outcome.committed) return 'ready';
  if (firstFailedCondition(outcome) === 0) return 'moved-on';
  throw new TransactionRefused(outcome.reasons);
}

/** Marks an export whose build failed for good; false when it had moved on (ready or expired). */
export async function markFailed(db: Database, memberId: string, exportId: string, failure: string): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: keys.dataExport(memberId, exportId),
        UpdateExpression: 'SET #status = :failed, failure = :failure',
        ConditionExpression: '#status IN (:queued, :building)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed', ':failure': failure.slice(0, 500), ':queued': 'queued', ':building': 'building' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** An export whose files are due to be removed. */
export interface PurgeDue {
  purgeAt: string;
  memberId: string;
  exportId: string;
}

/** Up to `limit` exports whose purge time is at or before `upTo`, oldest first. */
export async function listExportsDueForPurge(db: Database, upTo: string, limit: number): Promise<PurgeDue[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :upTo',
      // Entries at exactly `upTo` sort below `upTo#~`.
      ExpressionAttributeValues: { ':pk': keys.dataExportPurgePartition(), ':upTo': `${upTo}#~` },
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => ({
    purgeAt: (item.sk as string).slice(0, (item.sk as string).indexOf('#')),
    memberId: item.memberId as string,
    exportId: item.exportId as string,
  }));
}

/**
 * Records that an export's files are gone and drops its purge entry, in one transaction: the
 * export becomes `status` (expired, or failed as it was) with no files, if it still stands as read
 * ('moved-on' otherwise: a build finished meanwhile; the next purge looks again).
 */
export async function finishPurge(
  db: Database,
  due: PurgeDue,
  input: { readStatus: DataExportStatus | null; status: DataExportStatus; at: string },
): Promise<'purged' | 'moved-on'> {
  const outcome = await transactWrite(db, [
    input.readStatus === null
      ? // The record is gone (its TTL, or the member's account deleted): only the entry is left to drop.
        {
          ConditionCheck: {
            TableName: db.tableName,
            Key: keys.dataExport(due.memberId, due.exportId),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }
      : {
          Update: {
            TableName: db.tableName,
            Key: keys.dataExport(due.memberId, due.exportId),
            UpdateExpression: 'SET #status = :status, files = :none, photoKeys = :none, purgedAt = :at',
            ConditionExpression: '#status = :read',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': input.status, ':none': [], ':at': input.at, ':read': input.readStatus },
          },
        },
    { Delete: { TableName: db.tableName, Key: keys.dataExportPurge(due.purgeAt, due.memberId, due.exportId) } },
  ]);
  if (outcome.committed) return 'purged';
  if (firstFailedCondition(outcome) === 0) return 'moved-on';
  throw new TransactionRefused(outcome.reasons);
}
