import type { PointsEntryType } from '@linli/shared/points';
import type { Database } from '../db/client.ts';
import { firstFailedCondition, transactWrite, type TransactItem } from '../db/transact-write.ts';
import { checkedRunningTotal } from '../platform/running-total.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { memberReplaceIfUnchanged } from '../members/repository.ts';
import { shanghaiDay } from '@linli/shared/time';
import { pointsEntryFigures } from '../figures/daily-figures.ts';
import { figureUpdates, mergeFigureUpdates } from '../figures/repository.ts';
import { keptPointsAfter } from './kept-points.ts';
import { ledgerEntry, ledgerEntryPut, type LedgerEntry } from './ledger.ts';
import { lotDraw, lotPut, lotTopUp } from './lots-repository.ts';
import { isAvailable, oldestFirst, planDraw, settleDebt, type Draw, type PointsLot } from './rules.ts';

/** How a change moves points. */
export type PointsMovement =
  | { kind: 'credit'; amount: number; availableAt: string; expiresAt: string }
  | {
      kind: 'debit';
      amount: number;
      scope: 'available' | 'available-or-pending';
      /** 'refuse': not enough points is an error; 'owe': take what there is and owe the rest. */
      onShortfall: 'refuse' | 'owe';
      /** Lots to draw from before the oldest-first order (a refund takes its own order's lot first). */
      preferLotIds?: string[];
    }
  | { kind: 'expire'; lots: PointsLot[] };

export interface PlannedChange {
  memberNext: MemberRecord;
  entry: LedgerEntry | null;
  newLot: PointsLot | null;
  /** An immediately available credit joins the open available lot that expires at the same time. */
  topUp: { lot: PointsLot; add: number } | null;
  draws: Draw[];
  shortfall: number;
  repaidDebt: number;
}

/**
 * The whole effect of one points change, computed from the member and open lots as read:
 * the member's new balance and debt, the ledger entry, the lot opened or the lots drawn.
 * Pure: the caller commits it (or refuses it) in one transaction.
 */
export function planPointsChange(input: {
  member: MemberRecord;
  lots: readonly PointsLot[];
  movement: PointsMovement;
  type: PointsEntryType;
  refId: string | null;
  note: string | null;
  /** What makes this change unique (`order:<id>`, `checkin:<date>`…): kept on the ledger entry. */
  idempotencyKey: string;
  now: Date;
  ids: { entryId: string; lotId: string };
  /**
   * A refund's effect on growth: the fen it takes back from the order paid at `paidAt` (negative). A
   * refund without it leaves the member's kept growth unknown (null), so readers fold the orders again.
   */
  growth?: { paidAt: string; fen: number };
}): PlannedChange | { refused: 'insufficient'; available: number } {
  const { member, movement, now } = input;
  const at = now.toISOString();
  let delta: number; // set by each kind of movement below
  let newLot: PointsLot | null = null;
  let topUp: { lot: PointsLot; add: number } | null = null;
  let draws: Draw[] = [];
  let shortfall = 0;
  let repaidDebt = 0;
  let debtAfter = member.pointsDebt;
  const notes: string[] = input.note ? [input.note] : [];

  if (movement.kind === 'credit') {
    const settled = settleDebt(member.pointsDebt, movement.amount);
    repaidDebt = settled.repaid;
    debtAfter = settled.debtAfter;
    delta = settled.toLot;
    if (repaidDebt > 0) notes.push(`抵扣退款欠分 ${repaidDebt}`);
    // Daily check-ins and other bonuses would otherwise make hundreds of tiny lots a year, and a
    // redemption drawing on them could outgrow one transaction; same expiry, already available:
    // one lot. Order lots stay separate (they are pending, and a refund takes its own order's lot first).
    const mergeInto =
      movement.availableAt <= at && input.type !== 'order'
        ? input.lots.find(
            (lot) => lot.source !== 'order' && lot.expiresAt === movement.expiresAt && isAvailable(lot, now) && lot.remaining > 0,
          )
        : undefined;
    if (settled.toLot > 0 && mergeInto) {
      topUp = { lot: mergeInto, add: settled.toLot };
    } else if (settled.toLot > 0) {
      newLot = {
        lotId: input.ids.lotId,
        memberId: member.memberId,
        source: input.type,
        refId: input.refId,
        amount: settled.toLot,
        remaining: settled.toLot,
        earnedAt: at,
        availableAt: movement.availableAt,
        expiresAt: movement.expiresAt,
      };
    }
  } else if (movement.kind === 'debit') {
    const preferred = new Set(movement.preferLotIds ?? []);
    const ordered = [
      ...oldestFirst(input.lots.filter((lot) => preferred.has(lot.lotId))),
      ...oldestFirst(input.lots.filter((lot) => !preferred.has(lot.lotId))),
    ];
    const plan = planDraw(ordered, movement.amount, now, movement.scope, true);
    if (plan.shortfall > 0 && movement.onShortfall === 'refuse') {
      const available = planDraw(input.lots, Number.MAX_SAFE_INTEGER, now, movement.scope).draws.reduce((sum, d) => sum + d.take, 0);
      return { refused: 'insufficient', available };
    }
    draws = plan.draws;
    shortfall = plan.shortfall;
    debtAfter = member.pointsDebt + shortfall;
    delta = -draws.reduce((sum, d) => sum + d.take, 0);
    if (shortfall > 0) notes.push(`已使用的 ${shortfall} 积分将从今后所得中扣回`);
  } else {
    draws = movement.lots.filter((lot) => lot.remaining > 0).map((lot) => ({ lot, take: lot.remaining }));
    delta = -draws.reduce((sum, d) => sum + d.take, 0);
  }

  const pointsBalance = checkedRunningTotal(member.pointsBalance + delta, 'The points balance');
  checkedRunningTotal(debtAfter, 'The points debt');
  if (pointsBalance < 0) throw new RangeError('A points balance can never go below zero');
  const memberNext: MemberRecord = {
    ...member,
    pointsBalance,
    pointsDebt: debtAfter,
    // Every points movement keeps the card's figures in the same transaction as the lots.
    keptPoints: keptPointsAfter({ kept: member.keptPoints, lots: input.lots, changes: { newLot, topUp, draws }, now }),
    ...(input.type === 'refund' ? refundGrowth(member, input.growth, now) : {}),
    updatedAt: at,
    version: member.version + 1,
  };
  const changed = delta !== 0 || debtAfter !== member.pointsDebt;
  const entry = changed
    ? ledgerEntry({
        entryId: input.ids.entryId,
        memberId: member.memberId,
        type: input.type,
        delta,
        balanceAfter: pointsBalance,
        refId: input.refId,
        note: notes.length > 0 ? notes.join('；') : null,
        createdAt: at,
        idempotencyKey: input.idempotencyKey,
        lots: newLot
          ? [{ lotId: newLot.lotId, delta: newLot.amount }]
          : topUp
            ? [{ lotId: topUp.lot.lotId, delta: topUp.add }]
            : draws.map((d) => ({ lotId: d.lot.lotId, delta: -d.take })),
      })
    : null;
  return { memberNext, entry, newLot, topUp, draws, shortfall, repaidDebt };
}

/**
 * A refund lowers growth on the order's paid day, and may take the member below their tier: the
 * review looks at them on its next run (it knows the ladder; this layer does not).
 */
function refundGrowth(member: MemberRecord, growth: { paidAt: string; fen: number } | undefined, now: Date) {
  const today = shanghaiDay(now).date;
  const reviewOn = member.reviewOn && member.reviewOn < today ? member.reviewOn : today;
  if (!growth || !member.growthFenByDay) return { reviewOn, growthFenByDay: null };
  const day = shanghaiDay(new Date(growth.paidAt)).date;
  // A day no longer kept is outside the growth window: the refund changes no growth.
  if (member.growthFenByDay[day] === undefined) return { reviewOn };
  return { reviewOn, growthFenByDay: { ...member.growthFenByDay, [day]: Math.max(0, member.growthFenByDay[day] + growth.fen) } };
}

type PlanInput = Parameters<typeof planPointsChange>[0];

/** Plans a credit (an order's points, a check-in, a compensation…): credits are never refused. */
export function planCredit(
  input: Omit<PlanInput, 'movement'> & { credit: Omit<Extract<PointsMovement, { kind: 'credit' }>, 'kind'> },
): PlannedChange {
  const { credit, ...rest } = input;
  const planned = planPointsChange({ ...rest, movement: { kind: 'credit', ...credit } });
  if ('refused' in planned) throw new Error('unreachable: credits are never refused');
  return planned;
}

/**
 * Commits a planned change with the caller's own items (listed first, so a failed condition on
 * one of them is reported by index). 'conflict' means something moved since the read: retry.
 * The entry's points figures (issued, redeemed…, the outstanding total) are added in the same
 * transaction, merged with any figure updates among the caller's items (figures/repository.ts).
 */
export async function commitPointsChange(
  db: Database,
  input: { planned: PlannedChange; expectedVersion: number; extraItems?: TransactItem[] },
): Promise<'committed' | 'conflict' | { failedExtra: number }> {
  const extras = input.extraItems ?? [];
  const entry = input.planned.entry;
  const figures = entry ? pointsEntryFigures(entry) : null;
  const merged = mergeFigureUpdates(db, [
    ...extras,
    memberReplaceIfUnchanged(db, input.planned.memberNext, input.expectedVersion),
    ...(entry ? [ledgerEntryPut(db, entry)] : []),
    ...(input.planned.newLot ? [lotPut(db, input.planned.newLot)] : []),
    ...(input.planned.topUp ? [lotTopUp(db, input.planned.topUp.lot, input.planned.topUp.add)] : []),
    ...input.planned.draws.map((draw) => lotDraw(db, draw.lot, draw.take)),
    ...(entry && figures
      ? figureUpdates(db, { ownerId: entry.memberId, day: shanghaiDay(new Date(entry.createdAt)).date, deltas: figures })
      : []),
  ]);
  const outcome = await transactWrite(db, merged.items);
  if (outcome.committed) return 'committed';
  for (let position = 0; position < extras.length; position++) {
    const index = merged.indexOf(position);
    if (index >= 0 && firstFailedCondition(outcome, index, index + 1) === index) return { failedExtra: position };
  }
  return 'conflict';
}
