import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { PHOTO_CONTENT_TYPES, PHOTO_MAX_BYTES, type PhotoContentType } from '@linli/shared/photos';
import type { ChosenPhoto } from '@/platform/contract';

/** One picked photo on its way to storage, as its tile shows it. */
export interface PhotoUploadItem {
  id: string;
  photo: ChosenPhoto;
  status: 'uploading' | 'done' | 'failed';
  /** 0–100 while uploading. */
  progress: number;
  /** The storage key, once uploaded: what a complaint or reply names. */
  key: string | null;
  failure: string | null;
  /** False when the file itself is refused (type, size): only removing it helps. */
  retryable: boolean;
}

export function isPhotoContentType(mimeType: string): mimeType is PhotoContentType {
  return (PHOTO_CONTENT_TYPES as readonly string[]).includes(mimeType);
}

/** Why a picked file can never be uploaded, or null when it can. */
export function photoRefusal(photo: ChosenPhoto): string | null {
  if (!isPhotoContentType(photo.mimeType)) return ERROR_TEXT_ZH.PHOTO_TYPE_NOT_ALLOWED;
  if (photo.sizeBytes > PHOTO_MAX_BYTES) return ERROR_TEXT_ZH.PHOTO_TOO_LARGE;
  return null;
}

/** A tile for a freshly picked photo: uploading, or failed at once when the file is refused. */
export function newUploadItem(id: string, photo: ChosenPhoto): PhotoUploadItem {
  const refusal = photoRefusal(photo);
  return refusal
    ? { id, photo, status: 'failed', progress: 0, key: null, failure: refusal, retryable: false }
    : { id, photo, status: 'uploading', progress: 0, key: null, failure: null, retryable: true };
}

/** The keys to send, in the order the photos were picked. */
export function uploadedKeys(items: readonly PhotoUploadItem[]): string[] {
  return items.flatMap((item) => (item.status === 'done' && item.key ? [item.key] : []));
}

/** What stops the form from being sent now (in Chinese), or null when nothing does. */
export function submitBlocker(items: readonly PhotoUploadItem[]): string | null {
  if (items.some((item) => item.status === 'uploading')) return '图片上传中，请稍候';
  if (items.some((item) => item.status === 'failed')) return '有图片上传失败，请重试或删除';
  return null;
}
