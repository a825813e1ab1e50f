import type { ComplaintCategory, ComplaintStatus, ContactPreference, RootCause } from '@linli/shared/complaints';
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
  version: number;
}

export type TimelineEntryRecord =
  | { entryId: string; at: string; type: 'status'; status: ComplaintStatus; by: 'buyer' | 'agent' | 'system' }
  | { entryId: string; at: string; type: 'reply'; by: 'buyer' | 'agent'; authorId: string; authorName: string | null; text: string; photoKeys: string[] }
  | { entryId: string; at: string; type: 'note'; authorId: string; authorName: string | null; text: string }
  | { entryId: string; at: string; type: 'resolution'; summary: string; compensation: { points?: number; rewardId?: string } | null }
  | { entryId: string; at: string; type: 'rating'; rating: number; comment: string | null };
