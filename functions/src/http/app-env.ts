import type { StaffRole } from '@linli/shared/auth';
import type { RateLimitName } from '../config/config.ts';
import type { RateVerdict } from '../ratelimit/rate-limits.ts';
import type { PayNotification } from '../wechatpay/wechat-pay-client.ts';
import type { Session } from './session.ts';

/** The caller's staff item as read for this request (set by the first staff-role guard). */
export interface CurrentStaff {
  openid: string;
  name: string;
  role: StaffRole;
}

/** The body and rate limits a route's own middleware enforces (http/request-limits.ts), shared by the whole app. */
export interface RequestLimits {
  maxBodyBytes: number;
  /** Counts one request of `subject` against the limit, or refuses it until the window ends. */
  take(limit: RateLimitName, subject: string): Promise<RateVerdict>;
}

export interface AppEnv {
  Variables: {
    /** Set by the app before any route runs. */
    requestLimits: RequestLimits;
    session: Session;
    /** Unset until a staff-role guard has read the staff item; null when the caller is not active staff. */
    staff?: CurrentStaff | null;
    /** Set by a staff route whose member is not in its path (a complaint's filer): the audit trail names them. */
    auditedMemberId?: string;
    /** Set by the wechatpay-notification guard: the verified, decrypted notification. */
    payNotification?: PayNotification;
  };
}
