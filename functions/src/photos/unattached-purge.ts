import { addDays, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import {
  deletePhotoUpload,
  deletePhotoUploadDay,
  listPhotoUploadsOfDay,
  photoUploadDaysBefore,
  removeGrantUnlessAttached,
} from './repository.ts';

export interface UnattachedPhotoPurge {
  /** Uploads granted before this Shanghai day were looked at. */
  cutoff: string;
  days: number;
  /** Uploads never attached: their objects (if any was posted) and grants deleted. */
  purged: number;
  /** Uploads attached to something: kept, only taken off the day's list. */
  attached: number;
}

/**
 * Deletes the uploads never attached to anything (a complaint, a reply, an avatar, a reward's or a
 * campaign's picture) whose Shanghai day is more than `unattachedPhotoDays` days past: the object in
 * storage and its grant. Reads only the days past the period that still list uploads, each once
 * (the day's list goes as it is dealt with), so the work grows with the uploads of the days purged.
 *
 * An attached photo is never deleted: the grant goes first, conditionally on not being attached, and
 * a photo can be attached only while its grant exists. Idempotent: a run cut short leaves the rest
 * listed for the next, and an upload is counted when it leaves its day's list, once.
 */
export async function purgeUnattachedPhotos(
  deps: Pick<Deps, 'db' | 'clock' | 'photos'>,
  unattachedPhotoDays: number,
): Promise<UnattachedPhotoPurge> {
  const cutoff = addDays(shanghaiDay(deps.clock()).date, -unattachedPhotoDays);
  const report: UnattachedPhotoPurge = { cutoff, days: 0, purged: 0, attached: 0 };
  for (const day of await photoUploadDaysBefore(deps.db, cutoff)) {
    for (const objectKey of await listPhotoUploadsOfDay(deps.db, day)) {
      const outcome = await purgeUploadUnlessAttached(deps, day, objectKey);
      if (outcome !== 'gone') report[outcome]++;
    }
    await deletePhotoUploadDay(deps.db, day);
    report.days++;
  }
  return report;
}

/**
 * One listed upload: its grant deleted unless attached, then its object, then its place on the day's
 * list (last, so a run stopped before it deals with the upload again). 'gone': a run before had
 * finished it.
 */
export async function purgeUploadUnlessAttached(
  deps: Pick<Deps, 'db' | 'photos'>,
  day: string,
  objectKey: string,
): Promise<'purged' | 'attached' | 'gone'> {
  const grant = await removeGrantUnlessAttached(deps.db, objectKey);
  if (grant === 'removed') await deps.photos.deleteObjects([objectKey]);
  const listed = await deletePhotoUpload(deps.db, day, objectKey);
  if (!listed) return 'gone';
  return grant === 'removed' ? 'purged' : 'attached';
}
