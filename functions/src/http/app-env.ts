import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { Session } from './session.ts';
import { AppError } from './errors.ts';

export interface AppEnv {
  Variables: { session: Session };
}

/** Turns a failed zod validation into VALIDATION_FAILED with one issue per offending field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    }));
    throw new AppError('VALIDATION_FAILED', 'Request validation failed', issues);
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
