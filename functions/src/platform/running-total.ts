import { DomainError } from './domain-error.ts';

/**
 * The most a running total may reach (a points balance or debt, a lifetime spend in fen). Far
 * above any real shop and far below Number.MAX_SAFE_INTEGER (about 9e15): with every single
 * order, refund and credit bounded by the contract, one more step past it still cannot overflow,
 * and stored numbers always read back exactly.
 */
export const MAX_RUNNING_TOTAL = 1_000_000_000_000_000;

/** `total` as computed, or TOTAL_LIMIT_REACHED (nothing written) when it passes MAX_RUNNING_TOTAL. */
export function checkedRunningTotal(total: number, what: string): number {
  if (!Number.isSafeInteger(total) || total > MAX_RUNNING_TOTAL) {
    throw new DomainError('TOTAL_LIMIT_REACHED', `${what} would pass ${MAX_RUNNING_TOTAL}`);
  }
  return total;
}
