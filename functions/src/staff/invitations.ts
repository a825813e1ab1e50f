import { createHash, randomBytes } from 'node:crypto';
import {
  INVITATION_CODE_ALPHABET,
  INVITATION_VALID_DAYS,
  invitationPagePath,
  parseInvitationCode,
  type CreateInvitationRequest,
  type CreatedInvitation,
  type InvitationPreview,
  type InvitationView,
} from '@linli/shared/staff';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { requireMember } from '../members/require-member.ts';
import { drawInvitationWxaCode } from './invitation-wxa-code.ts';
import {
  getInvitation,
  getInvitationAndStaff,
  listInvitations,
  putInvitation,
  revokeInvitation,
  saveAcceptance,
  type InvitationRecord,
} from './invitations-repository.ts';
import type { StaffRecord } from './staff-record.ts';
import type { LoggedIn } from '../members/member-record.ts';

const DAY_MS = 24 * 3600 * 1000;

/** A fresh one-time code: 128 random bits written as 26 Crockford base32 characters. */
export function newInvitationCode(random: (size: number) => Uint8Array = randomBytes): string {
  let bits = 0;
  let value = 0;
  let code = '';
  for (const byte of random(16)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      code += INVITATION_CODE_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return code + INVITATION_CODE_ALPHABET[(value << (5 - bits)) & 31];
}

/** Invitations are stored under their code's SHA-256: the table alone never yields a usable code. */
export function invitationIdForCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('base64url');
}

function invitationView(invitation: InvitationRecord): InvitationView {
  return {
    invitationId: invitation.invitationId,
    name: invitation.name,
    role: invitation.role,
    invitedBy: invitation.invitedBy.name,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
  };
}

/**
 * An admin invites someone into a role; the code is returned here once and never stored, so its
 * 小程序码 is drawn now too (in parallel with the write; an invitation never fails for its image).
 */
export async function createInvitation(
  deps: Deps,
  inviter: { openid: string; name: string },
  request: CreateInvitationRequest,
): Promise<CreatedInvitation> {
  const now = deps.clock();
  const code = newInvitationCode();
  const invitation: InvitationRecord = {
    invitationId: invitationIdForCode(code),
    name: request.name,
    role: request.role,
    invitedBy: { openid: inviter.openid, name: inviter.name },
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_VALID_DAYS * DAY_MS).toISOString(),
    status: 'pending',
    acceptedBy: null,
    acceptedAt: null,
    revokedAt: null,
  };
  const [, wxaCode] = await Promise.all([putInvitation(deps.db, invitation), drawInvitationWxaCode(deps, code)]);
  return { ...invitationView(invitation), code, path: invitationPagePath(code), wxaCode };
}

/** Invitations that can still be accepted, oldest first. */
export async function listPendingInvitations(deps: Deps): Promise<InvitationView[]> {
  const now = deps.clock().toISOString();
  return (await listInvitations(deps.db))
    .filter((invitation) => invitation.status === 'pending' && invitation.expiresAt > now)
    .map(invitationView);
}

/** Revokes a pending invitation (again is fine); one already accepted cannot be taken back here. */
export async function revokePendingInvitation(deps: Deps, invitationId: string): Promise<void> {
  const outcome = await revokeInvitation(deps.db, invitationId, deps.clock().toISOString());
  if (outcome === 'revoked') return;
  const invitation = await getInvitation(deps.db, invitationId);
  if (!invitation) throw new DomainError('INVITATION_NOT_FOUND', 'No such invitation');
  if (invitation.status === 'accepted')
    throw new DomainError('INVITATION_ALREADY_USED', 'The invitation was accepted; change the staff member in the roster instead');
}

/** The invitation behind a code if it can still be accepted; otherwise the reason it cannot. */
async function openInvitation(deps: Deps, rawCode: string): Promise<InvitationRecord> {
  const code = parseInvitationCode(rawCode);
  const invitation = code ? await getInvitation(deps.db, invitationIdForCode(code)) : null;
  if (!invitation) throw new DomainError('INVITATION_NOT_FOUND', 'No invitation has this code');
  return invitation;
}

function refuseUnlessPending(invitation: InvitationRecord, now: Date): void {
  if (invitation.status === 'accepted') throw new DomainError('INVITATION_ALREADY_USED', 'The invitation was accepted already');
  if (invitation.status === 'revoked') throw new DomainError('INVITATION_REVOKED', 'An admin revoked the invitation');
  if (invitation.expiresAt <= now.toISOString())
    throw new DomainError('INVITATION_EXPIRED', `The invitation expired at ${invitation.expiresAt}`);
}

/** What the invitee sees before accepting: the name and role offered and who offers it. */
export async function previewInvitation(deps: Deps, rawCode: string): Promise<InvitationPreview> {
  const invitation = await openInvitation(deps, rawCode);
  refuseUnlessPending(invitation, deps.clock());
  return { name: invitation.name, role: invitation.role, invitedBy: invitation.invitedBy.name, expiresAt: invitation.expiresAt };
}

/**
 * The logged-in WeChat user accepts an invitation and joins the team in its role. Answers who
 * they now are, so the route can issue a session token carrying that role and the client switches
 * to the staff area without logging in again. Active staff are refused (roles change in the roster, not by invitation); a deactivated
 * staff member is taken back. Accepting the same code again by the same person answers the same.
 */
export async function acceptInvitation(deps: Deps, memberId: string, rawCode: string): Promise<LoggedIn> {
  const member = await requireMember(deps, memberId);
  const { invitationId } = await openInvitation(deps, rawCode);
  const staff = await withOptimisticRetry(async (): Promise<StaffRecord | typeof RETRY> => {
    const now = deps.clock();
    const { invitation, staff: existing } = await getInvitationAndStaff(deps.db, invitationId, member.openid);
    if (!invitation) throw new DomainError('INVITATION_NOT_FOUND', 'No invitation has this code');
    if (invitation.status === 'accepted' && invitation.acceptedBy === member.openid && existing?.active) return existing;
    refuseUnlessPending(invitation, now);
    if (existing?.active) throw new DomainError('ALREADY_STAFF', `Already on the team as ${existing.role}`);
    const at = now.toISOString();
    const next: StaffRecord = {
      openid: member.openid,
      name: invitation.name,
      role: invitation.role,
      active: true,
      since: at,
      invitedBy: invitation.invitedBy,
      updatedAt: at,
      version: (existing?.version ?? 0) + 1,
    };
    const saved = await saveAcceptance(deps.db, {
      invitationId,
      staff: next,
      expectedStaffVersion: existing ? existing.version : null,
      at,
    });
    return saved === 'saved' ? next : RETRY;
  });
  return { member, openid: member.openid, roles: ['member', staff.role] };
}
