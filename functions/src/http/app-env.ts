import type { StaffRole } from '@linli/shared/auth';
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
  };
}
