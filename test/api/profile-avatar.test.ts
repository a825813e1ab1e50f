import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberView } from '@linli/shared/members';
import type { PhotoUploadGrant } from '@linli/shared/photos';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// 我的资料: the WeChat nickname and avatar (chooseAvatar's temporary file, uploaded like complaint
// photos with purpose "avatar", then named as avatarKey), shown on the member card.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let buyer: string;
let other: string;

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z' });
  api = apiClient(stack);
  const a = await api.login('pa-buyer');
  await api.join(a.token);
  buyer = a.token;
  const b = await api.login('pa-other');
  await api.join(b.token);
  other = b.token;
});
afterAll(() => stack?.close());

const png = (size = 1024) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(size - 4)]);

/** Granted to the holder of `token` for `purpose` and uploaded to storage; its key. */
async function uploaded(token: string, purpose?: 'avatar' | 'complaint'): Promise<string> {
  const bytes = png();
  const response = await api.json(
    'POST',
    '/v1/me/photo-uploads',
    { contentType: 'image/png', sizeBytes: bytes.length, ...(purpose ? { purpose } : {}) },
    token,
  );
  expect(response.status).toBe(200);
  const grant = (await response.json()) as PhotoUploadGrant;
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), 'avatar.png');
  expect((await fetch(grant.url, { method: 'POST', body: form })).status).toBe(204);
  return grant.key;
}

const patch = (token: string, body: unknown) => api.json('PATCH', '/v1/me', body, token);
const me = async (token: string) => (await (await api.json('GET', '/v1/me', undefined, token)).json()) as MemberView;

async function expectRefused(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect((await response.json()).error.code).toBe(code);
}

describe('nickname', () => {
  it('is stored trimmed and shown on the card', async () => {
    const response = await patch(buyer, { nickname: '  林小满🍊 ' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as MemberView).nickname).toBe('林小满🍊');
    expect((await me(buyer)).nickname).toBe('林小满🍊');
  });

  it('refuses an empty, too long or control-character nickname, and keeps the one stored', async () => {
    for (const nickname of ['   ', '很'.repeat(21), '林\n小满', '林\u0000满', '\u2028', 42]) {
      const response = await patch(buyer, { nickname });
      await expectRefused(response, 400, 'VALIDATION_FAILED');
    }
    expect((await patch(buyer, { nickname: '🍊'.repeat(20) })).status).toBe(200);
    expect((await me(buyer)).nickname).toBe('🍊'.repeat(20));
  });
});

describe('avatar', () => {
  it('attaches the member’s own avatar upload and shows it on the card as a readable link', async () => {
    const key = await uploaded(buyer, 'avatar');
    const response = await patch(buyer, { avatarKey: key });
    expect(response.status).toBe(200);
    const card = await me(buyer);
    expect(card.avatarUrl).toEqual(expect.stringContaining(key));
    const image = await fetch(card.avatarUrl!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    // A retry of the same change is the same change (the upload is already theirs).
    expect((await patch(buyer, { avatarKey: key })).status).toBe(200);
  });

  it("refuses another member's upload, an unknown key, a photo not uploaded yet and a complaint photo", async () => {
    await expectRefused(await patch(buyer, { avatarKey: await uploaded(other, 'avatar') }), 422, 'PHOTO_NOT_YOURS');
    await expectRefused(await patch(buyer, { avatarKey: 'complaints/nobody/p_1.png' }), 422, 'PHOTO_NOT_YOURS');
    const granted = (await (
      await api.json('POST', '/v1/me/photo-uploads', { contentType: 'image/png', sizeBytes: 100, purpose: 'avatar' }, buyer)
    ).json()) as PhotoUploadGrant;
    await expectRefused(await patch(buyer, { avatarKey: granted.key }), 422, 'PHOTO_NOT_UPLOADED');
    await expectRefused(await patch(buyer, { avatarKey: await uploaded(buyer) }), 400, 'VALIDATION_FAILED');
    await expectRefused(await patch(buyer, { avatarKey: '../../etc/passwd' }), 422, 'PHOTO_NOT_YOURS');
    await expectRefused(await patch(buyer, { avatarKey: 'a b' }), 400, 'VALIDATION_FAILED');
    await expectRefused(
      await api.json('POST', '/v1/me/photo-uploads', { contentType: 'image/png', sizeBytes: 100, purpose: 'banner' }, buyer),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('cannot take an upload already attached to someone’s avatar', async () => {
    const key = await uploaded(other, 'avatar');
    expect((await patch(other, { avatarKey: key })).status).toBe(200);
    const newer = await uploaded(other, 'avatar');
    expect((await patch(other, { avatarKey: newer })).status).toBe(200);
    // Going back to the first one: it was attached already.
    await expectRefused(await patch(other, { avatarKey: key }), 422, 'PHOTO_ALREADY_ATTACHED');
    expect((await me(other)).avatarUrl).toEqual(expect.stringContaining(newer));
  });

  it('is removed with null, and a visitor cannot set one', async () => {
    expect((await patch(buyer, { avatarKey: null })).status).toBe(200);
    expect((await me(buyer)).avatarUrl).toBeNull();
    const visitor = await api.login('pa-visitor');
    await expectRefused(await patch(visitor.token, { avatarKey: 'complaints/x/p_1.png' }), 409, 'NOT_JOINED');
  });
});
