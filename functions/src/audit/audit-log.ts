import { randomUUID } from 'node:crypto';
import {
  AUDIT_CSV_ROW_LIMIT,
  AUDIT_KIND_ZH,
  AUDIT_ROLE_ZH,
  auditActionLabel,
  type AuditActor,
  type AuditEntry,
  type AuditKind,
  type AuditPage,
  type AuditSearchQuery,
} from '@linli/shared/audit';
import { addDays, shanghaiDateTime, shanghaiDay, shanghaiDayStart } from '@linli/shared/time';
import type { Database } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { csvDocument } from '../platform/csv.ts';
import { DomainError } from '../platform/domain-error.ts';
import {
  appendAuditEntry,
  auditDaysBefore,
  deleteAuditDay,
  markAuditDay,
  queryAuditPartition,
  type AuditFilter,
} from './audit-repository.ts';
import { keys } from '../db/keys.ts';
import { getRetentionSettings } from './retention-settings.ts';

export interface AuditRecord {
  actor: AuditActor;
  kind: AuditKind;
  action: string;
  memberId?: string | null;
  target?: Record<string, string>;
  /** The answer's status; a named action recorded before it answers is 200. */
  status?: number;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

// Days already marked, per table: marking is idempotent, this only saves a write per entry.
const markedDays = new Set<string>();

/**
 * Appends an entry to the audit log. Callers that disclose something record first and disclose
 * after, so a failure to record discloses nothing; the error propagates (never swallowed).
 */
export async function recordAudit(deps: Pick<Deps, 'db' | 'clock'>, record: AuditRecord): Promise<AuditEntry> {
  const at = deps.clock();
  const entry: AuditEntry = {
    entryId: randomUUID(),
    at: at.toISOString(),
    actor: record.actor,
    kind: record.kind,
    action: record.action,
    memberId: record.memberId ?? null,
    target: record.target ?? {},
    status: record.status ?? 200,
    reason: record.reason ?? null,
    // Settings as the API answered them, kept as their JSON text: exactly what was read, whatever its shape.
    ...(record.before !== undefined ? { before: JSON.stringify(record.before) } : {}),
    ...(record.after !== undefined ? { after: JSON.stringify(record.after) } : {}),
  };
  const day = shanghaiDay(at).date;
  await appendAuditEntry(deps.db, entry, day);
  const marked = `${deps.db.tableName}#${day}`;
  if (!markedDays.has(marked)) {
    await markAuditDay(deps.db, day);
    markedDays.add(marked);
  }
  return entry;
}

interface Cursor {
  pk: string;
  sk: string | null;
}

/**
 * One page of the log, newest first. With a member or an actor it reads that one partition; with
 * neither it walks the range's days that hold entries, newest first. Work grows with the page and
 * the entries the filters pass over, not with the whole log.
 */
export async function searchAuditLog(deps: Pick<Deps, 'db'>, query: AuditSearchQuery): Promise<AuditPage> {
  const fromSk = shanghaiDayStart(query.from).toISOString();
  const toSk = shanghaiDayStart(addDays(query.to, 1)).toISOString();
  const filter: AuditFilter = { kind: query.kind, actorId: query.actorId, memberId: query.memberId };
  const partitions = query.memberId
    ? [keys.auditMemberPartition(query.memberId)]
    : query.actorId
      ? [keys.auditActorPartition(query.actorId)]
      : (await daysWithEntries(deps.db, query.from, query.to)).map((day) => keys.auditDayPartition(day));
  let start: Cursor = { pk: partitions[0] ?? '', sk: null };
  if (query.cursor) {
    const cursor = decodeAuditCursor(query.cursor);
    const inRange = cursor && (cursor.sk === null || (cursor.sk >= fromSk && cursor.sk <= toSk));
    if (!cursor || !inRange || !partitions.includes(cursor.pk)) throw badCursor();
    start = cursor;
  }
  const items: AuditEntry[] = [];
  for (let index = partitions.indexOf(start.pk); index >= 0 && index < partitions.length; index++) {
    const pk = partitions[index]!;
    const page = await queryAuditPartition(deps.db, {
      pk,
      fromSk,
      toSk,
      after: pk === start.pk ? start.sk : null,
      limit: query.limit - items.length,
      filter,
    });
    items.push(...page.items);
    if (page.last !== null) return { items, nextCursor: encodeAuditCursor({ pk, sk: page.last }) };
    if (items.length >= query.limit) {
      const next = partitions[index + 1];
      return { items, nextCursor: next ? encodeAuditCursor({ pk: next, sk: null }) : null };
    }
  }
  return { items, nextCursor: null };
}

/** The days of [from, to] that hold entries, newest first. */
async function daysWithEntries(db: Database, from: string, to: string): Promise<string[]> {
  const before = await auditDaysBefore(db, addDays(to, 1));
  return before.filter((day) => day >= from).reverse();
}

/** The log as CSV for people (Chinese headers and labels, Shanghai times), at most AUDIT_CSV_ROW_LIMIT rows a request. */
export async function auditLogCsv(deps: Pick<Deps, 'db'>, query: AuditSearchQuery): Promise<{ csv: string; nextCursor: string | null }> {
  const rows: AuditEntry[] = [];
  let cursor = query.cursor;
  do {
    const page = await searchAuditLog(deps, { ...query, cursor, limit: Math.min(200, AUDIT_CSV_ROW_LIMIT - rows.length) });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < AUDIT_CSV_ROW_LIMIT);
  const header = ['时间', '操作人', '角色', '类别', '操作', '会员编号', '相关对象', '结果', '原因', '变更前', '变更后'];
  const csv = csvDocument([
    header,
    ...rows.map((entry) => [
      shanghaiDateTime(new Date(entry.at)),
      entry.actor.name || entry.actor.memberId,
      AUDIT_ROLE_ZH[entry.actor.role],
      AUDIT_KIND_ZH[entry.kind],
      auditActionLabel(entry.action),
      entry.memberId,
      Object.values(entry.target).join(' '),
      entry.status < 400 ? '成功' : `失败（${entry.status}）`,
      entry.reason,
      entry.before ?? null,
      entry.after ?? null,
    ]),
  ]);
  return { csv, nextCursor: cursor ?? null };
}

/**
 * Deletes the entries older than the retention period (whole Shanghai days before the cutoff).
 * Idempotent: a day's mark goes only after its entries, so a run cut short is finished by the next.
 */
export async function purgeExpiredAuditEntries(
  deps: Pick<Deps, 'db' | 'clock'>,
): Promise<{ days: number; entries: number; cutoff: string }> {
  const { auditLogDays } = await getRetentionSettings(deps.db);
  const cutoff = addDays(shanghaiDay(deps.clock()).date, -auditLogDays);
  let entries = 0;
  const days = await auditDaysBefore(deps.db, cutoff);
  for (const day of days) entries += await deleteAuditDay(deps.db, day);
  return { days: days.length, entries, cutoff };
}

function encodeAuditCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeAuditCursor(text: string): Cursor | null {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof value.pk !== 'string' || !(value.sk === null || typeof value.sk === 'string')) return null;
    return { pk: value.pk, sk: value.sk };
  } catch {
    return null;
  }
}

const badCursor = () =>
  new DomainError('VALIDATION_FAILED', 'Unknown cursor', [{ path: 'cursor', message: 'Start again from the first page' }]);
