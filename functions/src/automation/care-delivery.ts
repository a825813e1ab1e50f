import pLimit from 'p-limit';
import * as z from 'zod';
import type { CareArm, CareRule } from '@linli/shared/care-rules';
import { renderForSend, type CareValues } from '@linli/shared/subscribe-fields';
import { CARE_DELIVERY_QUEUE, careDeliveryQueue } from '../config/queues.ts';
import { ALL_MEMBER_SHARDS } from '../db/keys.ts';
import type { Deps } from '../deps.ts';
import { getMember } from '../members/repository.ts';
import { leftOutOfMarketing, type MemberRecord } from '../members/member-record.ts';
import { shanghaiDay } from '@linli/shared/time';
import { delayRetry, sendMessages, type QueueMessage } from '../queues/queue-messages.ts';
import { clearAuthorizations, returnOneAuthorization } from '../subscriptions/repository.ts';
import { currentTier } from '../tiers/member-tier.ts';
import { WECHAT_ERRCODE, WechatApiError, WechatUnreachableError } from '../wechat/client.ts';
import { armOf } from './arms.ts';
import { askableMembers, recordInvitationAsk } from '../surveys/asking.ts';
import { recordInvitationSent } from '../groupbuy/arrivals.ts';
import { invitableMembers } from '../groupbuy/invitations.ts';
import { giveCareGift } from './care-gifts.ts';
import {
  claimDeliverySend,
  finishDelivery,
  getCareRule,
  getCareSettings,
  getDelivery,
  holdDelivery,
  listDueDeliveries,
  markDeliveryQueued,
  releaseDeliveryClaim,
  type DeliveryRef,
  type StoredDelivery,
  type UnfinishedStatus,
} from './care-repository.ts';
import { inQuietHours, nextAllowedInstant } from './send-time.ts';

type DeliveryDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'logger' | 'sqs' | 'wechat'>;

/** How long after its send time a message may still reach the worker without the quiet-hours check. */
const LATE_AFTER_MS = 10 * 60_000;

/** What one queue message carries: the delivery it is for (the delivery item holds the rest). */
export const CareDeliveryMessage = z.strictObject({
  memberId: z.string().min(1).max(64),
  ruleId: z.string().min(1).max(64),
  occasion: z.string().min(1).max(200),
});

/** Due deliveries read per query; a shard is read again until it has none due. */
const DUE_PAGE = 100;

export interface DispatchReport {
  queued: number;
  held: number;
  stale: number;
}

/**
 * Puts every planned delivery that is due on the care delivery queue, one message each, and marks it
 * queued. Inside quiet hours nothing goes: what is due is held to their end, or skipped as stale when
 * it would no longer be relevant by then. A crash between the queue taking a message and the mark
 * leaves the delivery planned, so the next run queues it again: the worker's claim makes the second
 * message a no-op.
 */
export async function dispatchDueCare(deps: DeliveryDeps): Promise<DispatchReport> {
  const queue = careDeliveryQueue(deps.config);
  const now = deps.clock();
  const at = now.toISOString();
  const { policy } = await getCareSettings(deps.db);
  const report: DispatchReport = { queued: 0, held: 0, stale: 0 };
  await Promise.all(
    ALL_MEMBER_SHARDS.map(async (shard) => {
      for (;;) {
        const due = await listDueDeliveries(deps.db, shard, at, DUE_PAGE);
        const toQueue: StoredDelivery[] = [];
        for (const delivery of due) {
          if (delivery.staleAt < at) {
            if ((await finishDelivery(deps.db, delivery, { from: ['planned'], status: 'skipped', reason: 'stale', at })) === 'finished')
              report.stale++;
          } else if (inQuietHours(now, policy.quietHours)) {
            await holdDelivery(deps.db, delivery, nextAllowedInstant(now, policy.quietHours).toISOString());
            report.held++;
          } else toQueue.push(delivery);
        }
        await sendMessages(
          deps.sqs,
          queue.url,
          toQueue.map(({ memberId, ruleId, occasion }) => JSON.stringify({ memberId, ruleId, occasion })),
        );
        for (const delivery of toQueue) if ((await markDeliveryQueued(deps.db, delivery, at)) === 'queued') report.queued++;
        if (due.length < DUE_PAGE) break;
      }
    }),
  );
  deps.logger.info('care dispatched', { ...report });
  return report;
}

/** What one batch's messages share, read once. */
interface BatchContext {
  ruleOf: (ruleId: string) => Promise<CareRule | null>;
  settings: ReturnType<typeof getCareSettings>;
}

/** How a message's handling ended: done (delete it), or to be received again after a backoff. */
type Handled = 'done' | { retryAfterSeconds: number; why: string };

/** Messages of one batch handled at once (each a few DynamoDB writes and one WeChat call). */
const MESSAGES_IN_FLIGHT = 10;

/** WeChat's answers that mean "not now": its daily API quota (45009) and "system busy" (-1). */
const RATE_LIMITED = new Set<number>([WECHAT_ERRCODE.frequencyLimit]);
const SYSTEM_BUSY = -1;

/** Backoff before the next attempt: 30 s, 1, 2, 4 min … (SQS hides a message for at most 12 hours). */
export function retryBackoffSeconds(receiveCount: number, rateLimited: boolean): number {
  const base = rateLimited ? 15 * 60 : 30;
  return Math.min(12 * 3600, base * 2 ** Math.max(0, receiveCount - 1));
}

/**
 * The care delivery worker: handles one batch of queue messages (a Lambda SQS event, or the local
 * poller's receive) and answers the ids of those to be received again. A message that fails is
 * hidden for a backoff first; after the queue's maxReceiveCount receives SQS moves it to the
 * dead-letter queue. One message's failure never touches its neighbours: each is handled alone.
 */
export async function deliverCareMessages(deps: DeliveryDeps, messages: readonly QueueMessage[]): Promise<{ retry: string[] }> {
  const limit = pLimit(MESSAGES_IN_FLIGHT);
  const rules = new Map<string, Promise<CareRule | null>>();
  // Read once per batch: the rules and the policy its messages go by.
  const settings = getCareSettings(deps.db);
  const ruleOf = (ruleId: string) => {
    if (!rules.has(ruleId)) rules.set(ruleId, getCareRule(deps.db, ruleId));
    return rules.get(ruleId)!;
  };
  const retry: string[] = [];
  await Promise.all(
    messages.map((message) =>
      limit(async () => {
        let handled: Handled;
        try {
          handled = await handleMessage(deps, message, { ruleOf, settings });
        } catch (error) {
          deps.logger.error('care message failed', { messageId: message.messageId, error: String(error) });
          handled = { retryAfterSeconds: retryBackoffSeconds(message.receiveCount, false), why: String(error) };
        }
        if (handled === 'done') return;
        retry.push(message.messageId);
        await delayRetry(deps.sqs, careDeliveryQueue(deps.config).url, message, handled.retryAfterSeconds).catch((error: unknown) =>
          // The message comes back after the queue's visibility timeout instead.
          deps.logger.warn('care retry backoff not set', { messageId: message.messageId, error: String(error) }),
        );
      }),
    ),
  );
  return { retry };
}

async function handleMessage(deps: DeliveryDeps, message: QueueMessage, batch: BatchContext): Promise<Handled> {
  let parsed: z.infer<typeof CareDeliveryMessage>;
  try {
    parsed = CareDeliveryMessage.parse(JSON.parse(message.body));
  } catch {
    // A message no delivery can come of: it ends in the dead-letter queue for a person to look at.
    return { retryAfterSeconds: retryBackoffSeconds(message.receiveCount, false), why: 'not a care delivery message' };
  }
  const delivery = await getDelivery(deps.db, parsed);
  if (!delivery) {
    // Erased with its member's account (deletion or the retention job): nothing is left to send or to
    // show a person, so the message goes too instead of dead-lettering with the member's id.
    if (!(await getMember(deps.db, parsed.memberId))) return 'done';
    return { retryAfterSeconds: retryBackoffSeconds(message.receiveCount, false), why: 'no such delivery' };
  }
  return deliver(deps, delivery, batch, message.receiveCount);
}

/** Sends one delivery, at most once, or records why not. */
async function deliver(deps: DeliveryDeps, delivery: StoredDelivery, batch: BatchContext, receiveCount: number): Promise<Handled> {
  const now = deps.clock();
  const at = now.toISOString();
  const key: DeliveryRef = delivery;
  if (delivery.status === 'sent' || delivery.status === 'skipped' || delivery.status === 'failed') return 'done';
  if (delivery.status === 'sending') {
    // An earlier attempt claimed it and did not finish: it may have reached WeChat, so it is never
    // sent again. Once that attempt can no longer be running (the queue's visibility timeout has
    // passed), the outcome is recorded as unknown.
    const claimedAt = (delivery as StoredDelivery & { claimedAt?: string }).claimedAt ?? at;
    if (now.getTime() - Date.parse(claimedAt) > CARE_DELIVERY_QUEUE.visibilityTimeoutSeconds * 1000)
      await finishDelivery(deps.db, key, {
        from: ['sending'],
        status: 'failed',
        detail: 'uncertain: the attempt stopped after claiming it',
        at,
      });
    return 'done';
  }
  const skip = async (reason: NonNullable<StoredDelivery['reason']>, from: UnfinishedStatus[] = ['planned', 'queued']) => {
    await finishDelivery(deps.db, key, { from, status: 'skipped', reason, at });
    return 'done' as const;
  };
  if (delivery.staleAt < at) return skip('stale');
  const { policy, shopName } = await batch.settings;
  // The dispatcher queued it outside quiet hours; one that reaches the worker well after its send time
  // (a retry after a backoff, a dead letter put back) and lands inside them waits for their end. Service
  // notices too: they are not capped, but they wait out the night like everything else.
  const late = now.getTime() - Date.parse(delivery.sendAt) > LATE_AFTER_MS;
  if (late && inQuietHours(now, policy.quietHours)) {
    await holdDelivery(deps.db, delivery, nextAllowedInstant(now, policy.quietHours).toISOString());
    return 'done';
  }
  // A service notice carries its own message; a rule's delivery is sent as its rule says now.
  const rule = delivery.notice ? null : await batch.ruleOf(delivery.ruleId);
  if (!delivery.notice && (!rule || !rule.enabled)) return skip('rule-off');
  const member = await getMember(deps.db, delivery.memberId);
  if (!member || member.status !== 'member') return skip('not-member');
  // A refusal of personalised marketing counts at once, even for what was planned before it; a child
  // under 14 (a birthday given with a guardian's consent) is left out of marketing the same way.
  if (delivery.marketing && leftOutOfMarketing(member, shanghaiDay(now).date)) return skip('opted-out');
  let message: { templateId: string; page: string };
  let data: Record<string, { value: string }>;
  let gift: CareRule['gift'] = null;
  if (delivery.notice) {
    ({ data, ...message } = delivery.notice);
  } else {
    const arm = armOf(rule!, delivery.arm);
    ({ message, gift } = arm);
    if (rule!.survey) {
      // Answered, dismissed or asked another survey since it was planned: the invitation no longer goes.
      const reasons = await askableMembers(deps, rule!.survey, [member.memberId], now);
      if (reasons.get(member.memberId) !== null) return skip('survey-ineligible');
      message = { ...message, page: surveyInvitationPage(rule!.survey, delivery.orderId) };
    }
    if (rule!.groupBuy) {
      // Ended, sold out, or the member reached the limit or left who may open since it was planned: it no longer goes.
      const reasons = await invitableMembers(deps, rule!.groupBuy, [member.memberId], now);
      if (reasons.get(member.memberId) !== null) return skip('groupbuy-ineligible');
      message = { ...message, page: groupBuyInvitationPage(rule!.groupBuy, delivery.ruleId, delivery.arm) };
    }
    const rendered = renderForSend(arm.message.fields, { ...(await memberValues(deps, member, shopName)), ...delivery.values });
    if ('problem' in rendered) {
      await finishDelivery(deps.db, key, {
        from: ['planned', 'queued'],
        status: 'failed',
        detail: `message: ${rendered.problem.message}`,
        at,
      });
      return 'done';
    }
    data = rendered.data;
  }
  const claim = await claimDeliverySend(deps.db, key, message.templateId, at);
  if (claim === 'already-claimed') return 'done';
  if (claim === 'no-authorization') return skip('no-authorization');
  if (gift) {
    let given: Awaited<ReturnType<typeof giveCareGift>>;
    try {
      given = await giveCareGift(deps, { ...key, ruleName: rule?.name ?? delivery.ruleName }, gift);
    } catch (error) {
      // Nothing was sent: the claim and the authorization go back, and the message is tried again.
      await releaseDeliveryClaim(deps.db, key);
      await returnOneAuthorization(deps.db, member.memberId, message.templateId);
      throw error;
    }
    if (given === 'unavailable') {
      await returnOneAuthorization(deps.db, member.memberId, message.templateId);
      return skip('gift-unavailable', ['sending']);
    }
  }
  try {
    const { msgid } = await deps.wechat.sendSubscribeMessage({
      touser: member.openid,
      templateId: message.templateId,
      page: message.page,
      data,
      miniprogramState: deps.config.wechat.miniprogramState,
    });
    const sentAt = deps.clock().toISOString();
    await finishDelivery(deps.db, key, { from: ['sending'], status: 'sent', msgid: String(msgid), at: sentAt });
    // The message went: a failure to note the ask must not send it again (the survey may ask once more).
    if (rule?.survey)
      await recordInvitationAsk(deps, member.memberId, rule.survey, new Date(sentAt)).catch((error: unknown) =>
        deps.logger.error('survey ask not recorded', { memberId: member.memberId, surveyId: rule.survey, error: String(error) }),
      );
    // Counted as invited in the campaign's funnel, under this arm; a failure only loses the count, never resends.
    if (rule?.groupBuy)
      await recordInvitationSent(deps, {
        campaignId: rule.groupBuy,
        memberId: member.memberId,
        ruleId: rule.ruleId,
        arm: delivery.arm,
      }).catch((error: unknown) =>
        deps.logger.error('group-buy invitation not counted', {
          memberId: member.memberId,
          campaignId: rule.groupBuy,
          error: String(error),
        }),
      );
    return 'done';
  } catch (error) {
    return afterSendError(deps, delivery, member, message.templateId, error, receiveCount);
  }
}

/**
 * What a failed send means. 43101: WeChat holds no authorization (ours was stale): zeroed, skipped.
 * Rate limits and "system busy": nothing was sent; the claim and the authorization go back and the
 * message is tried again after a backoff. Any other refusal (a bad template id, a field WeChat
 * rejects): nothing was sent and trying again will not help; recorded as failed. No answer at all:
 * WeChat may have sent it, so it is recorded as failed and never sent again.
 */
async function afterSendError(
  deps: DeliveryDeps,
  delivery: StoredDelivery,
  member: MemberRecord,
  templateId: string,
  error: unknown,
  receiveCount: number,
): Promise<Handled> {
  const at = deps.clock().toISOString();
  const key: DeliveryRef = delivery;
  if (error instanceof WechatApiError && error.errcode === WECHAT_ERRCODE.subscriptionRefused) {
    await clearAuthorizations(deps.db, member.memberId, templateId, at);
    await finishDelivery(deps.db, key, { from: ['sending'], status: 'skipped', reason: 'no-authorization', detail: '43101', at });
    return 'done';
  }
  const notSent =
    (error instanceof WechatApiError && (RATE_LIMITED.has(error.errcode) || error.errcode === SYSTEM_BUSY)) ||
    (error instanceof WechatUnreachableError && neverConnected(error));
  if (notSent) {
    await releaseDeliveryClaim(deps.db, key);
    await returnOneAuthorization(deps.db, member.memberId, templateId);
    const rateLimited = error instanceof WechatApiError && RATE_LIMITED.has(error.errcode);
    return { retryAfterSeconds: retryBackoffSeconds(receiveCount, rateLimited), why: String(error) };
  }
  if (error instanceof WechatApiError) {
    await returnOneAuthorization(deps.db, member.memberId, templateId);
    await finishDelivery(deps.db, key, {
      from: ['sending'],
      status: 'failed',
      detail: `${error.errcode} ${error.errmsg}`.slice(0, 200),
      at,
    });
    return 'done';
  }
  if (error instanceof WechatUnreachableError) {
    await finishDelivery(deps.db, key, { from: ['sending'], status: 'failed', detail: `uncertain: ${error.message}`.slice(0, 200), at });
    return 'done';
  }
  throw error;
}

/** Where a survey invitation opens: the survey, marked as an invitation, with the order it asks about. */
export function surveyInvitationPage(surveyId: string, orderId: string | undefined): string {
  const query = new URLSearchParams({ id: surveyId, from: 'invitation', ...(orderId ? { order: orderId } : {}) });
  return `pages/survey/index?${query.toString()}`;
}

/** Where a 拼团 invitation opens: the campaign's page, marked as an invitation with its rule and arm (the funnel by arm). */
export function groupBuyInvitationPage(campaignId: string, ruleId: string, arm: CareArm): string {
  const query = new URLSearchParams({ id: campaignId, from: 'invitation', rule: ruleId, arm });
  return `groupbuy/pages/campaign/index?${query.toString()}`;
}

/** Errors of a connection that was never made: the request cannot have reached WeChat. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function neverConnected(error: WechatUnreachableError): boolean {
  for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) {
    const code = (cause as Error & { code?: unknown }).code;
    if (typeof code === 'string' && NOT_CONNECTED.has(code)) return true;
  }
  return false;
}

/** The member's own values, read when the message goes: {昵称}, {积分}, {等级}, {店铺名}. */
async function memberValues(deps: DeliveryDeps, member: MemberRecord, shopName: string): Promise<CareValues> {
  const tier = await currentTier(deps, member, deps.clock());
  return {
    nickname: member.nickname ?? '会员',
    points: String(member.pointsBalance),
    tierName: tier.name,
    shopName,
  };
}
