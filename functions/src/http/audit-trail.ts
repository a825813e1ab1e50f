import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { AppEnv } from './app-env.ts';

/** Route parameters that name a person rather than a record: never copied into the log. */
const IDENTIFYING_PARAMS = new Set(['code', 'openid', 'phone']);

export interface AuditTrailOptions {
  /** The route answers with a member's personal data: its successful reads are recorded too. */
  readsPersonalData: boolean;
  /** A settings route: the settings as read before and after a change are recorded with it. */
  readSettings?: () => Promise<unknown>;
}

/**
 * Records a staff request in the audit log once it has succeeded: every change (any method but
 * GET), and reads of routes declared as reading personal data. It runs after the staff-role guard,
 * so the actor's stored role and name are known. A failure to record fails the request: what was
 * read is not disclosed, and a change answers an error the client retries (the routes' own
 * idempotency keeps a retry from doing twice what was done once).
 */
export function auditStaffRequests(deps: Pick<Deps, 'db' | 'clock'>, options: AuditTrailOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const changes = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    if (!changes && !options.readsPersonalData) return next();
    const before = changes && options.readSettings ? await options.readSettings() : undefined;
    await next();
    if (c.res.status >= 400) return;
    const staff = c.get('staff');
    if (!staff) return;
    const { memberId, target } = auditedParams(c);
    await recordAudit(deps, {
      actor: { memberId: c.var.session.memberId, name: staff.name, role: staff.role },
      kind: changes ? 'change' : 'read',
      action: `${c.req.method} ${c.req.routePath.replace(/:(\w+)/g, '{$1}')}`,
      memberId: c.get('auditedMemberId') ?? memberId,
      target,
      status: c.res.status,
      ...(options.readSettings && changes ? { before, after: await options.readSettings() } : {}),
    });
  });
}

function auditedParams(c: Context<AppEnv>): { memberId: string | null; target: Record<string, string> } {
  const params = c.req.param() as Record<string, string>;
  const target: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name !== 'memberId' && !IDENTIFYING_PARAMS.has(name)) target[name] = value;
  }
  return { memberId: params.memberId ?? null, target };
}
