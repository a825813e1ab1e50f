import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_MAX_BYTES, PHOTO_UPLOADS_PER_DAY, type PhotoUploadGrant } from '@linli/shared/photos';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// Complaint photos end to end against DynamoDB Local and a real s3rver: the presigned POST is sent
// the way wx.uploadFile sends it (multipart/form-data, the policy fields first, then `file`).

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<'buyer' | 'otherBuyer' | 'agent', string> = {} as never;
const memberIds: Record<'buyer' | 'otherBuyer' | 'agent', string> = {} as never;

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-ph-agent', role: 'agent', name: '客服小林', at: stack.clock().toISOString() });
  const agent = await api.login('ph-agent');
  tokens.agent = agent.token;
  memberIds.agent = agent.member.memberId;
  for (const who of ['buyer', 'otherBuyer'] as const) {
    const session = await api.login(`ph-${who}`);
    await api.join(session.token);
    tokens[who] = session.token;
    memberIds[who] = session.member.memberId;
  }
});
afterAll(() => stack?.close());

const jpeg = (size = 2048) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);

async function grant(token: string, request: { contentType: string; sizeBytes: number } = { contentType: 'image/jpeg', sizeBytes: 2048 }) {
  return api.json('POST', '/v1/me/photo-uploads', request, token);
}

/** Posts `bytes` with a grant's presigned POST, as the mini-program does. */
async function postToStorage(upload: PhotoUploadGrant, bytes: Buffer, overrideFields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...upload.fields, ...overrideFields })) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), 'photo.jpg');
  return fetch(upload.url, { method: 'POST', body: form });
}

/** A photo granted to and uploaded by the holder of `token`; its key. */
async function uploadedPhoto(token: string, bytes = jpeg()): Promise<string> {
  const response = await grant(token, { contentType: 'image/jpeg', sizeBytes: bytes.length });
  expect(response.status).toBe(200);
  const upload = (await response.json()) as PhotoUploadGrant;
  const stored = await postToStorage(upload, bytes);
  expect(stored.status).toBe(204);
  return upload.key;
}

const file = (token: string, photoKeys: string[], requestId: string = randomUUID()) =>
  api.json(
    'POST',
    '/v1/me/complaints',
    { requestId, category: 'quality', description: '收到的鸡蛋碎了两个', contactPreference: 'wechat', photoKeys },
    token,
  );

async function expectRefused(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect((await response.json()).error.code).toBe(code);
}

describe('upload grants', () => {
  it("grants a presigned POST for a key under the member's own prefix, with the type and size limit in its policy", async () => {
    const response = await grant(tokens.buyer, { contentType: 'image/png', sizeBytes: 5000 });
    expect(response.status).toBe(200);
    const upload = (await response.json()) as PhotoUploadGrant;
    expect(upload.key).toMatch(new RegExp(`^complaints/${memberIds.buyer}/p_[0-9A-Z]+\\.png$`));
    expect(upload.maxBytes).toBe(PHOTO_MAX_BYTES);
    expect(upload.fields).toMatchObject({ key: upload.key, 'Content-Type': 'image/png' });
    const policy = JSON.parse(Buffer.from(upload.fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, PHOTO_MAX_BYTES],
        ['eq', '$Content-Type', 'image/png'],
      ]),
    );
  });

  it('refuses other types, files over 10 MB, visitors and anonymous callers', async () => {
    await expectRefused(await grant(tokens.buyer, { contentType: 'image/gif', sizeBytes: 100 }), 400, 'VALIDATION_FAILED');
    await expectRefused(await grant(tokens.buyer, { contentType: 'image/jpeg', sizeBytes: PHOTO_MAX_BYTES + 1 }), 400, 'VALIDATION_FAILED');
    const visitor = await api.login('ph-visitor');
    await expectRefused(await grant(visitor.token), 409, 'NOT_JOINED');
    await expectRefused(
      await api.json('POST', '/v1/me/photo-uploads', { contentType: 'image/jpeg', sizeBytes: 100 }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it(`stops a member at ${PHOTO_UPLOADS_PER_DAY} grants a Shanghai day and lets them go on the next`, async () => {
    const session = await api.login('ph-busy');
    await api.join(session.token);
    stack.clock.set('2026-11-24T02:00:00.000Z');
    for (let i = 0; i < PHOTO_UPLOADS_PER_DAY; i++) expect((await grant(session.token)).status).toBe(200);
    await expectRefused(await grant(session.token), 429, 'PHOTO_UPLOAD_LIMIT_REACHED');
    // Others are not held back by this member's day.
    expect((await grant(tokens.otherBuyer)).status).toBe(200);
    stack.clock.set('2026-11-24T16:00:00.000Z'); // 00:00 the next day in Shanghai
    expect((await grant(session.token)).status).toBe(200);
  });
});

describe('filing with photos', () => {
  it('files a complaint whose view links to the very bytes uploaded, for the buyer and the desk', async () => {
    const bytes = jpeg(4096);
    const key = await uploadedPhoto(tokens.buyer, bytes);
    const response = await file(tokens.buyer, [key]);
    expect(response.status).toBe(200);
    const complaint = await response.json();
    expect(complaint.photos).toEqual([{ key, url: expect.stringContaining('X-Amz-Signature=') }]);

    const shown = await fetch(complaint.photos[0].url);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await shown.arrayBuffer()).equals(bytes)).toBe(true);

    const desk = await (await api.json('GET', `/v1/staff/complaints/${complaint.complaintId}`, undefined, tokens.agent)).json();
    expect(desk.photos.map((p: { key: string }) => p.key)).toEqual([key]);
  });

  it('answers a retried filing with the same complaint and its photos', async () => {
    const key = await uploadedPhoto(tokens.buyer);
    const requestId = randomUUID();
    const first = await (await file(tokens.buyer, [key], requestId)).json();
    const retried = await file(tokens.buyer, [key], requestId);
    expect(retried.status).toBe(200);
    const again = await retried.json();
    expect(again.complaintId).toBe(first.complaintId);
    expect(again.photos.map((p: { key: string }) => p.key)).toEqual([key]);
  });

  it("refuses another member's photo, and a key nobody was granted", async () => {
    const othersKey = await uploadedPhoto(tokens.otherBuyer);
    await expectRefused(await file(tokens.buyer, [othersKey]), 422, 'PHOTO_NOT_YOURS');
    await expectRefused(
      await file(tokens.buyer, [`complaints/${memberIds.buyer}/p_01JZZZZZZZZZZZZZZZZZZZZZZZ.jpg`]),
      422,
      'PHOTO_NOT_YOURS',
    );
  });

  it('refuses a photo granted but never uploaded', async () => {
    const upload = (await (await grant(tokens.buyer)).json()) as PhotoUploadGrant;
    await expectRefused(await file(tokens.buyer, [upload.key]), 422, 'PHOTO_NOT_UPLOADED');
  });

  it('refuses a photo stored over 10 MB (S3 refuses the POST itself; s3rver does not, so the API checks what is stored)', async () => {
    const upload = (await (
      await grant(tokens.buyer, { contentType: 'image/jpeg', sizeBytes: PHOTO_MAX_BYTES })
    ).json()) as PhotoUploadGrant;
    await postToStorage(upload, jpeg(PHOTO_MAX_BYTES + 1));
    await expectRefused(await file(tokens.buyer, [upload.key]), 422, 'PHOTO_TOO_LARGE');
  });

  it('refuses a photo stored with another content type than granted', async () => {
    const upload = (await (await grant(tokens.buyer)).json()) as PhotoUploadGrant;
    await postToStorage(upload, Buffer.from('<script>alert(1)</script>'), { 'Content-Type': 'text/html' });
    await expectRefused(await file(tokens.buyer, [upload.key]), 422, 'PHOTO_TYPE_NOT_ALLOWED');
  });

  it('refuses a photo already attached, to another complaint or a reply', async () => {
    const key = await uploadedPhoto(tokens.buyer);
    const { complaintId } = await (await file(tokens.buyer, [key])).json();
    await expectRefused(await file(tokens.buyer, [key]), 422, 'PHOTO_ALREADY_ATTACHED');
    await expectRefused(
      await api.json(
        'POST',
        `/v1/me/complaints/${complaintId}/replies`,
        { requestId: randomUUID(), text: '再看看这张', photoKeys: [key] },
        tokens.buyer,
      ),
      422,
      'PHOTO_ALREADY_ATTACHED',
    );
  });

  it('attaches a photo to one of two complaints filed with it at the same moment', async () => {
    const key = await uploadedPhoto(tokens.buyer);
    const answers = await Promise.all([file(tokens.buyer, [key]), file(tokens.buyer, [key])]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
    await expectRefused(
      answers.find((r) => r.status === 422)!,
      422,
      'PHOTO_ALREADY_ATTACHED',
    );
  });

  it("attaches all of a filing's photos or none", async () => {
    const good = await uploadedPhoto(tokens.buyer);
    const neverUploaded = ((await (await grant(tokens.buyer)).json()) as PhotoUploadGrant).key;
    await expectRefused(await file(tokens.buyer, [good, neverUploaded]), 422, 'PHOTO_NOT_UPLOADED');
    expect((await file(tokens.buyer, [good])).status).toBe(200);
  });

  it('takes up to 6 photos; 7, or one named twice, is a 400', async () => {
    const keys = await Promise.all(Array.from({ length: 7 }, () => uploadedPhoto(tokens.buyer, jpeg(256))));
    const seven = await file(tokens.buyer, keys);
    await expectRefused(seven, 400, 'VALIDATION_FAILED');
    await expectRefused(await file(tokens.buyer, [keys[0]!, keys[0]!]), 400, 'VALIDATION_FAILED');
    const six = await file(tokens.buyer, keys.slice(0, 6));
    expect(six.status).toBe(200);
    expect((await six.json()).photos).toHaveLength(6);
  });
});

describe('replies with photos and who sees them', () => {
  it("shows the buyer's and the agent's reply photos in the timeline, to the buyer and the desk", async () => {
    const { complaintId } = await (await file(tokens.buyer, [])).json();
    const buyerKey = await uploadedPhoto(tokens.buyer);
    const replied = await api.json(
      'POST',
      `/v1/me/complaints/${complaintId}/replies`,
      { requestId: randomUUID(), text: '补一张外箱的照片', photoKeys: [buyerKey] },
      tokens.buyer,
    );
    expect(replied.status).toBe(200);

    const agentBytes = jpeg(3000);
    const agentKey = await uploadedPhoto(tokens.agent, agentBytes);
    expect(agentKey.startsWith(`complaints/${memberIds.agent}/`)).toBe(true);
    const answered = await api.json(
      'POST',
      `/v1/staff/complaints/${complaintId}/replies`,
      { requestId: randomUUID(), text: '这是补发的包裹', photoKeys: [agentKey] },
      tokens.agent,
    );
    expect(answered.status).toBe(200);

    const view = await (await api.json('GET', `/v1/me/complaints/${complaintId}`, undefined, tokens.buyer)).json();
    const replies = view.timeline.filter((e: { type: string }) => e.type === 'reply') as Array<{
      by: string;
      photos: Array<{ key: string; url: string }>;
    }>;
    expect(replies.map((r) => [r.by, r.photos.map((p) => p.key)])).toEqual([
      ['buyer', [buyerKey]],
      ['agent', [agentKey]],
    ]);
    const shown = await fetch(replies[1]!.photos[0]!.url);
    expect(Buffer.from(await shown.arrayBuffer()).equals(agentBytes)).toBe(true);

    const desk = await (await api.json('GET', `/v1/staff/complaints/${complaintId}`, undefined, tokens.agent)).json();
    expect(desk.timeline.flatMap((e: { photos?: Array<{ key: string }> }) => e.photos ?? []).map((p: { key: string }) => p.key)).toEqual([
      buyerKey,
      agentKey,
    ]);
  });

  it("refuses an agent's reply with a buyer's photo", async () => {
    const { complaintId } = await (await file(tokens.buyer, [])).json();
    const buyerKey = await uploadedPhoto(tokens.buyer);
    await expectRefused(
      await api.json(
        'POST',
        `/v1/staff/complaints/${complaintId}/replies`,
        { requestId: randomUUID(), text: '看图', photoKeys: [buyerKey] },
        tokens.agent,
      ),
      422,
      'PHOTO_NOT_YOURS',
    );
  });

  it('gives another buyer 404 for the complaint, so never its photo links, and refuses its photos on their own complaint', async () => {
    const key = await uploadedPhoto(tokens.buyer);
    const { complaintId } = await (await file(tokens.buyer, [key])).json();
    const peek = await api.json('GET', `/v1/me/complaints/${complaintId}`, undefined, tokens.otherBuyer);
    await expectRefused(peek, 404, 'COMPLAINT_NOT_FOUND');
    const list = await (await api.json('GET', '/v1/me/complaints', undefined, tokens.otherBuyer)).json();
    expect(JSON.stringify(list)).not.toContain(key);
    await expectRefused(
      await api.json(
        'POST',
        `/v1/me/complaints/${complaintId}/replies`,
        { requestId: randomUUID(), text: '我也要看', photoKeys: [] },
        tokens.otherBuyer,
      ),
      404,
      'COMPLAINT_NOT_FOUND',
    );
    await expectRefused(await file(tokens.otherBuyer, [key]), 422, 'PHOTO_NOT_YOURS');
  });
});
