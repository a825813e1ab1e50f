import type { PrivacyAnswer, PrivacySetting } from './wechat-privacy-types';

export type { PrivacyAnswer, PrivacySetting } from './wechat-privacy-types';

// A browser has no WeChat privacy guide: nothing to read, open or agree to, and no popup ever asked for.

export const AGREE_BUTTON_ID = 'privacy-agree';

export function readPrivacySetting(): Promise<PrivacySetting | null> {
  return Promise.resolve(null);
}

export function openPrivacyContract(): Promise<boolean> {
  return Promise.resolve(false);
}

export function requirePrivacyAuthorize(): Promise<boolean> {
  return Promise.resolve(true);
}

export function listenForPrivacyAuthorization(onNeed: (answer: PrivacyAnswer) => void): () => void {
  void onNeed;
  return () => undefined;
}
