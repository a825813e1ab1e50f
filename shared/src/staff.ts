import * as z from 'zod';
import { STAFF_ROLES } from './auth.ts';
import { TierView } from './tiers.ts';

export const StaffMemberSummary = z
  .object({
    memberId: z.string(),
    nickname: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    tier: TierView,
    pointsBalance: z.number().int().nonnegative(),
    orderCount: z.number().int().nonnegative(),
    totalSpentFen: z.number().int().nonnegative(),
    lastOrderAt: z.iso.datetime().nullable(),
    joinedAt: z.iso.datetime(),
  })
  .meta({ id: 'StaffMemberSummary' });
export type StaffMemberSummary = z.infer<typeof StaffMemberSummary>;

export const StaffMemberListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});

export const StaffMemberPage = z
  .object({ items: z.array(StaffMemberSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'StaffMemberPage' });
export type StaffMemberPage = z.infer<typeof StaffMemberPage>;

// ---------------------------------------------------------------------------------------------
// The shop's team (员工管理): roles, the roster and invitations.
// ---------------------------------------------------------------------------------------------

export const StaffRoleName = z.enum(STAFF_ROLES);

/**
 * The mini-program page an invitation opens. The code rides in the `code` query parameter of a
 * link, or as the `scene` of the invitation's 小程序码 (WeChat hands it to the page URL-encoded).
 */
export const STAFF_INVITATION_PAGE = 'staff/pages/accept/index';

/** Invitation days of validity: long enough to reach a new hire over a weekend, short enough to go stale. */
export const INVITATION_VALID_DAYS = 7;

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed by hand survives. */
export const INVITATION_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 26 base32 characters carry the code's 128 random bits. */
export const INVITATION_CODE_LENGTH = 26;

const INVITATION_CODE_PATTERN = new RegExp(`^[${INVITATION_CODE_ALPHABET}]{${INVITATION_CODE_LENGTH}}$`);

/**
 * The invitation code in what someone typed or pasted: the code itself (any case, with spaces or
 * dashes) or a link to the accept page carrying it; null when there is none.
 */
export function parseInvitationCode(raw: string): string | null {
  const fromLink = /[?&]code=([^&#\s]+)/.exec(raw);
  let candidate = fromLink ? fromLink[1]! : raw;
  try {
    candidate = decodeURIComponent(candidate);
  } catch {
    return null;
  }
  candidate = candidate.toUpperCase().replace(/[\s-]/g, '');
  return INVITATION_CODE_PATTERN.test(candidate) ? candidate : null;
}

/** The path (for the QR code, a share card or typing) that opens the accept page with `code`. */
export function invitationPagePath(code: string): string {
  return `${STAFF_INVITATION_PAGE}?code=${code}`;
}

export const TeamMember = z
  .object({
    openid: z.string().describe("The staff member's WeChat openid in this mini-program: the roster's key"),
    name: z.string(),
    role: StaffRoleName,
    active: z.boolean(),
    since: z.iso.datetime().describe('When they joined the team (or last rejoined)'),
    invitedBy: z.string().nullable().describe("The inviting admin's name; null for founding admins and seeded staff"),
    isSelf: z.boolean().describe('This row is the caller'),
  })
  .meta({ id: 'TeamMember' });
export type TeamMember = z.infer<typeof TeamMember>;

export const TeamRoster = z.object({ items: z.array(TeamMember) }).meta({ id: 'TeamRoster' });
export type TeamRoster = z.infer<typeof TeamRoster>;

export const TeamMemberChange = z
  .object({
    role: StaffRoleName.optional(),
    active: z.boolean().optional().describe('false deactivates (access ends at once), true reactivates'),
  })
  .refine((change) => change.role !== undefined || change.active !== undefined, { message: 'Give role, active or both' })
  .meta({ id: 'TeamMemberChange' });
export type TeamMemberChange = z.infer<typeof TeamMemberChange>;

export const CreateInvitationRequest = z
  .object({
    name: z.string().trim().min(1).max(20).describe('What the team calls the new staff member'),
    role: StaffRoleName,
  })
  .meta({ id: 'CreateInvitationRequest' });
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequest>;

export const InvitationView = z
  .object({
    invitationId: z.string(),
    name: z.string(),
    role: StaffRoleName,
    invitedBy: z.string(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'InvitationView' });
export type InvitationView = z.infer<typeof InvitationView>;

export const InvitationList = z.object({ items: z.array(InvitationView) }).meta({ id: 'InvitationList' });
export type InvitationList = z.infer<typeof InvitationList>;

/**
 * The invitation's 小程序码 (WeChat's scannable mini-program code) opening the accept page with the
 * code as its scene, returned once like the code; `unavailable` when WeChat could not draw one
 * just then. The code and path work either way.
 */
export const InvitationWxaCode = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('ready'),
      dataUrl: z
        .string()
        .regex(/^data:image\/(png|jpeg);base64,/)
        .describe('The image as a data URL (PNG or JPEG, as WeChat drew it), for an <image> src'),
    }),
    z.object({ status: z.literal('unavailable') }),
  ])
  .meta({ id: 'InvitationWxaCode' });
export type InvitationWxaCode = z.infer<typeof InvitationWxaCode>;

/** A new invitation with its one-time code: shown once, since only the code's hash is stored. */
export const CreatedInvitation = InvitationView.extend({
  code: z.string().describe('One-time code, 128 random bits in Crockford base32'),
  path: z.string().describe('Mini-program page path to open: staff/pages/accept/index?code=…'),
  // The default keeps a newer mini-program working against an API from before 小程序码.
  wxaCode: InvitationWxaCode.default({ status: 'unavailable' }),
}).meta({ id: 'CreatedInvitation' });
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

export const InvitationCodeRequest = z
  .object({ code: z.string().min(1).max(200).describe('The code, or a link carrying it') })
  .meta({ id: 'InvitationCodeRequest' });
export type InvitationCodeRequest = z.infer<typeof InvitationCodeRequest>;

/** What the invitee sees before accepting. */
export const InvitationPreview = z
  .object({ name: z.string(), role: StaffRoleName, invitedBy: z.string(), expiresAt: z.iso.datetime() })
  .meta({ id: 'InvitationPreview' });
export type InvitationPreview = z.infer<typeof InvitationPreview>;
