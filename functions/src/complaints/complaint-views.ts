import { categoryName, type ComplaintDeskSettings, type ComplaintView, type StaffComplaintView } from '@linli/shared/complaints';
import { DomainError } from '../platform/domain-error.ts';
import { getOrder } from '../orders/repository.ts';
import { productNames } from '../orders/products-repository.ts';
import { getMember } from '../members/repository.ts';
import { photoDisplayLinks } from '../photos/attach.ts';
import type { ComplaintRecord, TimelineEntryRecord } from './complaint-record.ts';
import { slaOf } from './complaint-clocks.ts';
import type { DeskDeps } from './desk-deps.ts';
import { complaintOwnerName } from './desk-agents.ts';
import { deskAuthority, type DeskActor } from './desk-authority.ts';
import { loadDeskPolicy } from './desk-settings.ts';
import { getComplaint, listEntries } from './repository.ts';
import { autoCloseAt, availableEvents } from './status-machine.ts';

/** The photos named by `keys`, each with its display link from `links`. */
function photosOf(keys: readonly string[], links: ReadonlyMap<string, string>): ComplaintView['photos'] {
  return keys.flatMap((key) => {
    const url = links.get(key);
    return url ? [{ key, url }] : [];
  });
}

/** Display links for every photo a complaint's view shows (its own and its replies'). */
export function viewPhotoLinks(
  deps: DeskDeps,
  complaint: ComplaintRecord,
  entries: TimelineEntryRecord[],
): Promise<ReadonlyMap<string, string>> {
  const replyPhotos = entries.flatMap((entry) => (entry.type === 'reply' ? entry.photoKeys : []));
  return photoDisplayLinks(deps.photos, [...complaint.photoKeys, ...replyPhotos]);
}

/** The buyer's view of a complaint: internal notes and assignments left out. */
export function toBuyerView(
  complaint: ComplaintRecord,
  entries: TimelineEntryRecord[],
  now: Date,
  settings: ComplaintDeskSettings,
  photoLinks: ReadonlyMap<string, string> = new Map(),
): ComplaintView {
  return {
    complaintId: complaint.complaintId,
    category: complaint.category,
    categoryName: categoryName(settings, complaint.category),
    status: complaint.status,
    orderId: complaint.orderId,
    description: complaint.description,
    photos: photosOf(complaint.photoKeys, photoLinks),
    contactPreference: complaint.contactPreference,
    submittedAt: complaint.submittedAt,
    resolvedAt: complaint.resolvedAt,
    reopenableUntil: autoCloseAt(complaint)?.toISOString() ?? null,
    rating: complaint.rating,
    actions: availableEvents(complaint, 'buyer', now),
    // Internal notes and assignments never reach the buyer.
    timeline: entries.flatMap((entry): ComplaintView['timeline'] => {
      if (entry.type === 'note' || entry.type === 'assignment') return [];
      if (entry.type === 'reply')
        return [
          {
            entryId: entry.entryId,
            at: entry.at,
            type: 'reply',
            by: entry.by,
            authorName: entry.authorName,
            text: entry.text,
            photos: photosOf(entry.photoKeys, photoLinks),
          },
        ];
      if (entry.type === 'resolution')
        return [{ entryId: entry.entryId, at: entry.at, type: 'resolution', summary: entry.summary, compensation: entry.compensation }];
      return [entry];
    }),
  };
}

/** The complaint; with `memberId`, only if it is that member's (another's reads as 404, like one that doesn't exist). */
export async function findComplaint(deps: Pick<DeskDeps, 'db'>, complaintId: string, memberId?: string): Promise<ComplaintRecord> {
  const complaint = await getComplaint(deps.db, complaintId);
  if (!complaint || (memberId !== undefined && complaint.memberId !== memberId))
    throw new DomainError('COMPLAINT_NOT_FOUND', 'No such complaint');
  return complaint;
}

export async function buyerView(deps: DeskDeps, memberId: string, complaintId: string): Promise<ComplaintView> {
  const complaint = await findComplaint(deps, complaintId, memberId);
  const [entries, policy] = await Promise.all([listEntries(deps.db, complaintId), loadDeskPolicy(deps.db)]);
  return toBuyerView(complaint, entries, deps.clock(), policy.settings, await viewPhotoLinks(deps, complaint, entries));
}

/** A complaint as the desk shows it to `viewer`, with what they may do on it. */
export async function staffViewFor(
  deps: DeskDeps,
  viewer: Pick<DeskActor, 'id' | 'role'>,
  complaintId: string,
): Promise<StaffComplaintView> {
  const { view, settings } = await deskView(deps, complaintId);
  return { ...view, authority: deskAuthority(viewer, view, settings) };
}

/** A complaint as the desk shows it, whoever looks. */
export async function staffView(deps: DeskDeps, complaintId: string): Promise<Omit<StaffComplaintView, 'authority'>> {
  return (await deskView(deps, complaintId)).view;
}

async function deskView(
  deps: DeskDeps,
  complaintId: string,
): Promise<{ view: Omit<StaffComplaintView, 'authority'>; settings: ComplaintDeskSettings }> {
  const complaint = await findComplaint(deps, complaintId);
  const now = deps.clock();
  const [entries, member, policy, ownerName, order, names] = await Promise.all([
    listEntries(deps.db, complaintId),
    getMember(deps.db, complaint.memberId),
    loadDeskPolicy(deps.db),
    complaint.ownerId ? complaintOwnerName(deps.db, complaint.ownerId) : null,
    complaint.orderId ? getOrder(deps.db, complaint.orderId) : null,
    complaint.rootCause?.sku ? productNames(deps.db, [complaint.rootCause.sku]) : new Map<string, string>(),
  ]);
  const view = toBuyerView(complaint, entries, now, policy.settings, await viewPhotoLinks(deps, complaint, entries));
  const deskSees: Omit<StaffComplaintView, 'authority'> = {
    ...view,
    actions: availableEvents(complaint, 'agent', now),
    memberId: complaint.memberId,
    memberNickname: member?.nickname ?? null,
    memberPhoneMasked: member?.phoneMasked ?? null,
    ownerId: complaint.ownerId,
    ownerName,
    sla: slaOf(complaint, now, policy),
    rootCause: complaint.rootCause,
    rootCauseProductName: complaint.rootCause?.sku ? (names.get(complaint.rootCause.sku) ?? null) : null,
    // Only the buyer's own order (the filing checked it): never another buyer's.
    order:
      order && order.openid === member?.openid
        ? { paidAt: order.paidAt, paidFen: order.paidFen, items: order.items.map(({ sku, name, qty }) => ({ sku, name, qty })) }
        : null,
    internal: entries.flatMap((entry): StaffComplaintView['internal'] => {
      if (entry.type === 'note')
        return [{ entryId: entry.entryId, at: entry.at, type: 'note', authorName: entry.authorName, text: entry.text }];
      if (entry.type === 'assignment') {
        return [
          {
            entryId: entry.entryId,
            at: entry.at,
            type: 'assignment',
            authorName: entry.authorName,
            assigneeId: entry.assigneeId,
            assigneeName: entry.assigneeName,
          },
        ];
      }
      return [];
    }),
  };
  return { view: deskSees, settings: policy.settings };
}
