import { insightRoutes } from '../insight/routes.ts';
import { careRoutes } from '../automation/routes.ts';
import { surveyRoutes } from '../surveys/routes.ts';
import { segmentRoutes } from '../insight/segment-routes.ts';
import { groupBuyRoutes } from '../groupbuy/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { dataRequestRoutes } from '../privacy/data-request-routes.ts';
import { dataExportRoutes } from '../privacy/export-routes.ts';
import { groupBuyStaffRoutes } from '../groupbuy/staff-routes.ts';
import { groupBuyNotifyRoutes } from '../groupbuy/notify-routes.ts';
import { riskRoutes } from '../risk/routes.ts';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { cors } from 'hono/cors';
import { methodOverride } from 'hono/method-override';
import { secureHeaders } from 'hono/secure-headers';
import type { ErrorBody, ErrorCode } from '@linli/shared/errors';
import { WEBHOOK_HEADERS } from '@linli/shared/orders';
import type { Deps } from '../deps.ts';
import { complaintRoutes } from '../complaints/routes.ts';
import { customerRoutes } from '../insight/customer-routes.ts';
import { mallRoutes } from '../mall/routes.ts';
import { accountRoutes } from '../accounts/routes.ts';
import { accountDeletionRoutes } from '../privacy/deletion-routes.ts';
import { orderRoutes } from '../orders/routes.ts';
import { orderImportRoutes } from '../orders/import-routes.ts';
import { overviewRoutes } from '../overview/routes.ts';
import { photoRoutes } from '../photos/routes.ts';
import { pointsRoutes } from '../points/routes.ts';
import { staffRoutes } from '../staff/routes.ts';
import { teamRoutes } from '../staff/team-routes.ts';
import { subscriptionRoutes } from '../subscriptions/routes.ts';
import { messageSettingsRoutes } from '../automation/message-settings-routes.ts';
import { tierRoutes } from '../tiers/routes.ts';
import { followUpRoutes } from '../surveys/follow-up-routes.ts';
import { surveyInsightRoutes } from '../surveys/insight-routes.ts';
import { validationHook } from './router.ts';
import type { AppEnv } from './app-env.ts';
import { DomainError } from '../platform/domain-error.ts';
import { codeForFrameworkStatus, retryAfterSecondsFor, statusForCode, unavailableRefusal } from './errors.ts';
import { unavailableDependencyOf } from '../platform/dependency-faults.ts';
import { WECHAT_PAY_SIGNATURE_HEADERS } from './wechat-pay-notification.ts';
import { TooMuchContention } from '../db/transactions.ts';
import { isAllowedOrigin } from './browser-origins.ts';
import { requestLimitsOf } from './request-limits.ts';

const METHOD_OVERRIDE_HEADER = 'X-HTTP-Method-Override';
/** The only methods X-HTTP-Method-Override may name. */
export const OVERRIDABLE_METHODS = ['PUT', 'PATCH', 'DELETE'] as const;

/**
 * The whole HTTP API. The Lambda handler wraps this very object and the local server serves it,
 * so what runs on a laptop is what runs in the cloud.
 */
export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  // Every answer, refusals and 404s included: nothing may be framed, sniffed as another type,
  // leak the API's URL as a referrer, or load anything (the API serves no pages).
  app.use(
    '*',
    secureHeaders({
      xFrameOptions: 'DENY',
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      referrerPolicy: 'no-referrer',
    }),
  );
  // Answers are personal (a member, their points, staff lists, CSV downloads): no browser, proxy or
  // CDN keeps them. A route that means to be cached says so with its own Cache-Control.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
  const requestLimits = requestLimitsOf(deps);
  app.use('*', async (c, next) => {
    c.set('requestLimits', requestLimits);
    await next();
  });

  // The H5 build is served from another origin, the only one (besides local ones) a browser may call
  // from: LINLI_ALLOWED_ORIGINS. An unlisted origin gets no Access-Control-Allow-Origin, so its page
  // cannot read an answer. Mini-programs are not subject to CORS.
  const { allowedOrigins } = deps.config.http;
  app.use(
    '/v1/*',
    cors({
      origin: (origin) => (isAllowedOrigin(allowedOrigins, origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type', 'x-http-method-override'],
      exposeHeaders: ['retry-after'],
      maxAge: 600,
    }),
  );
  // wx.request cannot send PATCH: the mini-program sends POST with X-HTTP-Method-Override. Only
  // the methods a client may need to tunnel pass; any other value (TRACE, CONNECT, a malformed
  // name, which the Fetch API refuses to build a request with) is a 400, never a re-dispatch.
  app.use('/v1/*', async (c, next) => {
    const override = c.req.header(METHOD_OVERRIDE_HEADER);
    if (override !== undefined && c.req.method !== 'GET' && !(OVERRIDABLE_METHODS as readonly string[]).includes(override)) {
      throw new DomainError('VALIDATION_FAILED', `${METHOD_OVERRIDE_HEADER} must be one of ${OVERRIDABLE_METHODS.join(', ')}`, [
        { path: METHOD_OVERRIDE_HEADER, message: `One of ${OVERRIDABLE_METHODS.join(', ')} (upper case)` },
      ]);
    }
    await next();
  });
  app.use('/v1/*', methodOverride({ app, header: METHOD_OVERRIDE_HEADER }));

  /** A refusal with its code's status; a 503 says when to try again. */
  const refuse = (c: Context<AppEnv>, code: ErrorCode, message: string, issues?: ErrorBody['error']['issues']) => {
    const retryAfter = retryAfterSecondsFor(code);
    if (retryAfter !== null) c.header('retry-after', String(retryAfter));
    return c.json(errorBody(code, message, issues), statusForCode(code) as 400);
  };
  app.onError((error, c) => {
    if (error instanceof DomainError) return refuse(c, error.code, error.message, error.issues);
    if (error instanceof TooMuchContention) {
      deps.logger.warn('contention', { path: c.req.path });
      return refuse(c, 'BUSY', 'Too many concurrent changes; retry shortly');
    }
    // DynamoDB, storage, the queue, WeChat or WeChat Pay out of reach (platform/dependency-faults.ts):
    // a stable 503, whichever route met it. Nothing half-written is left: each write is one
    // transaction, or work recorded to be resumed by its job.
    const dependency = unavailableDependencyOf(error);
    if (dependency) {
      deps.logger.warn('dependency unavailable', { dependency, path: c.req.path, method: c.req.method, error: error.message });
      const { code, message } = unavailableRefusal(dependency);
      return refuse(c, code, message);
    }
    if (error instanceof HTTPException && error.status < 500) {
      // The framework's own refusals: a body that is not the declared JSON (415), malformed JSON (400).
      const code = codeForFrameworkStatus(error.status);
      const message = code === 'VALIDATION_FAILED' ? 'Malformed request body' : error.message || 'Request refused';
      return refuse(c, code, message);
    }
    deps.logger.error('unhandled error', { path: c.req.path, method: c.req.method, error: error as Error });
    return c.json(errorBody('INTERNAL', 'Something went wrong'), 500);
  });
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), 404));

  const api = app
    .route('/', accountRoutes(deps))
    .route('/', accountDeletionRoutes(deps))
    .route('/', pointsRoutes(deps))
    .route('/', subscriptionRoutes(deps))
    .route('/', messageSettingsRoutes(deps))
    .route('/', orderRoutes(deps))
    .route('/', orderImportRoutes(deps))
    .route('/', staffRoutes(deps))
    .route('/', teamRoutes(deps))
    .route('/', tierRoutes(deps))
    .route('/', mallRoutes(deps))
    .route('/', complaintRoutes(deps))
    .route('/', photoRoutes(deps))
    .route('/', overviewRoutes(deps))
    .route('/', insightRoutes(deps))
    .route('/', segmentRoutes(deps))
    .route('/', customerRoutes(deps))
    .route('/', careRoutes(deps))
    .route('/', followUpRoutes(deps))
    .route('/', surveyInsightRoutes(deps))
    .route('/', surveyRoutes(deps))
    .route('/', groupBuyRoutes(deps))
    .route('/', groupBuyStaffRoutes(deps))
    .route('/', groupBuyNotifyRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', dataRequestRoutes(deps))
    .route('/', riskRoutes(deps))
    .route('/', dataExportRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'WebhookSignature', {
    type: 'apiKey',
    in: 'header',
    name: WEBHOOK_HEADERS.signature,
    description: `sha256=<hex HMAC-SHA256 of "<${WEBHOOK_HEADERS.timestamp}>.<raw body>"> with the webhook secret, checked over the raw body before it is parsed`,
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'WechatPaySignature', {
    type: 'apiKey',
    in: 'header',
    name: WECHAT_PAY_SIGNATURE_HEADERS.signature,
    description: `WeChat Pay API v3 notification: RSA-SHA256 over "<${WECHAT_PAY_SIGNATURE_HEADERS.timestamp}>\\n<${WECHAT_PAY_SIGNATURE_HEADERS.nonce}>\\n<raw body>\\n" by the key ${WECHAT_PAY_SIGNATURE_HEADERS.serial} names (the WeChat Pay public key PUB_KEY_ID_…, or a platform certificate), at most 5 minutes old; the AEAD_AES_256_GCM resource decrypted with the APIv3 key before the route runs`,
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Linli API',
      version: '1.0.0',
      description: [
        'Customer relationships for WeChat sellers. Errors share one body: {"error":{"code","message","issues"}}.',
        'Request bodies are JSON: another Content-Type answers 415 UNSUPPORTED_MEDIA_TYPE, malformed JSON 400 VALIDATION_FAILED;',
        'fields a schema does not name are ignored (dropped before the handler), not refused.',
        `POST with X-HTTP-Method-Override is served as that method; only ${OVERRIDABLE_METHODS.join(', ')} may be named (anything else: 400 VALIDATION_FAILED).`,
        'A body over the limit (LINLI_MAX_BODY_BYTES) is 413 PAYLOAD_TOO_LARGE before it is read; operations with x-linli-rate-limit answer 429 RATE_LIMITED with Retry-After (seconds) past their limit.',
        'A dependency out of reach (the table, photo storage, the queue, WeChat, WeChat Pay) answers 503 with a stable code (DATABASE_UNAVAILABLE, STORAGE_UNAVAILABLE, QUEUE_UNAVAILABLE, WECHAT_UNAVAILABLE, WECHAT_PAY_UNAVAILABLE) and Retry-After; nothing is half-written.',
        'Who may call each operation is in x-linli-access (public, session, signed-webhook, wechatpay-notification) and, for session routes, x-linli-roles.',
      ].join(' '),
    },
  });
  return api;
}

export type LinliApp = ReturnType<typeof createApp>;

function errorBody(code: ErrorBody['error']['code'], message: string, issues?: ErrorBody['error']['issues']): ErrorBody {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}
