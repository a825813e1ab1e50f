import { validateTierConfig, type StoredTierConfig, type TierConfigUpdate } from '@linli/shared/tiers';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { replaceTierConfig } from './config-repository.ts';

/**
 * An operator's new tier ladder: refused with field issues when the tiers do not form a ladder,
 * and with CONFLICT when someone saved another version since this one was read. Members keep
 * the tier they hold; the next order or the daily review applies the new thresholds.
 */
export async function saveTierConfig(
  deps: Pick<Deps, 'db' | 'clock'>,
  request: TierConfigUpdate,
  actorId: string,
): Promise<StoredTierConfig> {
  const issues = validateTierConfig(request);
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'The tiers do not form a valid ladder', issues);
  const saved = await replaceTierConfig(deps.db, {
    config: { tiers: request.tiers, downgradeGraceDays: request.downgradeGraceDays },
    expectedVersion: request.version,
    at: deps.clock().toISOString(),
    by: actorId,
  });
  if (saved === 'conflict')
    throw new DomainError('CONFLICT', `The tier configuration changed since version ${request.version}; reload it and edit again`);
  return saved;
}
