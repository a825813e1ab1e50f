import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does to a request instead of passing it on:
 * - `hang`: takes the request and never answers (a service that stopped answering: the client's timeout decides);
 * - `drop`: cuts the connection without an answer (a crashed service or a reset connection);
 * - `answer`: answers with the given status, content type and body (an HTML error page, a throttling
 *   answer, JSON of the wrong shape).
 * The port being closed (nothing listening) is `stop()`.
 */
export type Fault =
  | { kind: 'hang' }
  | { kind: 'drop' }
  | { kind: 'answer'; status: number; contentType: string; body: string; headers?: Record<string, string> };

export interface FaultProxy {
  /** http://127.0.0.1:<port>: where clients are pointed instead of the service. */
  url: string;
  /** Every later request meets `fault`; the first `after` requests from now still pass (a fault in the middle of a route). */
  inject(fault: Fault, options?: { after?: number }): void;
  /** Requests pass again; connections a hang held are cut (kept-alive ones that passed stay open). */
  heal(): void;
  /** Requests that reached the proxy since it started (passed or not). */
  readonly requests: number;
  /** Requests the fault met since the last inject. */
  readonly faulted: number;
  /** Closes the port: connecting is refused until `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port (nothing when it listens). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A small HTTP proxy on 127.0.0.1 in front of one local service (DynamoDB Local, s3rver, the SQS
 * server, the WeChat emulator): clients of the app under test are pointed at it, and a test makes
 * the service slow, silent, broken or gone without touching the service itself.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  let fault: Fault | null = null;
  let passesLeft = 0;
  let requests = 0;
  let faulted = 0;
  const sockets = new Set<Socket>();
  /** Connections a hanging fault holds: cut when it heals, as a restarted service would. */
  const held = new Set<Socket>();

  const handle = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    requests++;
    if (fault && passesLeft-- <= 0) {
      faulted++;
      if (fault.kind === 'hang') held.add(incoming.socket);
      return meet(fault, incoming, outgoing);
    }
    const upstream = forward(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: targetUrl.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.socket?.destroy());
    incoming.pipe(upstream);
  };

  const server: Server = createServer(handle);
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const cutConnections = () => {
    for (const socket of sockets) socket.destroy();
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    inject(next, options = {}) {
      fault = next;
      passesLeft = options.after ?? 0;
      faulted = 0;
    },
    heal() {
      fault = null;
      for (const socket of held) socket.destroy();
      held.clear();
    },
    get requests() {
      return requests;
    },
    get faulted() {
      return faulted;
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      cutConnections();
      await closed;
    },
    async start() {
      if (server.listening) return;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
    async close() {
      fault = null;
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      cutConnections();
      await closed;
    },
  };
}

function meet(fault: Fault, incoming: IncomingMessage, outgoing: ServerResponse) {
  // The request body is read (and dropped) so the client is not stuck writing it.
  incoming.resume();
  switch (fault.kind) {
    case 'hang':
      return;
    case 'drop':
      incoming.socket.destroy();
      return;
    case 'answer':
      outgoing.writeHead(fault.status, { 'content-type': fault.contentType, connection: 'close', ...fault.headers });
      outgoing.end(fault.body);
      return;
  }
}
