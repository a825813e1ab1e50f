import type { WechatEmulatorState } from './state.ts';

/** What every route of the emulator works with. */
export interface EmulatorContext {
  appId: string;
  appSecret: string;
  state: WechatEmulatorState;
  now: () => Date;
  /** Saves the history when a state file is configured; a no-op otherwise. */
  persist: () => void;
}
