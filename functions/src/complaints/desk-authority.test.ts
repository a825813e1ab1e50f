import { describe, expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from '@linli/shared/auth';
import {
  compensationCapFor,
  compensationWorth,
  deskAuthority,
  mayActOn,
  refuseCompensationBeyondCap,
  refuseUnlessMayActOn,
} from './desk-authority.ts';

const me = 'm-me';
const OWNERS = { unclaimed: null, mine: me, another: 'm-another' } as const;
type Owner = keyof typeof OWNERS;
const settings = { agentCompensationCapPoints: 500 };

/** Who may act on a complaint, by role and whose it is: every cell of the table. */
const MAY_ACT: Record<StaffRole, Record<Owner, boolean>> = {
  agent: { unclaimed: true, mine: true, another: false },
  supervisor: { unclaimed: true, mine: true, another: true },
  admin: { unclaimed: true, mine: true, another: true },
};

describe('mayActOn', () => {
  const cells = STAFF_ROLES.flatMap((role) => (Object.keys(OWNERS) as Owner[]).map((owner) => [role, owner] as const));

  it.each(cells)('%s on a complaint that is %s', (role, owner) => {
    expect(mayActOn({ id: me, role }, OWNERS[owner])).toBe(MAY_ACT[role][owner]);
  });

  it.each(cells)('refuses %s on a complaint that is %s exactly when it may not act, with COMPLAINT_NOT_YOURS', (role, owner) => {
    const act = () => refuseUnlessMayActOn({ id: me, role }, { ownerId: OWNERS[owner] });
    if (MAY_ACT[role][owner]) expect(act).not.toThrow();
    else expect(act).toThrow(expect.objectContaining({ code: 'COMPLAINT_NOT_YOURS' }));
  });
});

describe('the compensation cap', () => {
  it('caps agents at the setting and leaves supervisors and admins uncapped', () => {
    expect(compensationCapFor({ role: 'agent' }, settings)).toBe(500);
    expect(compensationCapFor({ role: 'agent' }, { agentCompensationCapPoints: 0 })).toBe(0);
    expect(compensationCapFor({ role: 'supervisor' }, settings)).toBeNull();
    expect(compensationCapFor({ role: 'admin' }, settings)).toBeNull();
  });

  it('counts the points and the coupon at its points price', () => {
    expect(compensationWorth(undefined, null)).toBe(0);
    expect(compensationWorth({ points: 200 }, null)).toBe(200);
    expect(compensationWorth({}, 300)).toBe(300);
    expect(compensationWorth({ points: 200 }, 300)).toBe(500);
  });

  it.each<[StaffRole, number, boolean]>([
    ['agent', 0, true],
    ['agent', 500, true],
    ['agent', 501, false],
    ['supervisor', 501, true],
    ['supervisor', 1_000_000, true],
    ['admin', 1_000_000, true],
  ])('%s giving %i points worth: allowed %s', (role, worth, allowed) => {
    const give = () => refuseCompensationBeyondCap({ role }, worth, settings);
    if (allowed) expect(give).not.toThrow();
    else expect(give).toThrow(expect.objectContaining({ code: 'COMPENSATION_NEEDS_SUPERVISOR' }));
  });

  it('with a cap of 0 leaves every compensation to supervisors and admins', () => {
    expect(() => refuseCompensationBeyondCap({ role: 'agent' }, 1, { agentCompensationCapPoints: 0 })).toThrow(
      expect.objectContaining({ code: 'COMPENSATION_NEEDS_SUPERVISOR' }),
    );
    expect(() => refuseCompensationBeyondCap({ role: 'agent' }, 0, { agentCompensationCapPoints: 0 })).not.toThrow();
  });
});

describe('deskAuthority', () => {
  it('tells the viewer what the server will allow them', () => {
    expect(deskAuthority({ id: me, role: 'agent' }, { ownerId: 'm-another' }, settings)).toEqual({
      mayAct: false,
      compensationCapPoints: 500,
    });
    expect(deskAuthority({ id: me, role: 'agent' }, { ownerId: null }, settings)).toEqual({ mayAct: true, compensationCapPoints: 500 });
    expect(deskAuthority({ id: me, role: 'supervisor' }, { ownerId: 'm-another' }, settings)).toEqual({
      mayAct: true,
      compensationCapPoints: null,
    });
  });
});
