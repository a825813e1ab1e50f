import { loadAppPages, startWechatEmulator } from './index.ts';

/**
 * `npx tsx dev/wechat-emulator/main.ts` — the WeChat emulator for local development, with the
 * app id and secret Linli's local configuration expects. Environment overrides:
 * WECHAT_EMULATOR_PORT, WECHAT_EMULATOR_HOST, WECHAT_APP_ID, WECHAT_APP_SECRET,
 * WECHAT_EMULATOR_STATE_FILE, WECHAT_PAY_PUBLIC_KEY_ID=none (WeChat Pay in platform-certificate mode),
 * WECHAT_PAY_NOTIFY_TIME_SCALE (1 = WeChat Pay's real notification retry schedule).
 */
const port = Number(process.env.WECHAT_EMULATOR_PORT ?? 3100);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`WECHAT_EMULATOR_PORT must be a port number, got "${process.env.WECHAT_EMULATOR_PORT}"`);
}

const emulator = await startWechatEmulator({
  port,
  host: process.env.WECHAT_EMULATOR_HOST ?? '127.0.0.1',
  appId: process.env.WECHAT_APP_ID ?? 'wxlinli0000local',
  appSecret: process.env.WECHAT_APP_SECRET ?? 'linli-local-app-secret',
  stateFile: process.env.WECHAT_EMULATOR_STATE_FILE ?? '.data/wechat-emulator.json',
  appPages: await loadAppPages(),
  pay: {
    mode: process.env.WECHAT_PAY_PUBLIC_KEY_ID === 'none' ? 'platform-certificate' : 'public-key',
    notifyTimeScale: Number(process.env.WECHAT_PAY_NOTIFY_TIME_SCALE ?? 1),
  },
});

console.log(`WeChat emulator on ${emulator.url} — sent messages: ${emulator.url}/`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.stop().then(() => process.exit(0));
  });
}
