import { runGroupBuyTimers } from '../groupbuy/timers.ts';
import { SERVICE_NOTICE_NAMES, serviceNoticeRuleId, type SkipReason } from '@linli/shared/care-rules';
import type { Deps } from '../deps.ts';
import type { AnnounceNotice, NoticePlanned, ServiceNotice } from '../care/service-notice.ts';
import { remindExpiringPoints } from '../care/points-expiry-reminders.ts';
import { authorizationsHeld } from '../subscriptions/repository.ts';
import { runBirthdays } from '../tiers/birthdays.ts';
import { runTierReview } from '../tiers/review.ts';
import { getCareSettings, listCareRules, planServiceDelivery, type CareSettings, type StoredDelivery } from './care-repository.ts';
import { nextAllowedInstant } from './send-time.ts';

type NoticeDeps = Pick<Deps, 'db' | 'clock' | 'logger'>;

/**
 * Plans service notices (tier change, points expiry) as deliveries on the care engine: the same
 * items, due index, dispatcher, queue and worker as the rules' messages, shown in the same logs. They
 * are not marketing: no cap place is taken and the caps never stop them, nor does the personalised-
 * marketing opt-out; a member without an authorization for the template gets a delivery skipped
 * `no-authorization`, and quiet hours hold one to their end (skipped `stale` when that is past the
 * notice's relevance). Each notice's occasion makes it once per member. The policy is read once per
 * planner (one job run, one request).
 */
export function serviceNoticePlanner(deps: NoticeDeps): AnnounceNotice {
  let settings: Promise<CareSettings> | null = null;
  return async (notice) => {
    settings ??= getCareSettings(deps.db);
    return planServiceNotice(deps, notice, await settings);
  };
}

async function planServiceNotice(deps: NoticeDeps, notice: ServiceNotice, settings: CareSettings): Promise<NoticePlanned> {
  const now = deps.clock();
  const plannedAt = now.toISOString();
  const sendAt = nextAllowedInstant(now, settings.policy.quietHours);
  const held = sendAt.getTime() !== now.getTime();
  const authorizations = await authorizationsHeld(deps.db, [{ memberId: notice.memberId, templateId: notice.templateId }]);
  const reason: SkipReason | null =
    (authorizations.get(`${notice.memberId}#${notice.templateId}`) ?? 0) < 1
      ? 'no-authorization'
      : sendAt.toISOString() > notice.staleAt
        ? 'stale'
        : null;
  const delivery: StoredDelivery = {
    memberId: notice.memberId,
    ruleId: serviceNoticeRuleId(notice.kind),
    occasion: notice.occasion,
    occasionName: notice.occasionName,
    ruleName: SERVICE_NOTICE_NAMES[notice.kind],
    arm: 'a',
    status: reason ? 'skipped' : 'planned',
    reason: reason ?? (held ? 'quiet-hours' : null),
    marketing: false,
    priority: 9,
    sendAt: sendAt.toISOString(),
    staleAt: notice.staleAt,
    plannedAt,
    finishedAt: reason ? plannedAt : null,
    detail: null,
    values: {},
    msgid: null,
    giftRef: null,
    notice: { templateId: notice.templateId, page: notice.page, data: notice.data },
  };
  if ((await planServiceDelivery(deps.db, delivery)) === 'exists') return { outcome: 'exists' };
  return reason ? { outcome: 'skipped', reason } : { outcome: 'planned' };
}

/** The daily tier review, its changes' notices planned on the care engine. */
export function reviewTiersWithNotices(deps: Deps) {
  return runTierReview(deps, serviceNoticePlanner(deps));
}

/** The group-buy timers (every minute), the tier changes of successful groups' orders announced on the care engine. */
export function runGroupBuyTimersWithNotices(deps: Deps) {
  return runGroupBuyTimers(deps, serviceNoticePlanner(deps));
}

/** The daily points-expiry reminders, planned on the care engine (the care dispatcher sends them). */
export function remindExpiringPointsWithNotices(deps: Deps) {
  return remindExpiringPoints(deps, serviceNoticePlanner(deps));
}

/**
 * The daily birthday run: the tier's birthday points always (a tier benefit), and the built-in
 * greeting only while no enabled care rule greets birthdays, so no member is greeted twice on the day.
 */
export async function runBirthdaysBesideCareRules(deps: Deps) {
  const rules = await listCareRules(deps.db);
  const greetedByRule = rules.some((rule) => rule.enabled && rule.trigger.kind === 'birthday');
  return runBirthdays(deps, { greet: !greetedByRule });
}
