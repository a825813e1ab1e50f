import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { LOCAL_PORTS, startLocalStack } from './local-stack.ts';

/**
 * `npm start`: the whole product on this machine — DynamoDB Local and s3rver (data in .data/), the SQS server, the
 * WeChat emulator, the API, the scheduler and the mini-program's H5 build — until Ctrl-C.
 */
// This machine runs Node 20; the SDK's notice about its future Node 22 floor is not actionable
// here (Lambda runs Node 22+), so keep it out of the developer's terminal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = resolve(import.meta.dirname, '..');
const started = Date.now();
const log = (line: string) => console.log(`[linli] ${line}`);

let stopping = false;
const stack = await startLocalStack({
  dataDir: resolve(root, '.data'),
  ports: {
    api: LOCAL_PORTS.api,
    wechat: LOCAL_PORTS.wechat,
    shop: LOCAL_PORTS.shop,
    dynamo: LOCAL_PORTS.dynamo,
    s3: LOCAL_PORTS.s3,
    sqs: LOCAL_PORTS.sqs,
  },
  seed: true,
  scheduler: true,
  log,
});

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

let h5: ChildProcess | null = null;
let h5Ready: Promise<void> = Promise.resolve();
if (process.env.LINLI_NO_H5 !== '1') {
  h5 = spawn('npm', ['run', 'dev:h5', '-w', '@linli/miniapp'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TARO_APP_API_BASE: stack.apiUrl, TARO_APP_WECHAT_EMULATOR: stack.wechatUrl },
    detached: true,
  });
  const child = h5;
  h5Ready = new Promise<void>((ready) => {
    let announced = false;
    const relay = (chunk: Buffer) => {
      const text = chunk.toString();
      if (!announced && /compiled|编译成功|successfully/i.test(text)) {
        announced = true;
        log(`H5 mini-program   http://127.0.0.1:${LOCAL_PORTS.h5}/  (log in as "demo"; staff: "admin", "supervisor", "agent", "agent2")`);
        ready();
      }
      if (/\berror\b/i.test(text)) process.stderr.write(`[h5] ${text}`);
    };
    child.stdout?.on('data', relay);
    child.stderr?.on('data', relay);
    child.on('exit', (code) => {
      if (!stopping) log(`H5 dev server exited (${code}); the API keeps running`);
      ready();
    });
  });
}
await Promise.all([stack.seeded.catch(() => {}), h5Ready]);
log(`up in ${((Date.now() - started) / 1000).toFixed(1)} s — Ctrl-C stops everything. Sent messages: ${stack.wechatUrl}/`);

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping…`);
  // The H5 dev server runs in its own process group so its webpack workers go with it.
  if (h5?.pid) {
    try {
      process.kill(-h5.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  await stack.stop();
  log('stopped');
  process.exit(0);
}
