import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchWriteRequest } from '../db/batch-write.ts';
import { MEMBER_TAGS_MAX, TAG_CATALOG_MAX, type TagKind } from '@linli/shared/customers';
import type { Database } from '../db/client.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { keys, MEMBER_TAG_SK_PREFIX, TAG_CATALOG_SK_PREFIX } from '../db/keys.ts';
import { queryAllPages } from '../db/query-all.ts';
import { transactWrite, type TransactItem } from '../db/transact-write.ts';

/** A tag a member carries, as stored under the member (MEMBER#<id> / TAG#<tag>). */
export interface StoredMemberTag {
  memberId: string;
  tag: string;
  kind: TagKind;
  /** The rule that keeps a rule tag; null for manual tags. */
  ruleId: string | null;
  addedAt: string;
  /** Who added a manual tag (the staff member's name); null for rule tags. */
  addedBy: string | null;
}

/** A tag in the shop's catalog (TAGS / TAG#<tag>), with how many members carry it. */
export interface TagCatalogRecord {
  tag: string;
  kind: TagKind;
  ruleId: string | null;
  memberCount: number;
}

function memberTagFromItem(item: Record<string, unknown>): StoredMemberTag {
  return {
    memberId: item.memberId as string,
    tag: item.tag as string,
    kind: item.kind as TagKind,
    ruleId: (item.ruleId as string | null | undefined) ?? null,
    addedAt: item.addedAt as string,
    addedBy: (item.addedBy as string | null | undefined) ?? null,
  };
}

function catalogFromItem(item: Record<string, unknown>): TagCatalogRecord {
  return {
    tag: item.tag as string,
    kind: item.kind as TagKind,
    ruleId: (item.ruleId as string | null | undefined) ?? null,
    memberCount: (item.memberCount as number | undefined) ?? 0,
  };
}

/**
 * The most tags one member's read takes: the manual cap plus room for the rules' tags. The read
 * stays one bounded query whatever the rules write.
 */
const MEMBER_TAGS_READ_MAX = MEMBER_TAGS_MAX + 80;

/** Every tag a member carries (manual and rule), by name. */
export async function listMemberTags(db: Database, memberId: string): Promise<StoredMemberTag[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.memberTagPartition(memberId), ':prefix': MEMBER_TAG_SK_PREFIX },
      Limit: MEMBER_TAGS_READ_MAX,
      ConsistentRead: true,
    }),
  );
  return Items.map(memberTagFromItem);
}

export async function getMemberTag(db: Database, memberId: string, tag: string): Promise<StoredMemberTag | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.memberTag(memberId, tag), ConsistentRead: true }));
  return Item ? memberTagFromItem(Item) : null;
}

export async function getTagCatalogEntry(db: Database, tag: string): Promise<TagCatalogRecord | null> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.tagCatalogEntry(tag), ConsistentRead: true }));
  return Item ? catalogFromItem(Item) : null;
}

/** The whole catalog: one small partition (TAG_CATALOG_MAX manual tags and the rules' own). */
export async function listTagCatalog(db: Database): Promise<TagCatalogRecord[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.tagCatalogPartition(), ':prefix': TAG_CATALOG_SK_PREFIX },
  });
  return items.map(catalogFromItem);
}

export type AddTagOutcome = 'added' | 'member-full' | 'catalog-full' | 'retry';

/**
 * Gives a member a tag, in one transaction: the member's tag item (refused if it is there already),
 * its TAGGED# twin, the member's count of manual tags (refused at MEMBER_TAGS_MAX) and the catalog
 * entry's member count, or a new catalog entry (counted, refused at TAG_CATALOG_MAX for manual
 * tags). `catalog` is the entry as read: if it appeared, vanished or changed kind since, the
 * transaction is refused and 'retry' says read again. Counts move only with the items they count,
 * so they stay exact however many requests run at once.
 */
export async function addMemberTag(db: Database, tag: StoredMemberTag, catalog: TagCatalogRecord | null): Promise<AddTagOutcome> {
  const manual = tag.kind === 'manual';
  const items: Array<{ role: 'tag' | 'member-count' | 'catalog' | 'catalog-count' | 'other'; item: TransactItem }> = [
    {
      role: 'tag',
      item: {
        Put: {
          TableName: db.tableName,
          Item: { ...keys.memberTag(tag.memberId, tag.tag), ...tag },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    },
    { role: 'other', item: { Put: { TableName: db.tableName, Item: { ...keys.taggedMember(tag.tag, tag.memberId), ...tag } } } },
  ];
  if (manual) {
    items.push({
      role: 'member-count',
      item: {
        Update: {
          TableName: db.tableName,
          Key: keys.memberTagCount(tag.memberId),
          UpdateExpression: 'ADD manualCount :one',
          ConditionExpression: 'attribute_not_exists(manualCount) OR manualCount < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': MEMBER_TAGS_MAX },
        },
      },
    });
  }
  if (catalog) {
    items.push({
      role: 'catalog',
      item: {
        Update: {
          TableName: db.tableName,
          Key: keys.tagCatalogEntry(tag.tag),
          UpdateExpression: 'ADD memberCount :one',
          ConditionExpression: 'attribute_exists(pk) AND kind = :kind',
          ExpressionAttributeValues: { ':one': 1, ':kind': tag.kind },
        },
      },
    });
  } else {
    const entry: TagCatalogRecord & { createdAt: string } = {
      tag: tag.tag,
      kind: tag.kind,
      ruleId: tag.ruleId,
      memberCount: 1,
      createdAt: tag.addedAt,
    };
    items.push(
      {
        role: 'catalog',
        item: {
          Put: {
            TableName: db.tableName,
            Item: { ...keys.tagCatalogEntry(tag.tag), ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      {
        role: 'catalog-count',
        item: {
          Update: {
            TableName: db.tableName,
            Key: keys.tagCatalogCount(),
            UpdateExpression: 'ADD tagCount :one',
            // The rules' tags are counted but never refused: the cap is on what staff invent.
            ...(manual
              ? {
                  ConditionExpression: 'attribute_not_exists(tagCount) OR tagCount < :max',
                  ExpressionAttributeValues: { ':one': 1, ':max': TAG_CATALOG_MAX },
                }
              : { ExpressionAttributeValues: { ':one': 1 } }),
          },
        },
      },
    );
  }
  const outcome = await transactWrite(
    db,
    items.map(({ item }) => item),
  );
  if (outcome.committed) return 'added';
  const failed = (role: string) => items.some((entry, index) => entry.role === role && outcome.reasons[index] === 'ConditionalCheckFailed');
  // A failed cap is final only when nothing else was in the way: otherwise read again and see.
  const onlyCaps = !failed('tag') && !failed('catalog') && !outcome.reasons.includes('TransactionConflict');
  if (onlyCaps && failed('member-count')) return 'member-full';
  if (onlyCaps && failed('catalog-count')) return 'catalog-full';
  return 'retry';
}

/**
 * Takes a tag off a member, in one transaction with its TAGGED# twin and the counts. A manual
 * tag's last member takes its catalog entry with it (uncounted), so tags nobody carries do not
 * fill the catalog; a rule tag's entry stays (its rule still names it). `catalog` is the entry
 * as read; 'retry' when the tag or the entry changed since.
 */
export async function removeMemberTag(db: Database, tag: StoredMemberTag, catalog: TagCatalogRecord | null): Promise<'removed' | 'retry'> {
  const manual = tag.kind === 'manual';
  const items: TransactItem[] = [
    {
      Delete: {
        TableName: db.tableName,
        Key: keys.memberTag(tag.memberId, tag.tag),
        ConditionExpression: 'attribute_exists(pk) AND kind = :kind',
        ExpressionAttributeValues: { ':kind': tag.kind },
      },
    },
    { Delete: { TableName: db.tableName, Key: keys.taggedMember(tag.tag, tag.memberId) } },
  ];
  if (manual) {
    items.push({
      Update: {
        TableName: db.tableName,
        Key: keys.memberTagCount(tag.memberId),
        UpdateExpression: 'ADD manualCount :minusOne',
        ConditionExpression: 'manualCount >= :one',
        ExpressionAttributeValues: { ':minusOne': -1, ':one': 1 },
      },
    });
  }
  if (catalog && manual && catalog.memberCount <= 1) {
    items.push(
      {
        Delete: {
          TableName: db.tableName,
          Key: keys.tagCatalogEntry(tag.tag),
          ConditionExpression: 'memberCount = :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      {
        Update: {
          TableName: db.tableName,
          Key: keys.tagCatalogCount(),
          UpdateExpression: 'ADD tagCount :minusOne',
          ExpressionAttributeValues: { ':minusOne': -1 },
        },
      },
    );
  } else if (catalog) {
    items.push({
      Update: {
        TableName: db.tableName,
        Key: keys.tagCatalogEntry(tag.tag),
        UpdateExpression: 'ADD memberCount :minusOne',
        // A manual entry down to its last member must go the other way (deleted): read again.
        ConditionExpression: manual ? 'memberCount > :one' : 'memberCount >= :one',
        ExpressionAttributeValues: { ':minusOne': -1, ':one': 1 },
      },
    });
  }
  const outcome = await transactWrite(db, items);
  return outcome.committed ? 'removed' : 'retry';
}

/**
 * One page of the members carrying `tag`, by member id: reads only them. The cursor names a member
 * id within the tag's own partition.
 */
export async function listTaggedMemberIds(
  db: Database,
  tag: string,
  page: { limit: number; cursor?: string },
): Promise<{ memberIds: string[]; nextCursor: string | null } | 'bad-cursor'> {
  const pk = keys.taggedPartition(tag);
  let startKey: Record<string, unknown> | undefined;
  if (page.cursor) {
    const memberId = decodeCursor(page.cursor, '');
    if (!memberId || !/^[A-Za-z0-9_-]{1,64}$/.test(memberId)) return 'bad-cursor';
    startKey = { ...keys.taggedMember(tag, memberId) };
  }
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      Limit: page.limit + 1,
      ExclusiveStartKey: startKey,
    }),
  );
  const shown = Items.slice(0, page.limit);
  return {
    memberIds: shown.map((item) => item.memberId as string),
    nextCursor: Items.length > page.limit && shown.length > 0 ? encodeCursor(shown.at(-1)!.sk as string) : null,
  };
}

/** Every member carrying `tag` (a segment's tag condition): the tag's own partition, all pages. */
export async function allTaggedMemberIds(db: Database, tag: string): Promise<string[]> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.taggedPartition(tag) },
    ProjectionExpression: 'memberId',
  });
  return items.map((item) => item.memberId as string);
}

/** The writes that put a rule tag on a member: the tag under the member and its TAGGED# twin (the nightly job batches them). */
export function ruleTagPuts(memberId: string, tag: string, at: string): BatchWriteRequest[] {
  const item: StoredMemberTag = { memberId, tag, kind: 'rule', ruleId: tag, addedAt: at, addedBy: null };
  return [
    { PutRequest: { Item: { ...keys.memberTag(memberId, tag), ...item } } },
    { PutRequest: { Item: { ...keys.taggedMember(tag, memberId), ...item } } },
  ];
}

/** The writes that take a rule tag off a member. */
export function ruleTagDeletes(memberId: string, tag: string): BatchWriteRequest[] {
  return [{ DeleteRequest: { Key: keys.memberTag(memberId, tag) } }, { DeleteRequest: { Key: keys.taggedMember(tag, memberId) } }];
}

/**
 * Makes the catalog hold a rule tag with its member count as the nightly job counted it: created (and
 * counted in the catalog) the first time; 'taken' when staff already use the name for a manual tag, which
 * the rule then leaves alone.
 */
export async function keepRuleTagCatalog(db: Database, input: { tag: string; memberCount: number; at: string }): Promise<'kept' | 'taken'> {
  for (;;) {
    const entry = await getTagCatalogEntry(db, input.tag);
    if (entry && entry.kind !== 'rule') return 'taken';
    if (entry) {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: keys.tagCatalogEntry(input.tag),
          UpdateExpression: 'SET memberCount = :count',
          ExpressionAttributeValues: { ':count': input.memberCount },
        }),
      );
      return 'kept';
    }
    const created = await transactWrite(db, [
      {
        Put: {
          TableName: db.tableName,
          Item: {
            ...keys.tagCatalogEntry(input.tag),
            tag: input.tag,
            kind: 'rule',
            ruleId: input.tag,
            memberCount: input.memberCount,
            createdAt: input.at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: db.tableName,
          Key: keys.tagCatalogCount(),
          UpdateExpression: 'ADD tagCount :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
    if (created.committed) return 'kept';
    // Someone created the entry meanwhile: read it again and see whose it is.
  }
}
