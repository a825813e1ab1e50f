import { describe, expect, it } from 'vitest';
import { experimentPlace } from './arms.ts';

const members = Array.from({ length: 4000 }, (_, i) => `m_${i}`);

describe("a member's place in a rule's experiment", () => {
  it('never changes between runs', () => {
    const rule = { holdoutPercent: 10, variant: {} };
    expect(members.map((m) => experimentPlace('r1', m, rule))).toEqual(members.map((m) => experimentPlace('r1', m, rule)));
  });
  it('holds out about the share asked for, and none without a hold-out', () => {
    const held = members.filter((m) => experimentPlace('r1', m, { holdoutPercent: 10, variant: null }).heldOut).length;
    expect(held / members.length).toBeGreaterThan(0.08);
    expect(held / members.length).toBeLessThan(0.12);
    expect(members.some((m) => experimentPlace('r1', m, { holdoutPercent: 0, variant: null }).heldOut)).toBe(false);
  });
  it('splits A and B about evenly with a variant, and is always A without one', () => {
    const b = members.filter((m) => experimentPlace('r1', m, { holdoutPercent: 0, variant: {} }).arm === 'b').length;
    expect(b / members.length).toBeGreaterThan(0.46);
    expect(b / members.length).toBeLessThan(0.54);
    expect(members.some((m) => experimentPlace('r1', m, { holdoutPercent: 0, variant: null }).arm === 'b')).toBe(false);
  });
  it('places a member independently in different rules', () => {
    const inR1 = members.filter((m) => experimentPlace('r1', m, { holdoutPercent: 50, variant: null }).heldOut);
    const inBoth = inR1.filter((m) => experimentPlace('r2', m, { holdoutPercent: 50, variant: null }).heldOut);
    expect(inBoth.length / inR1.length).toBeGreaterThan(0.4);
    expect(inBoth.length / inR1.length).toBeLessThan(0.6);
  });
});
