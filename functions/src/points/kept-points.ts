import type { KeptPoints } from '../members/member-record.ts';
import type { PointsRules } from '../config/points-rules.ts';
import type { Draw, PointsLot } from './rules.ts';

const DAY_MS = 24 * 3600 * 1000;

/** What one points change does to the lots: a lot opened, one topped up, lots drawn. */
export interface LotChanges {
  newLot: PointsLot | null;
  topUp: { lot: PointsLot; add: number } | null;
  draws: readonly Draw[];
}

/**
 * The card's figures of a set of open lots, as kept on the member: points by expiry instant (pending
 * included) and the points still pending. Lots expire at year ends and order points are pending for
 * days, so both stay small.
 */
export function keptPointsOfLots(lots: readonly PointsLot[], now: Date): KeptPoints {
  const kept: KeptPoints = { byExpiry: {}, pending: [] };
  for (const lot of lots) addPoints(kept, lot, lot.remaining, now);
  return prune(kept, now);
}

/**
 * The kept figures after a change, from the figures before it (or, for a member who has none yet,
 * from `lots`, which must then be all their open lots).
 */
export function keptPointsAfter(input: {
  kept: KeptPoints | null;
  lots: readonly PointsLot[];
  changes: LotChanges;
  now: Date;
}): KeptPoints {
  const { changes, now } = input;
  const kept = structuredClone(input.kept ?? keptPointsOfLots(input.lots, now));
  if (changes.newLot) addPoints(kept, changes.newLot, changes.newLot.remaining, now);
  if (changes.topUp) addPoints(kept, changes.topUp.lot, changes.topUp.add, now);
  for (const draw of changes.draws) addPoints(kept, draw.lot, -draw.take, now);
  return prune(kept, now);
}

function addPoints(kept: KeptPoints, lot: Pick<PointsLot, 'availableAt' | 'expiresAt'>, points: number, now: Date): void {
  if (points === 0) return;
  kept.byExpiry[lot.expiresAt] = (kept.byExpiry[lot.expiresAt] ?? 0) + points;
  if (lot.availableAt <= now.toISOString()) return;
  const pending = kept.pending.find((entry) => entry.availableAt === lot.availableAt && entry.expiresAt === lot.expiresAt);
  if (pending) pending.points += points;
  else kept.pending.push({ availableAt: lot.availableAt, expiresAt: lot.expiresAt, points });
}

/** Drops what no longer says anything at `now` or later: emptied expiry days, points no longer pending. */
function prune(kept: KeptPoints, now: Date): KeptPoints {
  const at = now.toISOString();
  const byExpiry = Object.fromEntries(Object.entries(kept.byExpiry).filter(([, points]) => points !== 0));
  const pending = kept.pending
    .filter((entry) => entry.points !== 0 && entry.availableAt > at)
    .sort((a, b) => a.availableAt.localeCompare(b.availableAt) || a.expiresAt.localeCompare(b.expiresAt));
  return { byExpiry, pending };
}

/**
 * Available, pending and soon-expiring points at `now`, folded from the kept figures: the same answer
 * summarizeLots gives from the lots themselves, at any `now` from the last change on.
 */
export function foldKeptPoints(kept: KeptPoints, now: Date, rules: Pick<PointsRules, 'expiringSoonDays'>) {
  const at = now.toISOString();
  const soon = new Date(now.getTime() + rules.expiringSoonDays * DAY_MS).toISOString();
  const pendingByExpiry = new Map<string, number>();
  for (const entry of kept.pending) {
    if (entry.availableAt <= at || entry.expiresAt <= at) continue;
    pendingByExpiry.set(entry.expiresAt, (pendingByExpiry.get(entry.expiresAt) ?? 0) + entry.points);
  }
  let available = 0;
  let pending = 0;
  let expiringSoon = 0;
  let before: string | null = null;
  for (const [expiresAt, points] of Object.entries(kept.byExpiry)) {
    if (expiresAt <= at) continue;
    const pendingHere = pendingByExpiry.get(expiresAt) ?? 0;
    const availableHere = points - pendingHere;
    pending += pendingHere;
    available += availableHere;
    if (expiresAt <= soon && availableHere > 0) {
      expiringSoon += availableHere;
      if (!before || expiresAt < before) before = expiresAt;
    }
  }
  return { available, pending, expiringSoon: { points: expiringSoon, before } };
}
