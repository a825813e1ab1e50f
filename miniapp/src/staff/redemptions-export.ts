// Type-checking entry only: Taro's build resolves './redemptions-export' to redemptions-export.weapp.ts or
// redemptions-export.h5.ts (multi-platform files, by TARO_ENV). This re-exports the WeChat one.
export { exportGoodsRedemptionsCsv } from './redemptions-export.weapp';
