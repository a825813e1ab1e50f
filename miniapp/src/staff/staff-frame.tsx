// Type-checking entry only: Taro's build resolves './staff-frame' to staff-frame.weapp.tsx or
// staff-frame.h5.tsx (multi-platform files, by TARO_ENV). This re-exports the WeChat one.
export { StaffFrame, useDesktop } from './staff-frame.weapp';
export type { StaffFrameProps } from './staff-frame.weapp';
