import Taro from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import type { ComplaintView } from '@linli/shared/complaints';
import '@/components/photo-picker/index.css';

/** Photos of a complaint or a reply, through their short-lived links; a tap shows them full size. */
export function PhotoGrid({ photos, testPrefix }: { photos: ComplaintView['photos']; testPrefix: string }) {
  if (photos.length === 0) return null;
  const urls = photos.map((photo) => photo.url);
  return (
    <View className="photo-grid" data-testid={`${testPrefix}-photos`}>
      {photos.map((photo) => (
        <View key={photo.key} className="photo-tile" data-testid={`${testPrefix}-photo`}>
          <Image
            className="photo-tile__image"
            src={photo.url}
            mode="aspectFill"
            lazyLoad
            onClick={() => void Taro.previewImage({ urls, current: photo.url }).catch(() => undefined)}
          />
        </View>
      ))}
    </View>
  );
}
