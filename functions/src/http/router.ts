import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hook, RouteConfig } from '@hono/zod-openapi';
import { ROLES } from '@linli/shared/auth';
import { ErrorBody } from '@linli/shared/errors';
import { DomainError } from '../platform/domain-error.ts';
import { ACCESS_EXTENSION, ROLES_EXTENSION } from './access.ts';
import type { AppEnv } from './app-env.ts';
import { RATE_LIMIT_POLICIES, hasAppBodyLimit, rateLimitOf, withRequestLimits } from './request-limits.ts';

/** The header a capped CSV download names its next page's cursor in (absent on the last page). */
export const CSV_NEXT_CURSOR_HEADER = 'x-next-cursor';

/** Turns a failed zod validation into VALIDATION_FAILED with one issue per offending field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    }));
    throw new DomainError('VALIDATION_FAILED', 'Request validation failed', issues);
  }
};

/**
 * A router for one area of the API; all share the validation hook, every route they define is held
 * to the request limits (http/request-limits.ts: the body size, and its rate limit if it has one),
 * and documents the refusals the framework and those limits give it whatever its handler does
 * (see `withStandardRefusals`).
 */
export function newRouter(): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const define = router.openapi;
  router.openapi = ((declared: RouteConfig, handler: Parameters<typeof withRequestLimits>[1], ...rest: unknown[]) => {
    const limited = withRequestLimits(declared, handler);
    return (define as (...args: unknown[]) => unknown)(
      { ...limited.route, responses: withStandardRefusals(limited.route) },
      limited.handler,
      ...rest,
    );
  }) as typeof router.openapi;
  return router;
}

/**
 * The refusals a route answers because of how it is declared, added to its documented responses
 * (its own descriptions win): 400 and 415 for a JSON body (malformed, invalid, or another content
 * type), 400 for validated parameters or a POST whose X-HTTP-Method-Override is not allowed, 401
 * for a session, signed or WeChat Pay notification route, 403 when only some roles are admitted,
 * 413 where a route reads a body (over the app's limit), 429 for a rate-limited operation
 * (beside a 429 of the route's own), and 503 for every route (the table, or whatever else it
 * calls, out of reach; beside a 503 of the route's own).
 */
export function withStandardRefusals(route: RouteConfig): RouteConfig['responses'] {
  const declared = route as RouteConfig & Partial<Record<typeof ACCESS_EXTENSION | typeof ROLES_EXTENSION, unknown>>;
  const standard: RouteConfig['responses'] = {};
  const validates = route.request?.body || route.request?.query || route.request?.params || route.request?.headers;
  if (validates || route.method !== 'get') {
    standard[400] = jsonContent(
      ErrorBody,
      'VALIDATION_FAILED: invalid input (issues name the fields), malformed JSON, or a bad X-HTTP-Method-Override',
    );
  }
  if (route.request?.body) standard[415] = jsonContent(ErrorBody, 'UNSUPPORTED_MEDIA_TYPE: the body must be application/json');
  if (declared[ACCESS_EXTENSION] === 'session')
    standard[401] = jsonContent(ErrorBody, 'UNAUTHENTICATED: no token, or an invalid or expired one');
  if (declared[ACCESS_EXTENSION] === 'signed-webhook')
    standard[401] = jsonContent(ErrorBody, 'SIGNATURE_INVALID: unsigned, forged or stale');
  if (declared[ACCESS_EXTENSION] === 'wechatpay-notification')
    standard[401] = jsonContent(ErrorBody, 'SIGNATURE_INVALID: not signed by WeChat Pay, stale, or its resource does not decrypt');
  const roles = declared[ROLES_EXTENSION];
  if (Array.isArray(roles) && !ROLES.every((role) => roles.includes(role))) {
    standard[403] = jsonContent(ErrorBody, `FORBIDDEN: only ${roles.join(', ')} (as stored in the staff item now)`);
  }
  if (hasAppBodyLimit(route)) {
    standard[413] = jsonContent(ErrorBody, 'PAYLOAD_TOO_LARGE: the body is over LINLI_MAX_BODY_BYTES');
  }
  const joined = { ...standard, ...route.responses, 503: jsonContent(ErrorBody, besideOwn(route, 503, UNAVAILABLE)) };
  const limit = rateLimitOf(route);
  if (limit !== undefined) {
    const { per, window, counts } = RATE_LIMIT_POLICIES[limit];
    const rateLimited = `RATE_LIMITED: more ${counts} than the limit per ${per === 'source' ? 'caller address' : 'member'} and ${window === 'minute' ? 'minute' : 'day (Asia/Shanghai)'}; Retry-After says in how many seconds to retry`;
    return { ...joined, 429: jsonContent(ErrorBody, besideOwn(route, 429, rateLimited)) };
  }
  return joined;
}

const UNAVAILABLE =
  'DATABASE_UNAVAILABLE (or STORAGE_, QUEUE_, WECHAT_, WECHAT_PAY_UNAVAILABLE for what the operation calls): a dependency is out of reach or throttling; nothing was half-written; Retry-After says in how many seconds to retry';

/** A standard refusal's text after the route's own description of that status, if it has one. */
function besideOwn(route: RouteConfig, status: 429 | 503, text: string): string {
  const own = route.responses[status];
  return own && 'description' in own ? `${own.description}; ${text}` : text;
}

export const jsonContent = <T>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
