import type { WechatEmulatorState } from './state.ts';

/** What every route of the emulator works with. */
export interface EmulatorContext {
  appId: string;
  appSecret: string;
  state: WechatEmulatorState;
  now: () => Date;
  /** The published app's pages, which getwxacodeunlimit checks when check_path is true; any page passes when unset. */
  appPages: readonly string[] | undefined;
  /** Saves the history when a state file is configured; a no-op otherwise. */
  persist: () => void;
}
