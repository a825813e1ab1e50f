import Taro from '@tarojs/taro';
import { STAFF_ROLES, type Role, type SessionResponse } from '@linli/shared/auth';

/** What is kept between launches; the member itself is always fetched fresh. */
export type StoredSession = Pick<SessionResponse, 'token' | 'expiresAt' | 'roles'>;

/** Storage key of the session (the weapp test seeds it under this key). */
export const SESSION_STORAGE_KEY = 'linli.session';

function isStoredSession(value: unknown): value is StoredSession {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Partial<StoredSession>;
  return typeof candidate.token === 'string' && typeof candidate.expiresAt === 'string' && Array.isArray(candidate.roles);
}

/** The saved session, or null when there is none or it has expired. */
export function loadSession(now: Date = new Date()): StoredSession | null {
  let stored: unknown;
  try {
    stored = Taro.getStorageSync(SESSION_STORAGE_KEY);
  } catch {
    return null;
  }
  if (!isStoredSession(stored)) return null;
  if (Date.parse(stored.expiresAt) <= now.getTime()) {
    clearSession();
    return null;
  }
  return stored;
}

export function saveSession(session: SessionResponse): StoredSession {
  const stored: StoredSession = { token: session.token, expiresAt: session.expiresAt, roles: session.roles };
  Taro.setStorageSync(SESSION_STORAGE_KEY, stored);
  return stored;
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(SESSION_STORAGE_KEY);
  } catch {
    // Nothing stored is the state we wanted.
  }
}

/** Whether the roles open the staff area (admin, supervisor or agent). */
export function hasStaffRole(roles: readonly Role[]): boolean {
  return roles.some((role) => (STAFF_ROLES as readonly string[]).includes(role));
}
