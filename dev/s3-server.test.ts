import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3PhotoStore } from '../functions/src/photos/s3-photo-store.ts';
import { startLocalS3, type LocalS3 } from './s3-server.ts';

const started: LocalS3[] = [];
const tempDirs: string[] = [];

async function start(options: Partial<Parameters<typeof startLocalS3>[0]> = {}): Promise<LocalS3> {
  const s3 = await startLocalS3({ bucket: 'linli-photos', ...options });
  started.push(s3);
  return s3;
}

const storeFor = (s3: LocalS3) =>
  createS3PhotoStore({ bucket: s3.bucket, region: 'ap-southeast-1', endpoint: s3.endpoint, forcePathStyle: true });

async function postPhoto(s3: LocalS3, key: string, bytes: Buffer, origin?: string) {
  const upload = await storeFor(s3).createUpload({ key, contentType: 'image/png', maxBytes: 1024, expiresInSeconds: 60 });
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), 'p.png');
  return fetch(upload.url, { method: 'POST', body: form, headers: origin ? { origin } : {} });
}

afterEach(async () => {
  for (const s3 of started.splice(0)) await s3.stop();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the local S3 server', () => {
  it('takes a presigned POST and serves the object on a signed GET link', async () => {
    const s3 = await start();
    const bytes = Buffer.from('not really a png');
    expect((await postPhoto(s3, 'complaints/m_1/p_1.png', bytes)).status).toBe(204);
    const store = storeFor(s3);
    expect(await store.stat('complaints/m_1/p_1.png')).toEqual({ sizeBytes: bytes.length, contentType: 'image/png' });
    expect(await store.stat('complaints/m_1/missing.png')).toBeNull();
    const shown = await fetch(await store.displayUrl('complaints/m_1/p_1.png'));
    expect(Buffer.from(await shown.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('lets a page on a loopback origin post and read, and no other origin', async () => {
    const s3 = await start();
    const local = await postPhoto(s3, 'complaints/m_1/p_2.png', Buffer.from('x'), 'http://127.0.0.1:10086');
    expect(local.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086');
    const elsewhere = await postPhoto(s3, 'complaints/m_1/p_3.png', Buffer.from('x'), 'https://evil.example');
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps objects in its directory across restarts, and removes a temporary one on stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-s3-test-'));
    tempDirs.push(dir);
    const first = await startLocalS3({ bucket: 'linli-photos', directory: dir });
    await postPhoto(first, 'complaints/m_1/kept.png', Buffer.from('kept'));
    await first.stop();
    const second = await start({ directory: dir });
    expect(await storeFor(second).stat('complaints/m_1/kept.png')).toMatchObject({ sizeBytes: 4 });

    const temporary = await startLocalS3({ bucket: 'linli-photos' });
    await postPhoto(temporary, 'complaints/m_1/gone.png', Buffer.from('gone'));
    expect(existsSync(temporary.directory)).toBe(true);
    await temporary.stop();
    expect(existsSync(temporary.directory)).toBe(false);
  });
});
