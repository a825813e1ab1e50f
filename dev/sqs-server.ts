import type { AddressInfo } from 'node:net';
import { buildApp } from 'fauxqs';
import { LOCAL_DEFAULTS } from '../functions/src/config/config.ts';

/**
 * fauxqs, an SQS-compatible server in Node, standing in for Amazon SQS on this machine: the
 * functions speak to it with the real @aws-sdk/client-sqs (the AWS JSON protocol) exactly as to
 * SQS — long polls, visibility timeouts, batches, redrive to a dead-letter queue.
 *
 * fauxqs 1.9.2 is pinned: later releases need Node 22.5 (node:sqlite) and this machine runs
 * Node 20. It keeps queues and messages in memory only, so they start empty at every start.
 * Not supported: ListDeadLetterSourceQueues and the message-move tasks (a retry from the
 * dead-letter queue is a receive, a send and a delete, which works alike on SQS); permissions.
 * Unlike SQS it accepts a malformed receipt handle on delete as if the message were gone.
 */
export interface LocalSqs {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface LocalSqsOptions {
  /** Port to listen on; a free one when omitted. */
  port?: number;
}

/** Starts fauxqs on 127.0.0.1 (its own startFauxqs listens on every interface, so we listen ourselves). */
export async function startLocalSqs(options: LocalSqsOptions = {}): Promise<LocalSqs> {
  // No `host`: queue URLs then carry the address the client asked at (localQueueUrl in config/queues.ts).
  const app = buildApp({ logger: false, defaultRegion: LOCAL_DEFAULTS.region });
  try {
    await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      // Ends waiting long polls and open connections at once (fauxqs sets forceCloseConnections).
      await app.close();
    },
  };
}
