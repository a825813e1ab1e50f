import * as z from 'zod';
import { MemberView } from './members.ts';

export const STAFF_ROLES = ['admin', 'supervisor', 'agent'] as const;
export const ROLES = ['member', ...STAFF_ROLES] as const;
export type Role = (typeof ROLES)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const WechatLoginRequest = z
  .object({
    code: z.string().min(1).max(128).describe('The code from wx.login, valid once for 5 minutes'),
  })
  .meta({ id: 'WechatLoginRequest' });
export type WechatLoginRequest = z.infer<typeof WechatLoginRequest>;

export const SessionResponse = z
  .object({
    token: z.string().describe('Bearer token for the Authorization header'),
    expiresAt: z.iso.datetime(),
    roles: z.array(z.enum(ROLES)),
    member: MemberView,
  })
  .meta({ id: 'Session' });
export type SessionResponse = z.infer<typeof SessionResponse>;
