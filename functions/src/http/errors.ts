import type { ErrorCode } from '@linli/shared/errors';

export interface FieldIssue {
  path: string;
  message: string;
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  SIGNATURE_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_JOINED: 409,
  POLICY_VERSION_OUTDATED: 409,
  CONFLICT: 409,
  ORDER_NOT_FOUND: 404,
  REFUND_EXCEEDS_ORDER: 422,
  POINTS_INSUFFICIENT: 409,
  REWARD_NOT_FOUND: 404,
  REWARD_NOT_AVAILABLE: 422,
  REWARD_OUT_OF_STOCK: 409,
  REWARD_LIMIT_REACHED: 409,
  REWARD_TIER_RESTRICTED: 422,
  COUPON_NOT_FOUND: 404,
  COUPON_ALREADY_USED: 409,
  COUPON_EXPIRED: 409,
  BUSY: 503,
  COMPLAINT_NOT_FOUND: 404,
  COMPLAINT_TRANSITION_INVALID: 409,
  WECHAT_LOGIN_FAILED: 401,
  WECHAT_PHONE_FAILED: 422,
  WECHAT_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** An error the client may see: a stable code, its HTTP status and a developer-facing message. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS_BY_CODE[code];
  }
}
