// Type-checking entry only: Taro's build resolves './csv-download' to csv-download.weapp.ts or
// csv-download.h5.ts (multi-platform files, by TARO_ENV). This re-exports the WeChat one.
export { downloadCsv } from './csv-download.weapp';
