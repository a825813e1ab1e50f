import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { addDays, mondayOf } from '@linli/shared/time';
import type { Database } from '../db/client.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import {
  COMPLAINT_ENTRY_SK_PREFIX,
  COMPLAINT_REPORT_DAY_SK_PREFIX,
  indexKeys,
  keys,
  MEMBER_COMPLAINT_SK_PREFIX,
  type ItemKey,
} from '../db/keys.ts';
import { queryAllPages, queryPrefixPageNewestFirst } from '../db/query-all.ts';
import { tableIndex } from '../db/table.ts';
import { firstFailedCondition, transactWrite, type TransactItem } from '../db/transact-write.ts';
import type { QueuePlacement } from './complaint-clocks.ts';
import type { ComplaintRecord, TimelineEntryRecord } from './complaint-record.ts';
import { addCounters, packCounters, unpackCounters, type ReportContribution, type RollupChange, type RollupDay } from './report-rollup.ts';

const FIELDS: ReadonlyArray<keyof ComplaintRecord> = [
  'complaintId',
  'memberId',
  'category',
  'orderId',
  'description',
  'photoKeys',
  'contactPreference',
  'status',
  'history',
  'submittedAt',
  'resolvedAt',
  'ownerId',
  'rootCause',
  'rating',
  'slaTargets',
  'slaHours',
  'version',
];

function fromItem(item: Record<string, unknown>): ComplaintRecord {
  const record: Record<string, unknown> = {};
  for (const field of FIELDS) record[field] = item[field] ?? null;
  return record as unknown as ComplaintRecord;
}

/** A complaint as written: the record, where it sits in the queue, and what it adds to the report's rollups. */
export interface ComplaintWrite {
  complaint: ComplaintRecord;
  placement: QueuePlacement;
  contribution: ReportContribution;
}

/**
 * The complaint's item: while it is open, in every queue index (by its next SLA deadline), with
 * `queueBreachedSettled` for the breached=false filter (an index's own keys can't be filtered
 * on); its report contribution kept, so the next write knows what to take back.
 */
function complaintItem({ complaint, placement, contribution }: ComplaintWrite) {
  const open = complaint.status !== 'closed';
  return {
    ...keys.complaint(complaint.complaintId),
    ...complaint,
    ...indexKeys.byFiledDate(complaint.submittedAt, complaint.complaintId),
    ...(open
      ? {
          ...indexKeys.byQueue(placement.dueAt, complaint.complaintId),
          ...indexKeys.queueFacets({ ...complaint, breachedSettled: placement.breachedSettled }),
          ...(placement.breachedSettled ? { queueBreachedSettled: true } : {}),
        }
      : {}),
    reportContribution: contribution,
  };
}

export function entryPut(db: Database, complaintId: string, entry: TimelineEntryRecord): TransactItem {
  return { Put: { TableName: db.tableName, Item: { ...keys.complaintEntry(complaintId, entry.at, entry.entryId), ...entry } } };
}

/** The updates of a complaint's two rollup items (its filing day's and week's): counters added to, its pending entry set or removed. */
function rollupUpdates(db: Database, change: RollupChange): TransactItem[] {
  return [keys.complaintReportDay(change.day, change.shard), keys.complaintReportWeek(mondayOf(change.day), change.shard)].map((key) =>
    rollupUpdate(db, key, change),
  );
}

// A rollup shard item: live counters (one number attribute each, added to by every complaint
// write), the complaint ids' pending entries, `writes` (how many writes added to it) and
// `packedWrites` (`writes` when it was last compacted). A day's or week's packed item: `packed`
// (the counters compacted so far from all its shards, one string) and its `version`.
const ROLLUP_WRITES = 'writes';
const ROLLUP_PACKED = 'packed';
const ROLLUP_PACKED_WRITES = 'packedWrites';
const ROLLUP_VERSION = 'version';
const PENDING_PREFIX = 'pending#';
const NOT_COUNTERS = new Set(['pk', 'sk', ROLLUP_WRITES, ROLLUP_PACKED, ROLLUP_PACKED_WRITES, ROLLUP_VERSION]);

function rollupUpdate(db: Database, key: ItemKey, change: RollupChange): TransactItem {
  const names: Record<string, string> = { '#w': ROLLUP_WRITES };
  const values: Record<string, unknown> = { ':one': 1 };
  const adds = Object.entries(change.deltas).map(([name, delta], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = delta;
    return `#c${i} :c${i}`;
  });
  // Every write counts itself, so compaction knows whether the item changed since it read it.
  const clauses = [`ADD ${[...adds, '#w :one'].join(', ')}`];
  if (change.pending !== undefined) {
    names['#p'] = `${PENDING_PREFIX}${change.complaintId}`;
    if (change.pending === 'remove') clauses.push('REMOVE #p');
    else {
      values[':p'] = change.pending;
      clauses.push('SET #p = :p');
    }
  }
  return {
    Update: {
      TableName: db.tableName,
      Key: key,
      UpdateExpression: clauses.join(' '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Files a complaint once per request id: the complaint, its first timeline entry, the member's
 * reference, its report rollup and any items of the caller's (e.g. photos attached). 'conflict'
 * when one of the caller's items refused or another write got in the way: check again and retry.
 */
export async function fileComplaint(
  db: Database,
  input: ComplaintWrite & { requestId: string; rollup: RollupChange | null; entries: TimelineEntryRecord[]; extraItems?: TransactItem[] },
): Promise<'filed' | 'duplicate' | 'conflict'> {
  const { complaint } = input;
  const outcome = await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.complaintRequest(complaint.memberId, input.requestId), complaintId: complaint.complaintId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: db.tableName, Item: complaintItem(input), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...keys.memberComplaint(complaint.memberId, complaint.submittedAt, complaint.complaintId),
          complaintId: complaint.complaintId,
        },
      },
    },
    ...input.entries.map((entry) => entryPut(db, complaint.complaintId, entry)),
    ...(input.rollup ? rollupUpdates(db, input.rollup) : []),
    ...(input.extraItems ?? []),
  ]);
  if (outcome.committed) return 'filed';
  return firstFailedCondition(outcome, 0, 1) === 0 ? 'duplicate' : 'conflict';
}

export async function complaintIdForRequest(db: Database, memberId: string, requestId: string): Promise<string | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.complaintRequest(memberId, requestId), ConsistentRead: true }),
  );
  return (Item?.complaintId as string | undefined) ?? null;
}

export async function getComplaint(db: Database, complaintId: string): Promise<ComplaintRecord | null> {
  return (await getComplaintForUpdate(db, complaintId))?.complaint ?? null;
}

/** The complaint with what it last added to the report's rollups (null on complaints written before rollups). */
export async function getComplaintForUpdate(
  db: Database,
  complaintId: string,
): Promise<{ complaint: ComplaintRecord; contribution: ReportContribution | null } | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.complaint(complaintId), ConsistentRead: true }));
  if (!Item) return null;
  return { complaint: fromItem(Item), contribution: (Item.reportContribution as ReportContribution | undefined) ?? null };
}

/** Several complaints by id, in no particular order. */
async function getComplaints(db: Database, complaintIds: readonly string[]): Promise<ComplaintRecord[]> {
  const items = await batchGetItems(
    db,
    complaintIds.map((id) => keys.complaint(id)),
    { consistent: true },
  );
  return items.map(fromItem);
}

export async function listEntries(db: Database, complaintId: string): Promise<TimelineEntryRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.complaintPartition(complaintId), ':prefix': COMPLAINT_ENTRY_SK_PREFIX },
    ConsistentRead: true,
  });
  return items.map(({ pk: _pk, sk: _sk, ...entry }) => entry as unknown as TimelineEntryRecord);
}

/** Whether a write with this client request id was already made to the complaint. */
export async function writeRequestMade(db: Database, complaintId: string, requestId: string): Promise<boolean> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.complaintWriteRequest(complaintId, requestId), ConsistentRead: true }),
  );
  return Item !== undefined;
}

/** Marks a client request id as done, in the write's own transaction; a second one fails it. */
export function writeRequestMarker(db: Database, complaintId: string, requestId: string, at: string): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.complaintWriteRequest(complaintId, requestId), at },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The items that save a changed complaint (for a caller's larger transaction): the complaint if
 * still at `expectedVersion`, its new timeline entries, and its rollup's change (exactly once: the
 * version condition fails the whole transaction on a stale read).
 */
export function complaintTransactionItems(
  db: Database,
  input: ComplaintWrite & { expectedVersion: number; rollup: RollupChange | null; entries: TimelineEntryRecord[] },
): TransactItem[] {
  return [
    {
      Put: {
        TableName: db.tableName,
        Item: complaintItem(input),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': input.expectedVersion },
      },
    },
    ...input.entries.map((entry) => entryPut(db, input.complaint.complaintId, entry)),
    ...(input.rollup ? rollupUpdates(db, input.rollup) : []),
  ];
}

/**
 * Saves a changed complaint with new timeline entries (and any items of the caller's, e.g. a
 * coupon issued), only if nobody changed it since `expectedVersion`.
 */
export async function saveComplaint(
  db: Database,
  input: ComplaintWrite & {
    expectedVersion: number;
    rollup: RollupChange | null;
    entries: TimelineEntryRecord[];
    extraItems?: TransactItem[];
  },
): Promise<'saved' | 'conflict'> {
  const outcome = await transactWrite(db, [...complaintTransactionItems(db, input), ...(input.extraItems ?? [])]);
  return outcome.committed ? 'saved' : 'conflict';
}

/** At most this many of a member's complaints are examined for one page of a status filter. */
export const MEMBER_LIST_MAX_EXAMINED = 500;

/**
 * A page of a member's complaints, newest first, optionally of one status. The status is on the
 * complaint, not on the member's reference: references are read in chunks and their complaints
 * checked until the page is full or the list ends, or MEMBER_LIST_MAX_EXAMINED references were
 * examined (then the page may be short, and its cursor continues after the last one examined).
 */
export async function listMemberComplaints(
  db: Database,
  memberId: string,
  page: { limit: number; cursor?: string; status?: ComplaintRecord['status'] },
): Promise<{ items: ComplaintRecord[]; nextCursor: string | null } | 'bad-cursor'> {
  const pk = keys.memberComplaintPartition(memberId);
  if (page.cursor && !decodeCursor(page.cursor, MEMBER_COMPLAINT_SK_PREFIX)) return 'bad-cursor';
  const matches: Array<{ complaint: ComplaintRecord; refSk: string }> = [];
  let cursor = page.cursor;
  let examined = 0;
  let lastExamined: string | null = null;
  while (examined < MEMBER_LIST_MAX_EXAMINED) {
    // One more than the page asks for, so a full page knows whether more remain.
    const want = page.limit + 1 - matches.length;
    const chunk = Math.min(MEMBER_LIST_MAX_EXAMINED - examined, page.status ? Math.max(want, 25) : want);
    const refs = await queryPrefixPageNewestFirst(db, { pk, prefix: MEMBER_COMPLAINT_SK_PREFIX, limit: chunk, cursor });
    if (refs === 'bad-cursor') return refs;
    const byId = new Map(
      (
        await getComplaints(
          db,
          refs.items.map((ref) => ref.complaintId as string),
        )
      ).map((c) => [c.complaintId, c]),
    );
    for (const ref of refs.items) {
      examined++;
      lastExamined = ref.sk as string;
      const complaint = byId.get(ref.complaintId as string);
      if (complaint && (!page.status || complaint.status === page.status)) matches.push({ complaint, refSk: lastExamined });
      if (matches.length > page.limit) {
        return { items: matches.slice(0, page.limit).map((m) => m.complaint), nextCursor: encodeCursor(matches[page.limit - 1]!.refSk) };
      }
    }
    if (!refs.nextCursor) return { items: matches.map((m) => m.complaint), nextCursor: null };
    cursor = refs.nextCursor;
  }
  return { items: matches.map((m) => m.complaint), nextCursor: lastExamined ? encodeCursor(lastExamined) : null };
}

/** Which queue index a read goes through (all open complaints, or one status, category, owner, or settled breaches). */
export type QueueIndex = 'byQueue' | 'byQueueStatus' | 'byQueueCategory' | 'byQueueOwner' | 'byQueueBreached';

/** Conditions checked on each complaint read from a queue index (those its partition does not already imply). */
export interface QueueItemFilter {
  status?: ComplaintRecord['status'];
  category?: string;
  /** An owner's member id, or null for unclaimed. */
  ownerId?: string | null;
  /** Only complaints whose breach is not settled. */
  notSettledBreached?: boolean;
}

function queueFilterExpression(
  filter: QueueItemFilter,
): Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.status) {
    conditions.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.category) {
    conditions.push('category = :category');
    values[':category'] = filter.category;
  }
  if (filter.ownerId === null) {
    conditions.push('(attribute_not_exists(ownerId) OR attribute_type(ownerId, :nullType))');
    values[':nullType'] = 'NULL';
  } else if (filter.ownerId !== undefined) {
    conditions.push('ownerId = :owner');
    values[':owner'] = filter.ownerId;
  }
  if (filter.notSettledBreached) conditions.push('attribute_not_exists(queueBreachedSettled)');
  if (conditions.length === 0) return {};
  return {
    FilterExpression: conditions.join(' AND '),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
}

/** One stretch of a queue index to read, in queue order (ascending queueSk). */
export interface QueueSegment {
  index: QueueIndex;
  partition: string;
  /** Only sort keys after this one (exclusive), e.g. the cursor. */
  after?: string;
  /** Only sort keys from this one on (inclusive). */
  atOrAfter?: string;
  /** Only sort keys before this one (exclusive). */
  before?: string;
  filter: QueueItemFilter;
}

/**
 * Reads a queue segment in order until `want` matching complaints were found, the segment ended,
 * or `maxRead` index items were read. Answers the matches (with their sort keys) and where the
 * read stopped: `exhausted` when the segment has nothing further, else the last sort key read.
 */
export async function readQueueSegment(
  db: Database,
  segment: QueueSegment,
  budget: { want: number; maxRead: number },
): Promise<{ matches: Array<{ complaint: ComplaintRecord; queueSk: string }>; read: number; exhausted: boolean; lastRead: string | null }> {
  const index = tableIndex(segment.index);
  const sk = index.sortKey;
  const lower =
    segment.atOrAfter !== undefined && (segment.after === undefined || segment.after < segment.atOrAfter)
      ? { op: '>=', value: segment.atOrAfter }
      : segment.after !== undefined
        ? { op: '>', value: segment.after }
        : null;
  const filter = queueFilterExpression(segment.filter);
  const matches: Array<{ complaint: ComplaintRecord; queueSk: string }> = [];
  let read = 0;
  let lastRead: string | null = null;
  let startKey: Record<string, unknown> | undefined;
  const hasFilter = filter.FilterExpression !== undefined;
  while (read < budget.maxRead) {
    const wanted = budget.want - matches.length;
    // With a filter some items read are dropped: read in larger steps.
    const limit = Math.min(budget.maxRead - read, hasFilter ? Math.max(4 * wanted, 50) : wanted);
    const input: QueryCommandInput = {
      TableName: db.tableName,
      IndexName: index.name,
      KeyConditionExpression: `#pk = :pk${lower ? ` AND #sk ${lower.op} :lower` : ''}`,
      ...filter,
      ExpressionAttributeNames: { ...filter.ExpressionAttributeNames, '#pk': index.partitionKey, ...(lower ? { '#sk': sk } : {}) },
      ExpressionAttributeValues: {
        ...filter.ExpressionAttributeValues,
        ':pk': segment.partition,
        ...(lower ? { ':lower': lower.value } : {}),
      },
      Limit: limit,
      ExclusiveStartKey: startKey,
    };
    const page = await db.doc.send(new QueryCommand(input));
    const last = page.LastEvaluatedKey?.[sk] as string | undefined;
    for (const item of page.Items ?? []) {
      const itemSk = item[sk] as string;
      if (segment.before !== undefined && itemSk >= segment.before) return { matches, read, exhausted: true, lastRead };
      matches.push({ complaint: fromItem(item), queueSk: itemSk });
      lastRead = itemSk;
      if (matches.length >= budget.want) return { matches, read: read + limit, exhausted: false, lastRead };
    }
    read += limit;
    if (!page.LastEvaluatedKey) return { matches, read, exhausted: true, lastRead };
    if (segment.before !== undefined && last! >= segment.before) return { matches, read, exhausted: true, lastRead };
    lastRead = last!;
    startKey = page.LastEvaluatedKey;
  }
  return { matches, read, exhausted: false, lastRead };
}

/** Open complaints whose next running deadline is before `beforeIso` (the front of the queue), soonest first. */
export async function listQueueDueBefore(db: Database, beforeIso: string): Promise<ComplaintRecord[]> {
  const index = tableIndex('byQueue');
  const items = await queryAllPages(db, {
    IndexName: index.name,
    KeyConditionExpression: '#pk = :pk AND #sk < :before',
    ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
    ExpressionAttributeValues: { ':pk': indexKeys.byQueuePartition(), ':before': beforeIso },
  });
  return items.map(fromItem);
}

/** Every open complaint of one status (e.g. resolved ones, for closing), in queue order. */
export async function listQueueWithStatus(db: Database, status: ComplaintRecord['status']): Promise<ComplaintRecord[]> {
  const index = tableIndex('byQueueStatus');
  const items = await queryAllPages(db, {
    IndexName: index.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': index.partitionKey },
    ExpressionAttributeValues: { ':pk': indexKeys.byQueueStatusPartition(status) },
  });
  return items.map(fromItem);
}

/** Complaints filed between two instants (inclusive start, exclusive end): the CSV export, one row each. */
export async function listComplaintsFiled(db: Database, fromIso: string, toIso: string): Promise<ComplaintRecord[]> {
  const index = tableIndex('byFiledDate');
  const items = await queryAllPages(db, {
    IndexName: index.name,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
    ExpressionAttributeValues: { ':pk': indexKeys.byFiledDatePartition(), ':from': fromIso, ':to': toIso },
  });
  return items.map(fromItem).filter((c) => c.submittedAt < toIso);
}

/**
 * The report's rollup items covering the Shanghai days [from, to], every shard: the weeks wholly
 * inside it, and the days before the first and after the last of those (at most 6 each side).
 */
export async function listReportRollups(db: Database, from: string, to: string): Promise<RollupDay[]> {
  const firstMonday = from === mondayOf(from) ? from : addDays(mondayOf(from), 7);
  const lastMonday = addDays(mondayOf(addDays(to, 1)), -7);
  const ranges =
    firstMonday <= lastMonday
      ? [
          ...(from < firstMonday ? [keys.complaintReportDayRange(from, addDays(firstMonday, -1))] : []),
          keys.complaintReportWeekRange(firstMonday, lastMonday),
          ...(addDays(lastMonday, 6) < to ? [keys.complaintReportDayRange(addDays(lastMonday, 7), to)] : []),
        ]
      : [keys.complaintReportDayRange(from, to)];
  const items = (
    await Promise.all(
      ranges.map((range) =>
        queryAllPages(db, {
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': keys.complaintReportPartition(), ':from': range.from, ':to': range.to },
        }),
      ),
    )
  ).flat();
  return items.map(rollupFromItem);
}

/** A stored rollup item's counters (packed and live summed) and pending entries. */
function rollupFromItem(item: Record<string, unknown>): RollupDay {
  const day: RollupDay = { counters: unpackCounters(item[ROLLUP_PACKED] as string | undefined), pending: {} };
  const live: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (NOT_COUNTERS.has(name)) continue;
    if (name.startsWith(PENDING_PREFIX)) day.pending[name.slice(PENDING_PREFIX.length)] = value as string;
    else if (typeof value === 'number') live[name] = value;
  }
  addCounters(day.counters, live);
  return day;
}

/**
 * The days and weeks with a rollup shard written to since it was last compacted (or never), each
 * as its shards' common sort key prefix (`DAY#<date>#`, `WEEK#<monday>#`).
 */
export async function listRollupPeriodsToCompact(db: Database): Promise<string[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: 'attribute_not_exists(#packed) AND (attribute_not_exists(#pw) OR #w <> #pw)',
    ProjectionExpression: 'sk',
    ExpressionAttributeNames: { '#w': ROLLUP_WRITES, '#pw': ROLLUP_PACKED_WRITES, '#packed': ROLLUP_PACKED },
    ExpressionAttributeValues: { ':pk': keys.complaintReportPartition() },
  });
  return [...new Set(items.map((item) => (item.sk as string).slice(0, (item.sk as string).lastIndexOf('#') + 1)))];
}

/**
 * Compacts one day's or week's rollup: the live counters of its shards folded into its packed
 * item, in one transaction that also rewrites each shard with its pending entries only, and
 * commits only if no write added to those shards (nor another compaction to the packed item)
 * since they were read: 'conflict' then, read again and retry. The report's figures do not
 * change; complaint writes keep adding to the shards' live counters meanwhile.
 */
export async function compactRollupPeriod(db: Database, period: string): Promise<'compacted' | 'clean' | 'conflict'> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :period)',
    ExpressionAttributeValues: { ':pk': keys.complaintReportPartition(), ':period': period },
    ConsistentRead: true,
  });
  const packedKey = keys.complaintReportPacked(period);
  const packedItem = items.find((item) => item.sk === packedKey.sk);
  const counters = unpackCounters(packedItem?.[ROLLUP_PACKED] as string | undefined);
  const shardPuts: TransactItem[] = [];
  for (const item of items) {
    if (item === packedItem) continue;
    const writes = item[ROLLUP_WRITES] as number | undefined;
    if (writes !== undefined && item[ROLLUP_PACKED_WRITES] === writes) continue;
    const shard = rollupFromItem(item);
    addCounters(counters, shard.counters);
    const pending = Object.fromEntries(Object.entries(shard.pending).map(([id, value]) => [`${PENDING_PREFIX}${id}`, value]));
    shardPuts.push({
      Put: {
        TableName: db.tableName,
        Item: { pk: item.pk, sk: item.sk, ...pending, [ROLLUP_WRITES]: writes ?? 0, [ROLLUP_PACKED_WRITES]: writes ?? 0 },
        ConditionExpression: writes === undefined ? 'attribute_not_exists(#w)' : '#w = :w',
        ExpressionAttributeNames: { '#w': ROLLUP_WRITES },
        ...(writes === undefined ? {} : { ExpressionAttributeValues: { ':w': writes } }),
      },
    });
  }
  if (shardPuts.length === 0) return 'clean';
  const version = packedItem?.[ROLLUP_VERSION] as number | undefined;
  const outcome = await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...packedKey, [ROLLUP_PACKED]: packCounters(counters), [ROLLUP_VERSION]: (version ?? 0) + 1 },
        ConditionExpression: version === undefined ? 'attribute_not_exists(pk)' : '#v = :v',
        ...(version === undefined
          ? {}
          : { ExpressionAttributeNames: { '#v': ROLLUP_VERSION }, ExpressionAttributeValues: { ':v': version } }),
      },
    },
    ...shardPuts,
  ]);
  return outcome.committed ? 'compacted' : 'conflict';
}

/** Writes items in batches of 25, a few batches at a time, retrying what DynamoDB leaves unprocessed. */
async function batchPut(db: Database, items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const putBatch = async (batch: Record<string, unknown>[]) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const result = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: requests } }));
      requests = (result.UnprocessedItems?.[db.tableName] ?? []) as typeof requests;
    }
  };
  for (let i = 0; i < batches.length; i += 8) await Promise.all(batches.slice(i, i + 8).map(putBatch));
}

/**
 * Loads new complaints in bulk, outside transactions (seeding a benchmark, an import): the
 * complaints and the members' references in batches, and `rollups` (their contributions summed
 * per rollup item) added to the rollup items, a few dozen counters per update. Not for complaints
 * that exist already, nor for writes racing the desk on the same complaints.
 */
export async function putComplaintsInBulk(db: Database, input: { complaints: ComplaintWrite[]; rollups: RollupChange[] }): Promise<void> {
  await batchPut(db, [
    ...input.complaints.map(complaintItem),
    ...input.complaints.map(({ complaint }) => ({
      ...keys.memberComplaint(complaint.memberId, complaint.submittedAt, complaint.complaintId),
      complaintId: complaint.complaintId,
    })),
  ]);
  // An update expression is limited to 4 KB: split a large sum into several updates.
  const updates = input.rollups.flatMap((rollup) => {
    const entries = Object.entries(rollup.deltas);
    const parts: RollupChange[] = [];
    for (let i = 0; i < entries.length; i += 40)
      parts.push({ ...rollup, deltas: Object.fromEntries(entries.slice(i, i + 40)), pending: undefined });
    return rollup.pending === undefined ? parts : [...parts, { ...rollup, deltas: {} }];
  });
  for (let i = 0; i < updates.length; i += 16)
    await Promise.all(
      updates
        .slice(i, i + 16)
        .flatMap((update) => rollupUpdates(db, update))
        .map((item) => db.doc.send(new UpdateCommand(item.Update!))),
    );
}

/** Every complaint item written before the report rollups (no contribution kept), oldest first. */
export async function listComplaintsWithoutRollup(db: Database): Promise<ComplaintRecord[]> {
  const index = tableIndex('byFiledDate');
  const items = await queryAllPages(db, {
    IndexName: index.name,
    KeyConditionExpression: '#pk = :pk',
    FilterExpression: 'attribute_not_exists(reportContribution)',
    ExpressionAttributeNames: { '#pk': index.partitionKey },
    ExpressionAttributeValues: { ':pk': indexKeys.byFiledDatePartition() },
  });
  return items.map(fromItem);
}

/**
 * Rewrites a complaint written before the rollups with its queue facets and contribution, adding
 * the contribution to its rollups, once: only while it is unchanged and still has none.
 */
export async function backfillComplaint(
  db: Database,
  write: ComplaintWrite & { rollup: RollupChange | null },
): Promise<'done' | 'skipped'> {
  const outcome = await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: complaintItem(write),
        ConditionExpression: 'version = :version AND attribute_not_exists(reportContribution)',
        ExpressionAttributeValues: { ':version': write.complaint.version },
      },
    },
    ...(write.rollup ? rollupUpdates(db, write.rollup) : []),
  ]);
  return outcome.committed ? 'done' : 'skipped';
}

/**
 * How many complaints are open, and how many of them fall due before `dueBeforeIso` (their SLA
 * deadline passed or near): two COUNT queries on the queue index, which holds open complaints only.
 */
export async function countOpenComplaints(db: Database, dueBeforeIso: string): Promise<{ open: number; dueBefore: number }> {
  const index = tableIndex('byQueue');
  const count = async (before: string | null) => {
    let total = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          IndexName: index.name,
          Select: 'COUNT',
          KeyConditionExpression: before === null ? '#pk = :pk' : '#pk = :pk AND #sk < :before',
          ExpressionAttributeNames: before === null ? { '#pk': index.partitionKey } : { '#pk': index.partitionKey, '#sk': index.sortKey },
          ExpressionAttributeValues: { ':pk': indexKeys.byQueuePartition(), ...(before === null ? {} : { ':before': before }) },
          ExclusiveStartKey: startKey,
        }),
      );
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return total;
  };
  const [open, dueBefore] = await Promise.all([count(null), count(dueBeforeIso)]);
  return { open, dueBefore };
}

/** Complaints filed on each Shanghai day of [from, to], from the report's day rollups (days with none are absent). */
export async function countComplaintsFiledByDay(db: Database, from: string, to: string): Promise<Map<string, number>> {
  const range = keys.complaintReportDayRange(from, to);
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.complaintReportPartition(), ':from': range.from, ':to': range.to },
  });
  const byDay = new Map<string, number>();
  for (const item of items) {
    const sk = item.sk as string;
    const day = sk.slice(COMPLAINT_REPORT_DAY_SK_PREFIX.length, sk.lastIndexOf('#'));
    const filed = rollupFromItem(item).counters.n ?? 0;
    if (filed !== 0) byDay.set(day, (byDay.get(day) ?? 0) + filed);
  }
  return byDay;
}
