import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type FollowUpOutcome, type FollowUpReason, type QuestionKind } from '@linli/shared/surveys';
import { batchGetItems } from '../db/batch-get.ts';
import type { Database } from '../db/client.ts';
import { indexKeys, keys } from '../db/keys.ts';
import { tableIndex } from '../db/table.ts';
import { firstFailedCondition, transactWrite, TransactionRefused, type TransactItem } from '../db/transact-write.ts';

/** A follow-up (回访) task as stored. */
export interface FollowUpRecord {
  taskId: string;
  memberId: string;
  surveyId: string;
  /** The survey's name when the task was opened (the desk reads it without the survey). */
  surveyName: string;
  responseId: string;
  /** The Shanghai day the response was completed (the survey figures' day). */
  responseDay: string;
  reason: FollowUpReason;
  questionId: string;
  score: number;
  comment: string | null;
  complaintId: string | null;
  orderId: string | null;
  status: 'open' | 'done';
  assigneeId: string | null;
  createdAt: string;
  dueAt: string;
  outcome: FollowUpOutcome | null;
  outcomeNote: string | null;
  doneAt: string | null;
  /** Member id of the staff member who recorded the outcome. */
  doneBy: string | null;
  version: number;
}

const FIELDS: ReadonlyArray<keyof FollowUpRecord> = [
  'taskId',
  'memberId',
  'surveyId',
  'surveyName',
  'responseId',
  'responseDay',
  'reason',
  'questionId',
  'score',
  'comment',
  'complaintId',
  'orderId',
  'status',
  'assigneeId',
  'createdAt',
  'dueAt',
  'outcome',
  'outcomeNote',
  'doneAt',
  'doneBy',
  'version',
];

function fromItem(item: Record<string, unknown>): FollowUpRecord {
  const record: Record<string, unknown> = {};
  for (const field of FIELDS) record[field] = item[field] ?? null;
  return record as unknown as FollowUpRecord;
}

/**
 * The task's item: every task in the creation index; an open one also in the open queue and its
 * assignee's (or the unclaimed) queue, by due time. A done task is written without the queue
 * attributes, so it leaves both queues.
 */
function followUpItem(task: FollowUpRecord) {
  return {
    ...keys.followUpTask(task.taskId),
    ...task,
    ...indexKeys.followUpFiled(task.createdAt, task.taskId),
    ...(task.status === 'open' ? indexKeys.followUpQueue(task) : {}),
  };
}

/**
 * The items that open a task, for the caller's transaction: the task (only if no task has its id:
 * a retried completion can't open a second one, nor reopen a worked one) and the member's reference.
 */
export function followUpOpenItems(db: Database, task: FollowUpRecord): TransactItem[] {
  return [
    { Put: { TableName: db.tableName, Item: followUpItem(task), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.memberFollowUp(task.memberId, task.createdAt, task.taskId), taskId: task.taskId },
      },
    },
  ];
}

export async function getFollowUp(db: Database, taskId: string): Promise<FollowUpRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.followUpTask(taskId), ConsistentRead: true }));
  return Item ? fromItem(Item) : null;
}

/**
 * Saves a changed task if nobody changed it since `expectedVersion`, with the caller's other items
 * in the same transaction (e.g. the outcome's figures). 'conflict': read again and decide again.
 */
export async function saveFollowUp(
  db: Database,
  task: FollowUpRecord,
  expectedVersion: number,
  alongside: TransactItem[] = [],
): Promise<'saved' | 'conflict'> {
  const outcome = await transactWrite(db, [
    {
      Put: {
        TableName: db.tableName,
        Item: followUpItem(task),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      },
    },
    ...alongside,
  ]);
  if (outcome.committed) return 'saved';
  // Another write to the task (its version moved) or a transaction in flight: try again from the read.
  if (firstFailedCondition(outcome, 1) >= 0) throw new TransactionRefused(outcome.reasons);
  return 'conflict';
}

/** Which list of tasks a page reads: a queue partition by due time, or every task by creation. */
export type FollowUpList = { queue: 'open' } | { queue: 'owner'; assigneeId: string | null } | { queue: 'done' };

/**
 * One stretch of a list: up to `want` tasks after the sort key `after` (queues ascend by due time,
 * the done list descends by creation), reading at most `maxRead` index items. Answers the tasks
 * with their sort keys, and the last sort key read when the read bound stopped it (else null).
 */
export async function readFollowUpList(
  db: Database,
  list: FollowUpList,
  page: { want: number; after?: string; maxRead: number },
): Promise<{ tasks: Array<{ task: FollowUpRecord; sortKey: string }>; stoppedAt: string | null }> {
  const index = tableIndex(list.queue === 'open' ? 'byQueue' : list.queue === 'owner' ? 'byQueueOwner' : 'byFiledDate');
  const partition =
    list.queue === 'open'
      ? indexKeys.followUpOpenPartition()
      : list.queue === 'owner'
        ? indexKeys.followUpOwnerPartition(list.assigneeId)
        : indexKeys.followUpFiledPartition();
  const newestFirst = list.queue === 'done';
  const tasks: Array<{ task: FollowUpRecord; sortKey: string }> = [];
  let read = 0;
  let startKey: Record<string, unknown> | undefined;
  while (read < page.maxRead) {
    const wanted = page.want - tasks.length;
    // The done list drops the open tasks it reads (the creation index holds every task): read in larger steps.
    const limit = Math.min(page.maxRead - read, newestFirst ? Math.max(2 * wanted, 25) : wanted);
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: index.name,
        KeyConditionExpression: `#pk = :pk${page.after === undefined ? '' : ` AND #sk ${newestFirst ? '<' : '>'} :after`}`,
        ...(newestFirst ? { FilterExpression: '#status = :done' } : {}),
        ExpressionAttributeNames: {
          '#pk': index.partitionKey,
          ...(page.after === undefined ? {} : { '#sk': index.sortKey }),
          ...(newestFirst ? { '#status': 'status' } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(page.after === undefined ? {} : { ':after': page.after }),
          ...(newestFirst ? { ':done': 'done' } : {}),
        },
        ScanIndexForward: !newestFirst,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    read += limit;
    for (const item of result.Items ?? []) {
      tasks.push({ task: fromItem(item), sortKey: item[index.sortKey] as string });
      if (tasks.length >= page.want) return { tasks, stoppedAt: null };
    }
    if (!result.LastEvaluatedKey) return { tasks, stoppedAt: null };
    startKey = result.LastEvaluatedKey;
    if (read >= page.maxRead) return { tasks, stoppedAt: result.LastEvaluatedKey[index.sortKey] as string };
  }
  return { tasks, stoppedAt: null };
}

/** The member's newest follow-up tasks (at most `limit`), newest first. */
export async function listMemberFollowUps(db: Database, memberId: string, limit: number): Promise<FollowUpRecord[]> {
  const refs = await newestUnderPrefix(db, memberId, keys.memberFollowUpPrefix(), limit);
  const items = await batchGetItems(
    db,
    refs.map((ref) => keys.followUpTask(ref.taskId as string)),
    { consistent: true },
  );
  const byId = new Map(items.map((item) => [item.taskId as string, fromItem(item)]));
  return refs.map((ref) => byId.get(ref.taskId as string)).filter((task): task is FollowUpRecord => task !== undefined);
}

/**
 * The member's copy of a completed response (MEMBER#<id> SURVEYRESP#<completedAt>#<responseId>),
 * as the surveys' completion writes it: which survey, when, and the first rated answer.
 */
export interface MemberResponseCopy {
  surveyId: string;
  responseId: string;
  completedAt: string;
  headline: { questionId: string; kind: Extract<QuestionKind, 'nps' | 'csat' | 'stars'>; score: number } | null;
}

/** The member's newest survey responses (at most `limit`), newest first. */
export async function listMemberResponseCopies(db: Database, memberId: string, limit: number): Promise<MemberResponseCopy[]> {
  const items = await newestUnderPrefix(db, memberId, keys.memberSurveyResponsePrefix(), limit);
  return items.map((item) => ({
    surveyId: item.surveyId as string,
    responseId: item.responseId as string,
    completedAt: item.completedAt as string,
    headline: (item.headline as MemberResponseCopy['headline'] | undefined) ?? null,
  }));
}

async function newestUnderPrefix(db: Database, memberId: string, prefix: string, limit: number): Promise<Record<string, unknown>[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.memberFollowUpPartition(memberId), ':prefix': prefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return result.Items ?? [];
}

/** The names of surveys by id, from their heads (a survey gone is absent). */
export async function surveyNames(db: Database, surveyIds: readonly string[]): Promise<Map<string, string>> {
  const idBySortKey = new Map([...new Set(surveyIds)].map((id) => [keys.surveyHead(id).sk, id]));
  const items = await batchGetItems(
    db,
    [...idBySortKey.values()].map((id) => keys.surveyHead(id)),
  );
  const names = new Map<string, string>();
  for (const item of items) {
    // The head keeps the current definition (SurveyInput), whose `name` is the staff's name for it.
    const definition = item.definition as { name?: unknown } | undefined;
    const surveyId = idBySortKey.get(item.sk as string);
    if (surveyId && typeof definition?.name === 'string') names.set(surveyId, definition.name);
  }
  return names;
}
