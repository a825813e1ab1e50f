import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * s3rver, an S3-compatible server in Node, standing in for Amazon S3 on this machine: the API
 * presigns uploads and display links against it exactly as it does against S3.
 *
 * Unlike S3 it does not check a POST upload's policy (content type, size, expiry) nor V4
 * signatures, only that they are present and the link has not expired: the API's own check of
 * each photo when it is attached (its size and type, read back from storage) is what holds locally.
 */
export interface LocalS3 {
  endpoint: string;
  port: number;
  bucket: string;
  /** The other buckets created beside it (the data exports'). */
  otherBuckets: string[];
  /** Where the objects are kept. */
  directory: string;
  stop(): Promise<void>;
}

export interface LocalS3Options {
  bucket: string;
  /** More buckets to create, with the same CORS (the data exports' bucket beside the photos'). */
  otherBuckets?: string[];
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** Keep objects in this directory; a temporary one, removed on stop, when omitted. */
  directory?: string;
}

// The H5 build posts photos from its own origin (the dev server's, or a test's free port) and
// shows them with <img>; only loopback origins exist locally.
const LOCAL_ORIGINS = ['http://127.0.0.1:*', 'http://localhost:*'];
const LOCAL_CORS = `<CORSConfiguration>${LOCAL_ORIGINS.map(
  (origin) => `
  <CORSRule>
    <AllowedOrigin>${origin}</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>`,
).join('')}
</CORSConfiguration>`;

/** Starts s3rver on 127.0.0.1 with the buckets created and CORS set for local origins. */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const temporary = options.directory === undefined;
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'linli-s3-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: [options.bucket, ...(options.otherBuckets ?? [])].map((name) => ({ name, configs: [LOCAL_CORS] })),
  });
  let address;
  try {
    address = await server.run();
  } catch (error) {
    if (temporary) rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    bucket: options.bucket,
    otherBuckets: options.otherBuckets ?? [],
    directory,
    async stop() {
      await server.close();
      if (temporary) rmSync(directory, { recursive: true, force: true });
    },
  };
}
