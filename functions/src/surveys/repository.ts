import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  responseHeadline,
  type Answers,
  type SurveyInput,
  type SurveyQuestion,
  type SurveySettings,
  type SurveyStatus,
  type SurveySubmitResult,
} from '@linli/shared/surveys';
import type { Database } from '../db/client.ts';
import { batchGetItems } from '../db/batch-get.ts';
import { keys } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { putIfVersion } from '../db/versioned-put.ts';
import type { AskState } from './eligibility.ts';
import type { SurveyResponseRecord } from './response-record.ts';

// ---------------------------------------------------------------------------------------------
// Heads and versions

/** A survey's head as stored (SURVEYS / SURVEY#id). `responses` is only ever ADDed to, never replaced. */
export interface SurveyHeadRecord {
  surveyId: string;
  status: SurveyStatus;
  builtIn: boolean;
  /** The draft while a draft; then the current published version's definition. */
  definition: SurveyInput;
  version: number;
  revision: number;
  responses: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  closedAt: string | null;
}

function headFromItem(item: Record<string, unknown>): SurveyHeadRecord {
  return {
    surveyId: item.surveyId as string,
    status: item.status as SurveyStatus,
    builtIn: item.builtIn === true,
    definition: item.definition as SurveyInput,
    version: item.version as number,
    revision: item.revision as number,
    responses: (item.responses as number | undefined) ?? 0,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    publishedAt: (item.publishedAt as string | null) ?? null,
    closedAt: (item.closedAt as string | null) ?? null,
  };
}

export async function getSurveyHead(db: Database, surveyId: string): Promise<SurveyHeadRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.surveyHead(surveyId), ConsistentRead: true }));
  return Item ? headFromItem(Item) : null;
}

/** Every survey's head (at most MAX_SURVEYS and the built-in one: one small partition). */
export async function listSurveyHeads(db: Database): Promise<SurveyHeadRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.surveysPartition() },
    ConsistentRead: true,
  });
  return items.map(headFromItem);
}

/**
 * The published surveys offered on the home page, oldest first. The filter runs in DynamoDB over the
 * one partition of heads (at most MAX_SURVEYS), so only the candidates travel.
 */
export async function listHomeCardSurveyHeads(db: Database): Promise<SurveyHeadRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: '#status = :published AND #definition.homeCard = :yes AND builtIn = :no',
    ExpressionAttributeNames: { '#status': 'status', '#definition': 'definition' },
    ExpressionAttributeValues: { ':pk': keys.surveysPartition(), ':published': 'published', ':yes': true, ':no': false },
  });
  return items.map(headFromItem);
}

/** Writes a new survey's head once (a second write of the same id is refused). */
export function newHeadPut(db: Database, head: SurveyHeadRecord): TransactItem {
  return {
    Put: { TableName: db.tableName, Item: { ...keys.surveyHead(head.surveyId), ...head }, ConditionExpression: 'attribute_not_exists(pk)' },
  };
}

/**
 * Changes a head the operator read at `expectedRevision` (definition, status, version, times); the
 * response count is left alone, so answers arriving meanwhile are never lost.
 */
export function headChange(db: Database, head: SurveyHeadRecord, expectedRevision: number): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.surveyHead(head.surveyId),
      UpdateExpression:
        'SET #status = :status, #definition = :definition, version = :version, revision = :revision, updatedAt = :updatedAt, publishedAt = :publishedAt, closedAt = :closedAt',
      ConditionExpression: 'revision = :read',
      // status and definition are DynamoDB reserved words.
      ExpressionAttributeNames: { '#status': 'status', '#definition': 'definition' },
      ExpressionAttributeValues: {
        ':status': head.status,
        ':definition': head.definition,
        ':version': head.version,
        ':revision': head.revision,
        ':updatedAt': head.updatedAt,
        ':publishedAt': head.publishedAt,
        ':closedAt': head.closedAt,
        ':read': expectedRevision,
      },
    },
  };
}

/**
 * Counts one more response on the head, only while the survey is published at `version` and under
 * its response limit: a response never lands on a closed survey, an outdated version or past the limit.
 */
export function headResponseCount(db: Database, head: Pick<SurveyHeadRecord, 'surveyId' | 'version' | 'definition'>): TransactItem {
  const limit = head.definition.responseLimit;
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.surveyHead(head.surveyId),
      UpdateExpression: 'ADD responses :one',
      ConditionExpression: `#status = :published AND version = :version${limit === null ? '' : ' AND (attribute_not_exists(responses) OR responses < :limit)'}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':published': 'published',
        ':version': head.version,
        ...(limit === null ? {} : { ':limit': limit }),
      },
    },
  };
}

/** A published version, written once and never changed (answers are read against it). */
export function versionPut(
  db: Database,
  input: { surveyId: string; version: number; definition: SurveyInput; publishedAt: string },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.surveyVersion(input.surveyId, input.version), ...input },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getSurveyVersion(
  db: Database,
  surveyId: string,
  version: number,
): Promise<{ surveyId: string; version: number; definition: SurveyInput; publishedAt: string } | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.surveyVersion(surveyId, version) }));
  if (!Item) return null;
  return { surveyId, version, definition: Item.definition as SurveyInput, publishedAt: Item.publishedAt as string };
}

// ---------------------------------------------------------------------------------------------
// Settings

export interface StoredSurveySettings extends SurveySettings {
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export async function readSurveySettings(db: Database): Promise<StoredSurveySettings | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.surveySettings(), ConsistentRead: true }));
  if (!Item) return null;
  return {
    recontactDays: Item.recontactDays,
    followUp: Item.followUp,
    version: Item.version,
    updatedAt: Item.updatedAt,
    updatedBy: Item.updatedBy,
  } as StoredSurveySettings;
}

/** Replaces the settings if still at `expected` (0: never saved); 'conflict' otherwise. */
export function writeSurveySettings(db: Database, settings: StoredSurveySettings, expected: number): Promise<'saved' | 'conflict'> {
  return putIfVersion(db, { key: keys.surveySettings(), item: { ...settings }, expectedVersion: expected });
}

// ---------------------------------------------------------------------------------------------
// A member's standing with a survey, and their last ask of any survey

/** The SURVEYASK item: eligibility's AskState plus what answering keeps. `rev` guards every read-modify-write. */
export interface SurveyAskRecord extends AskState {
  memberId: string;
  surveyId: string;
  dismissedAt: string | null;
  answeredAt: string | null;
  /** The survey's reward was given (once per member per survey, whatever the rounds). */
  rewarded: boolean;
  /** Answers saved and not yet submitted, to the version they were given for. */
  draft: { version: number; answers: Answers; savedAt: string } | null;
  /** 0: not stored yet. */
  rev: number;
}

export function emptyAsk(memberId: string, surveyId: string): SurveyAskRecord {
  return {
    memberId,
    surveyId,
    asks: 0,
    askedAt: null,
    shows: 0,
    shownDay: null,
    dismissedAsk: null,
    dismissedAt: null,
    answeredAsk: null,
    answeredAt: null,
    rewarded: false,
    draft: null,
    rev: 0,
  };
}

function askFromItem({ pk: _pk, sk: _sk, ...item }: Record<string, unknown>): SurveyAskRecord {
  const stored = item as Partial<SurveyAskRecord>;
  return { ...emptyAsk(stored.memberId!, stored.surveyId!), ...stored };
}

export async function getSurveyAsk(db: Database, memberId: string, surveyId: string): Promise<SurveyAskRecord> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.surveyAsk(memberId, surveyId), ConsistentRead: true }),
  );
  return Item ? askFromItem(Item) : emptyAsk(memberId, surveyId);
}

/** The member's standing with each of these surveys (one batch read; a survey never asked reads as empty). */
export async function getSurveyAsksOfMember(
  db: Database,
  memberId: string,
  surveyIds: readonly string[],
): Promise<Map<string, SurveyAskRecord>> {
  const items = await batchGetItems(
    db,
    surveyIds.map((surveyId) => keys.surveyAsk(memberId, surveyId)),
    { consistent: true },
  );
  const found = new Map(items.map((item) => [item.surveyId as string, askFromItem(item)]));
  return new Map(surveyIds.map((surveyId) => [surveyId, found.get(surveyId) ?? emptyAsk(memberId, surveyId)]));
}

/** Each of these members' standing with one survey (batch reads: grows with the members given). */
export async function getSurveyAsksOfMembers(
  db: Database,
  surveyId: string,
  memberIds: readonly string[],
): Promise<Map<string, SurveyAskRecord>> {
  const items = await batchGetItems(
    db,
    memberIds.map((memberId) => keys.surveyAsk(memberId, surveyId)),
    { parallel: 4 },
  );
  const found = new Map(items.map((item) => [item.memberId as string, askFromItem(item)]));
  return new Map(memberIds.map((memberId) => [memberId, found.get(memberId) ?? emptyAsk(memberId, surveyId)]));
}

/** Writes the member's standing if nobody changed it since it was read at `ask.rev` (then stores rev + 1). */
export function askPut(db: Database, ask: SurveyAskRecord): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.surveyAsk(ask.memberId, ask.surveyId), ...ask, rev: ask.rev + 1 },
      ...(ask.rev === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'rev = :read', ExpressionAttributeValues: { ':read': ask.rev } }),
    },
  };
}

/** Same as askPut, on its own. */
export async function saveSurveyAsk(db: Database, ask: SurveyAskRecord): Promise<'saved' | 'conflict'> {
  try {
    await db.doc.send(new PutCommand(askPut(db, ask).Put!));
    return 'saved';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'conflict';
    throw error;
  }
}

/** When the member was last asked any survey (SURVEYCONTACT), null: never. */
export async function getLastAskedAt(db: Database, memberId: string): Promise<string | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.surveyContact(memberId), ConsistentRead: true }));
  return (Item?.lastAskedAt as string | undefined) ?? null;
}

export async function getLastAskedAtOfMembers(db: Database, memberIds: readonly string[]): Promise<Map<string, string>> {
  const items = await batchGetItems(db, memberIds.map(keys.surveyContact), { parallel: 4 });
  return new Map(items.map((item) => [item.memberId as string, item.lastAskedAt as string]));
}

/**
 * Restarts the member's recontact clock, only if it still reads `read` (null: never asked): two
 * surveys starting an ask at the same moment cannot both slip under the limit.
 */
export function contactPut(db: Database, input: { memberId: string; surveyId: string; at: string; read: string | null }): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.surveyContact(input.memberId), memberId: input.memberId, lastAskedAt: input.at, surveyId: input.surveyId },
      ...(input.read === null
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'lastAskedAt = :read', ExpressionAttributeValues: { ':read': input.read } }),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Completion: the request marker, the round's slot, the response and the member's copy

export async function getSurveyRequestResult(db: Database, memberId: string, requestId: string): Promise<SurveySubmitResult | null> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.surveyRequest(memberId, requestId), ConsistentRead: true }),
  );
  return Item ? (Item.result as SurveySubmitResult) : null;
}

/** The submission's idempotency: the request id made this result (written once). */
export function requestMarkerPut(
  db: Database,
  input: { memberId: string; requestId: string; surveyId: string; result: SurveySubmitResult; at: string },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.surveyRequest(input.memberId, input.requestId), ...input },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** One response per member per survey round: the slot is written once. */
export function responseSlotPut(
  db: Database,
  input: { memberId: string; surveyId: string; round: string; responseId: string; at: string },
): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.surveyResponseSlot(input.memberId, input.surveyId, input.round), ...input },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Writes a completed response: the response in its survey's partition (the staff's list, CSV and
 * figures' source) and the member's copy (Customer 360). Each is written once.
 */
export function responseWriteItems(db: Database, record: SurveyResponseRecord, questions: readonly SurveyQuestion[]): TransactItem[] {
  // The member's copy is small: which survey, when, and the first rated answer (Customer 360 lists them).
  const copy = {
    surveyId: record.surveyId,
    responseId: record.responseId,
    completedAt: record.completedAt,
    version: record.version,
    source: record.source,
    headline: responseHeadline(questions, record.answers),
  };
  return [
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.surveyResponse(record.surveyId, record.completedAt, record.responseId), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: db.tableName,
        Item: { ...keys.memberSurveyResponse(record.memberId, record.completedAt, record.responseId), ...copy },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/** A survey's responses, oldest first (tests; the staff's list pages through them on its own). */
export async function listSurveyResponses(db: Database, surveyId: string): Promise<SurveyResponseRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.surveyResponsesPartition(surveyId) },
  });
  return items.map(({ pk: _pk, sk: _sk, ...record }) => record as unknown as SurveyResponseRecord);
}

/**
 * Every completed response of a member, answers included, newest first (the member's data export):
 * the member's copies name them, and the responses are read from their surveys' partitions, 100 a read.
 */
export async function listMemberResponses(db: Database, memberId: string): Promise<SurveyResponseRecord[]> {
  const copies = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.member(memberId).pk, ':prefix': keys.memberSurveyResponsePrefix() },
    ScanIndexForward: false,
  });
  const wanted = copies.map((copy) => keys.surveyResponse(copy.surveyId as string, copy.completedAt as string, copy.responseId as string));
  const byId = new Map(
    (await batchGetItems(db, wanted)).map(({ pk: _pk, sk: _sk, ...record }) => [
      record.responseId as string,
      record as unknown as SurveyResponseRecord,
    ]),
  );
  return copies.flatMap((copy) => {
    const record = byId.get(copy.responseId as string);
    return record ? [record] : [];
  });
}
