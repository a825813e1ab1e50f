import pLimit from 'p-limit';
import type { Deps } from '../deps.ts';
import { ALL_MEMBER_SHARDS } from '../db/keys.ts';
import { transactWrite } from '../db/transact-write.ts';
import type { AnnounceNotice } from '../care/service-notice.ts';
import { settleDeadline } from './deadline.ts';
import { runGroupSuccessEffects } from './effects.ts';
import { deliverFulfilment } from './fulfilment.ts';
import { unreachableRetryAt } from './group-rules.ts';
import { getGroupOrder, orderUpdate } from './orders-repository.ts';
import type { PayDeps } from './payment.ts';
import { processRefund } from './refunds.ts';
import { releaseReservation } from './release.ts';
import { listDueTimers, type DueTimer } from './timers-repository.ts';

type TimerDeps = PayDeps & Pick<Deps, 'config' | 'sqs' | 'shop'>;

/** Timers worked on at once: each is a few reads, a WeChat Pay call and a transaction. */
const IN_FLIGHT = 8;
const PAGE = 100;

export interface TimerRun {
  reservations: number;
  deadlines: number;
  refunds: number;
  effects: number;
  /** Attempts to post an order to the shop. */
  fulfilments: number;
  failed: number;
}

/**
 * The group-buy timer job (every minute): every piece of work due by now in GROUPBUYDUE#0..7 —
 * expired reservations (WeChat Pay asked, then released or recorded paid), group deadlines (succeed or
 * fail, paid members refunded), refunds (asked of WeChat Pay until it confirms), a success's
 * effects, and deliveries of successful orders to the shop (posted, retried with backoff). Each piece is safe to run twice; one that fails is logged and stays due for the next run.
 * `announce` plans the notice of a tier change an order of a successful group brings (care automation's planner).
 */
export async function runGroupBuyTimers(deps: TimerDeps, announce?: AnnounceNotice): Promise<TimerRun> {
  const run: TimerRun = { reservations: 0, deadlines: 0, refunds: 0, effects: 0, fulfilments: 0, failed: 0 };
  const upTo = deps.clock().toISOString();
  const limit = pLimit(IN_FLIGHT);
  await Promise.all(
    ALL_MEMBER_SHARDS.map(async (shard) => {
      let after: string | undefined;
      do {
        const page = await listDueTimers(deps.db, { shard, upTo, limit: PAGE, after });
        await Promise.all(page.timers.map((timer) => limit(() => work(deps, timer, run, announce))));
        after = page.last ?? undefined;
      } while (after);
    }),
  );
  return run;
}

async function work(deps: TimerDeps, timer: DueTimer, run: TimerRun, announce: AnnounceNotice | undefined): Promise<void> {
  try {
    switch (timer.kind) {
      case 'reservation':
        run.reservations++;
        await expireReservation(deps, timer.id);
        return;
      case 'deadline':
        run.deadlines++;
        await settleDeadline(deps, timer.id);
        return;
      case 'refund':
        run.refunds++;
        await processRefund(deps, timer.id);
        return;
      case 'effects':
        run.effects++;
        await runGroupSuccessEffects(deps, timer.id, announce);
        return;
      case 'fulfilment':
        run.fulfilments++;
        await deliverFulfilment(deps, timer.id);
        return;
    }
  } catch (error) {
    run.failed++;
    deps.logger.error('A group-buy timer failed; it stays due', { kind: timer.kind, id: timer.id, error: error as Error });
  }
}

/** A reservation whose time is up: released, or recorded paid where WeChat Pay took the money; asked again in a minute if WeChat Pay cannot be reached. */
async function expireReservation(deps: TimerDeps, orderNo: string): Promise<void> {
  const order = await getGroupOrder(deps.db, orderNo);
  // Settled some other way (that write moved the timer on: the index has not caught up yet), or not due.
  if (!order || order.status !== 'reserved' || order.reservedUntil > deps.clock().toISOString()) return;
  const outcome = await releaseReservation(deps, orderNo);
  if (outcome === 'unreachable')
    await transactWrite(deps.db, [
      orderUpdate(deps.db, orderNo, { from: 'reserved', timer: { dueAt: unreachableRetryAt(deps.clock()), kind: 'reservation' } }),
    ]);
}
