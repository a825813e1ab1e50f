import { describe, expect, it } from 'vitest';
import { birthdayMessage, emulatorUnderTest, TEMPLATE } from './test-support.ts';

describe('POST /cgi-bin/message/subscribe/send', () => {
  it('delivers a message the user authorised and answers errcode 0 with a msgid', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    await emulator.subscribe('o-alice', [TEMPLATE]);

    const answer = await emulator.send(token, birthdayMessage('o-alice'));

    expect(answer).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
  });

  it('stores what was sent: openid, template, page, data, time and msgid', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    await emulator.subscribe('o-alice', [TEMPLATE]);

    const { msgid } = await emulator.send(token, birthdayMessage('o-alice'));

    expect(emulator.state.messages).toEqual([
      {
        msgid,
        openid: 'o-alice',
        templateId: TEMPLATE,
        page: 'pages/member/index?from=birthday',
        data: { thing1: { value: '生日快乐' }, time2: { value: '2025-03-01 08:00' } },
        miniprogramState: 'developer',
        lang: 'zh_CN',
        sentAt: '2025-03-01T00:00:00.000Z',
      },
    ]);
  });

  it('allows one send per authorisation and answers 43101 once it is spent', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    await emulator.subscribe('o-alice', [TEMPLATE]);

    const first = await emulator.send(token, birthdayMessage('o-alice'));
    const second = await emulator.send(token, birthdayMessage('o-alice'));

    expect(first.errcode).toBe(0);
    expect(second).toEqual({ errcode: 43101, errmsg: expect.stringMatching(/^user refuse to accept the msg rid: /) });
    expect(emulator.state.messages).toHaveLength(1);
  });

  it('adds up authorisations: two accepts allow two sends', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    await emulator.subscribe('o-alice', [TEMPLATE]);
    await emulator.subscribe('o-alice', [TEMPLATE]);

    const answers = [
      await emulator.send(token, birthdayMessage('o-alice')),
      await emulator.send(token, birthdayMessage('o-alice')),
      await emulator.send(token, birthdayMessage('o-alice')),
    ];

    expect(answers.map((answer) => answer.errcode)).toEqual([0, 0, 43101]);
  });

  it('keeps quotas apart per user and per template', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    await emulator.subscribe('o-alice', ['tmpl-other']);

    expect((await emulator.send(token, birthdayMessage('o-alice'))).errcode).toBe(43101);
    await emulator.subscribe('o-bob', [TEMPLATE]);
    expect((await emulator.send(token, birthdayMessage('o-alice'))).errcode).toBe(43101);
  });

  it('does not spend an authorisation on a refused request', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    await emulator.subscribe('o-alice', [TEMPLATE]);
    await emulator.send(token, { ...birthdayMessage('o-alice'), data: { thing1: { value: '' } } });

    expect((await emulator.send(token, birthdayMessage('o-alice'))).errcode).toBe(0);
  });

  it.each([
    ['no access_token', '/cgi-bin/message/subscribe/send', 41001],
    ['an unknown access_token', '/cgi-bin/message/subscribe/send?access_token=made-up', 40001],
  ])('answers %s with errcode %i', async (_case, path, errcode) => {
    const emulator = emulatorUnderTest();

    expect(await emulator.postJson(path, birthdayMessage())).toMatchObject({ errcode });
  });

  it('answers an expired access_token with 42001', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    await emulator.subscribe('o-alice', [TEMPLATE]);
    emulator.clock.advanceSeconds(7201);

    expect(await emulator.send(token, birthdayMessage('o-alice'))).toMatchObject({ errcode: 42001 });
  });

  it('answers a body that is not JSON with 47001 data format error', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();

    const answer = await emulator.postJson(`/cgi-bin/message/subscribe/send?access_token=${token}`, '{"touser": ');

    expect(answer).toMatchObject({ errcode: 47001 });
  });

  it.each([
    ['touser missing', { touser: undefined }, 40003],
    ['touser not an emulator openid', { touser: 'oXyZ-not-ours' }, 40003],
    ['template_id missing', { template_id: undefined }, 40037],
    ['template_id empty', { template_id: '' }, 40037],
  ])('answers %s with errcode %i', async (_case, override, errcode) => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();

    expect(await emulator.send(token, { ...birthdayMessage(), ...override })).toMatchObject({ errcode });
  });

  it.each([
    ['data missing', undefined, 'data is empty'],
    ['data sent as a JSON string', '{"thing1":{"value":"x"}}', 'data is empty'],
    ['a bare value instead of { value }', { thing1: '生日快乐' }, 'data.thing1.value is empty'],
    ['an empty value', { thing1: { value: '' } }, 'data.thing1.value is empty'],
    ['a number value', { number1: { value: 3 } }, 'data.number1.value is empty'],
    ['a thing over 20 characters', { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } }, 'data.thing1.value invalid'],
    ['a phrase that is not Chinese', { phrase2: { value: 'done' } }, 'data.phrase2.value invalid'],
    ['a phrase over 5 characters', { phrase2: { value: '正在配送中啊' } }, 'data.phrase2.value invalid'],
    ['a number with letters', { number3: { value: '12a' } }, 'data.number3.value invalid'],
    ['a character_string over 32', { character_string4: { value: 'A'.repeat(33) } }, 'data.character_string4.value invalid'],
    ['a value with a newline', { thing5: { value: '第一行\n第二行' } }, 'data.thing5.value invalid'],
  ])('answers %s with 47003 naming the field', async (_case, data, detail) => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();

    const answer = await emulator.send(token, { ...birthdayMessage(), data });

    expect(answer).toEqual({ errcode: 47003, errmsg: expect.stringContaining(`argument invalid! ${detail}`) });
  });

  it.each([
    ['thing of exactly 20 characters', { thing1: { value: '一二三四五六七八九十一二三四五六七八九十' } }],
    ['amount with currency and 元', { amount2: { value: '¥128.50元' } }],
    ['phone number with symbols', { phone_number3: { value: '+86-0766-66888866' } }],
    ['five-character phrase', { phrase4: { value: '正在配送中' } }],
    ['keyword of a type without rules', { time5: { value: '2019年10月1日 15:01' } }],
  ])('accepts a %s', async (_case, data) => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    await emulator.subscribe('o-alice', [TEMPLATE]);

    expect(await emulator.send(token, { ...birthdayMessage('o-alice'), data })).toMatchObject({ errcode: 0 });
  });
});

describe('other WeChat paths', () => {
  it('answers an unknown API path with 40066 invalid url, as WeChat does', async () => {
    const emulator = emulatorUnderTest();

    expect(await emulator.getJson('/cgi-bin/no/such/api')).toMatchObject({ errcode: 40066 });
  });
});
