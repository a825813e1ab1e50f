import { randomBytes } from 'node:crypto';
import { WECHAT_ERRORS, type WechatError } from './errors.ts';
import type { WechatEmulatorState } from './state.ts';

/**
 * Access tokens as WeChat issues them. Two isolated families, as on WeChat:
 * - stable_token: the same token until it is within 5 minutes of expiry, then a new one while
 *   the old keeps working until its own expiry; force_refresh revokes the current one at once
 *   (but not twice within 30 s); expires_in is the remaining lifetime.
 * - cgi-bin/token (classic): every call issues a new token and leaves the previous one at most
 *   5 more minutes.
 * An unknown or revoked token is 40001; one past its expiry is 42001.
 */

export const ACCESS_TOKEN_TTL_SECONDS = 7200;
const RENEWAL_WINDOW_MS = 5 * 60_000;
const FORCED_REFRESH_MIN_INTERVAL_MS = 30_000;
/** How long an expired token is remembered so it can be told apart from a made-up one. */
const EXPIRED_TOKEN_MEMORY_MS = 24 * 3600_000;

export interface AccessTokenGrant {
  access_token: string;
  expires_in: number;
}

/** Answers POST /cgi-bin/stable_token for credentials already checked. */
export function grantStableToken(state: WechatEmulatorState, nowMs: number, forceRefresh: boolean): AccessTokenGrant {
  forgetLongExpiredTokens(state, nowMs);
  const current = state.currentStableToken ? state.accessTokens.get(state.currentStableToken) : undefined;
  const mayForce = state.lastForcedRefreshAtMs === undefined || nowMs - state.lastForcedRefreshAtMs >= FORCED_REFRESH_MIN_INTERVAL_MS;

  if (forceRefresh && mayForce) {
    if (state.currentStableToken) state.accessTokens.delete(state.currentStableToken);
    state.lastForcedRefreshAtMs = nowMs;
  } else if (state.currentStableToken && current && current.expiresAtMs - nowMs > RENEWAL_WINDOW_MS) {
    return { access_token: state.currentStableToken, expires_in: secondsLeft(current.expiresAtMs, nowMs) };
  }
  const token = issueToken(state, 'stable', nowMs);
  state.currentStableToken = token;
  return { access_token: token, expires_in: ACCESS_TOKEN_TTL_SECONDS };
}

/** Answers GET /cgi-bin/token for credentials already checked. */
export function grantClassicToken(state: WechatEmulatorState, nowMs: number): AccessTokenGrant {
  forgetLongExpiredTokens(state, nowMs);
  for (const issued of state.accessTokens.values()) {
    if (issued.kind === 'classic') issued.expiresAtMs = Math.min(issued.expiresAtMs, nowMs + RENEWAL_WINDOW_MS);
  }
  return { access_token: issueToken(state, 'classic', nowMs), expires_in: ACCESS_TOKEN_TTL_SECONDS };
}

/** The error WeChat gives for this access_token query parameter, or undefined when it is valid. */
export function accessTokenError(state: WechatEmulatorState, token: string | undefined, nowMs: number): WechatError | undefined {
  if (!token) return WECHAT_ERRORS.accessTokenMissing;
  const issued = state.accessTokens.get(token);
  if (!issued) return WECHAT_ERRORS.invalidCredential;
  if (issued.expiresAtMs <= nowMs) return WECHAT_ERRORS.accessTokenExpired;
  return undefined;
}

function issueToken(state: WechatEmulatorState, kind: 'stable' | 'classic', nowMs: number): string {
  // Real tokens are ~150 opaque characters; clients must store them whole (WeChat says ≥ 512).
  const token = `${kind === 'stable' ? 'emu-stable' : 'emu'}_${randomBytes(48).toString('base64url')}`;
  state.accessTokens.set(token, { kind, issuedAtMs: nowMs, expiresAtMs: nowMs + ACCESS_TOKEN_TTL_SECONDS * 1000 });
  return token;
}

function secondsLeft(expiresAtMs: number, nowMs: number): number {
  return Math.floor((expiresAtMs - nowMs) / 1000);
}

function forgetLongExpiredTokens(state: WechatEmulatorState, nowMs: number): void {
  for (const [token, issued] of state.accessTokens) {
    if (issued.expiresAtMs + EXPIRED_TOKEN_MEMORY_MS < nowMs) state.accessTokens.delete(token);
  }
}
