/**
 * Where photos live: object storage that the mini-program uploads to directly, with presigned
 * requests, so photo bytes never pass through the API function.
 */
export interface PhotoStore {
  /**
   * A presigned POST (multipart/form-data, the only upload wx.uploadFile can send): the client
   * posts `fields` and then the file, named `file`, to `url`. Storage refuses a different
   * content type, a body over `maxBytes`, or a post after `expiresInSeconds`.
   */
  createUpload(request: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds: number;
  }): Promise<{ url: string; fields: Record<string, string> }>;
  /** A short-lived signed GET link for showing the photo. */
  displayUrl(key: string): Promise<string>;
  /** What storage holds under `key`, or null when nothing was uploaded there. */
  stat(key: string): Promise<{ sizeBytes: number; contentType: string | null } | null>;
  /** Every object key under `prefix` (a member's own prefix, when their account is deleted). */
  listKeys(prefix: string): Promise<string[]>;
  /** Deletes the objects (a key with nothing stored is no error), so a retried deletion is harmless. */
  deleteObjects(keys: readonly string[]): Promise<void>;
}

/** The store of a function deployed without the photos bucket (the scheduled jobs): any use is a deployment error. */
export const NO_PHOTO_STORE: PhotoStore = {
  createUpload: () => Promise.reject(new Error('No photos bucket for this function (LINLI_PHOTOS_BUCKET is not set)')),
  displayUrl: () => Promise.reject(new Error('No photos bucket for this function (LINLI_PHOTOS_BUCKET is not set)')),
  stat: () => Promise.reject(new Error('No photos bucket for this function (LINLI_PHOTOS_BUCKET is not set)')),
  listKeys: () => Promise.reject(new Error('No photos bucket for this function (LINLI_PHOTOS_BUCKET is not set)')),
  deleteObjects: () => Promise.reject(new Error('No photos bucket for this function (LINLI_PHOTOS_BUCKET is not set)')),
};
