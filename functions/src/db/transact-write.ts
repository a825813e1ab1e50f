import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Database } from './client.ts';

/** One item of a TransactWriteItems request (Put, Update, Delete or ConditionCheck). */
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * Why one item of a cancelled transaction failed, as DynamoDB reports it:
 * 'ConditionalCheckFailed', 'TransactionConflict', 'None' (this item was fine), …
 */
export type CancellationReason = string;

/** The outcome of a transaction: committed, or refused with a reason per item in request order. */
export type TransactOutcome = { committed: true } | { committed: false; reasons: CancellationReason[] };

/**
 * Runs one TransactWriteItems. A refusal (a failed condition, a conflicting transaction in flight)
 * is returned as typed reasons so the caller can name what failed; any other error is thrown.
 */
export async function transactWrite(db: Database, items: TransactItem[]): Promise<TransactOutcome> {
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
    return { committed: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    return { committed: false, reasons: (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None') };
  }
}

/** The index of the first item whose condition failed, or -1 (e.g. only a conflict in flight). */
export function firstFailedCondition(outcome: TransactOutcome, from = 0, to?: number): number {
  if (outcome.committed) return -1;
  const index = outcome.reasons.slice(from, to).indexOf('ConditionalCheckFailed');
  return index < 0 ? -1 : index + from;
}

/** A transaction refused for a reason its caller did not expect (a bug or a changed item shape). */
export class TransactionRefused extends Error {
  constructor(readonly reasons: CancellationReason[]) {
    super(`Transaction refused: ${reasons.join(', ')}`);
    this.name = 'TransactionRefused';
  }
}
