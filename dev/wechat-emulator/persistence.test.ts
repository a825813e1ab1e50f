import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWechatEmulator } from './index.ts';
import { APP_ID, APP_SECRET, birthdayMessage, emulatorUnderTest, TEMPLATE } from './test-support.ts';

let dir: string;
let stateFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linli-wechat-emulator-'));
  stateFile = join(dir, 'nested', 'wechat-emulator.json');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('state file', () => {
  it('keeps sent messages and remaining authorisations across a restart', async () => {
    const before = emulatorUnderTest({ stateFile });
    const token = await before.stableToken();
    await before.subscribe('o-alice', [TEMPLATE]);
    await before.subscribe('o-alice', [TEMPLATE]);
    await before.send(token, birthdayMessage('o-alice'));

    const after = emulatorUnderTest({ stateFile });

    expect(after.state.messages).toEqual(before.state.messages);
    expect(after.state.authorizations).toEqual({ 'o-alice': { [TEMPLATE]: 1 } });
  });

  it('keeps the 小程序码 drawn across a restart, and reads a file from before there were any', async () => {
    const before = emulatorUnderTest({ stateFile });
    const token = await before.stableToken();
    await before.app.request(`/wxa/getwxacodeunlimit?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ scene: 'abc', page: 'staff/pages/accept/index' }),
    });

    expect(before.state.wxaCodes).toHaveLength(1);
    expect(emulatorUnderTest({ stateFile }).state.wxaCodes).toEqual(before.state.wxaCodes);

    writeFileSync(stateFile, JSON.stringify({ messages: [], authorizations: {} }));
    expect(emulatorUnderTest({ stateFile }).state.wxaCodes).toEqual([]);
  });

  it('continues msgids after a restart instead of reusing them', async () => {
    const before = emulatorUnderTest({ stateFile });
    await before.subscribe('o-alice', [TEMPLATE, 'tmpl-b']);
    const firstId = (await before.send(await before.stableToken(), birthdayMessage('o-alice'))).msgid as number;

    const after = emulatorUnderTest({ stateFile });
    const secondId = (await after.send(await after.stableToken(), { ...birthdayMessage('o-alice'), template_id: 'tmpl-b' })).msgid;

    expect(secondId).toBe(firstId + 1);
  });

  it('remembers that messages were cleared', async () => {
    const before = emulatorUnderTest({ stateFile });
    await before.subscribe('o-alice', [TEMPLATE]);
    await before.send(await before.stableToken(), birthdayMessage('o-alice'));
    await before.app.request('/__emulator/messages', { method: 'DELETE' });

    expect(emulatorUnderTest({ stateFile }).state.messages).toEqual([]);
  });

  it('writes through a temporary file that it renames, leaving nothing else behind', async () => {
    const emulator = emulatorUnderTest({ stateFile });

    await emulator.subscribe('o-alice', [TEMPLATE]);

    expect(readdirSync(join(dir, 'nested'))).toEqual(['wechat-emulator.json']);
  });

  it('refuses to start over a damaged state file instead of overwriting it', () => {
    writeFileSync(join(dir, 'broken.json'), '{"messages": [');

    expect(() => createWechatEmulator({ appId: APP_ID, appSecret: APP_SECRET, stateFile: join(dir, 'broken.json') })).toThrow(/not JSON/);
  });
});
