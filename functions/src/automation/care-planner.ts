import pLimit from 'p-limit';
import type { CareArm, CareRule, CareRuleInput, SkipReason } from '@linli/shared/care-rules';
import type { CareValues } from '@linli/shared/subscribe-fields';
import { daysBetween, mondayOf, shanghaiDay, shanghaiDayStart } from '@linli/shared/time';
import { DomainError } from '../platform/domain-error.ts';
import type { Deps } from '../deps.ts';
import {
  findMembersJoinedBetween,
  findMembersWithBirthday,
  findMembersWithFirstOrderOn,
  findMembersWithLunarBirthday,
  getMembers,
  walkJoinedMembers,
} from '../members/repository.ts';
import { leftOutOfMarketing } from '../members/member-record.ts';
import { getReward } from '../mall/repository.ts';
import { findCreditedOrdersPaidOn } from '../orders/repository.ts';
import { getReplenishCategories, listFacetMembers, listReplenishmentsDueOn, listStageChangesOfDay } from '../insight/repository.ts';
import { matchAmong, matchSegment } from '../insight/segments.ts';
import { getSegment } from '../insight/segments-repository.ts';
import { authorizationsHeld } from '../subscriptions/repository.ts';
import { armOf, experimentPlace } from './arms.ts';
import {
  capCounts,
  getCareSettings,
  getDeliveries,
  listCareRules,
  planDelivery,
  type CareSettings,
  type StoredDelivery,
} from './care-repository.ts';
import { triggerMatch, type DueMember, type OccasionSources, type PlanMember } from './occasions.ts';
import { getSeasonalCalendar } from './seasonal-repository.ts';
import { sendTimeOn } from './send-time.ts';
import { askableMembers } from '../surveys/asking.ts';
import { invitableMembers } from '../groupbuy/invitations.ts';
import type { SeasonalTip } from '@linli/shared/seasonal-tips';

type PlannerDeps = Pick<Deps, 'db' | 'clock' | 'logger'>;

/** How many members' deliveries are written at once (each member's own in priority order). */
const MEMBERS_IN_FLIGHT = 32;

export function occasionSources(deps: Pick<Deps, 'db'>): OccasionSources {
  return {
    membersWithBirthday: (monthDay) => findMembersWithBirthday(deps.db, monthDay),
    membersWithLunarBirthday: (birthday) => findMembersWithLunarBirthday(deps.db, birthday),
    membersJoinedBetween: (fromAt, toAt) => findMembersJoinedBetween(deps.db, fromAt, toAt),
    membersWithFirstOrderOn: (monthDay) => findMembersWithFirstOrderOn(deps.db, monthDay),
    stageChangesOf: (day) => listStageChangesOfDay(deps.db, day),
    creditedOrdersPaidOn: (day) => findCreditedOrdersPaidOn(deps.db, day),
    categoryBuyersSince: (category, sinceDay) => listFacetMembers(deps.db, 'category', category, sinceDay),
    replenishmentsDueOn: async (day, categories) => {
      // Any category: the ones the last nightly run wrote expected purchases of (a partition each).
      const named =
        categories ?? (await getReplenishCategories(deps.db)).filter((known) => known.expecting > 0).map((known) => known.category);
      return listReplenishmentsDueOn(deps.db, day, named);
    },
  };
}

/** A rule's members due today, after its audience: what both the planner and the dry run start from. */
interface RuleDue {
  /** Members the trigger named (for a holiday: the audience itself). */
  named: number;
  due: DueMember[];
  /** Why the rule names no one today although it might: its segment is gone. */
  problem: 'segment-missing' | null;
}

async function dueForRule(
  deps: PlannerDeps,
  rule: CareRuleInput & { ruleId?: string },
  day: string,
  settings: CareSettings,
  seasonalTips: readonly SeasonalTip[],
): Promise<RuleDue> {
  const segment = rule.audience.kind === 'segment' ? await getSegment(deps.db, rule.audience.segmentId) : null;
  if (rule.audience.kind === 'segment' && !segment) return { named: 0, due: [], problem: 'segment-missing' };
  const match = await triggerMatch(occasionSources(deps), rule, day, settings.sellerOccasions, seasonalTips);
  if (!match.audience) {
    if (!segment) return { named: match.due.length, due: match.due, problem: null };
    const within = await matchAmong(deps, segment.rule, [...new Set(match.due.map((due) => due.memberId))]);
    return { named: match.due.length, due: match.due.filter((due) => within.has(due.memberId)), problem: null };
  }
  const due: DueMember[] = [];
  if (segment) for (const memberId of (await matchSegment(deps, segment.rule)).memberIds) due.push({ memberId, ...match.occasion });
  else
    await walkJoinedMembers(deps.db, async (page) => {
      for (const { memberId, marketingOptOut, minorUntil } of page)
        due.push({ memberId, member: { memberId, status: 'member', marketingOptOut, minorUntil, nickname: null }, ...match.occasion });
    });
  return { named: due.length, due, problem: null };
}

/** One rule's message for one member today, before caps decide. */
interface Candidate {
  rule: CareRule;
  due: DueMember;
  arm: CareArm;
  heldOut: boolean;
}

/** The values a gift adds to the message ({赠送积分}, {券名}), by reward id for coupons. */
async function giftValues(deps: PlannerDeps, rules: readonly CareRuleInput[]): Promise<Map<string, CareValues>> {
  const rewardIds = new Set(
    rules.flatMap((rule) => [rule.gift, rule.variant?.gift ?? null]).flatMap((gift) => (gift?.kind === 'coupon' ? [gift.rewardId] : [])),
  );
  const values = new Map<string, CareValues>();
  await Promise.all(
    [...rewardIds].map(async (rewardId) => {
      const reward = await getReward(deps.db, rewardId);
      if (reward) values.set(rewardId, { couponName: reward.name });
    }),
  );
  return values;
}

function valuesOfGift(gift: CareRuleInput['gift'], coupons: Map<string, CareValues>): CareValues {
  if (!gift) return {};
  return gift.kind === 'points' ? { giftPoints: String(gift.points) } : (coupons.get(gift.rewardId) ?? {});
}

/**
 * Why a candidate would not be sent, before caps (null: it may go). A member the planner did not read
 * (`undefined`) is checked by the worker when the message goes.
 */
function precheck(
  day: string,
  candidate: Candidate,
  member: PlanMember | undefined,
  authorizations: Map<string, number>,
  surveyGate: SurveyGate,
  groupBuyGate: GroupBuyGate,
): SkipReason | null {
  if (member && member.status !== 'member') return 'not-member';
  if (candidate.heldOut) return 'held-out';
  if (member && leftOutOfMarketing(member, day)) return 'opted-out';
  const templateId = armOf(candidate.rule, candidate.arm).message.templateId;
  if ((authorizations.get(`${candidate.due.memberId}#${templateId}`) ?? 0) < 1) return 'no-authorization';
  if (candidate.rule.survey && surveyGate.get(`${candidate.rule.survey}#${candidate.due.memberId}`) !== null) return 'survey-ineligible';
  if (candidate.rule.groupBuy && !groupBuyGate.has(`${candidate.rule.groupBuy}#${candidate.due.memberId}`)) return 'groupbuy-ineligible';
  return null;
}

/** Whether each survey invitation's member may be asked it now (null: yes), by `<surveyId>#<memberId>`. */
type SurveyGate = Map<string, unknown>;

/**
 * The survey's eligibility for each candidate that invites to one (the survey decides: answered,
 * dismissed, asked enough, asked another survey too recently, not sampled, closed), read for the
 * members due only.
 */
async function surveyGateOf(deps: PlannerDeps, candidates: readonly Candidate[]): Promise<SurveyGate> {
  const membersBySurvey = new Map<string, Set<string>>();
  for (const { rule, due } of candidates) {
    if (!rule.survey) continue;
    const members = membersBySurvey.get(rule.survey) ?? new Set<string>();
    members.add(due.memberId);
    membersBySurvey.set(rule.survey, members);
  }
  const gate: SurveyGate = new Map();
  const now = deps.clock();
  for (const [surveyId, members] of membersBySurvey) {
    const reasons = await askableMembers(deps, surveyId, [...members], now);
    for (const memberId of members) gate.set(`${surveyId}#${memberId}`, reasons.has(memberId) ? reasons.get(memberId) : 'not-published');
  }
  return gate;
}

/** The `<campaignId>#<memberId>` of 拼团 invitations the campaign would take now. */
type GroupBuyGate = Set<string>;

/**
 * The group-buy domain's answer for each candidate that invites to a campaign (the campaign open, the
 * member among who may open a group and under the per-buyer limit), read for the members due only. A
 * campaign that has not begun yet passes here: the worker asks again when the message goes.
 */
async function groupBuyGateOf(deps: PlannerDeps, candidates: readonly Candidate[]): Promise<GroupBuyGate> {
  const membersByCampaign = new Map<string, Set<string>>();
  for (const { rule, due } of candidates) {
    if (!rule.groupBuy) continue;
    const members = membersByCampaign.get(rule.groupBuy) ?? new Set<string>();
    members.add(due.memberId);
    membersByCampaign.set(rule.groupBuy, members);
  }
  const gate: GroupBuyGate = new Set();
  const now = deps.clock();
  for (const [campaignId, members] of membersByCampaign) {
    const reasons = await invitableMembers(deps, campaignId, [...members], now);
    for (const [memberId, reason] of reasons) if (reason === null || reason === 'not-started') gate.add(`${campaignId}#${memberId}`);
  }
  return gate;
}

export interface CarePlanReport {
  day: string;
  rules: number;
  due: number;
  planned: number;
  alreadyPlanned: number;
  skipped: Partial<Record<SkipReason, number>>;
  rulesWithoutAudience: string[];
}

/**
 * Plans today's care messages (a Shanghai day): every enabled rule's due members, after its audience,
 * each given one delivery (rule × member × occasion, written once: a rerun or a second planner finds
 * it). A member's candidates go in priority order (larger first), so when the caps (per day and per
 * week, held by the delivery's own transaction) allow only some, the higher ones take the places and
 * the rest are recorded as skipped for the cap. Held-out members, members who refused personalised
 * marketing or hold no authorization for the template, and messages that quiet hours would hold past
 * their relevance are recorded as skipped with their reason. The deliveries go out through the
 * dispatcher (care-dispatch) at their send time.
 */
export async function planCare(deps: PlannerDeps): Promise<CarePlanReport> {
  const now = deps.clock();
  const day = shanghaiDay(now).date;
  const [rules, settings, calendar] = await Promise.all([listCareRules(deps.db), getCareSettings(deps.db), getSeasonalCalendar(deps.db)]);
  const enabled = rules.filter((rule) => rule.enabled);
  const report: CarePlanReport = {
    day,
    rules: enabled.length,
    due: 0,
    planned: 0,
    alreadyPlanned: 0,
    skipped: {},
    rulesWithoutAudience: [],
  };
  const skip = (reason: SkipReason) => (report.skipped[reason] = (report.skipped[reason] ?? 0) + 1);

  const candidates: Candidate[] = [];
  for (const rule of enabled) {
    const { due, problem } = await dueForRule(deps, rule, day, settings, calendar.tips);
    if (problem) report.rulesWithoutAudience.push(rule.ruleId);
    const existing = new Set(
      (
        await getDeliveries(
          deps.db,
          due.map((d) => ({ memberId: d.memberId, ruleId: rule.ruleId, occasion: d.occasion })),
        )
      ).map((delivery) => `${delivery.memberId}#${delivery.occasion}`),
    );
    for (const d of due) {
      report.due++;
      if (existing.has(`${d.memberId}#${d.occasion}`)) {
        report.alreadyPlanned++;
        continue;
      }
      candidates.push({ rule, due: d, ...experimentPlace(rule.ruleId, d.memberId, rule) });
    }
  }

  const authorizations = await authorizationsHeld(
    deps.db,
    candidates.map((c) => ({ memberId: c.due.memberId, templateId: armOf(c.rule, c.arm).message.templateId })),
  );
  const coupons = await giftValues(deps, enabled);
  const [surveyGate, groupBuyGate] = await Promise.all([surveyGateOf(deps, candidates), groupBuyGateOf(deps, candidates)]);
  const byMember = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const list = byMember.get(candidate.due.memberId) ?? [];
    list.push(candidate);
    byMember.set(candidate.due.memberId, list);
  }
  const limit = pLimit(MEMBERS_IN_FLIGHT);
  const plannedAt = now.toISOString();
  await Promise.all(
    [...byMember.values()].map((list) =>
      limit(async () => {
        list.sort((a, b) => b.rule.priority - a.rule.priority || (a.rule.ruleId < b.rule.ruleId ? -1 : 1));
        for (const candidate of list) {
          const { rule, due, arm } = candidate;
          const member = due.member;
          const timing = sendTimeOn(day, rule, settings.policy.quietHours);
          const reason = precheck(day, candidate, member, authorizations, surveyGate, groupBuyGate) ?? (timing.stale ? 'stale' : null);
          const delivery: StoredDelivery = {
            memberId: due.memberId,
            ruleId: rule.ruleId,
            occasion: due.occasion,
            occasionName: due.occasionName,
            ruleName: rule.name,
            arm,
            status: reason ? 'skipped' : 'planned',
            reason: reason ?? (timing.held ? 'quiet-hours' : null),
            marketing: true,
            priority: rule.priority,
            sendAt: timing.sendAt.toISOString(),
            staleAt: timing.staleAt.toISOString(),
            plannedAt,
            finishedAt: reason ? plannedAt : null,
            detail: null,
            values: { ...due.values, ...valuesOfGift(armOf(rule, arm).gift, coupons) },
            msgid: null,
            giftRef: null,
            ...(due.orderId ? { orderId: due.orderId } : {}),
          };
          const sendDay = shanghaiDay(timing.sendAt).date;
          const caps = reason
            ? null
            : { day: sendDay, monday: mondayOf(sendDay), dailyCap: settings.policy.dailyCap, weeklyCap: settings.policy.weeklyCap };
          const outcome = await planDelivery(deps.db, delivery, caps);
          if (outcome === 'exists') report.alreadyPlanned++;
          else if (outcome === 'planned' && reason) skip(reason);
          else if (outcome === 'planned') report.planned++;
          else {
            skip('cap');
            await planDelivery(deps.db, { ...delivery, status: 'skipped', reason: 'cap', finishedAt: plannedAt }, null);
          }
        }
      }),
    ),
  );
  deps.logger.info('care planned', { ...report });
  return report;
}

/** The members of the candidates (the dry run's full account): those the trigger's index returned, the rest read once. */
async function membersOf(deps: PlannerDeps, candidates: readonly Candidate[]): Promise<Map<string, PlanMember>> {
  const known = new Map<string, PlanMember>();
  for (const { due } of candidates) if (due.member) known.set(due.memberId, due.member);
  const missing = [...new Set(candidates.map((c) => c.due.memberId).filter((memberId) => !known.has(memberId)))];
  for (const member of await getMembers(deps.db, missing)) known.set(member.memberId, member);
  return known;
}

/** How far ahead a dry run counts (a holiday rule's next sending day is at most a year away). */
export const DRY_RUN_DAYS_AHEAD = 400;

export interface CareDryRunResult {
  day: string;
  due: number;
  notInAudience: number;
  wouldSend: number;
  skipped: Partial<Record<SkipReason, number>>;
  sample: Array<{ memberId: string; nickname: string | null; occasionName: string }>;
  segmentMissing: boolean;
}

/**
 * Who a rule (as edited, saved or not) would send to today (or on `onDay`), and why the others would
 * not: the same trigger, audience and checks as the planner, with the cap places of that day as they
 * stand (each member's other messages already planned), and nothing written.
 */
export async function dryRunCareRule(
  deps: PlannerDeps,
  rule: CareRuleInput & { ruleId?: string },
  onDay?: string,
): Promise<CareDryRunResult> {
  const today = shanghaiDay(deps.clock()).date;
  // Another day is counted with today's members, authorizations and caps: a forecast, not a record.
  if (
    onDay !== undefined &&
    (onDay < today || daysBetween(today, onDay) > DRY_RUN_DAYS_AHEAD || shanghaiDay(shanghaiDayStart(onDay)).date !== onDay)
  )
    throw new DomainError('VALIDATION_FAILED', 'Not a day to count', [
      { path: 'day', message: `请选择今天起 ${DRY_RUN_DAYS_AHEAD} 天内的日期` },
    ]);
  const day = onDay ?? today;
  const [settings, calendar] = await Promise.all([getCareSettings(deps.db), getSeasonalCalendar(deps.db)]);
  const { named, due, problem } = await dueForRule(deps, rule, day, settings, calendar.tips);
  const ruleId = rule.ruleId ?? 'dry-run';
  const stored = { ...rule, ruleId, createdAt: '', updatedAt: '', version: 0 } satisfies CareRule;
  const candidates: Candidate[] = due.map((d) => ({ rule: stored, due: d, ...experimentPlace(ruleId, d.memberId, rule) }));
  const members = await membersOf(deps, candidates);
  const authorizations = await authorizationsHeld(
    deps.db,
    candidates.map((c) => ({ memberId: c.due.memberId, templateId: armOf(rule, c.arm).message.templateId })),
  );
  const [surveyGate, groupBuyGate] = await Promise.all([surveyGateOf(deps, candidates), groupBuyGateOf(deps, candidates)]);
  const timing = sendTimeOn(day, rule, settings.policy.quietHours);
  const sendDay = shanghaiDay(timing.sendAt).date;
  const counts = await capCounts(
    deps.db,
    candidates.map((c) => c.due.memberId),
    sendDay,
    mondayOf(sendDay),
  );
  const result: CareDryRunResult = {
    day,
    due: named,
    notInAudience: named - due.length,
    wouldSend: 0,
    skipped: {},
    sample: [],
    segmentMissing: problem === 'segment-missing',
  };
  for (const candidate of candidates) {
    const member = members.get(candidate.due.memberId) ?? {
      memberId: candidate.due.memberId,
      status: 'visitor',
      marketingOptOut: false,
      nickname: null,
    };
    const used = counts.get(candidate.due.memberId) ?? { day: 0, week: 0 };
    const reason =
      precheck(day, candidate, member, authorizations, surveyGate, groupBuyGate) ??
      (timing.stale ? 'stale' : used.day >= settings.policy.dailyCap || used.week >= settings.policy.weeklyCap ? 'cap' : null);
    if (reason) result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
    else {
      result.wouldSend++;
      if (result.sample.length < 10)
        result.sample.push({
          memberId: candidate.due.memberId,
          nickname: member?.nickname ?? null,
          occasionName: candidate.due.occasionName,
        });
    }
  }
  return result;
}
