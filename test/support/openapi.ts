import type { Role } from '@linli/shared/auth';
import type { TestStack } from './test-stack.ts';

/** The app's own openapi.json as the tests that walk it (the contract guard, the IDOR test) read it. */

export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  security?: Record<string, string[]>[];
  'x-linli-access'?: 'public' | 'session' | 'signed-webhook' | 'wechatpay-notification';
  'x-linli-roles'?: Role[];
  /** A staff route whose successful reads are audited: it answers with members' personal data. */
  'x-linli-personal-data'?: true;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
}

export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: Operation;
}

/** The document the stack's app serves. */
export async function openApiOf(stack: Pick<TestStack, 'app'>): Promise<OpenApi> {
  return (await (await stack.app.request('/openapi.json')).json()) as OpenApi;
}

/** Every operation of every path. */
export function operationsOf(doc: OpenApi): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
  );
}

/** A schema with its $ref followed into the document's components. */
export function resolveSchema(doc: OpenApi, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref === 'string') return resolveSchema(doc, doc.components.schemas[ref.replace('#/components/schemas/', '')]!);
  return schema;
}
