import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsClientSettings, reportOutagesAs, type AwsClientTimeouts } from '../platform/dependency-faults.ts';
import type { PhotoStore } from './photo-store.ts';

/** How long a display link works after it is handed out (at least; see displayUrl). */
export const DISPLAY_URL_MIN_SECONDS = 15 * 60;
// Display links are signed as of the start of a 5-minute window, so the same photo keeps the
// same URL for 5 minutes and the mini-program's image cache can reuse it.
const DISPLAY_URL_WINDOW_SECONDS = 5 * 60;

// s3rver's built-in account: it checks that presigned requests name this access key.
const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3PhotoStoreOptions {
  bucket: string;
  region: string;
  /** Set only locally: the S3-compatible server's URL. */
  endpoint?: string;
  /** Address the bucket in the path (http://host/bucket/key), as a local server on an IP needs. */
  forcePathStyle?: boolean;
  /** How long a call waits on silent storage (tests set small ones); AWS_CLIENT_TIMEOUTS when omitted. */
  timeouts?: AwsClientTimeouts;
}

/**
 * The PhotoStore over Amazon S3 (or, locally, s3rver). Signing uses the machine's real time, not
 * the domain clock: storage checks signatures and expiry against real time.
 */
export function createS3PhotoStore(options: S3PhotoStoreOptions): PhotoStore {
  const client = reportOutagesAs(
    new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle ?? false,
      ...awsClientSettings(options.timeouts),
      ...(options.endpoint ? { endpoint: options.endpoint, credentials: { ...LOCAL_S3_CREDENTIALS } } : {}),
    }),
    'storage',
  );
  const { bucket } = options;

  return {
    async createUpload({ key, contentType, maxBytes, expiresInSeconds }) {
      return createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Fields: { 'Content-Type': contentType },
        Conditions: [
          ['content-length-range', 1, maxBytes],
          ['eq', '$Content-Type', contentType],
        ],
        Expires: expiresInSeconds,
      });
    },

    displayUrl(key) {
      const windowMs = DISPLAY_URL_WINDOW_SECONDS * 1000;
      const signingDate = new Date(Math.floor(Date.now() / windowMs) * windowMs);
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
        signingDate,
        expiresIn: DISPLAY_URL_MIN_SECONDS + DISPLAY_URL_WINDOW_SECONDS,
      });
    },

    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { sizeBytes: head.ContentLength ?? 0, contentType: head.ContentType ?? null };
      } catch (error) {
        // The function may not list the bucket (only Put/GetObject on the photos prefix), and
        // without s3:ListBucket S3 answers a missing key with 403 rather than 404.
        const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
        if (status === 404 || status === 403) return null;
        throw error;
      }
    },

    async listKeys(prefix) {
      const found: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key) found.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return found;
    },

    async deleteObjects(keys) {
      // One request per key: a member has a handful of photos, and DeleteObject needs no Content-MD5.
      for (const key of new Set(keys)) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
