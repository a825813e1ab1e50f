import Taro from '@tarojs/taro';
import type { PhotoUploadGrant } from '@linli/shared/photos';
import type { ChosenPhoto } from './contract';

/** A photo upload can take a while on a phone network; storage's policy allows 10 minutes. */
const UPLOAD_TIMEOUT_MS = 120_000;

/**
 * Posts a photo to storage as the presigned POST asks: multipart/form-data with the grant's
 * fields, then the file as `file` (Taro.uploadFile appends it last, as S3 requires).
 */
export async function postPhotoToStorage(
  grant: PhotoUploadGrant,
  photo: ChosenPhoto,
  onProgress: (percent: number) => void,
  platformOptions: Partial<Taro.uploadFile.Option> = {},
): Promise<void> {
  const task = Taro.uploadFile({
    ...platformOptions,
    url: grant.url,
    filePath: photo.path,
    name: 'file',
    formData: grant.fields,
    timeout: UPLOAD_TIMEOUT_MS,
  });
  task.onProgressUpdate?.((update) => onProgress(update.progress));
  let result: Taro.uploadFile.SuccessCallbackResult;
  try {
    result = await task;
  } catch (error) {
    throw new Error(`upload failed: ${String((error as { errMsg?: string })?.errMsg ?? error)}`, { cause: error });
  }
  // S3 answers a good POST with 204; anything else (e.g. 403 past the policy's expiry) is a refusal.
  if (result.statusCode < 200 || result.statusCode >= 300) throw new Error(`storage refused the upload: HTTP ${result.statusCode}`);
  onProgress(100);
}
