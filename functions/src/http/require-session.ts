import { createMiddleware } from 'hono/factory';
import type { Role } from '@linli/shared/auth';
import type { Deps } from '../deps.ts';
import type { AppEnv } from './app-env.ts';
import { AppError } from './errors.ts';
import { readSessionToken } from './session.ts';

/** Requires a valid session token; with roles given, the session must hold one of them. */
export function requireSession(deps: Pick<Deps, 'secrets' | 'clock'>, ...allowed: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // Routers guard overlapping paths (every /v1/me/* route, then its own area's): verify the
    // token once per request and let later guards only check roles.
    const session = c.get('session') ?? (await sessionFromHeader(deps, c.req.header('authorization')));
    if (allowed.length > 0 && !session.roles.some((role) => allowed.includes(role))) {
      throw new AppError('FORBIDDEN', `Requires one of: ${allowed.join(', ')}`);
    }
    c.set('session', session);
    await next();
  });
}

async function sessionFromHeader(deps: Pick<Deps, 'secrets' | 'clock'>, header: string | undefined) {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new AppError('UNAUTHENTICATED', 'Missing bearer token');
  const session = await readSessionToken(match[1]!, { key: deps.secrets.tokenSigningKey, now: deps.clock() });
  if (!session) throw new AppError('UNAUTHENTICATED', 'Invalid or expired token');
  return session;
}

export const BEARER_SECURITY = [{ Bearer: [] as string[] }];
