// Type-checking entry only: Taro's build resolves './platform' to index.weapp.tsx or
// index.h5.tsx (its multi-platform file resolution, driven by TARO_ENV). Both of those
// satisfy the Platform contract; this file re-exports the WeChat one for the type checker.
export { platform } from './index.weapp';
export type {
  Platform,
  LoginPanelProps,
  PhoneCaptureProps,
  SubscribeResults,
  CouponCodeCaptureProps,
  ChosenPhoto,
  AvatarChooserProps,
  AddressCaptureProps,
  Payment,
  PaymentOutcome,
  DownloadLinkProps,
  ShareButtonProps,
} from './contract';
