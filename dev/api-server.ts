import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from '../functions/src/http/app.ts';
import type { Deps } from '../functions/src/deps.ts';

export interface RunningApi {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Serves the same Hono app the Lambda handler wraps, on 127.0.0.1. */
export function startApiServer(deps: Deps, options: { port: number; host?: string }): Promise<RunningApi> {
  const app = createApp(deps);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port }, (info) => {
      server.off('error', reject);
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        stop: () =>
          new Promise<void>((done, fail) => {
            (server as Server).close((error) => (error ? fail(error) : done()));
            (server as Server).closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
