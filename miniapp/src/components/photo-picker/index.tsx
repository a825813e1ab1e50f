import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { PrivacyAuthorizationPopup } from '@/components/privacy-authorization';
import type { PhotoUploads } from './usePhotoUploads';
import './index.css';

export { usePhotoUploads, type PhotoUploads } from './usePhotoUploads';

/**
 * Thumbnails of the photos picked for a form, each with its upload progress, 重试 when it
 * failed and × to remove it, and a tile to add more while there is room. Tapping an uploaded
 * photo shows it full size. Choosing photos is privacy-protected in WeChat: the picker brings the
 * privacy popup that asks for the user's agreement first.
 */
export function PhotoPicker({ uploads, testPrefix, disabled = false }: { uploads: PhotoUploads; testPrefix: string; disabled?: boolean }) {
  const { items, max } = uploads;
  const preview = (path: string) => {
    void Taro.previewImage({ urls: items.map((item) => item.photo.path), current: path }).catch(() => undefined);
  };
  return (
    <View className="photo-picker" data-testid={`${testPrefix}-photos`}>
      {items.map((item) => (
        <View
          key={item.id}
          className={`photo-tile photo-tile--${item.status}`}
          data-testid={`${testPrefix}-photo`}
          data-status={item.status}
        >
          <Image className="photo-tile__image" src={item.photo.path} mode="aspectFill" onClick={() => preview(item.photo.path)} />
          {item.status === 'uploading' && <Text className="photo-tile__overlay">{item.progress}%</Text>}
          {item.status === 'failed' && (
            <View className="photo-tile__overlay photo-tile__overlay--failed">
              <Text className="photo-tile__failure">{item.failure}</Text>
              {item.retryable && (
                <Text className="photo-tile__retry" data-testid={`${testPrefix}-photo-retry`} onClick={() => uploads.retry(item.id)}>
                  重试
                </Text>
              )}
            </View>
          )}
          {!disabled && (
            <Text className="photo-tile__remove" data-testid={`${testPrefix}-photo-remove`} onClick={() => uploads.remove(item.id)}>
              ×
            </Text>
          )}
        </View>
      ))}
      {items.length < max && !disabled && (
        <View className="photo-tile photo-tile--add" data-testid={`${testPrefix}-photo-add`} onClick={() => void uploads.add()}>
          <Text className="photo-tile__plus">+</Text>
          <Text className="photo-tile__hint">
            添加图片 {items.length}/{max}
          </Text>
        </View>
      )}
      <PrivacyAuthorizationPopup />
    </View>
  );
}
