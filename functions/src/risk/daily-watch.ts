import type { RiskFlagKind } from '@linli/shared/risk';
import { addDays, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { deskAgents } from '../complaints/desk-agents.ts';
import { decryptPhone, phoneLookupHash } from '../members/phone-crypto.ts';
import { findCreditedOrdersPaidOn } from '../orders/repository.ts';
import { raiseFlag } from './flags.ts';
import { putShopOrderNorm } from './flags-repository.ts';
import {
  monthOf,
  newMemberRedemption,
  refundsAfterRedemption,
  RISK_THRESHOLDS,
  sharedPhones,
  shopOrderNorm,
  staffOutliers,
  welcomeBursts,
  type NewMemberRedemption,
  type PhoneHolder,
  type ShopOrderNorm,
  type StaffCredit,
} from './rules.ts';
import { ledgerSince, walkWatchedMembers, type WatchedMember } from './watch-repository.ts';

type WatchDeps = Pick<Deps, 'db' | 'clock' | 'secrets' | 'logger'>;

export interface RiskWatchReport {
  membersWalked: number;
  /** Members changed within the window, whose recent ledger was read. */
  ledgersRead: number;
  raised: Record<RiskFlagKind, number>;
  shopNorm: ShopOrderNorm;
}

const DAY_MS = 24 * 3600 * 1000;
/** Ledgers read at once (one query each). */
const LEDGER_READS_AT_ONCE = 8;
/** The days the shop's order norm is measured over. */
const NORM_DAYS = 30;

/**
 * The daily risk watch (风险控制, the `risk-watch` job): walks the joined members once, reads the recent
 * ledger of each member changed within the windows (a member nobody touched did nothing to look at),
 * and raises for review: refunds after redemption, phones many members share, bursts of new members
 * redeeming, staff crediting far more than their peers. It also measures the shop's order norm that the
 * order path compares each order with. Running it again raises nothing new (flags are once per subject ×
 * kind × period); no flag blocks anything.
 */
export async function runRiskWatch(deps: WatchDeps): Promise<RiskWatchReport> {
  const now = deps.clock();
  const rules = RISK_THRESHOLDS;
  const today = shanghaiDay(now).date;
  // Yesterday is judged whole, and today so far (a burst this morning is flagged at the next run at the latest).
  const burstDays = [addDays(today, -1), today];
  // A member matters if changed within the longest window: refunds and staff credits in the last 30 days,
  // new-member redemptions on the burst days and the 28 days before them.
  const windowDays = Math.max(rules.refundsAfterRedemption.windowDays, rules.staffOutlier.windowDays, rules.welcomeBurst.baselineDays + 2);
  const activeSince = new Date(now.getTime() - windowDays * DAY_MS).toISOString();
  // …and their entries reach a window further back, to find the credit of an order refunded in the window.
  const ledgerFrom = new Date(now.getTime() - (windowDays + rules.refundsAfterRedemption.windowDays) * DAY_MS).toISOString();
  const newMembersSince = new Date(now.getTime() - (windowDays + rules.welcomeBurst.newMemberDays) * DAY_MS).toISOString();

  const report: RiskWatchReport = {
    membersWalked: 0,
    ledgersRead: 0,
    raised: { 'outsized-order': 0, 'refunds-after-redemption': 0, 'shared-phone': 0, 'welcome-burst': 0, 'staff-outlier': 0 },
    shopNorm: await measureShopNorm(deps, today),
  };
  const phones = new Map<string, PhoneHolder[]>();
  const newMemberRedemptions: NewMemberRedemption[] = [];
  const staffCredits: Array<StaffCredit & { memberId: string }> = [];
  const raise = async (kind: RiskFlagKind, input: Omit<Parameters<typeof raiseFlag>[1], 'kind'>) => {
    if ((await raiseFlag(deps, { kind, ...input })) === 'raised') report.raised[kind]++;
  };

  await walkWatchedMembers(deps.db, async (members) => {
    report.membersWalked += members.length;
    for (const member of members) notePhone(deps, phones, member);
    const active = members.filter((member) => member.updatedAt >= activeSince);
    report.ledgersRead += active.length;
    await inTurns(active, LEDGER_READS_AT_ONCE, async (member) => {
      const entries = await ledgerSince(deps.db, member.memberId, ledgerFrom);
      const refunds = refundsAfterRedemption(entries, now, member.pointsDebt);
      if (refunds)
        await raise('refunds-after-redemption', {
          subject: member.memberId,
          period: monthOf(refunds.newestAt),
          facts: refunds.facts,
          memberIds: [member.memberId],
        });
      if (member.joinedAt >= newMembersSince) {
        const redeemed = newMemberRedemption(member.memberId, member.joinedAt, entries);
        if (redeemed) newMemberRedemptions.push(redeemed);
      }
      for (const entry of entries) {
        // Staff adjustments and complaint compensations carry the staff member who gave them.
        if (entry.type === 'adjustment' && entry.actorId && entry.delta > 0)
          staffCredits.push({ actorId: entry.actorId, points: entry.delta, at: entry.createdAt, memberId: member.memberId });
      }
    });
  });

  for (const shared of sharedPhones(phones)) {
    await raise('shared-phone', {
      subject: shared.phoneHash,
      period: monthOf(shared.newestAt),
      facts: shared.facts,
      memberIds: shared.memberIds,
    });
  }
  for (const burst of welcomeBursts(newMemberRedemptions, burstDays)) {
    await raise('welcome-burst', { subject: 'shop', period: burst.day, facts: burst.facts, memberIds: burst.memberIds });
  }
  const outliers = staffOutliers(staffCredits, now);
  const staff = outliers.length > 0 ? await deskAgents(deps.db) : null;
  for (const outlier of outliers) {
    const credited = [...new Set(staffCredits.filter((credit) => credit.actorId === outlier.actorId).map((credit) => credit.memberId))];
    await raise('staff-outlier', {
      subject: outlier.actorId,
      period: monthOf(outlier.newestAt),
      facts: {
        kind: 'staff-outlier',
        staffName: staff?.nameOf(outlier.actorId) ?? null,
        windowDays: rules.staffOutlier.windowDays,
        pointsCredited: outlier.pointsCredited,
        credits: outlier.credits,
        peers: outlier.peers,
        peerMedianPoints: outlier.peerMedianPoints,
      },
      // The members who received the points: what a reviewer opens first.
      memberIds: credited,
    });
  }
  deps.logger.info('Risk watch ran', { ...report });
  return report;
}

/** The shop's order sizes of the last 30 days (credited orders by paid day), kept for the order path. */
async function measureShopNorm(deps: WatchDeps, today: string): Promise<ShopOrderNorm> {
  const days = Array.from({ length: NORM_DAYS }, (_, i) => addDays(today, -i));
  const orders = (await Promise.all(days.map((day) => findCreditedOrdersPaidOn(deps.db, day)))).flat();
  const norm = shopOrderNorm(
    orders.map((order) => order.paidFen),
    deps.clock().toISOString(),
  );
  await putShopOrderNorm(deps.db, norm);
  return norm;
}

/** Groups members by the keyed hash of the phone they verified (the number itself is only decrypted in memory). */
function notePhone(deps: WatchDeps, phones: Map<string, PhoneHolder[]>, member: WatchedMember): void {
  if (!member.phoneEncrypted) return;
  const hash = phoneLookupHash(decryptPhone(member.phoneEncrypted, deps.secrets.phoneEncryptionKey), deps.secrets.phoneLookupKey);
  const holders = phones.get(hash) ?? [];
  holders.push({ memberId: member.memberId, joinedAt: member.joinedAt, phoneMasked: member.phoneMasked });
  phones.set(hash, holders);
}

async function inTurns<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
