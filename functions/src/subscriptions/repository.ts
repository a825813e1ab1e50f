import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryAllPages } from '../db/query-all.ts';
import type { Database } from '../db/client.ts';
import { TransactionRefused, transactWrite, type TransactItem } from '../db/transact-write.ts';
import { keys } from '../db/keys.ts';
import { batchGetItems } from '../db/batch-get.ts';
import type { SubscriptionPurpose } from '@linli/shared/subscriptions';

export interface QuotaChange {
  templateId: string;
  template: SubscriptionPurpose;
  /** 'grant' adds one send; 'revoke' sets the remaining sends to zero (the user banned the template). */
  change: 'grant' | 'revoke';
}

/** Applies one subscribe report atomically; with a report id, a retried report changes nothing. */
export async function applyQuotaChanges(
  db: Database,
  input: { memberId: string; changes: QuotaChange[]; reportId?: string; at: string },
): Promise<'applied' | 'duplicate'> {
  const items: TransactItem[] = input.changes.map((change) => ({
    Update: {
      TableName: db.tableName,
      Key: keys.subscriptionQuota(input.memberId, change.templateId),
      UpdateExpression:
        change.change === 'grant'
          ? 'SET template = :template, updatedAt = :at ADD remaining :one, grantedTotal :one'
          : 'SET template = :template, updatedAt = :at, remaining = :zero',
      ExpressionAttributeValues:
        change.change === 'grant'
          ? { ':template': change.template, ':at': input.at, ':one': 1 }
          : { ':template': change.template, ':at': input.at, ':zero': 0 },
    },
  }));
  if (input.reportId) {
    items.push({
      Put: {
        TableName: db.tableName,
        Item: {
          ...keys.idempotency('subscription-report', `${input.memberId}#${input.reportId}`),
          at: input.at,
          // Kept a month: long enough for any client retry.
          expiresAtEpoch: Math.floor(Date.parse(input.at) / 1000) + 30 * 24 * 3600,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  if (items.length === 0) return 'applied';
  const outcome = await transactWrite(db, items);
  if (outcome.committed) return 'applied';
  const codes = outcome.reasons;
  if (input.reportId && codes[codes.length - 1] === 'ConditionalCheckFailed') return 'duplicate';
  throw new TransactionRefused(codes);
}

export async function listQuota(
  db: Database,
  memberId: string,
): Promise<Array<{ templateId: string; template: SubscriptionPurpose; remaining: number }>> {
  const items = await queryAllPages(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.subscriptionPartition(memberId), ':prefix': 'SUBSCRIPTION#' },
    ConsistentRead: true,
  });
  return items.map((item) => ({
    templateId: (item.sk as string).slice('SUBSCRIPTION#'.length),
    template: item.template as SubscriptionPurpose,
    remaining: (item.remaining as number) ?? 0,
  }));
}

/** The Update that spends one authorization, failing when none is left (inside a transaction). */
function spendOneAuthorization(db: Database, memberId: string, templateId: string): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.subscriptionQuota(memberId, templateId),
      UpdateExpression: 'SET remaining = remaining - :one',
      ConditionExpression: 'remaining >= :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}

/**
 * Claims one send (`claim` fails its condition when the send was claimed before) and spends one
 * of the member's authorizations for the template, in one transaction: nothing is sent twice and
 * no authorization is spent without a claim.
 */
export async function claimSendSpendingAuthorization(
  db: Database,
  input: { claim: TransactItem; memberId: string; templateId: string },
): Promise<'claimed' | 'already-claimed' | 'no-authorization'> {
  const outcome = await transactWrite(db, [input.claim, spendOneAuthorization(db, input.memberId, input.templateId)]);
  if (outcome.committed) return 'claimed';
  if (outcome.reasons[0] === 'ConditionalCheckFailed') return 'already-claimed';
  if (outcome.reasons[1] === 'ConditionalCheckFailed') return 'no-authorization';
  throw new TransactionRefused(outcome.reasons);
}

/** Gives back an authorization that was taken for a send WeChat definitely refused for other reasons. */
export async function returnOneAuthorization(db: Database, memberId: string, templateId: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: keys.subscriptionQuota(memberId, templateId),
      UpdateExpression: 'ADD remaining :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
}

/** WeChat said the member holds no authorization (43101): our count was wrong, so zero it. */
export async function clearAuthorizations(db: Database, memberId: string, templateId: string, at: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: keys.subscriptionQuota(memberId, templateId),
      UpdateExpression: 'SET remaining = :zero, updatedAt = :at',
      ExpressionAttributeValues: { ':zero': 0, ':at': at },
    }),
  );
}

/** The authorizations each (member, template) pair holds, keyed `<memberId>#<templateId>` (absent: none). */
export async function authorizationsHeld(
  db: Database,
  pairs: ReadonlyArray<{ memberId: string; templateId: string }>,
): Promise<Map<string, number>> {
  const unique = new Map(pairs.map((pair) => [`${pair.memberId}#${pair.templateId}`, pair]));
  const items = await batchGetItems(
    db,
    [...unique.values()].map((pair) => keys.subscriptionQuota(pair.memberId, pair.templateId)),
    { parallel: 4 },
  );
  return new Map(
    items.map((item) => [
      `${(item.pk as string).slice('MEMBER#'.length)}#${(item.sk as string).slice('SUBSCRIPTION#'.length)}`,
      (item.remaining as number) ?? 0,
    ]),
  );
}
