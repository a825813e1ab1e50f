import type { ExtractSchema } from 'hono/types';
import type * as z from 'zod';
import type { LinliApp } from '../../../functions/src/http/app.ts';
import { apiRequest } from './http';

/*
 * The API's routes as the server declares them, taken from the Hono app's type (a type-only
 * import: no server code reaches the bundle). A call names a path and method the server has, with
 * the path parameters, body and query its route validates, and a response schema whose type is
 * the route's 200 answer; the schema still checks the answer at run time.
 */
type Routes = ExtractSchema<LinliApp>;
type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every path the API serves, with `:name` for path parameters, e.g. '/v1/me/complaints/:complaintId'. */
export type ApiPath = keyof Routes & string;
/** The methods the API serves on `P`. */
export type VerbOf<P extends ApiPath> = { [V in Verb]: `$${Lowercase<V>}` extends keyof Routes[P] ? V : never }[Verb];
type Endpoint<P extends ApiPath, V extends Verb> = Routes[P][`$${Lowercase<V>}` & keyof Routes[P]];
/** The body of the route's 200 answer, or its 201 (a route that creates); null for a route that answers 204 and no body. */
export type ApiOk<P extends ApiPath, V extends Verb> = [Extract<Endpoint<P, V>, { status: 200 | 201 }>] extends [never]
  ? [Extract<Endpoint<P, V>, { status: 204 }>] extends [never]
    ? never
    : null
  : Extract<Endpoint<P, V>, { status: 200 | 201 }> extends { output: infer O }
    ? O
    : never;
type Input<P extends ApiPath, V extends Verb> = Endpoint<P, V> extends { input: infer I } ? I : never;

/** What a call passes: exactly the parts the route validates, plus whether to send the session. */
export type CallOptions<P extends ApiPath, V extends Verb> = (Input<P, V> extends { param: infer Params }
  ? { param: Params }
  : { param?: undefined }) &
  (Input<P, V> extends { json: infer Body } ? { body: Body } : { body?: undefined }) &
  (Input<P, V> extends { query: infer Query } ? { query?: Query } : { query?: undefined }) & {
    /** false for the calls made before logging in. */
    auth?: boolean;
  };

/** Calls one route of the API; see `apiRequest` for the transport, errors and run-time check. */
export function callApi<P extends ApiPath, V extends VerbOf<P>, S extends z.ZodType<ApiOk<P, V>>>(
  schema: S,
  method: V,
  path: P,
  ...[options]: object extends CallOptions<P, V> ? [CallOptions<P, V>?] : [CallOptions<P, V>]
): Promise<z.infer<S>> {
  const { param, body, query, auth } = (options ?? {}) as {
    param?: Record<string, string>;
    body?: unknown;
    query?: object;
    auth?: boolean;
  };
  const concrete = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(param?.[name] ?? ''));
  return apiRequest(schema, method, concrete, {
    body,
    query: query as Record<string, string | number | undefined> | undefined,
    ...(auth === undefined ? {} : { auth }),
  });
}
