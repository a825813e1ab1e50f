import type { MiddlewareHandler } from 'hono';
import { ROLES, type Role, type StaffRole } from '@linli/shared/auth';
import type { Deps } from '../deps.ts';
import { requireWebhookSignature } from './webhook-signature.ts';
import { requireWechatPayNotification } from './wechat-pay-notification.ts';
import type { AppEnv } from './app-env.ts';
import { requireSession } from './require-session.ts';
import { auditStaffRequests } from './audit-trail.ts';

/**
 * Who may call a route, declared once on the route and spread into its `createRoute({...})`: the
 * guard that enforces it (route middleware, run before any validation) and the contract entries
 * that document it (`security`, and the `x-linli-access` / `x-linli-roles` extensions on the
 * operation in openapi.json). No route is guarded by a path pattern elsewhere.
 */
export type RouteAccess = PublicAccess | SessionAccess | SignedWebhookAccess | WechatPayNotificationAccess;

/** How a route is reached: by anyone, with a session token, signed by the seller's shop, or signed by WeChat Pay. */
export const ACCESS_EXTENSION = 'x-linli-access';
/** The session roles a route admits (any one of them suffices). */
export const ROLES_EXTENSION = 'x-linli-roles';
/** A staff route whose successful reads are recorded in the audit log: it answers with members' personal data. */
export const PERSONAL_DATA_EXTENSION = 'x-linli-personal-data';

interface PublicAccess {
  security: [];
  [ACCESS_EXTENSION]: 'public';
}
interface SessionAccess {
  middleware: MiddlewareHandler<AppEnv>[];
  security: { Bearer: string[] }[];
  [ACCESS_EXTENSION]: 'session';
  [ROLES_EXTENSION]: Role[];
  [PERSONAL_DATA_EXTENSION]?: true;
}
interface SignedWebhookAccess {
  middleware: MiddlewareHandler[];
  security: { WebhookSignature: string[] }[];
  [ACCESS_EXTENSION]: 'signed-webhook';
}
interface WechatPayNotificationAccess {
  middleware: MiddlewareHandler<AppEnv>[];
  security: { WechatPaySignature: string[] }[];
  [ACCESS_EXTENSION]: 'wechatpay-notification';
}

/** Anyone may call it (login, the privacy policy, client settings). */
export function publicRoute(): PublicAccess {
  return { security: [], [ACCESS_EXTENSION]: 'public' };
}

/** Any logged-in buyer or staff member. */
export function signedIn(deps: Pick<Deps, 'secrets' | 'clock' | 'db'>): SessionAccess {
  return { middleware: [requireSession(deps)], security: [{ Bearer: [] }], [ACCESS_EXTENSION]: 'session', [ROLES_EXTENSION]: [...ROLES] };
}

/**
 * Active staff holding one of `roles`, as stored in their staff item now (not as the token says).
 * Every change such a route makes is recorded in the audit log (http/audit-trail.ts).
 */
export function staffOnly(deps: Pick<Deps, 'secrets' | 'clock' | 'db'>, ...roles: [StaffRole, ...StaffRole[]]): SessionAccess {
  return {
    middleware: [requireSession(deps, ...roles), auditStaffRequests(deps, { readsPersonalData: false })],
    security: [{ Bearer: [] }],
    [ACCESS_EXTENSION]: 'session',
    [ROLES_EXTENSION]: roles,
  };
}

/** As staffOnly, for a route that answers with members' personal data: each successful read is audited too. */
export function staffReadingPersonalData(
  deps: Pick<Deps, 'secrets' | 'clock' | 'db'>,
  ...roles: [StaffRole, ...StaffRole[]]
): SessionAccess {
  return {
    middleware: [requireSession(deps, ...roles), auditStaffRequests(deps, { readsPersonalData: true })],
    security: [{ Bearer: [] }],
    [ACCESS_EXTENSION]: 'session',
    [ROLES_EXTENSION]: roles,
    [PERSONAL_DATA_EXTENSION]: true,
  };
}

/**
 * As staffOnly, for a route whose domain code writes its own audit entry before it discloses or
 * changes anything (a reveal with its reason): the request is not recorded a second time.
 */
export function staffRecordingOwnAudit(deps: Pick<Deps, 'secrets' | 'clock' | 'db'>, ...roles: [StaffRole, ...StaffRole[]]): SessionAccess {
  return {
    middleware: [requireSession(deps, ...roles)],
    security: [{ Bearer: [] }],
    [ACCESS_EXTENSION]: 'session',
    [ROLES_EXTENSION]: roles,
    [PERSONAL_DATA_EXTENSION]: true,
  };
}

/** As staffOnly, for a settings route: a change is audited with the settings as read before and after it. */
export function staffChangingSettings(
  deps: Pick<Deps, 'secrets' | 'clock' | 'db'>,
  readSettings: () => Promise<unknown>,
  ...roles: [StaffRole, ...StaffRole[]]
): SessionAccess {
  return {
    middleware: [requireSession(deps, ...roles), auditStaffRequests(deps, { readsPersonalData: false, readSettings })],
    security: [{ Bearer: [] }],
    [ACCESS_EXTENSION]: 'session',
    [ROLES_EXTENSION]: roles,
  };
}

/** The seller's shop, signing the raw body; checked before the body is parsed or stored. */
export function signedWebhook(deps: Pick<Deps, 'secrets' | 'clock'>): SignedWebhookAccess {
  return { middleware: [requireWebhookSignature(deps)], security: [{ WebhookSignature: [] }], [ACCESS_EXTENSION]: 'signed-webhook' };
}

/**
 * WeChat Pay's notifications: verified (signature, freshness) and decrypted before the body is
 * parsed; the route reads the result with verifiedPayNotification(c).
 */
export function wechatPayNotification(deps: Pick<Deps, 'wechatPay' | 'logger'>): WechatPayNotificationAccess {
  return {
    middleware: [requireWechatPayNotification(deps)],
    security: [{ WechatPaySignature: [] }],
    [ACCESS_EXTENSION]: 'wechatpay-notification',
  };
}
