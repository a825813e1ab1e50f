import type { StaffRole } from '@linli/shared/auth';
import type { ComplaintDeskSettings, DeskAuthority } from '@linli/shared/complaints';
import { DomainError } from '../platform/domain-error.ts';

/** A staff member acting on the desk, with the role their staff item holds now (not as their token says). */
export interface DeskActor {
  id: string;
  name: string | null;
  role: StaffRole;
}

/** Supervisors and admins answer for the whole desk: any complaint, any compensation. */
function supervises(actor: Pick<DeskActor, 'role'>): boolean {
  return actor.role === 'supervisor' || actor.role === 'admin';
}

/**
 * Whether `actor` may claim, assign, reply to, note on or resolve a complaint owned by `ownerId`:
 * supervisors and admins any; an agent their own, or an unclaimed one (which claiming, replying
 * and resolving make theirs, as the desk has always done: the first to answer owns it). A
 * complaint whose owner has left the staff waits for a supervisor to hand it on.
 */
export function mayActOn(actor: Pick<DeskActor, 'id' | 'role'>, ownerId: string | null): boolean {
  return supervises(actor) || ownerId === null || ownerId === actor.id;
}

/** Refuses an agent acting on another's complaint (checked on the complaint as the write reads it). */
export function refuseUnlessMayActOn(actor: Pick<DeskActor, 'id' | 'role'>, complaint: { ownerId: string | null }): void {
  if (!mayActOn(actor, complaint.ownerId))
    throw new DomainError('COMPLAINT_NOT_YOURS', 'Another agent owns this complaint: its owner, a supervisor or an admin may act on it');
}

/** The most compensation `actor` may give on one resolution, in points; null when not capped. */
export function compensationCapFor(
  actor: Pick<DeskActor, 'role'>,
  settings: Pick<ComplaintDeskSettings, 'agentCompensationCapPoints'>,
): number | null {
  return supervises(actor) ? null : settings.agentCompensationCapPoints;
}

/**
 * What a compensation is worth against the cap: its points plus the coupon's price in the points
 * mall (a coupon is worth what a buyer would pay for it there, so a coupon cannot carry past the
 * cap what points could not).
 */
export function compensationWorth(compensation: { points?: number } | undefined, couponPointsPrice: number | null): number {
  return (compensation?.points ?? 0) + (couponPointsPrice ?? 0);
}

/** Refuses compensation beyond the actor's cap; at the cap exactly is allowed. */
export function refuseCompensationBeyondCap(
  actor: Pick<DeskActor, 'role'>,
  worth: number,
  settings: Pick<ComplaintDeskSettings, 'agentCompensationCapPoints'>,
): void {
  const cap = compensationCapFor(actor, settings);
  if (cap !== null && worth > cap)
    throw new DomainError(
      'COMPENSATION_NEEDS_SUPERVISOR',
      `Compensation worth ${worth} points is over the agents' cap of ${cap}: a supervisor or admin may give it`,
    );
}

/** What the viewer may do on a complaint, for the desk page to show before anything is sent. */
export function deskAuthority(
  viewer: Pick<DeskActor, 'id' | 'role'>,
  complaint: { ownerId: string | null },
  settings: Pick<ComplaintDeskSettings, 'agentCompensationCapPoints'>,
): DeskAuthority {
  return { mayAct: mayActOn(viewer, complaint.ownerId), compensationCapPoints: compensationCapFor(viewer, settings) };
}
