import { PHOTO_CONTENT_TYPES } from '@linli/shared/photos';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import type { TransactItem } from '../db/transact-write.ts';
import type { PhotoStore } from './photo-store.ts';
import { attachPhotoItem, getPhotoGrant, type PhotoGrantRecord } from './repository.ts';

/**
 * Checks the photos a member names on a complaint or a reply and returns the writes that attach
 * them, for the same transaction as the complaint's own write (so a retry never half-attaches).
 * Each key must have been granted to this member, not be attached already, and really be in
 * storage with the granted type and no more than the granted size; otherwise a 422 with the
 * reason's code. The writes repeat the first two checks as conditions, against a race.
 */
export async function photoAttachItems(
  deps: Pick<Deps, 'db' | 'photos'>,
  input: { memberId: string; objectKeys: readonly string[]; complaintId: string; at: string },
): Promise<TransactItem[]> {
  if (new Set(input.objectKeys).size !== input.objectKeys.length) {
    throw new DomainError('VALIDATION_FAILED', 'A photo is named twice', [{ path: 'photoKeys', message: 'Each photo once' }]);
  }
  await Promise.all(input.objectKeys.map((objectKey) => checkAttachable(deps, input.memberId, objectKey)));
  return input.objectKeys.map((objectKey) =>
    attachPhotoItem(deps.db, { objectKey, memberId: input.memberId, complaintId: input.complaintId, at: input.at }),
  );
}

/**
 * Checks an avatar the member names in 我的资料 and returns the write that attaches it to them, for
 * the member's own transaction: the same checks as a complaint photo, and it must have been
 * granted as an avatar upload.
 */
export async function avatarAttachItem(
  deps: Pick<Deps, 'db' | 'photos'>,
  input: { memberId: string; objectKey: string; at: string },
): Promise<TransactItem> {
  const grant = await checkAttachable(deps, input.memberId, input.objectKey);
  if (grant.purpose !== 'avatar')
    throw new DomainError('VALIDATION_FAILED', 'Not an avatar upload', [
      { path: 'avatarKey', message: 'Upload the avatar with purpose "avatar"' },
    ]);
  return attachPhotoItem(deps.db, {
    objectKey: input.objectKey,
    memberId: input.memberId,
    complaintId: `avatar:${input.memberId}`,
    at: input.at,
  });
}

async function checkAttachable(deps: Pick<Deps, 'db' | 'photos'>, memberId: string, objectKey: string): Promise<PhotoGrantRecord> {
  const grant = await getPhotoGrant(deps.db, objectKey);
  // Another member's key and a key nobody was granted look the same: neither is yours.
  if (!grant || grant.memberId !== memberId) throw new DomainError('PHOTO_NOT_YOURS', `Photo ${objectKey} was not uploaded by you`);
  if (grant.attachedTo !== null) throw new DomainError('PHOTO_ALREADY_ATTACHED', `Photo ${objectKey} is already attached`);
  const stored = await deps.photos.stat(objectKey);
  if (!stored) throw new DomainError('PHOTO_NOT_UPLOADED', `Photo ${objectKey} has not been uploaded`);
  // Storage enforces the upload policy in the cloud; this second look also holds where it does not (s3rver).
  if (stored.sizeBytes > grant.maxBytes)
    throw new DomainError('PHOTO_TOO_LARGE', `Photo ${objectKey} is ${stored.sizeBytes} bytes, over ${grant.maxBytes}`);
  if (stored.contentType !== grant.contentType || !(PHOTO_CONTENT_TYPES as readonly string[]).includes(stored.contentType)) {
    throw new DomainError(
      'PHOTO_TYPE_NOT_ALLOWED',
      `Photo ${objectKey} is stored as ${stored.contentType ?? 'no type'}, not ${grant.contentType}`,
    );
  }
  return grant;
}

/**
 * The write that attaches a staff member's uploaded picture to a reward, for the reward's own
 * write, after the same checks as a complaint photo (theirs, not attached, really uploaded, of
 * the granted type and size).
 */
export async function rewardPictureAttachItem(
  deps: Pick<Deps, 'db' | 'photos'>,
  input: { memberId: string; objectKey: string; rewardId: string; at: string },
): Promise<TransactItem> {
  await checkAttachable(deps, input.memberId, input.objectKey);
  return attachPhotoItem(deps.db, {
    objectKey: input.objectKey,
    memberId: input.memberId,
    complaintId: `reward:${input.rewardId}`,
    at: input.at,
  });
}

/** What a 拼团 campaign's picture is attached to (its grant's `attachedTo`). */
export function groupBuyPictureOwner(campaignId: string): string {
  return `groupbuy:${campaignId}`;
}

/**
 * The writes that attach a staff member's uploaded pictures to a 拼团 campaign, for the campaign's own
 * write: each must be their own upload granted for a campaign ("groupbuy"), not attached yet, really in
 * storage with the granted type and size. Pictures the campaign already holds need no new attachment.
 */
export async function groupBuyPictureAttachItems(
  deps: Pick<Deps, 'db' | 'photos'>,
  input: { memberId: string; objectKeys: readonly string[]; campaignId: string; at: string },
): Promise<TransactItem[]> {
  if (new Set(input.objectKeys).size !== input.objectKeys.length) {
    throw new DomainError('VALIDATION_FAILED', 'A picture is named twice', [{ path: 'product.pictureKeys', message: 'Each picture once' }]);
  }
  const owner = groupBuyPictureOwner(input.campaignId);
  const grants = await Promise.all(input.objectKeys.map((objectKey) => getPhotoGrant(deps.db, objectKey)));
  const fresh = input.objectKeys.filter((_, i) => grants[i]?.attachedTo !== owner);
  for (const objectKey of fresh) {
    const grant = await checkAttachable(deps, input.memberId, objectKey);
    if (grant.purpose !== 'groupbuy')
      throw new DomainError('VALIDATION_FAILED', 'Not a campaign picture upload', [
        { path: 'product.pictureKeys', message: 'Upload campaign pictures with purpose "groupbuy"' },
      ]);
  }
  return fresh.map((objectKey) => attachPhotoItem(deps.db, { objectKey, memberId: input.memberId, complaintId: owner, at: input.at }));
}

/** Short-lived display links for the given photo keys, by key. */
export async function photoDisplayLinks(photos: PhotoStore, objectKeys: Iterable<string>): Promise<ReadonlyMap<string, string>> {
  const unique = [...new Set(objectKeys)];
  const urls = await Promise.all(unique.map((key) => photos.displayUrl(key)));
  return new Map(unique.map((key, i) => [key, urls[i]!]));
}
