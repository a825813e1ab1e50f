import type { Database } from './client.ts';

/**
 * A database whose every request is counted: items read (a GetItem as one, found or not; a Query or
 * Scan as the items it scanned, filtered ones included) and items written or checked (every Put,
 * Update, Delete, batch request and transaction item sent, refused ones included). For benchmarks and
 * tests that hold a job to reading only what it acts on.
 */
export function countingDatabase(db: Database) {
  // `read` is the total; `readByQuery` / `readByKey` split it between what queries scanned and what was
  // fetched by key (GetItem, BatchGetItem, TransactGetItems), for a job's selection apart from its lookups.
  const counts = { read: 0, readByQuery: 0, readByKey: 0, written: 0, requests: 0 };
  const send = db.doc.send.bind(db.doc) as (command: unknown) => Promise<Record<string, unknown>>;
  const doc = Object.create(db.doc) as Database['doc'];
  const counted = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    counts.requests++;
    const kind = command.constructor.name;
    if (kind === 'TransactWriteCommand') counts.written += (command.input.TransactItems as unknown[]).length;
    else if (kind === 'PutCommand' || kind === 'UpdateCommand' || kind === 'DeleteCommand') counts.written += 1;
    else if (kind === 'BatchWriteCommand')
      counts.written += Object.values(command.input.RequestItems as Record<string, unknown[]>).flat().length;
    const output = await send(command);
    if (kind === 'QueryCommand' || kind === 'ScanCommand') counts.readByQuery += (output.ScannedCount as number | undefined) ?? 0;
    else if (kind === 'GetCommand') counts.readByKey += 1;
    else if (kind === 'TransactGetCommand') counts.readByKey += (command.input.TransactItems as unknown[]).length;
    else if (kind === 'BatchGetCommand') counts.readByKey += Object.values(output.Responses as Record<string, unknown[]>).flat().length;
    counts.read = counts.readByQuery + counts.readByKey;
    return output;
  };
  (doc as unknown as { send: typeof counted }).send = counted;
  return { db: { ...db, doc }, counts };
}
