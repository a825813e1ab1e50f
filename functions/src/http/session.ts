import { sign, verify } from 'hono/jwt';
import { ROLES, type Role } from '@linli/shared/auth';

export interface Session {
  memberId: string;
  /**
   * The WeChat openid, which keys the staff item that staff-role routes check on every request.
   * Absent from tokens issued before it was added: those still work on buyer routes only.
   */
  openid?: string;
  roles: Role[];
}

const ISSUER = 'linli';

/** Signs a session token (HS256) that expires after `ttlSeconds`. */
export async function issueSessionToken(
  session: Session,
  options: { key: string; now: Date; ttlSeconds: number },
): Promise<{ token: string; expiresAt: string }> {
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  const exp = issuedAt + options.ttlSeconds;
  const token = await sign(
    { sub: session.memberId, ...(session.openid ? { oid: session.openid } : {}), roles: session.roles, iss: ISSUER, iat: issuedAt, exp },
    options.key,
    'HS256',
  );
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The session in a token, or null when the token is malformed, forged or expired at `now`. */
export async function readSessionToken(token: string, options: { key: string; now: Date }): Promise<Session | null> {
  try {
    const payload = await verify(token, options.key, { alg: 'HS256', iss: ISSUER, exp: false, iat: false, nbf: false });
    const exp = typeof payload.exp === 'number' ? payload.exp : 0;
    // Expiry is checked against the injected clock, not the process clock, so tests control it.
    if (exp * 1000 <= options.now.getTime()) return null;
    if (typeof payload.sub !== 'string' || !Array.isArray(payload.roles)) return null;
    const roles = payload.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role as string));
    return { memberId: payload.sub, ...(typeof payload.oid === 'string' ? { openid: payload.oid } : {}), roles };
  } catch {
    return null;
  }
}
