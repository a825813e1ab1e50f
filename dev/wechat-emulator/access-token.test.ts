import { describe, expect, it } from 'vitest';
import { APP_ID, APP_SECRET, birthdayMessage, emulatorUnderTest, type EmulatorUnderTest } from './test-support.ts';

const credentials = { grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET };

/** Whether a token is accepted, judged by what a send with it answers (0 or 43101 means accepted). */
async function tokenErrcode(emulator: EmulatorUnderTest, token: string): Promise<number> {
  const answer = await emulator.send(token, birthdayMessage());
  return answer.errcode === 43101 ? 0 : (answer.errcode as number);
}

describe('POST /cgi-bin/stable_token', () => {
  it('issues a token valid for 7200 seconds', async () => {
    const emulator = emulatorUnderTest();

    const grant = await emulator.postJson('/cgi-bin/stable_token', credentials);

    expect(grant).toEqual({ access_token: expect.any(String), expires_in: 7200 });
  });

  it('returns the same token with its remaining lifetime on later calls', async () => {
    const emulator = emulatorUnderTest();
    const first = await emulator.postJson('/cgi-bin/stable_token', credentials);
    emulator.clock.advanceSeconds(3600);

    const second = await emulator.postJson('/cgi-bin/stable_token', credentials);

    expect(second).toEqual({ access_token: first.access_token, expires_in: 3600 });
  });

  it('hands out a new token in the last 5 minutes while the old one keeps working until it expires', async () => {
    const emulator = emulatorUnderTest();
    const old = await emulator.stableToken();
    emulator.clock.advanceSeconds(7200 - 200);

    const renewed = await emulator.postJson('/cgi-bin/stable_token', credentials);

    expect(renewed.expires_in).toBe(7200);
    expect(renewed.access_token).not.toBe(old);
    expect(await tokenErrcode(emulator, old)).toBe(0);
  });

  it('rejects a token past its 7200 seconds with 42001 access_token expired', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    emulator.clock.advanceSeconds(7200);

    expect(await tokenErrcode(emulator, token)).toBe(42001);
  });

  it('force_refresh replaces the token and the old one answers 40001 at once', async () => {
    const emulator = emulatorUnderTest();
    const old = await emulator.stableToken();

    const fresh = await emulator.stableToken(true);

    expect(fresh).not.toBe(old);
    expect(await tokenErrcode(emulator, old)).toBe(40001);
    expect(await tokenErrcode(emulator, fresh)).toBe(0);
  });

  it('ignores a second force_refresh within 30 seconds, as WeChat does', async () => {
    const emulator = emulatorUnderTest();
    const forced = await emulator.stableToken(true);
    emulator.clock.advanceSeconds(10);

    expect(await emulator.stableToken(true)).toBe(forced);
    emulator.clock.advanceSeconds(20);
    expect(await emulator.stableToken(true)).not.toBe(forced);
  });

  it.each([
    ['grant_type wrong', { grant_type: 'authorization_code' }, 40002],
    ['appid missing', { appid: undefined }, 41002],
    ['secret missing', { secret: undefined }, 41004],
    ['wrong appid', { appid: 'wx0000000000000000' }, 40013],
    ['wrong secret', { secret: 'nope' }, 40125],
  ])('answers %s with errcode %i', async (_case, override, errcode) => {
    const emulator = emulatorUnderTest();

    const answer = await emulator.postJson('/cgi-bin/stable_token', { ...credentials, ...override });

    expect(answer).toMatchObject({ errcode });
  });

  it('answers a body that is not JSON with 47001 and an empty body with 44002', async () => {
    const emulator = emulatorUnderTest();

    expect(await emulator.postJson('/cgi-bin/stable_token', '{grant_type:')).toMatchObject({ errcode: 47001 });
    expect(await emulator.postJson('/cgi-bin/stable_token', '')).toMatchObject({ errcode: 44002 });
  });

  it('answers GET with 43002 require POST method', async () => {
    const emulator = emulatorUnderTest();

    expect(await emulator.getJson('/cgi-bin/stable_token')).toMatchObject({ errcode: 43002 });
  });
});

describe('GET /cgi-bin/token', () => {
  const tokenPath = (params: Record<string, string> = {}) => `/cgi-bin/token?${new URLSearchParams({ ...credentials, ...params })}`;

  it('issues a new 7200-second token on every call', async () => {
    const emulator = emulatorUnderTest();

    const first = await emulator.getJson(tokenPath());
    const second = await emulator.getJson(tokenPath());

    expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    expect(second.access_token).not.toBe(first.access_token);
  });

  it('keeps the previous token working for 5 minutes only', async () => {
    const emulator = emulatorUnderTest();
    const previous = (await emulator.getJson(tokenPath())).access_token as string;
    await emulator.getJson(tokenPath());

    emulator.clock.advanceSeconds(299);
    expect(await tokenErrcode(emulator, previous)).toBe(0);
    emulator.clock.advanceSeconds(1);
    expect(await tokenErrcode(emulator, previous)).toBe(42001);
  });

  it('is isolated from stable_token: getting one does not disturb the other', async () => {
    const emulator = emulatorUnderTest();
    const stable = await emulator.stableToken();

    await emulator.getJson(tokenPath());

    expect(await emulator.stableToken()).toBe(stable);
    expect(await tokenErrcode(emulator, stable)).toBe(0);
  });

  it.each([
    ['grant_type wrong', { grant_type: 'authorization_code' }, 40002],
    ['wrong appid', { appid: 'wx0000000000000000' }, 40013],
    ['wrong secret', { secret: 'nope' }, 40125],
  ])('answers %s with errcode %i', async (_case, override, errcode) => {
    const emulator = emulatorUnderTest();

    expect(await emulator.getJson(tokenPath(override))).toMatchObject({ errcode });
  });
});
