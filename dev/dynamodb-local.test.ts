import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { findDynamoDbLocalHome, localDynamoClientConfig, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';

const started: DynamoDbLocal[] = [];
const tempDirs: string[] = [];

async function start(options: Parameters<typeof startDynamoDbLocal>[0] = {}): Promise<DynamoDbLocal> {
  const instance = await startDynamoDbLocal(options);
  started.push(instance);
  return instance;
}

async function listTables(endpoint: string): Promise<string[]> {
  const client = new DynamoDBClient(localDynamoClientConfig(endpoint));
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    client.destroy();
  }
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      answer(true);
    });
    socket.once('error', () => answer(false));
  });
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((instance) => instance.stop()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('startDynamoDbLocal', () => {
  it('finds the jar folder without a hard-coded release date', () => {
    expect(findDynamoDbLocalHome()).toMatch(/dynamodb_local_[\d-]+$/);
  });

  it('starts in memory on a free port and answers ListTables; stop() ends the process so the port refuses connections', async () => {
    const db = await start();

    expect(db.endpoint).toBe(`http://127.0.0.1:${db.port}`);
    expect(await listTables(db.endpoint)).toEqual([]);

    await db.stop();

    expect(await portAccepts(db.port)).toBe(false);
  });

  it('keeps a table across a restart when given a dbPath', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'linli-ddb-'));
    tempDirs.push(dbPath);
    const first = await start({ dbPath });
    const client = new DynamoDBClient(localDynamoClientConfig(first.endpoint));
    await client.send(
      new CreateTableCommand({
        TableName: 'persisted',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    client.destroy();
    await first.stop();

    const second = await start({ dbPath });

    expect(await listTables(second.endpoint)).toEqual(['persisted']);
  });

  it('explains how to install a JRE when java is missing', async () => {
    await expect(start({ javaCommand: 'java-that-does-not-exist' })).rejects.toThrow(/openjdk-17-jre-headless/);
  });
});
