import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { keys, type ItemKey } from '../db/keys.ts';
import { transactWrite, type TransactItem } from '../db/transact-write.ts';
import type { MemberRecord } from './member-record.ts';
import { memberSearchTerms } from './search-terms.ts';

function termKeys(member: MemberRecord | null): ItemKey[] {
  if (!member) return [];
  const terms = memberSearchTerms(member);
  return [
    ...terms.nicknameSuffixes.map((suffix) => keys.memberSearchNickname(suffix, member.memberId)),
    ...(terms.phoneLastFour ? [keys.memberSearchPhone(terms.phoneLastFour, member.memberId)] : []),
  ];
}

const keyId = (key: ItemKey) => `${key.pk}\n${key.sk}`;

/**
 * The writes that move a member's search items from what `before` is found by to what `after` is:
 * entries it no longer matches are deleted, new ones put; nothing when neither nickname nor phone
 * nor joining changed. Part of the transaction that writes `after`, so the items never disagree
 * with the member (at most 2 × 21 items: they fit beside it).
 */
export function memberSearchWrites(db: Database, before: MemberRecord | null, after: MemberRecord): TransactItem[] {
  const old = new Map(termKeys(before).map((key) => [keyId(key), key]));
  const next = new Map(termKeys(after).map((key) => [keyId(key), key]));
  return [
    ...[...old].filter(([id]) => !next.has(id)).map(([, key]): TransactItem => ({ Delete: { TableName: db.tableName, Key: key } })),
    ...[...next]
      .filter(([id]) => !old.has(id))
      .map(([, key]): TransactItem => ({ Put: { TableName: db.tableName, Item: { ...key, memberId: after.memberId } } })),
  ];
}

/**
 * Puts every search item of `member` if the member is still at the version read: a one-off
 * backfill for members stored before search existed. 'changed' when the member was written
 * meanwhile (that write kept its own items: read it again). Putting an item again changes nothing,
 * so a rerun is harmless.
 */
export async function putMemberSearchItems(db: Database, member: MemberRecord): Promise<'written' | 'changed' | 'nothing'> {
  const items = memberSearchWrites(db, null, member);
  if (items.length === 0) return 'nothing';
  const outcome = await transactWrite(db, [
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: keys.member(member.memberId),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': member.version },
      },
    },
    ...items,
  ]);
  return outcome.committed ? 'written' : 'changed';
}

/** The most index items one nickname search reads: enough for any real page of matches, never the shop. */
const NICKNAME_ITEMS_READ_MAX = 500;
const NICKNAME_QUERY_PAGE = 100;

/**
 * Up to `want` distinct members whose normalised nickname contains `text` (already normalised),
 * in the order of the matching suffixes; `more` when others match too. Reads the one partition of
 * the text's first character, only the suffixes that start with the text: work grows with the
 * matches, not with the shop.
 */
export async function findMemberIdsByNickname(db: Database, text: string, want: number): Promise<{ memberIds: string[]; more: boolean }> {
  if (!text) return { memberIds: [], more: false };
  const found = new Set<string>();
  let startKey: Record<string, unknown> | undefined;
  let read = 0;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :text)',
        ExpressionAttributeValues: { ':pk': keys.memberSearchNicknamePartition(text), ':text': text },
        // A member's suffixes rarely repeat a start, so the first page asks for about what is wanted.
        Limit: startKey ? NICKNAME_QUERY_PAGE : want + 1,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      found.add(item.memberId as string);
      if (found.size > want) return { memberIds: [...found].slice(0, want), more: true };
    }
    read += page.Items?.length ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey && read < NICKNAME_ITEMS_READ_MAX);
  return { memberIds: [...found], more: startKey !== undefined };
}

/** Up to `want` members whose phone ends in `lastFour`; `more` when others do too. */
export async function findMemberIdsByPhoneLastFour(
  db: Database,
  lastFour: string,
  want: number,
): Promise<{ memberIds: string[]; more: boolean }> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.memberSearchPhonePartition(lastFour) },
      Limit: want + 1,
    }),
  );
  const memberIds = Items.map((item) => item.memberId as string);
  return { memberIds: memberIds.slice(0, want), more: memberIds.length > want };
}
