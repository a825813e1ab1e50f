import { describe, expect, it } from 'vitest';
import { APP_ID, APP_SECRET, emulatorUnderTest } from './test-support.ts';

function code2SessionPath(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return `/sns/jscode2session?${query}`;
}

const validParams = (jsCode: string) => ({ appid: APP_ID, secret: APP_SECRET, js_code: jsCode, grant_type: 'authorization_code' });

describe('GET /sns/jscode2session', () => {
  it('turns dev-<name> into openid o-<name>, unionid u-<name> and a 16-byte session key', async () => {
    const emulator = emulatorUnderTest();

    const session = await emulator.getJson(code2SessionPath(validParams('dev-alice_01')));

    expect(session).toEqual({ openid: 'o-alice_01', unionid: 'u-alice_01', session_key: expect.any(String) });
    expect(Buffer.from(session.session_key as string, 'base64')).toHaveLength(16);
  });

  it('gives a different session key on each login', async () => {
    const emulator = emulatorUnderTest();

    const first = await emulator.getJson(code2SessionPath(validParams('dev-alice.n1')));
    const second = await emulator.getJson(code2SessionPath(validParams('dev-alice.n2')));

    expect(first.session_key).not.toBe(second.session_key);
  });

  it('treats a .<nonce> suffix as the same user, so one user can log in twice within 5 minutes', async () => {
    const emulator = emulatorUnderTest();

    const first = await emulator.getJson(code2SessionPath(validParams('dev-bob.a1b2')));
    const second = await emulator.getJson(code2SessionPath(validParams('dev-bob.c3d4')));

    expect([first.openid, second.openid]).toEqual(['o-bob', 'o-bob']);
  });

  it.each([
    ['appid missing', { appid: undefined }, 41002],
    ['secret missing', { secret: undefined }, 41004],
    ['wrong appid', { appid: 'wx0000000000000000' }, 40013],
    ['wrong secret', { secret: 'not-the-secret' }, 40125],
    ['wrong grant_type', { grant_type: 'client_credential' }, 40002],
    ['js_code missing', { js_code: undefined }, 41008],
    ['code not of the dev- form', { js_code: '081AbCdE0aBcDe1FgHi2jKlM3nOp4qR' }, 40029],
    ['name with a space', { js_code: 'dev-alice smith' }, 40029],
    ['name longer than 64', { js_code: `dev-${'a'.repeat(65)}` }, 40029],
  ])('answers %s with errcode %i', async (_case, override, errcode) => {
    const emulator = emulatorUnderTest();

    const answer = await emulator.getJson(code2SessionPath({ ...validParams('dev-alice'), ...override }));

    expect(answer).toEqual({ errcode, errmsg: expect.stringMatching(/ rid: /) });
  });

  it('refuses a code used a second time with 40163', async () => {
    const emulator = emulatorUnderTest();
    await emulator.getJson(code2SessionPath(validParams('dev-carol')));

    const again = await emulator.getJson(code2SessionPath(validParams('dev-carol')));

    expect(again).toMatchObject({ errcode: 40163, errmsg: expect.stringMatching(/^code been used/) });
  });

  it('forgets a used code after 5 minutes, when the real one would have expired', async () => {
    const emulator = emulatorUnderTest();
    await emulator.getJson(code2SessionPath(validParams('dev-carol')));
    emulator.clock.advanceSeconds(5 * 60);

    const later = await emulator.getJson(code2SessionPath(validParams('dev-carol')));

    expect(later.openid).toBe('o-carol');
  });

  it('does not spend a code on a request refused for bad credentials', async () => {
    const emulator = emulatorUnderTest();
    await emulator.getJson(code2SessionPath({ ...validParams('dev-dave'), secret: 'wrong' }));

    const retried = await emulator.getJson(code2SessionPath(validParams('dev-dave')));

    expect(retried.openid).toBe('o-dave');
  });
});
