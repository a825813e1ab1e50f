import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ExportStore } from './export-store.ts';

// s3rver's built-in account: it checks that presigned requests name this access key.
const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3ExportStoreOptions {
  bucket: string;
  region: string;
  /** Set only locally: the S3-compatible server's URL. */
  endpoint?: string;
  /** Address the bucket in the path, as a local server on an IP needs. */
  forcePathStyle?: boolean;
  /**
   * The time links are signed at: the machine's real time (storage checks expiry against real time,
   * not the domain clock). Tests sign in the past to see an expired link refused.
   */
  now?: () => Date;
}

/** The ExportStore over Amazon S3 (or, locally, s3rver). */
export function createS3ExportStore(options: S3ExportStoreOptions): ExportStore {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { ...LOCAL_S3_CREDENTIALS } } : {}),
  });
  const { bucket } = options;
  const now = options.now ?? (() => new Date());

  return {
    async put({ key, body, contentType }) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },

    downloadUrl({ key, fileName, expiresInSeconds }) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          // Saved under its own name (RFC 6266's UTF-8 form: names are ASCII, but the form is safe for any).
          ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        }),
        { signingDate: now(), expiresIn: expiresInSeconds },
      );
    },

    async remove(keys) {
      // One request per file: an export has a dozen at most, and DeleteObject of a missing key succeeds.
      for (const key of keys) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
