import { useEffect, useState } from 'react';
import type { RequestPaymentParams } from '@linli/shared/groupbuy';
import Taro from '@tarojs/taro';
import { Button, Text, View, type ButtonProps, type BaseEventOrig } from '@tarojs/components';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { errorText } from '@/api/errors';
import type {
  AvatarChooserProps,
  AddressCaptureProps,
  ChosenPhoto,
  CouponCodeCaptureProps,
  LoginPanelProps,
  Payment,
  PaymentOutcome,
  PhoneCaptureProps,
  Platform,
  DownloadLinkProps,
  ShareButtonProps,
  SubscribeResults,
} from './contract';
import { addressLine, checkAddress, fromWechatAddress, type WechatAddress } from './address';
import { mimeTypeFromPath } from './photo-mime';
import { paymentOutcomeOf } from './payment-result';
import { postPhotoToStorage } from './photo-upload';
import { subscribeResultsFrom } from './subscribe-result';
import { whileBusy } from '@/components/button-state';
import { CouponCodeInput } from '@/components/coupon-code-input';
import { requirePrivacyAuthorize } from '@/components/privacy-authorization/wechat-privacy';
import './platform.css';

/** WeChat logs in silently: wx.login on mount, a retry button only when it fails. */
function LoginPanel({ onCode }: LoginPanelProps) {
  const [failure, setFailure] = useState<string | null>(null);

  const login = async () => {
    setFailure(null);
    let code: string;
    try {
      ({ code } = await Taro.login());
    } catch {
      setFailure(ERROR_TEXT_ZH.WECHAT_LOGIN_FAILED);
      return;
    }
    try {
      await onCode(code);
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  useEffect(() => {
    void login();
    // Log in once per mount; retries come from the button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <View className="login-panel" data-testid="login-panel">
      {failure ? (
        <>
          <Text className="login-panel__error">{failure}</Text>
          <Button className="btn btn--primary" data-testid="login-retry" onClick={login}>
            重新登录
          </Button>
        </>
      ) : (
        <Text className="login-panel__hint">正在登录…</Text>
      )}
    </View>
  );
}

/** The phone comes from WeChat's own consent sheet; e.detail.code is exchanged by the server. */
function PhoneCapture({ onCode, disabled }: PhoneCaptureProps) {
  const [denied, setDenied] = useState(false);
  const onGetPhoneNumber = (event: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>) => {
    const code = event.detail.code;
    if (!code) {
      setDenied(true);
      return;
    }
    setDenied(false);
    void onCode(code);
  };
  return (
    <View className="phone-capture">
      <Button
        className="btn btn--ghost"
        data-testid="phone-bind"
        openType="getPhoneNumber"
        {...whileBusy(Boolean(disabled))}
        onGetPhoneNumber={onGetPhoneNumber}
      >
        授权手机号
      </Button>
      {denied && <Text className="phone-capture__hint">未授权手机号，可稍后在“我的资料”中绑定</Text>}
    </View>
  );
}

async function requestSubscribe(templateIds: string[]): Promise<SubscribeResults> {
  try {
    const answer = await Taro.requestSubscribeMessage({ tmplIds: templateIds } as Taro.requestSubscribeMessage.Option);
    return subscribeResultsFrom(answer as unknown as Record<string, unknown>, templateIds);
  } catch {
    // Dismissed, main switch off (20004) or not triggered by a tap: nothing to report.
    return [];
  }
}

/** The camera first (wx.scanCode answers the QR's text, the code); typing when a QR will not scan. */
function CouponCodeCapture({ onCode, busy }: CouponCodeCaptureProps) {
  const [failure, setFailure] = useState<string | null>(null);
  const scan = async () => {
    if (busy) return;
    setFailure(null);
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      onCode(result);
    } catch (error) {
      // Closing the camera is not a failure.
      const message = String((error as { errMsg?: string })?.errMsg ?? '');
      if (!message.includes('cancel')) setFailure('扫码失败，请重试或输入券码');
    }
  };
  return (
    <View className="code-capture">
      <Button className="btn btn--primary" data-testid="scan-start" {...whileBusy(Boolean(busy))} onClick={scan}>
        扫码核销
      </Button>
      {failure && <Text className="code-capture__error">{failure}</Text>}
      <Text className="code-capture__hint">或输入券码</Text>
      <CouponCodeInput onCode={onCode} busy={busy} />
    </View>
  );
}

/**
 * WeChat's own picker: camera or album, compressed by WeChat before we see it. The privacy guide is
 * agreed to first (the page's PrivacyAuthorizationPopup asks when it still needs to be): refused, nothing is picked.
 */
async function choosePhotos(count: number): Promise<ChosenPhoto[]> {
  if (!(await requirePrivacyAuthorize())) return [];
  try {
    // Taro 4.2 hands chooseMedia to wx as it is (it is not among the APIs Taro promisifies): callbacks.
    const { tempFiles } = await new Promise<Taro.chooseMedia.SuccessCallbackResult>((resolve, reject) => {
      Taro.chooseMedia({
        count,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        sizeType: ['compressed'],
        success: resolve,
        fail: reject,
      });
    });
    return tempFiles
      .slice(0, count)
      .map((file) => ({ path: file.tempFilePath, sizeBytes: file.size, mimeType: mimeTypeFromPath(file.tempFilePath) }));
  } catch {
    // Cancelled, or the album/camera permission refused: nothing picked.
    return [];
  }
}

/** wx.uploadFile: its host must be among the mini-program's uploadFile domains (the photos bucket). */
const uploadPhoto: Platform['uploadPhoto'] = (grant, photo, onProgress) => postPhotoToStorage(grant, photo, onProgress);

/** The size of a local temp file (the upload grant asks for it); 0 when WeChat cannot say. */
function localFileSize(filePath: string): Promise<number> {
  return new Promise((resolve) => {
    Taro.getFileSystemManager().getFileInfo({
      filePath,
      success: (info) => resolve(info.size),
      fail: () => resolve(0),
    });
  });
}

/**
 * WeChat's current way to get an avatar (wx.getUserProfile no longer gives one): the chooseAvatar
 * button opens WeChat's sheet and hands back a temporary local file to upload.
 */
function AvatarChooser({ onChosen, children, className, disabled }: AvatarChooserProps) {
  const chosen = async (event: BaseEventOrig<{ avatarUrl?: string }>) => {
    const path = event.detail.avatarUrl;
    if (!path) return;
    onChosen({ path, sizeBytes: await localFileSize(path), mimeType: mimeTypeFromPath(path) || 'image/jpeg' });
  };
  return (
    <Button
      className={`avatar-chooser ${className ?? ''}`}
      data-testid="avatar-choose"
      openType="chooseAvatar"
      disabled={disabled}
      onChooseAvatar={chosen}
    >
      {children}
    </Button>
  );
}

/** WeChat's own address book (wx.chooseAddress): the buyer picks or adds an address there. */
function AddressCapture({ value, onChange, disabled }: AddressCaptureProps) {
  const [failure, setFailure] = useState<string | null>(null);
  const choose = async () => {
    if (disabled) return;
    setFailure(null);
    try {
      // Callbacks, as for chooseMedia: the wx API is handed over as it is.
      const chosen = await new Promise<WechatAddress>((resolve, reject) => {
        Taro.chooseAddress({ success: resolve as (result: Taro.chooseAddress.SuccessCallbackResult) => void, fail: reject });
      });
      const checked = checkAddress(fromWechatAddress(chosen));
      if (checked.ok) onChange(checked.address);
      else {
        onChange(null);
        setFailure(`${checked.problem}，请在微信地址中修改后重新选择`);
      }
    } catch (error) {
      const message = String((error as { errMsg?: string })?.errMsg ?? '');
      // Closing the address book is not a failure; a refused permission is.
      if (!message.includes('cancel')) setFailure('无法读取微信收货地址，请在设置中允许“通讯地址”后重试');
    }
  };
  return (
    <View className="address-capture" data-testid="address-capture">
      {value && (
        <Text className="address-capture__line" data-testid="address-chosen">
          {addressLine(value)}
        </Text>
      )}
      <Button className="btn btn--ghost" data-testid="address-choose" {...whileBusy(Boolean(disabled))} onClick={choose}>
        {value ? '更换收货地址' : '选择微信收货地址'}
      </Button>
      {failure && (
        <Text className="address-capture__error" data-testid="address-error">
          {failure}
        </Text>
      )}
    </View>
  );
}

/** WeChat's own payment sheet (wx.requestPayment) with the parameters the server signed. */
function requestPayment(params: RequestPaymentParams): Promise<PaymentOutcome> {
  // Callbacks, as for chooseMedia: Taro 4.2 hands requestPayment to wx as it is, without a promise.
  return new Promise((resolve) => {
    Taro.requestPayment({
      ...params,
      success: (answer) => resolve(paymentOutcomeOf(answer.errMsg)),
      fail: (error) => resolve(paymentOutcomeOf(error?.errMsg)),
    });
  });
}

// WeChat draws its own sheet: the page renders nothing for it.
const WECHAT_PAYMENT: Payment = { requestPayment, sheet: null };
const usePayment = (): Payment => WECHAT_PAYMENT;

/**
 * open-type="share": WeChat asks the page's onShareAppMessage for the card, and that makes the share
 * (its id, its record, its path); `share` is the H5 build's and not called here, or a tap would count twice.
 */
function ShareButton({ className, children }: ShareButtonProps) {
  return (
    <Button className={className} data-testid="share-button" openType="share">
      {children}
    </Button>
  );
}

/** A photo opens in WeChat's viewer; a CSV or JSON link is copied for a browser (WeChat opens neither). */
function DownloadLink({ url, format, className, children }: DownloadLinkProps) {
  const open = async () => {
    try {
      if (format === 'photo') {
        await Taro.previewImage({ urls: [url], current: url });
        return;
      }
      await Taro.setClipboardData({ data: url });
      void Taro.showToast({ title: '下载链接已复制，请在 15 分钟内用浏览器打开', icon: 'none' });
    } catch {
      void Taro.showToast({ title: '打开失败，请刷新后重试', icon: 'none' });
    }
  };
  return (
    <Button className={className} data-testid="download-link" onClick={() => void open()}>
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
  AddressCapture,
  usePayment,
  ShareButton,
  DownloadLink,
};
