import type { Reward } from '@linli/shared/mall';
import type { Deps } from '../deps.ts';
import type { StoredReward } from './repository.ts';

/** Rewards as shown: each picture with a short-lived display link (one signature each, no storage call). */
export async function withPictureUrls<R extends StoredReward>(
  photos: Deps['photos'],
  rewards: readonly R[],
): Promise<Array<R & Pick<Reward, 'pictureUrl'>>> {
  return Promise.all(
    rewards.map(async (reward) => ({ ...reward, pictureUrl: reward.pictureKey ? await photos.displayUrl(reward.pictureKey) : null })),
  );
}
