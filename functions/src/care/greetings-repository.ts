import { TransactWriteCommand, UpdateCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from '../db/client.ts';
import { keys } from '../db/keys.ts';
import { cancellationCodes } from '../db/transactions.ts';
import { spendOneAuthorization } from '../subscriptions/repository.ts';

export type GreetingClaim = 'claimed' | 'already-greeted' | 'no-authorization';

/**
 * Claims this year's greeting for a member and spends one authorization in one transaction, so
 * a second run (or a concurrent one) can neither greet twice nor send without an authorization.
 */
export async function claimGreeting(
  db: Database,
  input: { memberId: string; kind: string; year: number; templateId: string; at: string },
): Promise<GreetingClaim> {
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.tableName,
              Item: { ...keys.greeting(input.memberId, input.kind, input.year), status: 'sending', templateId: input.templateId, claimedAt: input.at },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          spendOneAuthorization(db, input.memberId, input.templateId),
        ],
      }),
    );
    return 'claimed';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (codes[0] === 'ConditionalCheckFailed') return 'already-greeted';
    if (codes[1] === 'ConditionalCheckFailed') return 'no-authorization';
    throw error;
  }
}

export async function markGreeting(
  db: Database,
  input: { memberId: string; kind: string; year: number; status: 'sent' | 'refused' | 'uncertain'; at: string; msgid?: string; detail?: string },
): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: keys.greeting(input.memberId, input.kind, input.year),
      UpdateExpression: 'SET #status = :status, finishedAt = :at, msgid = :msgid, detail = :detail',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': input.status, ':at': input.at, ':msgid': input.msgid ?? null, ':detail': input.detail ?? null },
    }),
  );
}

/** Drops a claim whose send WeChat definitely did not deliver, so a later run may try again. */
export async function releaseGreeting(db: Database, input: { memberId: string; kind: string; year: number }): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: keys.greeting(input.memberId, input.kind, input.year) }));
}
