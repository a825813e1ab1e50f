import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Role } from '@linli/shared/auth';
import type { AuditActor } from '@linli/shared/audit';
import type { Deps } from '../deps.ts';
import { getStaffRecord } from '../staff/repository.ts';
import { isStaffRole } from '../staff/staff-record.ts';
import type { AppEnv, CurrentStaff } from './app-env.ts';
import { DomainError } from '../platform/domain-error.ts';
import { readSessionToken, type Session } from './session.ts';

/**
 * Requires a valid session token; with roles given, the session must hold one of them.
 *
 * Staff roles in a token are a snapshot from login, so a guard that allows a staff role reads the
 * caller's staff item (one consistent GetItem) and decides on the role stored there: a demoted or deactivated staff member loses access on their
 * next request. Buyer routes (no roles given) never pay for that read.
 */
export function requireSession(deps: Pick<Deps, 'secrets' | 'clock' | 'db'>, ...allowed: Role[]) {
  const checksStaffItem = allowed.some(isStaffRole);
  return createMiddleware<AppEnv>(async (c, next) => {
    // Each route declares exactly one guard (http/access.ts), so the token is verified once.
    let session = await sessionFromHeader(deps, c.req.header('authorization'));
    if (checksStaffItem) session = await withStoredStaffRole(deps, c, session);
    if (allowed.length > 0 && !session.roles.some((role) => allowed.includes(role))) {
      throw new DomainError('FORBIDDEN', `Requires one of: ${allowed.join(', ')}`);
    }
    c.set('session', session);
    await next();
  });
}

/** The session with its staff role replaced by the one stored now; the staff item is kept for the handler. */
async function withStoredStaffRole(deps: Pick<Deps, 'db'>, c: Context<AppEnv>, session: Session): Promise<Session> {
  // Tokens from before the openid was added cannot name the staff item: the client logs in again.
  if (!session.openid) throw new DomainError('UNAUTHENTICATED', 'This session predates server-checked staff roles; log in again');
  const record = await getStaffRecord(deps.db, session.openid);
  const staff = record?.active ? { openid: record.openid, name: record.name, role: record.role } : null;
  c.set('staff', staff);
  return { ...session, roles: [...session.roles.filter((role) => !isStaffRole(role)), ...(staff ? [staff.role] : [])] };
}

/** The active staff member making this request, as the staff-role guard read them. */
export function currentStaff(c: Context<AppEnv>): CurrentStaff {
  const staff = c.get('staff');
  if (!staff) throw new DomainError('FORBIDDEN', 'Not an active staff member');
  return staff;
}

async function sessionFromHeader(deps: Pick<Deps, 'secrets' | 'clock'>, header: string | undefined) {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new DomainError('UNAUTHENTICATED', 'Missing bearer token');
  const session = await readSessionToken(match[1]!, { key: deps.secrets.tokenSigningKey, now: deps.clock() });
  if (!session) throw new DomainError('UNAUTHENTICATED', 'Invalid or expired token');
  return session;
}

/** The staff member making this request as the audit log names them: member id, name, stored role. */
export function staffActor(c: Context<AppEnv>): AuditActor {
  const staff = currentStaff(c);
  return { memberId: c.var.session.memberId, name: staff.name, role: staff.role };
}
