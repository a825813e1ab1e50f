import type { StaffRole } from '@linli/shared/auth';
import type { PayNotification } from '../wechatpay/wechat-pay-client.ts';
import type { Session } from './session.ts';

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
    /** Set by the wechatpay-notification guard: the verified, decrypted notification. */
    payNotification?: PayNotification;
  };
}
