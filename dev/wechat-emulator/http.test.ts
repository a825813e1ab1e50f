import { afterEach, describe, expect, it } from 'vitest';
import { startWechatEmulator, type RunningWechatEmulator } from './index.ts';
import { APP_ID, APP_SECRET, TEMPLATE } from './test-support.ts';

let running: RunningWechatEmulator | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('startWechatEmulator over real HTTP', () => {
  it('serves the whole flow an adapter goes through: login, token, subscribe, send, page', async () => {
    running = await startWechatEmulator({ port: 0, appId: APP_ID, appSecret: APP_SECRET });
    const { url } = running;

    const login = await json(
      await fetch(`${url}/sns/jscode2session?appid=${APP_ID}&secret=${APP_SECRET}&js_code=dev-alice&grant_type=authorization_code`),
    );
    const grant = await json(
      await fetch(`${url}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET }),
      }),
    );
    await fetch(`${url}/__emulator/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:10086' },
      body: JSON.stringify({ openid: login.openid, templateIds: [TEMPLATE] }),
    });
    const sent = await json(
      await fetch(`${url}/cgi-bin/message/subscribe/send?access_token=${grant.access_token as string}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: login.openid, template_id: TEMPLATE, data: { thing1: { value: '生日快乐' } } }),
      }),
    );
    const page = await (await fetch(`${url}/`)).text();

    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(login.openid).toBe('o-alice');
    expect(sent).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(page).toContain('生日快乐');
  });

  it('stop() closes the port', async () => {
    running = await startWechatEmulator({ port: 0, appId: APP_ID, appSecret: APP_SECRET });
    const { url } = running;
    await fetch(`${url}/__emulator/health`);

    await running.stop();
    running = undefined;

    await expect(fetch(`${url}/__emulator/health`)).rejects.toThrow();
  });
});
