import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_DEFAULTS } from '../../functions/src/config/config.ts';
import type { TestStack } from './test-stack.ts';

// What an erasure test reads back to prove a member's personal data is gone: the whole table and the
// whole photo bucket of the test's own stack (small: one test file's data).

/** Every item of the stack's table. */
export async function scanTable(stack: TestStack): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.deps.db.doc.send(new ScanCommand({ TableName: stack.deps.db.tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** A client of the stack's s3rver (photos and exports buckets); destroy it after use. */
export function localS3(stack: TestStack): S3Client {
  return new S3Client({
    region: LOCAL_DEFAULTS.region,
    endpoint: stack.s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}

/** Every object key in the stack's photos bucket. */
export async function listPhotoBucket(stack: TestStack): Promise<string[]> {
  const client = localS3(stack);
  const { Contents = [] } = await client.send(new ListObjectsV2Command({ Bucket: LOCAL_DEFAULTS.photosBucket }));
  client.destroy();
  return Contents.map((object) => object.Key!);
}

/** Each item that holds one of `values` anywhere (key or attribute), as "pk / sk holds value". */
export function itemsHolding(items: readonly Record<string, unknown>[], values: readonly string[]): string[] {
  return items.flatMap((item) => {
    const text = JSON.stringify(item);
    return values.filter((value) => text.includes(value)).map((value) => `${String(item.pk)} / ${String(item.sk)} holds ${value}`);
  });
}
