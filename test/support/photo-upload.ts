import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { PhotoPurpose, PhotoUploadGrant } from '@linli/shared/photos';
import type { apiClient } from './api-client.ts';

/**
 * A photo granted to the holder of `token` and posted to storage the way wx.uploadFile posts it
 * (the presigned policy's fields first, then `file`); answers its key.
 */
export async function uploadedPhoto(
  api: ReturnType<typeof apiClient>,
  token: string,
  purpose: PhotoPurpose = 'complaint',
): Promise<string> {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1020)]);
  const granted = await api.json('POST', '/v1/me/photo-uploads', { contentType: 'image/jpeg', sizeBytes: bytes.length, purpose }, token);
  expect(granted.status, await granted.clone().text()).toBe(200);
  const upload = (await granted.json()) as PhotoUploadGrant;
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), 'photo.jpg');
  expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBe(204);
  return upload.key;
}
