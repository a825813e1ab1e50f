import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { StaffRole } from '@linli/shared/auth';
import type { Session } from './session.ts';
import { DomainError } from '../platform/domain-error.ts';

/** The caller's staff item as read for this request (set by the first staff-role guard). */
export interface CurrentStaff {
  openid: string;
  name: string;
  role: StaffRole;
}

export interface AppEnv {
  Variables: {
    session: Session;
    /** Unset until a staff-role guard has read the staff item; null when the caller is not active staff. */
    staff?: CurrentStaff | null;
  };
}

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

/** A router for one area of the API; all share the validation hook. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const jsonContent = <T>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
