// Type-checking entry only: Taro's build resolves './chart-canvas' to chart-canvas.weapp.tsx or
// chart-canvas.h5.tsx (multi-platform files, by TARO_ENV). This re-exports the WeChat one.
export { ChartCanvas } from './chart-canvas.weapp';
