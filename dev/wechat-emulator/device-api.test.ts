import { describe, expect, it } from 'vitest';
import { birthdayMessage, emulatorUnderTest, TEMPLATE } from './test-support.ts';

describe('POST /__emulator/subscribe', () => {
  it('answers like wx.requestSubscribeMessage and adds one authorisation per accepted template', async () => {
    const emulator = emulatorUnderTest();

    const answer = await emulator.subscribe('o-alice', [TEMPLATE, 'tmpl-order-shipped']);

    expect(answer).toEqual({ errMsg: 'requestSubscribeMessage:ok', [TEMPLATE]: 'accept', 'tmpl-order-shipped': 'accept' });
    expect(emulator.state.authorizations['o-alice']).toEqual({ [TEMPLATE]: 1, 'tmpl-order-shipped': 1 });
  });

  it('records a reject without granting anything', async () => {
    const emulator = emulatorUnderTest();

    const answer = await emulator.subscribe('o-alice', [TEMPLATE], 'reject');

    expect(answer).toEqual({ errMsg: 'requestSubscribeMessage:ok', [TEMPLATE]: 'reject' });
    expect(await emulator.getJson('/__emulator/authorizations?openid=o-alice')).toEqual({ openid: 'o-alice', remaining: {} });
  });

  it.each([
    ['no template ids', { openid: 'o-alice', templateIds: [] }, 10001],
    ['template ids that are not strings', { openid: 'o-alice', templateIds: [42] }, 10004],
    ['more than 3 template ids', { openid: 'o-alice', templateIds: ['a', 'b', 'c', 'd'] }, 20003],
  ])('fails %s with wx errCode %i', async (_case, body, errCode) => {
    const emulator = emulatorUnderTest();

    const response = await emulator.app.request('/__emulator/subscribe', { method: 'POST', body: JSON.stringify(body) });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errMsg: expect.stringMatching(/^requestSubscribeMessage:fail /), errCode });
  });

  it.each([
    ['an openid the emulator never issued', { openid: 'wx-user', templateIds: [TEMPLATE] }],
    ['an unknown result', { openid: 'o-alice', templateIds: [TEMPLATE], result: 'maybe' }],
  ])('fails %s with HTTP 400', async (_case, body) => {
    const emulator = emulatorUnderTest();

    const response = await emulator.app.request('/__emulator/subscribe', { method: 'POST', body: JSON.stringify(body) });

    expect(response.status).toBe(400);
  });
});

describe('/__emulator/messages', () => {
  async function emulatorWithMessages() {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    for (const openid of ['o-alice', 'o-bob', 'o-alice']) {
      await emulator.subscribe(openid, [TEMPLATE]);
      await emulator.send(token, birthdayMessage(openid));
      emulator.clock.advanceSeconds(60);
    }
    return emulator;
  }

  it('lists every sent message newest first', async () => {
    const emulator = await emulatorWithMessages();

    const messages = (await (await emulator.app.request('/__emulator/messages')).json()) as { openid: string; sentAt: string }[];

    expect(messages.map((message) => [message.openid, message.sentAt])).toEqual([
      ['o-alice', '2025-03-01T00:02:00.000Z'],
      ['o-bob', '2025-03-01T00:01:00.000Z'],
      ['o-alice', '2025-03-01T00:00:00.000Z'],
    ]);
  });

  it('filters by openid', async () => {
    const emulator = await emulatorWithMessages();

    const messages = (await (await emulator.app.request('/__emulator/messages?openid=o-bob')).json()) as { openid: string }[];

    expect(messages.map((message) => message.openid)).toEqual(['o-bob']);
  });

  it('DELETE clears the messages', async () => {
    const emulator = await emulatorWithMessages();

    const response = await emulator.app.request('/__emulator/messages', { method: 'DELETE' });

    expect(await response.json()).toEqual({ ok: true, deleted: 3 });
    expect(await (await emulator.app.request('/__emulator/messages')).json()).toEqual([]);
  });
});

describe('emulator controls in the browser', () => {
  it('reports health', async () => {
    const emulator = emulatorUnderTest();

    expect(await emulator.getJson('/__emulator/health')).toEqual({ ok: true });
  });

  it('allows cross-origin calls from the H5 dev server', async () => {
    const emulator = emulatorUnderTest();

    const preflight = await emulator.app.request('/__emulator/subscribe', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:10086',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });

    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('answers an unknown control with HTTP 404', async () => {
    const emulator = emulatorUnderTest();

    expect((await emulator.app.request('/__emulator/nothing')).status).toBe(404);
  });
});
