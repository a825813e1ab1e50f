// Type-checking entry only: Taro's build resolves './wechat-privacy' to wechat-privacy.weapp.ts or
// wechat-privacy.h5.ts (multi-platform files, by TARO_ENV), so the H5 build never calls WeChat's
// privacy APIs. This re-exports the WeChat one.
export {
  AGREE_BUTTON_ID,
  listenForPrivacyAuthorization,
  openPrivacyContract,
  readPrivacySetting,
  requirePrivacyAuthorize,
  type PrivacyAnswer,
  type PrivacySetting,
} from './wechat-privacy.weapp';
