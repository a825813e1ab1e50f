import { describe, expect, it } from 'vitest';
import { APP_ID, emulatorUnderTest, type EmulatorUnderTest } from './test-support.ts';

async function getPhoneNumber(emulator: EmulatorUnderTest, body: unknown, token?: string) {
  const accessToken = token ?? (await emulator.stableToken());
  return emulator.postJson(`/wxa/business/getuserphonenumber?access_token=${accessToken}`, body);
}

describe('POST /wxa/business/getuserphonenumber', () => {
  it('turns dev-phone-<number> into phone_info with a watermark', async () => {
    const emulator = emulatorUnderTest();

    const answer = await getPhoneNumber(emulator, { code: 'dev-phone-13800138000' });

    expect(answer).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800138000',
        purePhoneNumber: '13800138000',
        countryCode: '86',
        watermark: { timestamp: Date.parse('2025-03-01T00:00:00Z') / 1000, appid: APP_ID },
      },
    });
  });

  it.each([
    ['a code not of the dev-phone form', 'e31968a7f94cc5ee25fafc2aef2773f0'],
    ['a number not starting with 1', 'dev-phone-23800138000'],
    ['a number of 10 digits', 'dev-phone-1380013800'],
  ])('answers %s with 40029 invalid code', async (_case, code) => {
    const emulator = emulatorUnderTest();

    expect(await getPhoneNumber(emulator, { code })).toMatchObject({ errcode: 40029 });
  });

  it('accepts each code once within 5 minutes, answering 40029 after that', async () => {
    const emulator = emulatorUnderTest();
    await getPhoneNumber(emulator, { code: 'dev-phone-13800138000' });

    expect(await getPhoneNumber(emulator, { code: 'dev-phone-13800138000' })).toMatchObject({ errcode: 40029 });
    expect(await getPhoneNumber(emulator, { code: 'dev-phone-13800138000.again' })).toMatchObject({ errcode: 0 });
  });

  it('answers a missing code with 41008', async () => {
    const emulator = emulatorUnderTest();

    expect(await getPhoneNumber(emulator, {})).toMatchObject({ errcode: 41008 });
  });

  it('checks the access token first: 41001 missing, 40001 unknown', async () => {
    const emulator = emulatorUnderTest();
    const body = { code: 'dev-phone-13800138000' };

    expect(await emulator.postJson('/wxa/business/getuserphonenumber', body)).toMatchObject({ errcode: 41001 });
    expect(await getPhoneNumber(emulator, body, 'made-up')).toMatchObject({ errcode: 40001 });
  });
});
