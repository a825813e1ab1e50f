import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getStaffRecord } from '../staff/repository.ts';
import {
  PHOTO_EXTENSIONS,
  PHOTO_MAX_BYTES,
  PHOTO_UPLOADS_PER_DAY,
  type PhotoUploadGrant,
  type PhotoUploadRequest,
} from '@linli/shared/photos';
import { STAFF_ROLES } from '@linli/shared/auth';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import type { Role } from '@linli/shared/auth';
import { getMember } from '../members/repository.ts';
import { newId } from '../platform/ids.ts';
import { photoObjectKey } from './object-keys.ts';
import { markPhotoUploadDay, recordPhotoGrant } from './repository.ts';

/** How long a granted upload may take to start. */
export const UPLOAD_WINDOW_SECONDS = 10 * 60;
// A grant that was never attached is dropped a day after it was issued (TTL): a form left open
// longer uploads again.
const UNATTACHED_GRANT_TTL_SECONDS = 24 * 3600;

/**
 * Grants one upload to the session's member (a joined buyer, or staff answering a complaint):
 * a presigned POST for a new key, recorded so that only this member can attach it, and
 * counted against the member's daily allowance.
 */
export async function grantPhotoUpload(
  deps: Pick<Deps, 'db' | 'clock' | 'photos'>,
  session: { memberId: string; openid?: string; roles: readonly Role[] },
  request: PhotoUploadRequest,
): Promise<PhotoUploadGrant> {
  // The token's staff role is a snapshot from login: whether they are staff now is on the staff item.
  const claimsStaff = session.roles.some((role) => (STAFF_ROLES as readonly string[]).includes(role));
  const staff = claimsStaff && session.openid !== undefined ? await getStaffRecord(deps.db, session.openid) : null;
  const isStaff = staff?.active === true;
  // A reward picture is shown to every buyer in the mall: only those who edit rewards upload one.
  if (request.purpose === 'reward' && !(isStaff && (staff.role === 'admin' || staff.role === 'supervisor'))) {
    throw new DomainError('FORBIDDEN', 'Only admins and supervisors upload reward pictures');
  }
  // A campaign picture is shown to every buyer on the 拼团 pages: only those who edit campaigns upload one.
  if (request.purpose === 'groupbuy' && !(isStaff && staff.role === 'admin')) {
    throw new DomainError('FORBIDDEN', 'Only admins upload group-buy campaign pictures');
  }
  if (!isStaff) {
    const member = await getMember(deps.db, session.memberId);
    if (member?.status !== 'member') throw new DomainError('NOT_JOINED', 'Join before uploading photos');
  }
  const now = deps.clock();
  const nowEpoch = Math.floor(now.getTime() / 1000);
  const objectKey = photoObjectKey(session.memberId, newId('p', now), PHOTO_EXTENSIONS[request.contentType]);
  const uploadBy = new Date(now.getTime() + UPLOAD_WINDOW_SECONDS * 1000).toISOString();
  const day = shanghaiDay(now).date;
  // Marked before the grant lists its key under the day, so no listed upload sits on a day the retention job
  // cannot find (and marked every time: a mark remembered in memory could be one the job has removed since).
  await markPhotoUploadDay(deps.db, day);
  const recorded = await withOptimisticRetry(async () => {
    const outcome = await recordPhotoGrant(deps.db, {
      grant: {
        objectKey,
        memberId: session.memberId,
        contentType: request.contentType,
        purpose: request.purpose,
        maxBytes: PHOTO_MAX_BYTES,
        grantedAt: now.toISOString(),
        uploadBy,
        attachedTo: null,
        attachedAt: null,
      },
      shanghaiDate: day,
      dailyLimit: PHOTO_UPLOADS_PER_DAY,
      grantExpiresAtEpoch: nowEpoch + UNATTACHED_GRANT_TTL_SECONDS,
      // The counter outlives its day by a day, whatever the time zone of the TTL sweep.
      countExpiresAtEpoch: nowEpoch + 2 * 24 * 3600,
    });
    return outcome === 'conflict' ? RETRY : outcome;
  });
  if (recorded === 'limit-reached')
    throw new DomainError('PHOTO_UPLOAD_LIMIT_REACHED', `At most ${PHOTO_UPLOADS_PER_DAY} photo uploads a day`);
  const upload = await deps.photos.createUpload({
    key: objectKey,
    contentType: request.contentType,
    maxBytes: PHOTO_MAX_BYTES,
    expiresInSeconds: UPLOAD_WINDOW_SECONDS,
  });
  return { key: objectKey, url: upload.url, fields: upload.fields, expiresAt: uploadBy, maxBytes: PHOTO_MAX_BYTES };
}
