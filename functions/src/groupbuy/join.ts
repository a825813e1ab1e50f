import { MAX_ORDER_FEN } from '@linli/shared/orders';
import type { GroupJoinResult } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { transactWrite, type TransactItem } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { requireMember } from '../members/require-member.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { funnelTouchOf } from './arrivals.ts';
import { audienceAdmits } from './audience.ts';
import { buyerFacts } from './buyer-facts.ts';
import { stockUpdate } from './campaigns-repository.ts';
import { stageAdds, type FunnelTouch } from './funnel-counters.ts';
import { groupDeadline, joinRefusal, reservationEnd } from './group-rules.ts';
import { formingGroupPut, getGroup, groupUpdate, holdingTake, newGroupPut, seatPut } from './groups-repository.ts';
import { readJoinState } from './join-repository.ts';
import { groupOrderResult } from './my-orders.ts';
import { getRequestOrderNo, newOrderPut, orderRefPuts, requestPut } from './orders-repository.ts';
import { statsAdd } from './stats-repository.ts';
import { termsOf, type GroupMemberRecord, type GroupOrderRecord, type GroupRecord, type GroupTerms, type StockRecord } from './records.ts';

type JoinDeps = Pick<Deps, 'db' | 'clock' | 'photos'>;

/**
 * How many times an open or join starts over after losing a race (another transaction in flight on
 * the campaign's STOCK item or the group, or a condition that moved since the read). Each attempt
 * reads again, so a refusal is named from what is true then; past this many, the buyer is told BUSY.
 */
export const JOIN_ATTEMPTS = 80;

interface JoinRequest {
  memberId: string;
  requestId: string;
  qty: number;
}

/** A buyer who may take part: joined (a visitor is told to join first). */
async function requireJoinedMember(deps: JoinDeps, memberId: string): Promise<MemberRecord> {
  const member = await requireMember(deps, memberId);
  if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Join the membership first');
  return member;
}

function checkAmount(terms: GroupTerms, qty: number) {
  if (qty * terms.groupPriceFen > MAX_ORDER_FEN)
    throw new DomainError('VALIDATION_FAILED', 'The order would be too large', [{ path: 'qty', message: '数量太多' }]);
}

/** The units the member holds and the campaign's stock allow `qty` more: LIMIT_REACHED, SOLD_OUT otherwise. */
function checkUnits(terms: GroupTerms, held: number, stock: StockRecord, qty: number) {
  if (held + qty > terms.perBuyerLimit)
    throw new DomainError('GROUP_BUY_LIMIT_REACHED', `At most ${terms.perBuyerLimit} units per buyer; ${held} held`);
  if (stock.left < qty) throw new DomainError('GROUP_BUY_SOLD_OUT', 'Sold out');
}

function newPlace(input: {
  member: MemberRecord;
  terms: GroupTerms;
  groupId: string;
  deadline: string;
  qty: number;
  touch: FunnelTouch;
  now: Date;
}) {
  const { member, terms, now } = input;
  const at = now.toISOString();
  const order: GroupOrderRecord = {
    orderNo: newId('GO', now),
    campaignId: terms.campaignId,
    groupId: input.groupId,
    memberId: member.memberId,
    openid: member.openid,
    campaignName: terms.campaignName,
    productName: terms.productName,
    sku: terms.sku,
    category: terms.category,
    coverKey: terms.coverKey,
    qty: input.qty,
    unitPriceFen: terms.groupPriceFen,
    amountFen: input.qty * terms.groupPriceFen,
    status: 'reserved',
    createdAt: at,
    reservedUntil: reservationEnd(now, terms.reservationMinutes, input.deadline),
    payAttemptedAt: null,
    paidAt: null,
    transactionId: null,
    paidFen: null,
    refund: null,
    refundCount: 0,
    succeededAt: null,
    pipelineAt: null,
    endedAt: null,
  };
  const place: GroupMemberRecord = {
    orderNo: order.orderNo,
    memberId: member.memberId,
    nickname: member.nickname,
    avatarKey: member.avatarKey,
    qty: input.qty,
    joinedAt: at,
    paid: false,
    touch: input.touch,
  };
  return { order, place };
}

/**
 * The writes every place takes besides the STOCK item and the group: the limit, the seat, the request, the
 * order and its refs, and the campaign's figures (a place taken, under how the buyer came; a group opened).
 */
function placeItems(
  deps: JoinDeps,
  input: { order: GroupOrderRecord; terms: GroupTerms; requestId: string; touch: FunnelTouch; opens: boolean },
): TransactItem[] {
  const { order } = input;
  const counters = stageAdds('joined', input.touch);
  if (input.opens) counters.go = 1;
  return [
    holdingTake(deps.db, { memberId: order.memberId, campaignId: order.campaignId, qty: order.qty, limit: input.terms.perBuyerLimit }),
    seatPut(deps.db, { memberId: order.memberId, groupId: order.groupId, orderNo: order.orderNo }),
    requestPut(deps.db, { memberId: order.memberId, requestId: input.requestId, orderNo: order.orderNo, at: order.createdAt }),
    newOrderPut(deps.db, order),
    ...orderRefPuts(deps.db, order),
    statsAdd(deps.db, order.campaignId, order.orderNo, counters)!,
  ];
}

/**
 * What a refused transaction means, by the item whose condition failed: the limit and the seat are
 * decided by their own items (LIMIT_REACHED, ALREADY_JOINED); the request id means another attempt
 * of this very request won (answered with its order on the next read); the STOCK item and the group
 * are read again (sold out, full, closed or not open is then named from what is true; if they allow it
 * now, the join is tried again).
 */
function refusalOf(reasons: readonly string[], placeStart: number): DomainError | typeof RETRY {
  const failed = reasons.indexOf('ConditionalCheckFailed');
  if (failed === placeStart) return new DomainError('GROUP_BUY_LIMIT_REACHED', 'The per-buyer limit was reached meanwhile');
  if (failed === placeStart + 1) return new DomainError('GROUP_ALREADY_JOINED', 'Already in this group');
  return RETRY;
}

/**
 * Runs one attempt of an open or join; a refusal is first checked against the request's marker: an
 * attempt of this very request that committed meanwhile (its seat, units or place are what refused
 * this one) answers with its order instead.
 */
async function attemptOrEarlier(
  deps: JoinDeps,
  input: JoinRequest,
  attempt: () => Promise<string | typeof RETRY>,
): Promise<string | typeof RETRY> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const earlier = await getRequestOrderNo(deps.db, input.memberId, input.requestId);
    if (earlier) return earlier;
    throw error;
  }
}

/**
 * Opens a group as its leader (团长): one transaction takes the units from the campaign's STOCK
 * (published at the version read, running, units left), writes the group with its deadline and the
 * leader's reserved place, lists it as forming, holds the units against the per-buyer limit, takes
 * the seat and records the request. The same request id answers the same order.
 */
export async function openGroup(deps: JoinDeps, input: JoinRequest & { campaignId: string }): Promise<GroupJoinResult> {
  const member = await requireJoinedMember(deps, input.memberId);
  const orderNo = await withOptimisticRetry(
    () =>
      attemptOrEarlier(deps, input, async () => {
        const state = await readJoinState(deps.db, { ...input, withHead: true });
        if (state.earlierOrderNo) return state.earlierOrderNo;
        const { head, stock, held } = state;
        const now = deps.clock();
        if (!head || !stock) throw new DomainError('GROUP_BUY_NOT_FOUND', 'No such group-buy campaign');
        const at = now.toISOString();
        if (head.status !== 'published' || head.definition.startsAt > at || head.definition.endsAt <= at)
          throw new DomainError('GROUP_BUY_NOT_OPEN', 'The campaign is not open for new groups');
        const terms = termsOf(head.campaignId, head.version, head.definition);
        checkAmount(terms, input.qty);
        const facts = await buyerFacts(deps, member, [head.definition.whoMayOpen]);
        if (!audienceAdmits(head.definition.whoMayOpen, facts))
          throw new DomainError('GROUP_BUY_NOT_ELIGIBLE', 'Not among who may open a group');
        checkUnits(terms, held, stock, input.qty);
        const groupId = newId('grp', now);
        const deadline = groupDeadline(now, terms.groupHours);
        const touch = await funnelTouchOf(deps, state.touch, member.memberId);
        const { order, place } = newPlace({ member, terms, groupId, deadline, qty: input.qty, touch, now });
        const group: GroupRecord = {
          groupId,
          campaignId: terms.campaignId,
          terms,
          status: 'forming',
          leaderOrderNo: order.orderNo,
          members: { [order.orderNo]: place },
          slotsTaken: 1,
          paidCount: 0,
          openedAt: at,
          deadline,
          succeededAt: null,
          failedAt: null,
          leaderReward: null,
          effectsDoneAt: null,
        };
        const outcome = await transactWrite(deps.db, [
          stockUpdate(deps.db, terms.campaignId, {
            reserve: { qty: input.qty, open: { version: head.version, now: at } },
            groups: { forming: 1 },
            ...(touch.rfmClass ? { rfmJoin: touch.rfmClass } : {}),
          }),
          newGroupPut(deps.db, group),
          formingGroupPut(deps.db, group),
          ...placeItems(deps, { order, terms, requestId: input.requestId, touch, opens: true }),
        ]);
        if (outcome.committed) return order.orderNo;
        const refusal = refusalOf(outcome.reasons, 3);
        if (refusal instanceof DomainError) throw refusal;
        return refusal;
      }),
    JOIN_ATTEMPTS,
  );
  return groupOrderResult(deps, member.memberId, orderNo);
}

/**
 * Joins a forming group from its page or a shared card: one transaction takes the units from the
 * campaign's STOCK (units left; a campaign that ended still fills the groups it has), adds the member
 * to the group (only while forming, before its deadline, with a free place), holds the units against
 * the per-buyer limit of the group's terms, takes the seat (one per group) and records the request.
 */
export async function joinGroup(deps: JoinDeps, input: JoinRequest & { groupId: string }): Promise<GroupJoinResult> {
  const member = await requireJoinedMember(deps, input.memberId);
  const orderNo = await withOptimisticRetry(
    () =>
      attemptOrEarlier(deps, input, async () => {
        const group = await getGroup(deps.db, input.groupId);
        if (!group) throw new DomainError('GROUP_NOT_FOUND', 'No such group');
        const state = await readJoinState(deps.db, { ...input, campaignId: group.campaignId, withHead: false });
        if (state.earlierOrderNo) return state.earlierOrderNo;
        const { stock, held, seated } = state;
        const { terms } = group;
        const now = deps.clock();
        if (!stock) throw new Error(`Campaign ${group.campaignId} has no STOCK item`);
        const refused = joinRefusal(group, now);
        if (refused === 'closed') throw new DomainError('GROUP_CLOSED', 'The group is no longer forming');
        if (seated) throw new DomainError('GROUP_ALREADY_JOINED', 'Already in this group');
        if (refused === 'full') throw new DomainError('GROUP_FULL', 'The group is full');
        checkAmount(terms, input.qty);
        const facts = await buyerFacts(deps, member, [terms.whoMayJoin]);
        if (!audienceAdmits(terms.whoMayJoin, facts)) throw new DomainError('GROUP_BUY_NOT_ELIGIBLE', 'Not among who may join');
        checkUnits(terms, held, stock, input.qty);
        const touch = await funnelTouchOf(deps, state.touch, member.memberId);
        const { order, place } = newPlace({ member, terms, groupId: group.groupId, deadline: group.deadline, qty: input.qty, touch, now });
        const outcome = await transactWrite(deps.db, [
          stockUpdate(deps.db, group.campaignId, { reserve: { qty: input.qty }, ...(touch.rfmClass ? { rfmJoin: touch.rfmClass } : {}) }),
          groupUpdate(deps.db, group.groupId, { join: { member: place, groupSize: terms.groupSize, now: now.toISOString() } }),
          ...placeItems(deps, { order, terms, requestId: input.requestId, touch, opens: false }),
        ]);
        if (outcome.committed) return order.orderNo;
        const refusal = refusalOf(outcome.reasons, 2);
        if (refusal instanceof DomainError) throw refusal;
        return refusal;
      }),
    JOIN_ATTEMPTS,
  );
  return groupOrderResult(deps, member.memberId, orderNo);
}
