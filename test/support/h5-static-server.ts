import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Serves the H5 build as a static site on 127.0.0.1, injecting where the API and the WeChat
 * emulator are (window.__LINLI_CONFIG__), so the browser test can run its stack on free ports.
 */
export function serveH5Build(options: {
  dir: string;
  apiBase: string;
  wechatEmulator: string;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const root = resolve(options.dir);
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`No H5 build in ${root}: run \`npm run build:h5\` first`);
  const injected = `<script>window.__LINLI_CONFIG__=${JSON.stringify({ apiBase: options.apiBase, wechatEmulator: options.wechatEmulator })}</script>`;
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    let body: Buffer | string = readFileSync(file);
    if (file === indexFile) body = body.toString('utf8').replace('<head>', `<head>${injected}`);
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolveStart({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
