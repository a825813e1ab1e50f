import type { Reward, RewardInput } from '@linli/shared/mall';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { createReward, getReward, replaceReward } from './repository.ts';

type RewardDeps = Pick<Deps, 'db' | 'clock'>;

function fromInput(input: RewardInput, rewardId: string, version: number): Reward {
  return {
    rewardId,
    kind: input.kind,
    name: input.name,
    description: input.description,
    pointsPrice: input.pointsPrice,
    stock: input.stock,
    perMemberLimit: input.perMemberLimit,
    tierCodes: input.tierCodes,
    availableFrom: new Date(input.availableFrom).toISOString(),
    availableUntil: new Date(input.availableUntil).toISOString(),
    coupon: input.kind === 'coupon' ? (input.coupon ?? null) : null,
    goods: input.kind === 'goods' ? (input.goods ?? null) : null,
    active: input.active,
    version,
  };
}

export async function addReward(deps: RewardDeps, input: RewardInput): Promise<Reward> {
  const reward = fromInput(input, newId('rw', deps.clock()), 1);
  await createReward(deps.db, reward);
  return reward;
}

/** Replaces a reward's settings; `version` must be the one the operator edited (409 otherwise). */
export async function updateReward(deps: RewardDeps, rewardId: string, input: RewardInput, version: number): Promise<Reward> {
  const current = await getReward(deps.db, rewardId);
  if (!current) throw new DomainError('REWARD_NOT_FOUND', 'No such reward');
  if (current.version !== version) throw new DomainError('CONFLICT', 'The reward changed since it was loaded');
  const next = fromInput(input, rewardId, version + 1);
  if (!(await replaceReward(deps.db, next, version))) throw new DomainError('CONFLICT', 'The reward changed since it was loaded');
  return next;
}
