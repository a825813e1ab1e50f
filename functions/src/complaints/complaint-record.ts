import type { ComplaintCategory, ComplaintStatus, ContactPreference, RootCause } from '@linli/shared/complaints';
import type { BusinessHours, CompensationGiven } from '@linli/shared/complaints';
import type { SlaTargetsMs } from './sla.ts';
import type { StatusChange } from './status-machine.ts';

/** A complaint as stored; its timeline (replies, notes, resolutions) lives in entries beside it. */
export interface ComplaintRecord {
  complaintId: string;
  memberId: string;
  category: ComplaintCategory;
  orderId: string | null;
  description: string;
  photoKeys: string[];
  contactPreference: ContactPreference;
  status: ComplaintStatus;
  history: StatusChange[];
  submittedAt: string;
  resolvedAt: string | null;
  ownerId: string | null;
  rootCause: RootCause | null;
  rating: number | null;
  /** The category's targets when it was filed; null on complaints filed before they were kept. */
  slaTargets: SlaTargetsMs | null;
  /** The business hours its clocks count in, as they were when it was filed; null on older complaints (current hours). */
  slaHours: BusinessHours | null;
  version: number;
}

export type TimelineEntryRecord =
  | { entryId: string; at: string; type: 'status'; status: ComplaintStatus; by: 'buyer' | 'agent' | 'system' }
  | {
      entryId: string;
      at: string;
      type: 'reply';
      by: 'buyer' | 'agent';
      authorId: string;
      authorName: string | null;
      text: string;
      photoKeys: string[];
    }
  | { entryId: string; at: string; type: 'note'; authorId: string; authorName: string | null; text: string }
  | {
      entryId: string;
      at: string;
      type: 'assignment';
      authorId: string;
      authorName: string | null;
      assigneeId: string;
      assigneeName: string | null;
    }
  | { entryId: string; at: string; type: 'resolution'; summary: string; compensation: CompensationGiven | null }
  | { entryId: string; at: string; type: 'rating'; rating: number; comment: string | null };
