import Taro from '@tarojs/taro';
import { ErrorBody, ERROR_CODES, type ErrorCode } from '@linli/shared/errors';
import type * as z from 'zod';
import { API_BASE } from '@/env';
import { ApiError, NETWORK_ERROR } from './errors';
import { clearSession, loadSession } from './session';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

// wx.request cannot send PATCH (its methods are OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE,
// CONNECT), so PATCH travels as POST with this header on every platform: the H5 build then
// exercises the same path as WeChat. The API undoes it (Hono's methodOverride middleware).
export const METHOD_OVERRIDE_HEADER = 'X-HTTP-Method-Override';

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** false for the login call itself. */
  auth?: boolean;
}

const LOGIN_PAGE = '/pages/index/index';

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const pairs = Object.entries(query)
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined && pair[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 400 || status === 422) return 'VALIDATION_FAILED';
  return 'INTERNAL';
}

function errorFromResponse(status: number, data: unknown): ApiError {
  const parsed = ErrorBody.safeParse(data);
  if (parsed.success) return new ApiError(parsed.data.error.code, status, parsed.data.error.message, parsed.data.error.issues ?? []);
  // A code this client does not know yet (ERROR_CODES only grows) still gets a sensible text.
  const code = (data as { error?: { code?: unknown } } | null)?.error?.code;
  const known = typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
  return new ApiError(known ? (code as ErrorCode) : codeForStatus(status), status, `HTTP ${status}`);
}

function onUnauthenticated(): void {
  clearSession();
  // The login lives on the member-card page; reLaunch empties the page stack.
  Taro.reLaunch({ url: LOGIN_PAGE }).catch(() => undefined);
}

/**
 * The one HTTP client of the mini-program: calls the Linli API, checks the answer against the
 * shared schema and turns every failure into an ApiError.
 */
export async function apiRequest<S extends z.ZodType>(
  schema: S,
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const header: Record<string, string> = { 'content-type': 'application/json' };
  // wx.request sends PUT and DELETE as they are; only PATCH needs the override.
  const wireMethod: Exclude<Method, 'PATCH'> = method === 'PATCH' ? 'POST' : method;
  if (method === 'PATCH') header[METHOD_OVERRIDE_HEADER] = 'PATCH';
  if (options.auth !== false) {
    const session = loadSession();
    if (!session) {
      onUnauthenticated();
      throw new ApiError('UNAUTHENTICATED', 401, 'No session');
    }
    header.Authorization = `Bearer ${session.token}`;
  }

  let response: Taro.request.SuccessCallbackResult;
  try {
    response = await Taro.request({
      url: `${API_BASE}${path}${queryString(options.query)}`,
      method: wireMethod,
      header,
      data: options.body === undefined ? undefined : JSON.stringify(options.body),
      dataType: 'json',
      timeout: 15_000,
    });
  } catch (error) {
    throw new ApiError(NETWORK_ERROR, 0, String((error as { errMsg?: string })?.errMsg ?? error));
  }

  const statusCode = response.statusCode;
  // 204 has no body, whatever the platform made of the empty text ('' on WeChat, null or '' on H5).
  const data: unknown = statusCode === 204 ? null : response.data;
  if (statusCode < 200 || statusCode >= 300) {
    const error = errorFromResponse(statusCode, data);
    if (statusCode === 401 && options.auth !== false) onUnauthenticated();
    throw error;
  }

  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    // The server broke the shared contract: tell developers exactly where, tell users nothing technical.
    console.error(`[api] ${method} ${path}: response does not match the contract`, parsed.error.issues);
    throw new ApiError('INTERNAL', statusCode, 'Response does not match the contract');
  }
  return parsed.data;
}
