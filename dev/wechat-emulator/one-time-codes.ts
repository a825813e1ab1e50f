/**
 * The emulator's stand-ins for the single-use codes the WeChat client hands a mini-program
 * (`wx.login` and the getPhoneNumber button). They are readable on purpose so a developer or a
 * test picks the identity: `dev-<name>` logs in as openid `o-<name>`, `dev-phone-<number>`
 * yields that phone number. An optional `.<nonce>` suffix makes each code unique without
 * changing the identity, so a client can log the same user in twice within five minutes.
 */

/** WeChat codes live five minutes and are single-use within that time. */
export const CODE_LIFETIME_MS = 5 * 60_000;

const NONCE = String.raw`(?:\.[A-Za-z0-9]{1,32})?`;
const LOGIN_CODE = new RegExp(String.raw`^dev-([A-Za-z0-9_-]{1,64})${NONCE}$`);
const PHONE_CODE = new RegExp(String.raw`^dev-phone-(1\d{10})${NONCE}$`);

/** The user name a login code stands for, or undefined when WeChat would call it invalid. */
export function userNameFromLoginCode(code: string): string | undefined {
  return LOGIN_CODE.exec(code)?.[1];
}

/** The mainland mobile number a phone code stands for, or undefined when invalid. */
export function phoneNumberFromCode(code: string): string | undefined {
  return PHONE_CODE.exec(code)?.[1];
}

export type CodeKind = 'login' | 'phone';

/**
 * Marks a code as used; false when it was already used within its lifetime.
 * Expired entries are dropped as we go so the ledger stays small.
 */
export function spendCode(usedCodes: Map<string, number>, kind: CodeKind, code: string, nowMs: number): boolean {
  for (const [key, reusableAtMs] of usedCodes) {
    if (reusableAtMs <= nowMs) usedCodes.delete(key);
  }
  const key = `${kind}:${code}`;
  if (usedCodes.has(key)) return false;
  usedCodes.set(key, nowMs + CODE_LIFETIME_MS);
  return true;
}
