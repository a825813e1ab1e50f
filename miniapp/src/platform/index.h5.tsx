import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RequestPaymentParams } from '@linli/shared/groupbuy';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { WECHAT_EMULATOR } from '@/env';
import { errorText } from '@/api/errors';
import { newCodeNonce } from '@/api/request-id';
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
import { checkAddress } from './address';
import type { DeliveryAddress } from '@linli/shared/mall';
import { postPhotoToStorage } from './photo-upload';
import { paymentOutcomeOf, prepayIdOf } from './payment-result';
import { h5ShareLink } from './share-link';
import { formatFen } from '@/format/money';
import { subscribeResultsFrom } from './subscribe-result';
import { disabledWhen, whileBusy } from '@/components/button-state';
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

const ADDRESS_FIELDS: Array<{ field: keyof DeliveryAddress; label: string; placeholder: string; type?: 'number'; max: number }> = [
  { field: 'recipient', label: '收货人', placeholder: '姓名', max: 30 },
  { field: 'phone', label: '手机号', placeholder: '11 位手机号', type: 'number', max: 11 },
  { field: 'province', label: '省份', placeholder: '如 浙江省', max: 20 },
  { field: 'city', label: '城市', placeholder: '如 杭州市', max: 20 },
  { field: 'district', label: '区县', placeholder: '如 西湖区', max: 20 },
  { field: 'detail', label: '详细地址', placeholder: '街道、楼栋、门牌号', max: 120 },
  { field: 'postalCode', label: '邮编', placeholder: '选填', type: 'number', max: 6 },
];

/** No address book in the browser: the buyer types the address, checked as the API checks it. */
function AddressCapture({ value, onChange, disabled }: AddressCaptureProps) {
  const [typed, setTyped] = useState<Record<keyof DeliveryAddress, string>>(() => ({
    recipient: value?.recipient ?? '',
    phone: value?.phone ?? '',
    province: value?.province ?? '',
    city: value?.city ?? '',
    district: value?.district ?? '',
    detail: value?.detail ?? '',
    postalCode: value?.postalCode ?? '',
  }));
  const [problem, setProblem] = useState<string | null>(null);
  const set = (field: keyof DeliveryAddress, text: string) => {
    const next = { ...typed, [field]: text };
    setTyped(next);
    const checked = checkAddress(next);
    onChange(checked.ok ? checked.address : null);
    // Point at a wrong field once every required one has something in it (the sheet says what is missing).
    const filled = (['recipient', 'phone', 'province', 'city', 'detail'] as const).every((key) => next[key].trim() !== '');
    setProblem(checked.ok || !filled ? null : checked.problem);
  };
  return (
    <View className="address-capture address-capture--form" data-testid="address-capture">
      {ADDRESS_FIELDS.map(({ field, label, placeholder, type, max }) => (
        <View key={field} className="address-capture__row">
          <Text className="address-capture__label">{label}</Text>
          <Input
            className="field address-capture__input"
            data-testid={`address-${field}`}
            type={type ?? 'text'}
            placeholder={placeholder}
            maxlength={max}
            disabled={disabled}
            value={typed[field]}
            onInput={(event) => set(field, event.detail.value)}
          />
        </View>
      ))}
      {problem && (
        <Text className="address-capture__error" data-testid="address-error">
          {problem}
        </Text>
      )}
    </View>
  );
}

/** What the emulator holds for a prepay (GET /__emulator/pay/prepay/{prepayId}). */
interface EmulatedPrepay {
  description: string;
  amountFen: number;
}

function readPrepay(params: RequestPaymentParams): Promise<EmulatedPrepay> {
  const prepayId = prepayIdOf(params.package);
  if (!prepayId) return Promise.reject(new Error('no prepay id'));
  return Taro.request<EmulatedPrepay>({
    url: `${WECHAT_EMULATOR}/__emulator/pay/prepay/${encodeURIComponent(prepayId)}`,
    method: 'GET',
    dataType: 'json',
  }).then((response) => {
    const prepay = response.data;
    if (response.statusCode !== 200 || typeof prepay?.description !== 'string' || !Number.isInteger(prepay?.amountFen)) {
      throw new Error(`prepay answered ${response.statusCode}`);
    }
    return prepay;
  });
}

/** Tells the emulator what the payer chose, with the signed parameters, as WeChat's client would. */
async function answerPrepay(params: RequestPaymentParams, action: 'pay' | 'cancel'): Promise<PaymentOutcome> {
  try {
    const response = await Taro.request<{ errMsg?: unknown }>({
      url: `${WECHAT_EMULATOR}/__emulator/pay/confirm`,
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data: JSON.stringify({ ...params, action }),
      dataType: 'json',
    });
    return paymentOutcomeOf(response.data?.errMsg);
  } catch {
    return 'failed';
  }
}

type PrepayState = { status: 'loading' } | { status: 'ready'; prepay: EmulatedPrepay } | { status: 'unreadable' };

/**
 * The browser's stand-in for WeChat's payment sheet: the amount and product of the emulator's
 * prepay, and 确认支付 / 取消, which the emulator records as the payer's choice.
 */
function PaymentSheet({ params, onDone }: { params: RequestPaymentParams; onDone: (outcome: PaymentOutcome) => void }) {
  const [prepay, setPrepay] = useState<PrepayState>({ status: 'loading' });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    readPrepay(params).then(
      (read) => current && setPrepay({ status: 'ready', prepay: read }),
      () => current && setPrepay({ status: 'unreadable' }),
    );
    return () => {
      current = false;
    };
  }, [params]);

  const answer = async (action: 'pay' | 'cancel') => {
    if (busy) return;
    setBusy(true);
    const outcome = await answerPrepay(params, action);
    // Closing the sheet is a cancellation whatever the emulator made of it.
    onDone(action === 'cancel' ? 'cancelled' : outcome);
  };

  return (
    <View className="pay-sheet" data-testid="pay-sheet">
      <View className="pay-sheet__panel">
        <Text className="pay-sheet__title">微信支付（本地模拟）</Text>
        {prepay.status === 'loading' && <Text className="pay-sheet__hint">正在读取订单…</Text>}
        {prepay.status === 'unreadable' && <Text className="pay-sheet__error">无法读取支付信息，请取消后重试</Text>}
        {prepay.status === 'ready' && (
          <>
            <Text className="pay-sheet__amount" data-testid="pay-sheet-amount">
              {formatFen(prepay.prepay.amountFen)}
            </Text>
            <Text className="pay-sheet__description" data-testid="pay-sheet-description">
              {prepay.prepay.description}
            </Text>
          </>
        )}
        <Button
          className="btn btn--primary"
          data-testid="pay-sheet-confirm"
          {...whileBusy(busy)}
          {...disabledWhen(prepay.status !== 'ready')}
          onClick={() => void answer('pay')}
        >
          确认支付
        </Button>
        <Button className="btn btn--plain" data-testid="pay-sheet-cancel" {...disabledWhen(busy)} onClick={() => void answer('cancel')}>
          取消
        </Button>
      </View>
    </View>
  );
}

/** One payment at a time: requestPayment opens the sheet, the payer's choice closes it and answers. */
function usePayment(): Payment {
  const [asked, setAsked] = useState<{ params: RequestPaymentParams; resolve: (outcome: PaymentOutcome) => void } | null>(null);
  const requestPayment = useCallback(
    (params: RequestPaymentParams) => new Promise<PaymentOutcome>((resolve) => setAsked({ params, resolve })),
    [],
  );
  const sheet = useMemo(
    () =>
      asked ? (
        <PaymentSheet
          params={asked.params}
          onDone={(outcome) => {
            setAsked(null);
            asked.resolve(outcome);
          }}
        />
      ) : null,
    [asked],
  );
  return useMemo(() => ({ requestPayment, sheet }), [requestPayment, sheet]);
}

/** No share sheet in a browser: the page's link goes to the clipboard, for the buyer to paste into a chat. */
function ShareButton({ share, className, children }: ShareButtonProps) {
  const copy = async () => {
    try {
      // A new share (and its id in the link) on every tap: each copied link is counted apart.
      await Taro.setClipboardData({ data: h5ShareLink(window.location.href, share()) });
      void Taro.showToast({ title: '链接已复制，发给好友即可', icon: 'none' });
    } catch {
      void Taro.showToast({ title: '复制失败，请稍后重试', icon: 'none' });
    }
  };
  return (
    <Button className={className} data-testid="share-button" onClick={() => void copy()}>
      {children}
    </Button>
  );
}

/** The browser downloads the file from its signed link (the link names it: Content-Disposition). */
function DownloadLink({ url, className, children }: DownloadLinkProps) {
  return (
    <Button className={className} data-testid="download-link" onClick={() => window.open(url, '_blank', 'noopener')}>
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
