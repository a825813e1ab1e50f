import type { ErrorCode } from '@linli/shared/errors';
import type { Dependency } from '../platform/dependency-faults.ts';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
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
  TOTAL_LIMIT_REACHED: 422,
  REWARD_NOT_FOUND: 404,
  REWARD_NOT_AVAILABLE: 422,
  REWARD_OUT_OF_STOCK: 409,
  REWARD_LIMIT_REACHED: 409,
  REWARD_TIER_RESTRICTED: 422,
  COUPON_NOT_FOUND: 404,
  COUPON_ALREADY_USED: 409,
  COUPON_EXPIRED: 409,
  DELIVERY_ADDRESS_REQUIRED: 422,
  REDEMPTION_NOT_FOUND: 404,
  REDEMPTION_TRANSITION_INVALID: 409,
  BUSY: 503,
  COMPLAINT_NOT_FOUND: 404,
  COMPLAINT_TRANSITION_INVALID: 409,
  INVITATION_NOT_FOUND: 404,
  INVITATION_EXPIRED: 409,
  INVITATION_REVOKED: 409,
  INVITATION_ALREADY_USED: 409,
  ALREADY_STAFF: 409,
  STAFF_NOT_FOUND: 404,
  LAST_ADMIN: 409,
  CANNOT_CHANGE_SELF: 422,
  PHOTO_NOT_YOURS: 422,
  PHOTO_NOT_UPLOADED: 422,
  PHOTO_TOO_LARGE: 422,
  PHOTO_TYPE_NOT_ALLOWED: 422,
  PHOTO_ALREADY_ATTACHED: 422,
  PHOTO_UPLOAD_LIMIT_REACHED: 429,
  COMPLAINT_CATEGORY_UNAVAILABLE: 422,
  ASSIGNEE_NOT_STAFF: 422,
  COMPLAINT_NOT_YOURS: 403,
  COMPENSATION_NEEDS_SUPERVISOR: 403,
  SEGMENT_NAME_TAKEN: 409,
  SEGMENT_LIMIT_REACHED: 422,
  TAG_NAME_INVALID: 400,
  TAG_READ_ONLY: 409,
  MEMBER_TAG_LIMIT_REACHED: 409,
  TAG_CATALOG_FULL: 409,
  IMPORT_TOO_LARGE: 413,
  CARE_RULE_NOT_FOUND: 404,
  CARE_MESSAGE_INVALID: 422,
  CARE_AUDIENCE_NOT_FOUND: 422,
  CARE_RULE_LIMIT_REACHED: 422,
  SURVEY_NOT_FOUND: 404,
  SURVEY_CLOSED: 409,
  SURVEY_ALREADY_ANSWERED: 409,
  SURVEY_VERSION_OUTDATED: 409,
  SURVEY_NOT_ELIGIBLE: 409,
  SURVEY_READ_ONLY: 409,
  SURVEY_ANSWERS_INVALID: 422,
  SURVEY_LIMIT_REACHED: 422,
  GROUP_BUY_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  GROUP_ORDER_NOT_FOUND: 404,
  GROUP_BUY_NOT_OPEN: 409,
  GROUP_BUY_NOT_ELIGIBLE: 409,
  GROUP_BUY_SOLD_OUT: 409,
  GROUP_BUY_LIMIT_REACHED: 409,
  GROUP_FULL: 409,
  GROUP_CLOSED: 409,
  GROUP_ALREADY_JOINED: 409,
  GROUP_ORDER_NOT_PAYABLE: 409,
  ACCOUNT_DELETION_GROUP_BUY_OPEN: 409,
  ACCOUNT_DELETION_GOODS_PENDING: 409,
  ACCOUNT_DELETION_COMPLAINT_OPEN: 409,
  ACCOUNT_DELETION_STAFF: 409,
  GROUP_ORDER_CANNOT_LEAVE: 409,
  GROUP_BUY_ENDED: 409,
  GROUP_BUY_REFUND_NOT_ALLOWED: 409,
  GROUP_BUY_LIMIT_OF_CAMPAIGNS: 422,
  FULFILMENT_ALREADY_DELIVERED: 409,
  WECHAT_PAY_UNAVAILABLE: 503,
  ACCOUNT_UNDER_REVIEW: 403,
  RISK_FLAG_NOT_FOUND: 404,
  RISK_FLAG_ALREADY_REVIEWED: 409,
  FOLLOW_UP_NOT_FOUND: 404,
  FOLLOW_UP_DONE: 409,
  WECHAT_LOGIN_FAILED: 401,
  WECHAT_PHONE_FAILED: 422,
  WECHAT_UNAVAILABLE: 503,
  DATA_REQUEST_NOT_FOUND: 404,
  DATA_REQUEST_LIMIT_REACHED: 409,
  DATA_REQUEST_CLOSED: 409,
  GUARDIAN_CONSENT_REQUIRED: 422,
  DATABASE_UNAVAILABLE: 503,
  STORAGE_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
  EXPORT_ALREADY_REQUESTED_TODAY: 409,
  INTERNAL: 500,
};

/** The HTTP status of each error code: the one place where domain refusals meet HTTP. */
export function statusForCode(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

/**
 * The code for a refusal the framework raises itself (an HTTPException): a body that is not the
 * declared JSON (415), malformed JSON (400). Every one below 500 keeps its status and gets a
 * stable code; anything unforeseen reads as a validation failure rather than INTERNAL.
 */
export function codeForFrameworkStatus(status: number): ErrorCode {
  return CODE_BY_FRAMEWORK_STATUS[status] ?? 'VALIDATION_FAILED';
}

const CODE_BY_FRAMEWORK_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** The stable refusal for each dependency being out of reach (503): the message says what, never how. */
const UNAVAILABLE: Record<Dependency, { code: ErrorCode; message: string }> = {
  database: { code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be reached; try again shortly' },
  storage: { code: 'STORAGE_UNAVAILABLE', message: 'Photo storage cannot be reached; try again shortly' },
  queue: { code: 'QUEUE_UNAVAILABLE', message: 'The message queue cannot be reached; try again shortly' },
  wechat: { code: 'WECHAT_UNAVAILABLE', message: 'WeChat cannot be reached; try again shortly' },
  'wechat-pay': { code: 'WECHAT_PAY_UNAVAILABLE', message: 'WeChat Pay cannot be reached; try again shortly' },
};

export function unavailableRefusal(dependency: Dependency): { code: ErrorCode; message: string } {
  return UNAVAILABLE[dependency];
}

/**
 * Retry-After (seconds) of a 503: a lost race is worth trying again at once; an outage a few
 * seconds on (the API's own calls already retried and timed out within the request).
 */
export function retryAfterSecondsFor(code: ErrorCode): number | null {
  if (statusForCode(code) !== 503) return null;
  return code === 'BUSY' ? 1 : 5;
}
