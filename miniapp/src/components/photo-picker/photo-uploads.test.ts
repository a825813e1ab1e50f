import { describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { PHOTO_MAX_BYTES } from '@linli/shared/photos';
import { newUploadItem, submitBlocker, uploadedKeys, type PhotoUploadItem } from './photo-uploads';

const photo = (mimeType = 'image/jpeg', sizeBytes = 1000) => ({ path: 'wxfile://tmp_1.jpg', sizeBytes, mimeType });
const item = (overrides: Partial<PhotoUploadItem>): PhotoUploadItem => ({ ...newUploadItem('1', photo()), ...overrides });

describe('picked photos', () => {
  it('start uploading when they are JPEG, PNG or WebP up to 10 MB', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/webp'])
      expect(newUploadItem('1', photo(type, PHOTO_MAX_BYTES)).status).toBe('uploading');
  });

  it('fail at once, for good, when of another type or too large', () => {
    expect(newUploadItem('1', photo('image/heic'))).toMatchObject({
      status: 'failed',
      retryable: false,
      failure: ERROR_TEXT_ZH.PHOTO_TYPE_NOT_ALLOWED,
    });
    expect(newUploadItem('1', photo('', 10))).toMatchObject({ status: 'failed', retryable: false });
    expect(newUploadItem('1', photo('image/png', PHOTO_MAX_BYTES + 1))).toMatchObject({
      status: 'failed',
      retryable: false,
      failure: ERROR_TEXT_ZH.PHOTO_TOO_LARGE,
    });
  });
});

describe('sending the form', () => {
  it('sends the uploaded keys in the order picked', () => {
    const items = [item({ id: 'a', status: 'done', key: 'k/a' }), item({ id: 'b', status: 'done', key: 'k/b' })];
    expect(uploadedKeys(items)).toEqual(['k/a', 'k/b']);
    expect(submitBlocker(items)).toBeNull();
  });

  it('waits for uploads still running, and for failed ones to be retried or removed', () => {
    expect(submitBlocker([item({ status: 'done', key: 'k' }), item({ status: 'uploading' })])).toBe('图片上传中，请稍候');
    expect(submitBlocker([item({ status: 'failed', failure: 'x' })])).toBe('有图片上传失败，请重试或删除');
    expect(submitBlocker([])).toBeNull();
  });
});
