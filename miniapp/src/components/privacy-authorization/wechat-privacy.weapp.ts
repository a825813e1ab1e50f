import Taro from '@tarojs/taro';
import type { PrivacyAnswer, PrivacySetting } from './wechat-privacy-types';

export type { PrivacyAnswer, PrivacySetting } from './wechat-privacy-types';

/**
 * WeChat's privacy APIs (用户隐私保护指引), base library 2.32.3 and later: an older base library has none of
 * them, and no privacy gate either, so each call checks that the API is there. Taro hands them to wx as
 * they are (they are not among the APIs it promisifies): callbacks.
 */
function available(name: 'getPrivacySetting' | 'openPrivacyContract' | 'requirePrivacyAuthorize' | 'onNeedPrivacyAuthorization') {
  return typeof (Taro as unknown as Record<string, unknown>)[name] === 'function';
}

/** The agree button's id: WeChat counts an 'agree' only after the button with this id was tapped. */
export const AGREE_BUTTON_ID = 'privacy-agree';

/**
 * Whether the user still has to agree to the mini-program's privacy guide, and its name. needAuthorization
 * stays false until the guide is declared in the WeChat admin console, and after the user agreed.
 * null: this base library has no privacy APIs.
 */
export function readPrivacySetting(): Promise<PrivacySetting | null> {
  if (!available('getPrivacySetting')) return Promise.resolve(null);
  return new Promise((resolve) => {
    Taro.getPrivacySetting({
      success: (result) => resolve({ needAuthorization: result.needAuthorization, contractName: result.privacyContractName }),
      fail: () => resolve(null),
    });
  });
}

/** Opens WeChat's own page of the privacy guide; false when it could not. */
export function openPrivacyContract(): Promise<boolean> {
  if (!available('openPrivacyContract')) return Promise.resolve(false);
  return new Promise((resolve) => Taro.openPrivacyContract({ success: () => resolve(true), fail: () => resolve(false) }));
}

/**
 * Asks for the user's agreement before a privacy-protected API is called (WeChat raises the page's
 * popup through onNeedPrivacyAuthorization when it is still needed): true once agreed, or when nothing
 * needs agreeing.
 */
export function requirePrivacyAuthorize(): Promise<boolean> {
  if (!available('requirePrivacyAuthorize')) return Promise.resolve(true);
  return new Promise((resolve) => Taro.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) }));
}

let shownPage: ((answer: PrivacyAnswer) => void) | null = null;
let listening = false;

/**
 * Makes `onNeed` the answer when a privacy-protected API or button (the phone number button, the avatar
 * sheet, choosing photos, an address) needs the user's agreement: it shows the popup and calls the answer
 * it is given. WeChat's listener is registered once; each page's popup takes it over while the page
 * is shown (call again on show). Returns the release, for when the popup goes away.
 */
export function listenForPrivacyAuthorization(onNeed: (answer: PrivacyAnswer) => void): () => void {
  if (!available('onNeedPrivacyAuthorization')) return () => undefined;
  if (!listening) {
    listening = true;
    Taro.onNeedPrivacyAuthorization((resolve) => {
      // A page with no popup cannot ask: the protected call fails, as when the user disagrees.
      if (!shownPage) return resolve({ event: 'disagree' });
      // Tell WeChat the popup is shown (its exposure), then wait for the user's tap.
      resolve({ event: 'exposureAuthorization' });
      shownPage((agreed) => resolve(agreed ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' }));
    });
  }
  shownPage = onNeed;
  return () => {
    if (shownPage === onNeed) shownPage = null;
  };
}
