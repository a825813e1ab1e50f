import type { Reward, RewardInput } from '@linli/shared/mall';
import type { Deps } from '../deps.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getTierConfig } from '../tiers/config-repository.ts';
import { newId } from '../platform/ids.ts';
import { createReward, getReward, replaceReward, type StoredReward } from './repository.ts';
import { withPictureUrls } from './reward-views.ts';

type RewardDeps = Pick<Deps, 'db' | 'clock' | 'photos'>;

/**
 * The write that attaches a newly named picture to the reward (checked by the photos domain:
 * the editor's own upload, really in storage); the caller supplies it.
 */
export type AttachPicture = (input: { objectKey: string; rewardId: string }) => Promise<TransactItem>;

function fromInput(input: RewardInput, rewardId: string, version: number): StoredReward {
  return {
    rewardId,
    kind: input.kind,
    name: input.name,
    description: input.description,
    pointsPrice: input.pointsPrice,
    stock: input.stock,
    perMemberLimit: input.perMemberLimit,
    tierCodes: [...new Set(input.tierCodes)],
    availableFrom: new Date(input.availableFrom).toISOString(),
    availableUntil: new Date(input.availableUntil).toISOString(),
    coupon: input.kind === 'coupon' ? (input.coupon ?? null) : null,
    goods:
      input.kind === 'goods' && input.goods
        ? { fulfilment: input.goods.fulfilment, pickupPlace: input.goods.fulfilment === 'pickup' ? (input.goods.pickupPlace ?? '') : '' }
        : null,
    pictureKey: input.pictureKey ?? null,
    active: input.active,
    version,
  };
}

/** Tier restrictions name tiers on the ladder; an unknown code would lock everyone out unnoticed. */
async function checkTierCodes(deps: RewardDeps, tierCodes: readonly string[]): Promise<void> {
  if (tierCodes.length === 0) return;
  const known = new Set((await getTierConfig(deps.db)).tiers.map((tier) => tier.code));
  const unknown = tierCodes.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `Unknown tiers: ${unknown.join(', ')}`, [
      { path: 'tierCodes', message: 'Not a tier on the ladder' },
    ]);
  }
}

/** For callers that never name a picture (seeds, tests): naming one anyway is refused. */
const noPictures: AttachPicture = ({ objectKey }) =>
  Promise.reject(new DomainError('PHOTO_NOT_YOURS', `No picture can be attached here: ${objectKey}`));

const pictureTaken = () => new DomainError('PHOTO_ALREADY_ATTACHED', 'The picture was attached elsewhere meanwhile');

export async function addReward(deps: RewardDeps, input: RewardInput, attachPicture: AttachPicture = noPictures): Promise<Reward> {
  await checkTierCodes(deps, input.tierCodes);
  const reward = fromInput(input, newId('rw', deps.clock()), 1);
  const attach = reward.pictureKey ? await attachPicture({ objectKey: reward.pictureKey, rewardId: reward.rewardId }) : null;
  if ((await createReward(deps.db, reward, attach)) === 'photo-refused') throw pictureTaken();
  return (await withPictureUrls(deps.photos, [reward]))[0]!;
}

/** Replaces a reward's settings; `version` must be the one the operator edited (409 otherwise). */
export async function updateReward(
  deps: RewardDeps,
  rewardId: string,
  input: RewardInput,
  version: number,
  attachPicture: AttachPicture = noPictures,
): Promise<Reward> {
  const current = await getReward(deps.db, rewardId);
  if (!current) throw new DomainError('REWARD_NOT_FOUND', 'No such reward');
  if (current.version !== version) throw new DomainError('CONFLICT', 'The reward changed since it was loaded');
  await checkTierCodes(deps, input.tierCodes);
  const next = fromInput(input, rewardId, version + 1);
  // Keeping the picture it has needs no new attachment.
  const attach =
    next.pictureKey && next.pictureKey !== current.pictureKey ? await attachPicture({ objectKey: next.pictureKey, rewardId }) : null;
  const outcome = await replaceReward(deps.db, next, version, attach);
  if (outcome === 'stale') throw new DomainError('CONFLICT', 'The reward changed since it was loaded');
  if (outcome === 'photo-refused') throw pictureTaken();
  return (await withPictureUrls(deps.photos, [next]))[0]!;
}
