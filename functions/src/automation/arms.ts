import type { CareArm, CareRuleInput } from '@linli/shared/care-rules';
import { createHash } from 'node:crypto';

/**
 * A member's place in a rule's experiment, fixed by a hash of rule and member so it never changes
 * between runs (a member is not moved between arms or in and out of the hold-out): a number 0–9999
 * from the first bytes of SHA-256. The hold-out takes the lowest `holdoutPercent` %; of the rest, a
 * second hash splits A and B evenly when the rule has a variant.
 */
function bucket(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) % 10_000;
}

export function experimentPlace(
  ruleId: string,
  memberId: string,
  rule: { holdoutPercent: number; variant: unknown },
): { heldOut: boolean; arm: CareArm } {
  const heldOut = bucket(`holdout:${ruleId}:${memberId}`) < rule.holdoutPercent * 100;
  const arm: CareArm = rule.variant && bucket(`arm:${ruleId}:${memberId}`) % 2 === 1 ? 'b' : 'a';
  return { heldOut, arm };
}

/** The message and gift a member's arm gets. */
export function armOf(rule: Pick<CareRuleInput, 'message' | 'gift' | 'variant'>, arm: CareArm) {
  return arm === 'b' && rule.variant ? rule.variant : { message: rule.message, gift: rule.gift };
}
