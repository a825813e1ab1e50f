import { UpdateCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { claimSendSpendingAuthorization } from '../subscriptions/repository.ts';
import type { CareMessageRecord } from './send-with-authorization.ts';

/**
 * The record of one care occasion for a member (`birthday#2026`, `points-expiry#2027-12-31`):
 * claiming it spends one authorization in the same transaction, so a second run (or a concurrent
 * one) can neither send twice nor send without an authorization.
 */
export function careMessageRecord(db: Database, input: { memberId: string; occasion: string; templateId: string }): CareMessageRecord {
  const key = keys.careMessage(input.memberId, input.occasion);
  return {
    async claim(at) {
      const claimed = await claimSendSpendingAuthorization(db, {
        claim: {
          Put: {
            TableName: db.tableName,
            Item: { ...key, status: 'sending', templateId: input.templateId, claimedAt: at },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        memberId: input.memberId,
        templateId: input.templateId,
      });
      return claimed === 'already-claimed' ? 'already-sent' : claimed;
    },
    async mark(status, at, detail) {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: key,
          UpdateExpression: 'SET #status = :status, finishedAt = :at, msgid = :msgid, detail = :detail',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':at': at, ':msgid': detail.msgid ?? null, ':detail': detail.error ?? null },
        }),
      );
    },
    async release() {
      await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: key }));
    },
  };
}
