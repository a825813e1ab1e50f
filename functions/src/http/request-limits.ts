import type { RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ErrorBody } from '@linli/shared/errors';
import type { RateLimitName } from '../config/config.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { takeFromRateLimit } from '../ratelimit/rate-limits.ts';
import type { RateWindow } from '../ratelimit/windows.ts';
import { ACCESS_EXTENSION } from './access.ts';
import type { AppEnv, RequestLimits } from './app-env.ts';

/**
 * Limits on what one caller may send, enforced by every route newRouter() defines (with the
 * refusals documented on the operation): a body size for all, and rate limits for the operations
 * listed in RATE_LIMITED_OPERATIONS.
 */

/** Who a rate limit counts: the caller's network address, or the signed-in member. */
export type RateSubject = 'source' | 'member';

/** What each limit counts, per what and over which window; how many it admits is a setting (config's RATE_LIMIT_SETTINGS). */
export const RATE_LIMIT_POLICIES: Record<RateLimitName, { per: RateSubject; window: RateWindow; counts: string }> = {
  login: { per: 'source', window: 'minute', counts: 'logins' },
  webhooks: { per: 'source', window: 'minute', counts: 'webhook calls' },
  photoUploads: { per: 'member', window: 'minute', counts: 'photo upload grants' },
  exports: { per: 'member', window: 'shanghai-day', counts: 'data exports' },
};

/**
 * The operations each limit applies to, "METHOD /path" as the route declares them. Adding an
 * operation to a limit is one line here. A limit per source is counted before the route's guard
 * (floods are refused before a body is read or a signature checked); one per member after the
 * guard and the request's validation, so it counts only requests that do the work.
 *
 * Only requests API Gateway delivered are counted (they carry its sourceIp): the limits guard the
 * deployed API against the internet. The local server (127.0.0.1 only) and in-process calls (the
 * API tests, the emulators delivering to the app, seeding and benches) go as fast as they like.
 */
export const RATE_LIMITED_OPERATIONS: Readonly<Record<string, RateLimitName>> = {
  'POST /v1/auth/wechat': 'login',
  'POST /v1/webhooks/orders': 'webhooks',
  'POST /v1/webhooks/refunds': 'webhooks',
  'POST /v1/wechatpay/notify': 'webhooks',
  'POST /v1/me/photo-uploads': 'photoUploads',
  'POST /v1/me/data-exports': 'exports',
};

/** The OpenAPI extension naming an operation's rate limit: { limit, per, window }. */
export const RATE_LIMIT_EXTENSION = 'x-linli-rate-limit';

/**
 * Operations that take a larger body than LINLI_MAX_BODY_BYTES and refuse one over their own limit,
 * after their guard (order imports: 413 IMPORT_TOO_LARGE over MAX_IMPORT_BODY_BYTES).
 */
const OWN_BODY_LIMIT: ReadonlySet<string> = new Set(['POST /v1/staff/order-imports']);

/** The limits the app hands every request (AppEnv's requestLimits). */
export function requestLimitsOf(deps: Pick<Deps, 'config' | 'db' | 'clock' | 'logger'>): RequestLimits {
  const { maxBodyBytes, rateLimits } = deps.config.http;
  return {
    maxBodyBytes,
    take: (limit, subject) =>
      takeFromRateLimit(deps, { name: limit, max: rateLimits[limit], window: RATE_LIMIT_POLICIES[limit].window }, subject),
  };
}

type RouteHandler = (c: Context<AppEnv>, next: Next) => unknown;

/** The rate limit of an operation, if it has one. */
export function rateLimitOf(route: Pick<RouteConfig, 'method' | 'path'>): RateLimitName | undefined {
  return RATE_LIMITED_OPERATIONS[operationName(route)];
}

/**
 * Whether an operation is held to LINLI_MAX_BODY_BYTES: every one that reads a body (a JSON one, or
 * the raw body a webhook's guard verifies) but those with their own limit.
 */
export function hasAppBodyLimit(route: RouteConfig): boolean {
  const access = (route as Record<string, unknown>)[ACCESS_EXTENSION];
  const readsBody = route.request?.body !== undefined || access === 'signed-webhook' || access === 'wechatpay-notification';
  return readsBody && !OWN_BODY_LIMIT.has(operationName(route));
}

/**
 * The route and handler with the operation's limits in place: the body size first (free to check
 * when the length is declared), then a limit per source, then the route's own middleware (its
 * guard), and a limit per member around the handler.
 */
export function withRequestLimits<R extends RouteConfig>(route: R, handler: RouteHandler): { route: R; handler: RouteHandler } {
  const own = (route.middleware === undefined ? [] : [route.middleware].flat()) as MiddlewareHandler[];
  const body = hasAppBodyLimit(route) ? [limitBody] : [];
  const limit = rateLimitOf(route);
  if (limit === undefined) return { route: { ...route, middleware: [...body, ...own] }, handler };
  const { per, window } = RATE_LIMIT_POLICIES[limit];
  if (per === 'member' && (route as Record<string, unknown>)[ACCESS_EXTENSION] !== 'session') {
    throw new Error(`${operationName(route)}: a limit per member needs a session route`);
  }
  return {
    route: {
      ...route,
      [RATE_LIMIT_EXTENSION]: { limit, per, window },
      middleware: [...body, ...(per === 'source' ? [limitPerSource(limit)] : []), ...own],
    },
    handler: per === 'member' ? limitPerMember(limit, handler) : handler,
  };
}

/**
 * Refuses a body over LINLI_MAX_BODY_BYTES before anything reads it: by its Content-Length at once,
 * or, sent without one, as soon as the bytes streamed in pass the limit (hono/body-limit).
 */
const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const maxSize = c.var.requestLimits.maxBodyBytes;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new DomainError('PAYLOAD_TOO_LARGE', `The body is over ${maxSize} bytes`);
    },
  })(c, next);
};

function limitPerSource(limit: RateLimitName): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const source = callerAddress(c);
    const refusal = source === undefined ? null : await refusalOver(c, limit, source);
    if (refusal) return refusal;
    await next();
  };
}

function limitPerMember(limit: RateLimitName, handler: RouteHandler): RouteHandler {
  return async (c, next) => {
    const refusal = callerAddress(c) === undefined ? null : await refusalOver(c, limit, c.var.session.memberId);
    return refusal ?? handler(c, next);
  };
}

/** Counts the request; a 429 with Retry-After when the subject is over the limit, else null. */
async function refusalOver(c: Context<AppEnv>, limit: RateLimitName, subject: string): Promise<Response | null> {
  const verdict = await c.var.requestLimits.take(limit, subject);
  if (verdict.allowed) return null;
  const { counts } = RATE_LIMIT_POLICIES[limit];
  const body: ErrorBody = {
    error: { code: 'RATE_LIMITED', message: `Too many ${counts}; retry in ${verdict.retryAfterSeconds} s` },
  };
  return c.json(body, 429, { 'Retry-After': String(verdict.retryAfterSeconds) });
}

/**
 * The caller's address as API Gateway saw the connection (HTTP API payload v2's sourceIp): the
 * caller cannot set it, unlike X-Forwarded-For. Undefined when the request did not come through
 * API Gateway.
 */
export function callerAddress(c: Context): string | undefined {
  const env = c.env as { requestContext?: { http?: { sourceIp?: unknown } } } | undefined;
  const address = env?.requestContext?.http?.sourceIp;
  return typeof address === 'string' && address !== '' ? address : undefined;
}

function operationName(route: Pick<RouteConfig, 'method' | 'path'>): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}
