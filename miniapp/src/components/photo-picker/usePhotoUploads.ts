import { useRef, useState } from 'react';
import { COMPLAINT_PHOTOS_MAX } from '@linli/shared/complaints';
import type { PhotoPurpose } from '@linli/shared/photos';
import { requestPhotoUpload } from '@/api/linli';
import { ApiError, errorText } from '@/api/errors';
import { platform } from '@/platform';
import type { ChosenPhoto } from '@/platform/contract';
import { isPhotoContentType, newUploadItem, submitBlocker, uploadedKeys, type PhotoUploadItem } from './photo-uploads';

export interface PhotoUploads {
  items: PhotoUploadItem[];
  /** Picks more photos (up to the room left) and starts uploading each. Call it from a tap. */
  add(): Promise<void>;
  retry(id: string): void;
  remove(id: string): void;
  /** Forgets every photo (after the form was sent). */
  reset(): void;
  /** The uploaded photos' keys, for photoKeys. */
  keys: string[];
  /** Why the form cannot be sent yet, or null. */
  blocker: string | null;
  max: number;
}

/**
 * Photos picked for one form, each uploaded straight to storage through an upload grant as
 * soon as it is picked, so sending the form only names keys. Buyers' and staff forms alike.
 */
export function usePhotoUploads(max: number = COMPLAINT_PHOTOS_MAX, purpose: PhotoPurpose = 'complaint'): PhotoUploads {
  const [items, setItems] = useState<PhotoUploadItem[]>([]);
  const current = useRef(items);
  current.current = items;
  const nextId = useRef(0);

  // An item removed mid-upload is simply not found any more: its late updates change nothing.
  const update = (id: string, patch: Partial<PhotoUploadItem>) =>
    setItems((list) => list.map((item) => (item.id === id ? { ...item, ...patch } : item)));

  const upload = async (id: string, photo: ChosenPhoto) => {
    update(id, { status: 'uploading', progress: 0, failure: null });
    try {
      if (!isPhotoContentType(photo.mimeType)) throw new Error('unreachable: refused files are never uploaded');
      const grant = await requestPhotoUpload({ contentType: photo.mimeType, sizeBytes: photo.sizeBytes, purpose });
      await platform.uploadPhoto(grant, photo, (progress) => update(id, { progress }));
      update(id, { status: 'done', progress: 100, key: grant.key });
    } catch (error) {
      update(id, { status: 'failed', failure: error instanceof ApiError ? errorText(error) : '上传失败，请重试' });
    }
  };

  const add = async () => {
    const room = max - current.current.length;
    if (room <= 0) return;
    const picked = (await platform.choosePhotos(room)).slice(0, room);
    const fresh = picked.map((photo) => newUploadItem(`photo-${++nextId.current}`, photo));
    setItems((list) => [...list, ...fresh]);
    for (const item of fresh) if (item.status === 'uploading') void upload(item.id, item.photo);
  };

  const retry = (id: string) => {
    const item = current.current.find((candidate) => candidate.id === id);
    if (item?.status === 'failed' && item.retryable) void upload(id, item.photo);
  };

  return {
    items,
    add,
    retry,
    remove: (id) => setItems((list) => list.filter((item) => item.id !== id)),
    reset: () => setItems([]),
    keys: uploadedKeys(items),
    blocker: submitBlocker(items),
    max,
  };
}
