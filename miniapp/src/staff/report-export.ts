// Type-checking entry only: Taro's build resolves './report-export' to report-export.weapp.ts or
// report-export.h5.ts (multi-platform files, by TARO_ENV). This re-exports the WeChat one.
export { exportComplaintCsv } from './report-export.weapp';
