/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform being built; Taro replaces it at build time. */
    TARO_ENV: 'weapp' | 'h5';
    /** Linli API origin, e.g. http://127.0.0.1:3000 (set in config/index.ts). */
    TARO_APP_API_BASE?: string;
    /** Local WeChat emulator origin, used by the H5 build only. */
    TARO_APP_WECHAT_EMULATOR?: string;
  }
}
