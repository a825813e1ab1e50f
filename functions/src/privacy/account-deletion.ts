import type { AccountDeletionResult } from '@linli/shared/account-deletion';
import { RETENTION_JOB_ACTOR } from '@linli/shared/audit';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { getDataRequest } from './data-request-repository.ts';
import {
  keys,
  LEDGER_SK_PREFIX,
  MEMBER_COMPLAINT_SK_PREFIX,
  MEMBER_DATA_REQUEST_SK_PREFIX,
  MEMBER_COUPON_SK_PREFIX,
  MEMBER_TAG_SK_PREFIX,
  STAGE_CHANGE_SK_PREFIX,
  type ItemKey,
} from '../db/keys.ts';
import { figureUpdates } from '../figures/repository.ts';
import { addFigureDeltas, pointsEntryFigures, type FigureDeltas } from '../figures/daily-figures.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { getMember } from '../members/repository.ts';
import { decryptPhone, phoneLookupHash } from '../members/phone-crypto.ts';
import { memberSearchTerms } from '../members/search-terms.ts';
import { PHOTO_OBJECT_PREFIX } from '../photos/object-keys.ts';
import { deletePhotoUploadsUnder } from '../photos/repository.ts';
import { deleteActiveDayMember } from '../members/activity-repository.ts';
import { getStaffRecord } from '../staff/repository.ts';
import { adjustmentReceiptKey } from '../points/adjustments-repository.ts';
import { goodsSearchTerms } from '../mall/reward-rules.ts';
import { getTagCatalogEntry, removeMemberTag, type StoredMemberTag } from '../insight/tags-repository.ts';
import { getMemberInsight } from '../insight/repository.ts';
import { facetEntries } from '../insight/nightly-scores.ts';
import {
  beginErasure,
  changeAttributes,
  deleteIfOwnedBy,
  deleteItems,
  finishErasure,
  getErasure,
  getItem,
  getItems,
  listOrderIdsOfBuyer,
  listPartition,
  putItems,
  recordForfeit,
  type AttributeChange,
} from './deletion-repository.ts';

/*
 * Account deletion (注销账户, PIPL Art. 47): the member's personal data is erased, and what the
 * accounts must keep (orders, the points ledger's figures, coupons and group-buy payments, complaint
 * records) is kept without identity, under a new anonymous id that nothing leads to once the deletion
 * is done. What is erased and kept, and why, is listed in the README ("Account deletion").
 *
 * Default-deny: every item of the member's own partition (MEMBER#<memberId>) is deleted, whatever its
 * kind, except the deletion's own record; kinds added later are erased without anyone listing them.
 * Before that, the items outside the partition that its items lead to (complaints, coupons, survey
 * responses, follow-ups, group-buy orders, tag lists, lifecycle days, insight and facet items) and
 * those reached by the member's openid, phone and code are deleted or anonymised.
 *
 * Every step can run again: a deletion that stopped half-way (a timeout, a throttled table) is finished
 * by the buyer's next request, which finds the ERASURE record and its anonymous id.
 */

type DeletionDeps = Pick<Deps, 'db' | 'clock' | 'photos' | 'secrets' | 'logger'>;

/** What erased free text reads as where the record around it is kept (staff still see the complaint's course). */
export const ERASED_TEXT = '（用户已注销，内容已删除）';

const OPEN_COMPLAINT_STATUSES = new Set(['submitted', 'acknowledged', 'in_progress', 'waiting_for_buyer', 'reopened']);
const SETTLED_REFUND_STATUSES = new Set(['succeeded', 'closed']);

/**
 * Why an account is erased: the member asked (注销账户), or the retention job found them inactive for
 * the retention period (no login, no purchase). The same erasure either way; the audit log says which.
 */
export type ErasureCause = 'member-request' | 'inactive';

/**
 * Deletes the member's account. Refused while something is still on its way to or from them (a
 * group-buy place paid or a refund pending, a gift to hand over, a complaint being handled, a staff
 * role), since finishing it needs who they are; a second call once deleted answers the same result.
 */
export async function deleteAccount(
  deps: DeletionDeps,
  memberId: string,
  cause: ErasureCause = 'member-request',
): Promise<AccountDeletionResult> {
  const erasure = await getErasure(deps.db, memberId);
  if (erasure?.state === 'done') return { status: 'deleted', deletedAt: erasure.erasedAt };
  const member = await getMember(deps.db, memberId);
  if (!member) throw new DomainError('UNAUTHENTICATED', 'The session names a member that no longer exists');
  const partition = await listPartition(deps.db, keys.memberPartition(memberId));
  // Checked before starting only: a deletion under way is finished whatever happened since.
  if (!erasure) await refuseWhileUnderWay(deps, member, partition);
  const now = deps.clock();
  const started = erasure ?? (await beginErasure(deps.db, { memberId, anonymousId: newId('anon', now), startedAt: now.toISOString() }));
  if (started.state !== 'erasing') return { status: 'deleted', deletedAt: started.erasedAt };
  const context: Erasing = { deps, member, anonymousId: started.anonymousId, startedAt: started.startedAt, partition };

  await keepLedgerWithoutIdentity(context);
  await eraseComplaints(context);
  await anonymiseCoupons(context);
  await anonymiseSurveyResponses(context);
  await deleteFollowUps(context);
  await deleteDataRequests(context);
  await anonymiseGroupBuys(context);
  await eraseTags(context);
  await eraseInsight(context);
  await anonymiseOrders(context);
  await erasePointers(context);
  await eraseLastActive(context);
  await erasePhotos(context);
  await eraseDeadLetters(context);
  // Default-deny: everything left in the member's partition goes, the profile (and its index keys) with it.
  await deleteItems(
    deps.db,
    partition
      .filter((item) => item.sk !== keys.accountErasure(memberId).sk)
      .map((item) => ({ pk: item.pk as string, sk: item.sk as string })),
  );
  const deletedAt = deps.clock().toISOString();
  await finishErasure(deps.db, memberId, deletedAt);
  await recordDeletionInAuditLog(deps, { memberId, deletedAt, cause });
  return { status: 'deleted', deletedAt };
}

interface Erasing {
  deps: DeletionDeps;
  member: MemberRecord;
  anonymousId: string;
  startedAt: string;
  /** Every item of MEMBER#<memberId> as read when the deletion (or its retry) began. */
  partition: Record<string, unknown>[];
}

const itemsUnder = (partition: Record<string, unknown>[], prefix: string) =>
  partition.filter((item) => (item.sk as string).startsWith(prefix));
/** The last `#`-separated part of a sort key (ids and codes hold no '#'). */
const lastPart = (sk: unknown) => (sk as string).slice((sk as string).lastIndexOf('#') + 1);

async function refuseWhileUnderWay(deps: DeletionDeps, member: MemberRecord, partition: Record<string, unknown>[]): Promise<void> {
  const staff = await getStaffRecord(deps.db, member.openid);
  if (staff?.active) throw new DomainError('ACCOUNT_DELETION_STAFF', 'An active staff member: an admin removes the role first');

  const groupOrders = await getItems(
    deps.db,
    itemsUnder(partition, keys.memberGroupOrderRefPrefix()).map((ref) => keys.groupOrder(ref.orderNo as string)),
  );
  const fulfilments = await getItems(
    deps.db,
    groupOrders.filter((order) => order.succeededAt).map((order) => keys.fulfilment(order.succeededAt as string, order.orderNo as string)),
  );
  const groupBuyUnderWay =
    groupOrders.some((order) => {
      const refund = order.refund as { status: string } | null | undefined;
      if (order.status === 'reserved' || order.status === 'paid') return true;
      if (refund && !SETTLED_REFUND_STATUSES.has(refund.status)) return true;
      return order.status === 'succeeded' && !order.pipelineAt;
    }) || fulfilments.some((fulfilment) => fulfilment.dueAt !== null && fulfilment.dueAt !== undefined);
  if (groupBuyUnderWay)
    throw new DomainError('ACCOUNT_DELETION_GROUP_BUY_OPEN', 'A group-buy place, refund or delivery is still under way');

  const coupons = await getItems(
    deps.db,
    itemsUnder(partition, MEMBER_COUPON_SK_PREFIX).map((ref) => keys.coupon(lastPart(ref.sk))),
  );
  if (coupons.some((coupon) => (coupon.goods as { status: string } | undefined)?.status === 'pending'))
    throw new DomainError('ACCOUNT_DELETION_GOODS_PENDING', 'A redeemed gift is still to be handed over or shipped');

  const complaints = await getItems(
    deps.db,
    itemsUnder(partition, MEMBER_COMPLAINT_SK_PREFIX).map((ref) => keys.complaint(lastPart(ref.sk))),
  );
  if (complaints.some((complaint) => OPEN_COMPLAINT_STATUSES.has(complaint.status as string)))
    throw new DomainError('ACCOUNT_DELETION_COMPLAINT_OPEN', 'A complaint is still being handled');
}

/**
 * The ledger's entries move to ERASED#<anonymousId> with the member id replaced and notes dropped
 * (a staff note may name the buyer); the balance left is forfeited by one more entry there, which
 * also takes the points and the member out of the shop's running totals.
 */
async function keepLedgerWithoutIdentity({ deps, member, anonymousId, startedAt, partition }: Erasing): Promise<void> {
  const kept = itemsUnder(partition, LEDGER_SK_PREFIX).map((item) => {
    const {
      pk: _pk,
      sk: _sk,
      ...entry
    } = JSON.parse(JSON.stringify(item).replaceAll(member.memberId, anonymousId)) as Record<string, unknown>;
    return { ...entry, ...keys.erasedLedgerEntry(anonymousId, entry.createdAt as string, entry.entryId as string), note: null };
  });
  await putItems(deps.db, kept);
  // The receipts of staff adjustments are keyed by the member id and hold the entry as it was: the kept copy is enough.
  const adjustmentPrefix = `adjustment:${member.memberId}:`;
  await deleteItems(
    deps.db,
    itemsUnder(partition, LEDGER_SK_PREFIX)
      .map((entry) => String(entry.idempotencyKey ?? ''))
      .filter((key) => key.startsWith(adjustmentPrefix))
      .map((key) => adjustmentReceiptKey(member.memberId, key.slice(adjustmentPrefix.length))),
  );

  const day = shanghaiDay(new Date(startedAt)).date;
  let deltas: FigureDeltas = { day: {}, totals: member.joinedAt ? { members: -1 } : {} };
  const forfeit = member.pointsBalance > 0 ? pointsEntryFigures({ type: 'expiry', delta: -member.pointsBalance }) : null;
  if (forfeit) deltas = addFigureDeltas(deltas, forfeit);
  await recordForfeit(deps.db, {
    entry: {
      ...keys.erasedLedgerEntry(anonymousId, startedAt, 'forfeit'),
      entryId: 'forfeit',
      memberId: anonymousId,
      type: 'expiry',
      delta: -member.pointsBalance,
      balanceAfter: 0,
      refId: null,
      note: '账户注销，积分作废',
      lots: [],
      createdAt: startedAt,
      idempotencyKey: `erasure:${anonymousId}`,
    },
    figures: figureUpdates(deps.db, { ownerId: member.memberId, day, deltas }),
  });
}

/** Complaints are kept for the desk's records (category, course, compensation) with every free text and photo erased. */
async function eraseComplaints({ deps, member, anonymousId, partition }: Erasing): Promise<void> {
  for (const ref of itemsUnder(partition, MEMBER_COMPLAINT_SK_PREFIX)) {
    const complaintId = lastPart(ref.sk);
    await changeAttributes(
      deps.db,
      keys.complaint(complaintId),
      [
        { path: ['memberId'], value: anonymousId },
        { path: ['description'], value: ERASED_TEXT },
        { path: ['photoKeys'], value: [] },
      ],
      { path: ['memberId'], equals: member.memberId },
    );
    const entries = (await listPartition(deps.db, keys.complaintPartition(complaintId))).filter((item) =>
      (item.sk as string).startsWith('ENTRY#'),
    );
    for (const entry of entries) {
      const changes: AttributeChange[] = [];
      // Staff notes and replies may quote the buyer, so every text of the timeline goes, not only theirs.
      if (typeof entry.text === 'string' && entry.text !== ERASED_TEXT) changes.push({ path: ['text'], value: ERASED_TEXT });
      if (typeof entry.summary === 'string' && entry.summary !== ERASED_TEXT) changes.push({ path: ['summary'], value: ERASED_TEXT });
      if (typeof entry.comment === 'string') changes.push({ path: ['comment'], value: null });
      if (Array.isArray(entry.photoKeys) && entry.photoKeys.length > 0) changes.push({ path: ['photoKeys'], value: [] });
      if (entry.authorId === member.memberId)
        changes.push({ path: ['authorId'], value: anonymousId }, { path: ['authorName'], value: null });
      await changeAttributes(deps.db, { pk: entry.pk as string, sk: entry.sk as string }, changes);
    }
  }
}

/** Coupons and gifts stay (issued and used coupons are counted in the shop's figures), without the way to the buyer. */
async function anonymiseCoupons({ deps, member, anonymousId, partition }: Erasing): Promise<void> {
  const coupons = await getItems(
    deps.db,
    itemsUnder(partition, MEMBER_COUPON_SK_PREFIX).map((ref) => keys.coupon(lastPart(ref.sk))),
  );
  for (const coupon of coupons) {
    const goods = coupon.goods as
      { buyerNickname: string | null; buyerPhoneMasked: string | null; address: { phoneMasked: string } | null } | undefined;
    if (goods) {
      const terms = goodsSearchTerms({
        phones: [goods.buyerPhoneMasked, goods.address?.phoneMasked ?? null],
        nickname: goods.buyerNickname,
      });
      await deleteItems(
        deps.db,
        terms.map((term) => keys.goodsSearch(term, coupon.issuedAt as string, coupon.code as string)),
      );
    }
    await changeAttributes(
      deps.db,
      keys.coupon(coupon.code as string),
      [
        { path: ['memberId'], value: anonymousId },
        ...(goods
          ? [
              { path: ['goods', 'address'], value: null },
              { path: ['goods', 'addressPhoneEncrypted'], value: null },
              { path: ['goods', 'buyerNickname'], value: null },
              { path: ['goods', 'buyerPhoneMasked'], value: null },
            ]
          : []),
      ],
      { path: ['memberId'], equals: member.memberId },
    );
  }
}

/** Survey responses stay in the survey's figures and answer list with their scores and choices; text answers go. */
async function anonymiseSurveyResponses({ deps, member, anonymousId, partition }: Erasing): Promise<void> {
  for (const copy of itemsUnder(partition, keys.memberSurveyResponsePrefix())) {
    const key = keys.surveyResponse(copy.surveyId as string, copy.completedAt as string, copy.responseId as string);
    const response = await getItem(deps.db, key);
    if (!response || response.memberId !== member.memberId) continue;
    const textAnswers = Object.entries((response.answers ?? {}) as Record<string, unknown>).filter(
      ([, value]) => typeof value === 'string',
    );
    await changeAttributes(
      deps.db,
      key,
      [
        { path: ['memberId'], value: anonymousId },
        ...textAnswers.map(([questionId]) => ({ path: ['answers', questionId], value: undefined })),
      ],
      { path: ['memberId'], equals: member.memberId },
    );
  }
}

/** A follow-up (回访) is a call to make to the buyer: with no buyer left there is nothing to keep. */
async function deleteFollowUps({ deps, partition }: Erasing): Promise<void> {
  await deleteItems(
    deps.db,
    itemsUnder(partition, keys.memberFollowUpPrefix()).map((ref) => keys.followUpTask(lastPart(ref.sk))),
  );
}

/**
 * A data request (数据请求) is the buyer's own question about their data: with the buyer gone there is
 * no one to answer, so it goes with its queue rows. The audit log keeps that it was filed and handled.
 */
async function deleteDataRequests({ deps, partition }: Erasing): Promise<void> {
  for (const ref of itemsUnder(partition, MEMBER_DATA_REQUEST_SK_PREFIX)) {
    const request = await getDataRequest(deps.db, lastPart(ref.sk));
    if (!request) continue;
    await deleteItems(deps.db, [
      keys.openDataRequest(request.dueDate, request.dataRequestId),
      ...(request.closedAt ? [keys.closedDataRequest(request.closedAt, request.dataRequestId)] : []),
      keys.dataRequest(request.dataRequestId),
    ]);
  }
}

/** Group-buy orders (payments and refunds) stay for the accounts; the group keeps the place without name or avatar. */
async function anonymiseGroupBuys({ deps, member, anonymousId, partition }: Erasing): Promise<void> {
  const orders = await getItems(
    deps.db,
    itemsUnder(partition, keys.memberGroupOrderRefPrefix()).map((ref) => keys.groupOrder(ref.orderNo as string)),
  );
  for (const order of orders) {
    const orderNo = order.orderNo as string;
    await changeAttributes(
      deps.db,
      keys.groupOrder(orderNo),
      [
        { path: ['memberId'], value: anonymousId },
        { path: ['openid'], value: undefined },
      ],
      { path: ['memberId'], equals: member.memberId },
    );
    await changeAttributes(
      deps.db,
      keys.group(order.groupId as string),
      [
        { path: ['members', orderNo, 'memberId'], value: anonymousId },
        { path: ['members', orderNo, 'nickname'], value: null },
        { path: ['members', orderNo, 'avatarKey'], value: null },
      ],
      { path: ['members', orderNo, 'memberId'], equals: member.memberId },
    );
    await changeAttributes(
      deps.db,
      keys.campaignOrderRef(order.campaignId as string, order.createdAt as string, orderNo),
      [{ path: ['memberId'], value: anonymousId }],
      { path: ['memberId'], equals: member.memberId },
    );
    if (order.succeededAt)
      await changeAttributes(
        deps.db,
        keys.fulfilment(order.succeededAt as string, orderNo),
        [
          { path: ['memberId'], value: anonymousId },
          { path: ['body', 'openid'], value: undefined },
        ],
        { path: ['memberId'], equals: member.memberId },
      );
  }
}

/** Tags and the lists of members carrying them; a manual tag also leaves its catalog count. */
async function eraseTags({ deps, member, partition }: Erasing): Promise<void> {
  for (const item of itemsUnder(partition, MEMBER_TAG_SK_PREFIX)) {
    const tag = item as unknown as StoredMemberTag;
    if (tag.kind === 'manual') {
      for (let attempt = 0; attempt < 5; attempt++) {
        if ((await removeMemberTag(deps.db, tag, await getTagCatalogEntry(deps.db, tag.tag))) === 'removed') break;
        // 'retry': the tag is gone already (a retried deletion) or the catalog moved: read again.
        if (!(await getItem(deps.db, keys.memberTag(member.memberId, tag.tag)))) break;
      }
    }
    await deleteItems(deps.db, [keys.taggedMember(tag.tag, member.memberId)]);
  }
}

/** The nightly scores, the segment facets they put the member in, and the lifecycle days announcing their stage changes. */
async function eraseInsight({ deps, member, partition }: Erasing): Promise<void> {
  const insight = await getMemberInsight(deps.db, member.memberId);
  const facetKeys = insight
    ? facetEntries(insight).map((entry) => keys.segmentFacet(entry.dimension, entry.value, entry.memberId, entry.order))
    : [];
  const lifecycleKeys = itemsUnder(partition, STAGE_CHANGE_SK_PREFIX).map((change) =>
    keys.lifecycleDayChange(change.day as string, change.day as string, member.memberId),
  );
  await deleteItems(deps.db, [...facetKeys, ...lifecycleKeys, keys.memberInsight(member.memberId)]);
}

/**
 * Orders stay for the accounts (amounts, items, points earned, refunds) without the buyer: the openid,
 * the phone hash an import named, the member and the indexes that found them by either are removed.
 */
async function anonymiseOrders({ deps, member, anonymousId }: Erasing): Promise<void> {
  const orders = await getItems(deps.db, (await listOrderIdsOfBuyer(deps.db, member.openid)).map(keys.order));
  for (const order of orders) {
    // Orders of the same openid credited to a later member (a re-login) are theirs, not this member's.
    if (order.memberId !== member.memberId && order.memberId !== null && order.memberId !== undefined) continue;
    await changeAttributes(deps.db, keys.order(order.orderId as string), [
      { path: ['openid'], value: null },
      { path: ['memberId'], value: null },
      { path: ['anonymousBuyer'], value: anonymousId },
      { path: ['buyerPhoneHash'], value: undefined },
      { path: ['buyerPk'], value: undefined },
      { path: ['buyerSk'], value: undefined },
      { path: ['careDayPk'], value: undefined },
      { path: ['careDaySk'], value: undefined },
    ]);
  }
}

/** The items that find the member by openid, phone, 会员码, nickname or the phone's last four. */
async function erasePointers({ deps, member }: Erasing): Promise<void> {
  const { db } = deps;
  const openidItems = await listPartition(db, keys.pendingOrderPartition(member.openid));
  const link = openidItems.find((item) => item.sk === keys.openid(member.openid).sk);
  // Orders waiting for this openid are the buyer's while the openid is not someone else's member by now.
  if (!link || link.memberId === member.memberId) {
    await deleteItems(
      db,
      openidItems.filter((item) => item !== link).map((item) => ({ pk: item.pk as string, sk: item.sk as string })),
    );
  }
  await deleteIfOwnedBy(db, keys.openid(member.openid), member.memberId);
  if (member.phoneEncrypted) {
    const phone = decryptPhone(member.phoneEncrypted, deps.secrets.phoneEncryptionKey);
    await deleteIfOwnedBy(db, keys.phone(phoneLookupHash(phone, deps.secrets.phoneLookupKey)), member.memberId);
  }
  if (member.memberCode) await deleteIfOwnedBy(db, keys.memberCode(member.memberCode), member.memberId);
  const terms = memberSearchTerms(member);
  await deleteItems(db, [
    ...terms.nicknameSuffixes.map((suffix) => keys.memberSearchNickname(suffix, member.memberId)),
    ...(terms.phoneLastFour ? [keys.memberSearchPhone(terms.phoneLastFour, member.memberId)] : []),
  ]);
}

/** The member's place on the list of members by last active day (the retention job's); the day itself goes with the partition. */
async function eraseLastActive({ deps, member, partition }: Erasing): Promise<void> {
  const lastActive = partition.find((item) => item.sk === keys.memberLastActive(member.memberId).sk);
  if (lastActive) await deleteActiveDayMember(deps.db, lastActive.day as string, member.memberId);
}

/**
 * Every object under the member's own prefix (avatar, complaint photos, uploads never attached), its
 * upload grant, and the uploads' places on the retention job's lists of uploads by day (their keys name the member).
 */
async function erasePhotos({ deps, member }: Erasing): Promise<void> {
  const prefix = `${PHOTO_OBJECT_PREFIX}${member.memberId}/`;
  const objectKeys = await deps.photos.listKeys(prefix);
  const known = [member.avatarKey].filter((key): key is string => Boolean(key));
  const all = [...new Set([...objectKeys, ...known])];
  await deps.photos.deleteObjects(all);
  await deleteItems(deps.db, all.map(keys.photo));
  await deletePhotoUploadsUnder(deps.db, prefix);
}

/** Care messages that failed every attempt, kept for staff to retry: a message to this member is no longer to be sent. */
async function eraseDeadLetters({ deps, member }: Erasing): Promise<void> {
  const letters = await listPartition(deps.db, keys.careDeadLetterPartition());
  await deleteItems(
    deps.db,
    letters
      .filter((letter) => String(letter.body ?? '').includes(member.memberId))
      .map((letter): ItemKey => ({ pk: letter.pk as string, sk: letter.sk as string })),
  );
}

/**
 * The deletion in the audit log, the member as its actor (or the retention job, erasing an inactive
 * member). The log keeps the id it names: once the deletion is done nothing links that id to a person,
 * and the log is the evidence of who read or changed the member's data before (PIPL Art. 54's
 * compliance audits), kept for its own period.
 */
async function recordDeletionInAuditLog(
  deps: DeletionDeps,
  entry: { memberId: string; deletedAt: string; cause: ErasureCause },
): Promise<void> {
  const byJob = entry.cause === 'inactive';
  await recordAudit(deps, {
    actor: byJob ? RETENTION_JOB_ACTOR : { memberId: entry.memberId, name: '', role: 'buyer' },
    kind: 'change',
    action: byJob ? 'privacy.inactive-member-erased' : 'privacy.account-deleted',
    memberId: entry.memberId,
  });
  deps.logger.info(byJob ? 'inactive member erased' : 'account deleted', {
    action: byJob ? 'account.erased-inactive' : 'account.deleted',
    memberId: entry.memberId,
    at: entry.deletedAt,
  });
}
