import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { WECHAT_EMULATOR } from '@/env';
import { errorText } from '@/api/errors';
import { newCodeNonce } from '@/api/request-id';
import type {
  AvatarChooserProps,
  ChosenPhoto,
  CouponCodeCaptureProps,
  LoginPanelProps,
  PhoneCaptureProps,
  Platform,
  SubscribeResults,
} from './contract';
import { postPhotoToStorage } from './photo-upload';
import { subscribeResultsFrom } from './subscribe-result';
import { whileBusy } from '@/components/button-state';
import { CouponCodeInput } from '@/components/coupon-code-input';
import './platform.css';

// The H5 build has no WeChat client. The local WeChat emulator accepts codes made from a
// developer login name (dev-<name> → openid o-<name>) and phone numbers (dev-phone-<number>).
const DEV_NAME_KEY = 'linli.devLoginName';
const DEV_NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const PHONE_PATTERN = /^1\d{10}$/;

function LoginPanel({ onCode }: LoginPanelProps) {
  const [name, setName] = useState<string>(() => Taro.getStorageSync(DEV_NAME_KEY) || '');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    const trimmed = name.trim();
    if (!DEV_NAME_PATTERN.test(trimmed)) {
      setFailure('登录名只能包含字母、数字、- 和 _');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      Taro.setStorageSync(DEV_NAME_KEY, trimmed);
      // Each login is a fresh one-time code, as wx.login gives on WeChat.
      await onCode(`dev-${trimmed}.${newCodeNonce()}`);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="login-panel login-panel--form" data-testid="login-panel">
      <Text className="login-panel__title">开发者登录</Text>
      <Text className="login-panel__hint">H5 版没有微信客户端，输入任意登录名即可模拟一位微信用户。</Text>
      <Input
        className="field"
        data-testid="dev-login-name"
        placeholder="开发者登录名，如 demo"
        value={name}
        maxlength={32}
        onInput={(event) => setName(event.detail.value)}
        onConfirm={submit}
      />
      {failure && <Text className="login-panel__error">{failure}</Text>}
      <Button className="btn btn--primary" data-testid="dev-login-submit" {...whileBusy(busy)} onClick={submit}>
        登录
      </Button>
    </View>
  );
}

function PhoneCapture({ onCode, disabled }: PhoneCaptureProps) {
  const [phone, setPhone] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = () => {
    if (!PHONE_PATTERN.test(phone)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    void onCode(`dev-phone-${phone}.${newCodeNonce()}`);
  };
  return (
    <View className="phone-capture">
      <Input
        className="field"
        data-testid="dev-phone-input"
        type="number"
        maxlength={11}
        placeholder="11 位手机号"
        value={phone}
        onInput={(event) => setPhone(event.detail.value)}
      />
      {invalid && <Text className="phone-capture__hint">请输入 11 位手机号</Text>}
      <Button className="btn btn--ghost" data-testid="phone-bind" {...whileBusy(Boolean(disabled))} onClick={submit}>
        绑定手机号
      </Button>
    </View>
  );
}

/** Asks the emulator, which answers exactly like wx.requestSubscribeMessage. */
async function requestSubscribe(templateIds: string[]): Promise<SubscribeResults> {
  const name: string = Taro.getStorageSync(DEV_NAME_KEY) || '';
  if (!name) return [];
  try {
    const response = await Taro.request<Record<string, unknown>>({
      url: `${WECHAT_EMULATOR}/__emulator/subscribe`,
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data: JSON.stringify({ openid: `o-${name}`, templateIds, result: 'accept' }),
      dataType: 'json',
    });
    if (response.statusCode < 200 || response.statusCode >= 300) return [];
    return subscribeResultsFrom(response.data, templateIds);
  } catch {
    return [];
  }
}

/** No camera API in the browser: staff type the code printed under the member's QR. */
function CouponCodeCapture({ onCode, busy }: CouponCodeCaptureProps) {
  return (
    <View className="code-capture">
      <Text className="code-capture__hint code-capture__hint--first">H5 版无法调用摄像头，请输入会员出示的券码或会员码</Text>
      <CouponCodeInput onCode={onCode} busy={busy} />
    </View>
  );
}

/**
 * The browser's file input (Taro's chooseImage). Album only: with both sources Taro first shows
 * its own 拍摄/从相册选择 sheet, and a phone's file input offers the camera anyway. Taro cannot
 * compress on H5; the 10 MB limit still applies.
 */
async function choosePhotos(count: number): Promise<ChosenPhoto[]> {
  try {
    const { tempFiles } = await Taro.chooseImage({ count, sourceType: ['album'], sizeType: ['compressed'] });
    return tempFiles.slice(0, count).map((file) => ({ path: file.path, sizeBytes: file.size, mimeType: file.type ?? '' }));
  } catch {
    return [];
  }
}

// Taro's H5 uploadFile sends cookies by default; storage needs none, and a CORS answer of "*"
// (as S3 gives for a wildcard origin) is refused by the browser for a request with credentials.
const uploadPhoto: Platform['uploadPhoto'] = (grant, photo, onProgress) =>
  postPhotoToStorage(grant, photo, onProgress, { withCredentials: false });

/** No WeChat avatar sheet in a browser: the same file input as complaint photos, one image. */
function AvatarChooser({ onChosen, children, className, disabled }: AvatarChooserProps) {
  const choose = async () => {
    if (disabled) return;
    const [photo] = await choosePhotos(1);
    if (photo) onChosen(photo);
  };
  return (
    <Button className={`avatar-chooser ${className ?? ''}`} data-testid="avatar-choose" disabled={disabled} onClick={choose}>
      {children}
    </Button>
  );
}

export const platform: Platform = {
  LoginPanel,
  PhoneCapture,
  requestSubscribe,
  CouponCodeCapture,
  choosePhotos,
  uploadPhoto,
  AvatarChooser,
};
