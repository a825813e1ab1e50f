import { ERROR_TEXT_ZH, type ErrorCode } from '@linli/shared/errors';

/** One offending field of a VALIDATION_FAILED answer, e.g. { path: 'tiers.2.minGrowth', message }. */
export interface ApiFieldIssue {
  path: string;
  message: string;
}

/** A request that never got an HTTP answer (offline, DNS, timeout). */
export const NETWORK_ERROR = 'NETWORK';
const NETWORK_ERROR_TEXT = '网络不给力，请检查网络后重试';

/** A failed API call, carrying the server's stable code (or NETWORK) and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | typeof NETWORK_ERROR,
    readonly status: number,
    developerMessage: string,
    /** The field issues of a VALIDATION_FAILED answer (empty otherwise). */
    readonly issues: readonly ApiFieldIssue[] = [],
  ) {
    super(developerMessage);
    this.name = 'ApiError';
  }
}

/** The Chinese text to show for any error; never the server's (developer-facing) message. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    return error.code === NETWORK_ERROR ? NETWORK_ERROR_TEXT : ERROR_TEXT_ZH[error.code];
  }
  return ERROR_TEXT_ZH.INTERNAL;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'FORBIDDEN';
}
