import type { ComponentType, ReactNode } from 'react';
import type { SubscriptionReport } from '@linli/shared/subscriptions';
import type { PhotoUploadGrant } from '@linli/shared/photos';
import type { DeliveryAddress } from '@linli/shared/mall';
import type { RequestPaymentParams } from '@linli/shared/groupbuy';

export type SubscribeResults = SubscriptionReport['results'];

export interface LoginPanelProps {
  /** Exchanges the platform's login code for a session; a rejection is shown by the panel. */
  onCode: (code: string) => Promise<void>;
}

export interface PhoneCaptureProps {
  /** Binds the phone behind the platform's phone code; the caller handles and shows its own errors. */
  onCode: (code: string) => Promise<void>;
  disabled?: boolean;
}

export interface CouponCodeCaptureProps {
  /** Receives a scanned or typed code as it is; the caller checks it and looks the coupon up. */
  onCode: (raw: string) => void;
  /** A lookup is running: no new code until it ends. */
  busy?: boolean;
}

export interface AddressCaptureProps {
  /** The address chosen so far, or null. */
  value: DeliveryAddress | null;
  /** A complete, valid address, or null while it is not. */
  onChange: (address: DeliveryAddress | null) => void;
  disabled?: boolean;
}

/** A photo picked on the device, not uploaded yet. */
export interface ChosenPhoto {
  /** A local path the platform can show in <Image> and upload (a temp file on WeChat, a blob: URL on H5). */
  path: string;
  sizeBytes: number;
  /** As the platform reports it (H5) or from the file name (WeChat); '' when unknown. */
  mimeType: string;
}

export interface AvatarChooserProps {
  /** The picked avatar, not uploaded yet (a temp file on WeChat, a blob: URL on H5). */
  onChosen: (photo: ChosenPhoto) => void;
  /** What the button shows (the current avatar). */
  children: ReactNode;
  className?: string;
  disabled?: boolean;
}

/** How a payment the buyer was asked for ended: paid, closed by the buyer, or failed. */
export type PaymentOutcome = 'paid' | 'cancelled' | 'failed';

export interface Payment {
  /** Asks the buyer to pay with the server's signed parameters; never rejects. */
  requestPayment: (params: RequestPaymentParams) => Promise<PaymentOutcome>;
  /** Render it in the page: the H5 payment sheet while a payment is asked; nothing on WeChat. */
  sheet: ReactNode;
}

export interface ShareButtonProps {
  /**
   * Makes one share (recording it) and answers the page its link opens, e.g.
   * '/groupbuy/pages/group/index?id=g1&share=…': H5 calls it on each tap. WeChat does not: its share
   * button asks the page's onShareAppMessage, which makes the share and its card itself.
   */
  share: () => string;
  className?: string;
  children: ReactNode;
}

export interface DownloadLinkProps {
  /** A signed, short-lived GET link to the file. */
  url: string;
  fileName: string;
  format: 'json' | 'csv' | 'photo';
  className?: string;
  children: ReactNode;
}

/**
 * Everything that differs between the WeChat build and the H5 build. Taro picks
 * index.weapp.tsx or index.h5.tsx by TARO_ENV, so pages never branch on the platform.
 */
export interface Platform {
  /** Obtains a login code: wx.login on WeChat, a developer login name on H5. */
  LoginPanel: ComponentType<LoginPanelProps>;
  /** Obtains a phone code: the getPhoneNumber button on WeChat, a typed number on H5. */
  PhoneCapture: ComponentType<PhoneCaptureProps>;
  /**
   * Asks for one-time subscribe messages. WeChat only allows this straight from a tap, so call
   * it first thing in the tap handler, before any other await. Resolves to what to report
   * (empty when the dialog failed or was dismissed).
   */
  requestSubscribe: (templateIds: string[]) => Promise<SubscribeResults>;
  /**
   * Obtains a coupon code at the till: the camera (wx.scanCode) plus typing on WeChat; typing
   * only on H5, which has no camera API here.
   */
  CouponCodeCapture: ComponentType<CouponCodeCaptureProps>;
  /**
   * Lets the user pick up to `count` photos (camera or album, compressed where the platform can).
   * Resolves to [] when they cancel. Call it straight from a tap.
   */
  choosePhotos: (count: number) => Promise<ChosenPhoto[]>;
  /**
   * Sends a picked photo to storage with an upload grant's presigned POST, reporting progress in
   * percent; rejects when storage refuses it or the network fails.
   */
  uploadPhoto: (grant: PhotoUploadGrant, photo: ChosenPhoto, onProgress: (percent: number) => void) => Promise<void>;
  /**
   * Lets the member pick an avatar: WeChat's own avatar sheet (`<button open-type="chooseAvatar">`:
   * their WeChat avatar, the album or the camera) on WeChat; a file input on H5.
   */
  AvatarChooser: ComponentType<AvatarChooserProps>;
  /**
   * Obtains a delivery address for a 快递配送 reward: WeChat's own address book
   * (wx.chooseAddress) on WeChat, a form on H5.
   */
  AddressCapture: ComponentType<AddressCaptureProps>;
  /**
   * Payment with WeChat Pay (a hook: call it at the top of the page and render `sheet`):
   * wx.requestPayment on WeChat, whose own sheet asks the buyer; on H5 a sheet in the page showing
   * the local emulator's prepay (amount, product) where a person confirms or cancels.
   */
  usePayment: () => Payment;
  /**
   * Shares a page with friends: WeChat's share button (open-type="share": the page's
   * onShareAppMessage makes the share and its card); on H5, which has no share sheet, it copies the
   * link of the page `share` answers.
   */
  ShareButton: ComponentType<ShareButtonProps>;
  /**
   * Downloads one file of a data export: on WeChat a photo opens in the image viewer, and a CSV or
   * JSON file's link is copied (wx.openDocument opens office files and PDF only) for a browser;
   * on H5 the browser downloads it from the link.
   */
  DownloadLink: ComponentType<DownloadLinkProps>;
}
