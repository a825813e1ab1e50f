/** Every photo object lives under this prefix; the API function may write and read only there (infra/). */
export const PHOTO_OBJECT_PREFIX = 'complaints/';

/** The object key of a new photo: under its uploader's own prefix, chosen by the API, never by the client. */
export function photoObjectKey(memberId: string, photoId: string, extension: string): string {
  return `${PHOTO_OBJECT_PREFIX}${memberId}/${photoId}.${extension}`;
}
