import type {
  CareDeliveryPage,
  CareEditorOptions,
  CarePreview,
  CareRule,
  CareRuleInput,
  CareRuleSummary,
  DeliveryStatus,
  ServiceNoticeSummary,
} from '@linli/shared/care-rules';
import { SERVICE_NOTICE_KINDS, SERVICE_NOTICE_NAMES, serviceNoticeKindOf, serviceNoticeRuleId } from '@linli/shared/care-rules';
import { BUILT_IN_HOLIDAYS, holidaysOfYear, type SellerOccasion } from '@linli/shared/care-calendar';
import {
  CARE_VARIABLE_EXAMPLES,
  CARE_VARIABLES,
  careDateText,
  mappingProblems,
  previewFields,
  type CareValues,
  type CareVariableId,
  type SubscribeMessageField,
} from '@linli/shared/subscribe-fields';
import { nextTipDate } from '@linli/shared/seasonal-tips';
import { addDays, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { getMember, getMembers } from '../members/repository.ts';
import { getReward, listRewards } from '../mall/repository.ts';
import { giftIneligibility } from '../mall/reward-rules.ts';
import { getSegment, listSegments } from '../insight/segments-repository.ts';
import { getReplenishCategories } from '../insight/repository.ts';
import { currentTier } from '../tiers/member-tier.ts';
import { DomainError, type FieldIssue } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import {
  ruleCountsSince,
  deleteCareRule,
  getCareRule,
  getCareSettings,
  listCareRules,
  listMemberDeliveries,
  listRuleDeliveries,
  MAX_CARE_RULES,
  saveCareRule,
  saveCareSettings,
  type CareSettings,
  type RuleLogPosition,
} from './care-repository.ts';
import { deliveryView } from './delivery-views.ts';
import { getSeasonalCalendar } from './seasonal-repository.ts';
import { publishedSurveys, surveyForInvitation } from '../surveys/asking.ts';
import { campaignForInvitation, invitableCampaigns } from '../groupbuy/invitations.ts';

type AdminDeps = Pick<Deps, 'db' | 'clock'>;

/** Which variables a rule can fill: the member's always; the occasion's and the gift's only when the rule has them. */
function fillableVariables(rule: Pick<CareRuleInput, 'trigger'>, gift: CareRuleInput['gift']): Set<CareVariableId> {
  const fillable = new Set<CareVariableId>(['nickname', 'points', 'tierName', 'shopName', 'date']);
  if (rule.trigger.kind === 'holiday' || rule.trigger.kind === 'birthday' || rule.trigger.kind === 'seasonal') fillable.add('occasion');
  if (rule.trigger.kind === 'replenishment') fillable.add('category');
  if (gift?.kind === 'points') fillable.add('giftPoints');
  if (gift?.kind === 'coupon') fillable.add('couponName');
  return fillable;
}

const TRIGGER_FILLS: Partial<Record<CareVariableId, string>> = {
  occasion: '节日、生日和时令推荐的计划',
  category: '补货提醒的计划',
  giftPoints: '赠送积分的计划',
  couponName: '赠送优惠券的计划',
};

/** Problems of one arm's message: WeChat's field rules, and variables the rule cannot fill. */
function messageIssues(prefix: string, fields: readonly SubscribeMessageField[], fillable: Set<CareVariableId>): FieldIssue[] {
  const issues: FieldIssue[] = mappingProblems(fields).map((problem) => ({ path: `${prefix}.${problem.path}`, message: problem.message }));
  fields.forEach((field, index) => {
    for (const [id, variable] of Object.entries(CARE_VARIABLES) as Array<[CareVariableId, (typeof CARE_VARIABLES)[CareVariableId]]>) {
      if (field.text.includes(`{${variable.label}}`) && !fillable.has(id))
        issues.push({
          path: `${prefix}.fields.${index}.text`,
          message: `变量 {${variable.label}} 只能用在${TRIGGER_FILLS[id] ?? '其他计划'}里`,
        });
    }
  });
  return issues;
}

/** Refuses a rule that could not send as written: its messages, its holiday, its segment, its coupons. */
async function validateRule(deps: AdminDeps, rule: CareRuleInput, settings: CareSettings): Promise<void> {
  const issues = [
    ...messageIssues('message', rule.message.fields, fillableVariables(rule, rule.gift)),
    ...(rule.variant ? messageIssues('variant.message', rule.variant.message.fields, fillableVariables(rule, rule.variant.gift)) : []),
  ];
  if (issues.length > 0) throw new DomainError('CARE_MESSAGE_INVALID', 'The message cannot be sent as written', issues);
  if (rule.trigger.kind === 'holiday') {
    const known = new Set([...BUILT_IN_HOLIDAYS.map((h) => h.key), ...settings.sellerOccasions.map((o) => `seller:${o.id}`)]);
    if (!known.has(rule.trigger.holiday))
      throw new DomainError('VALIDATION_FAILED', 'Unknown holiday', [{ path: 'trigger.holiday', message: '请选择一个节日' }]);
  }
  if (rule.trigger.kind === 'seasonal') {
    const tipId = rule.trigger.tipId;
    if (!(await getSeasonalCalendar(deps.db)).tips.some((tip) => tip.id === tipId))
      throw new DomainError('VALIDATION_FAILED', 'No such seasonal tip', [{ path: 'trigger.tipId', message: '请选择一条时令推荐' }]);
  }
  if (rule.trigger.kind === 'once' && rule.trigger.day < shanghaiDay(deps.clock()).date)
    throw new DomainError('VALIDATION_FAILED', 'The day has passed', [{ path: 'trigger.day', message: '请选择今天或以后的日期' }]);
  if (rule.groupBuy && rule.survey)
    throw new DomainError('VALIDATION_FAILED', 'A rule invites to a survey or a group-buy campaign, not both', [
      { path: 'groupBuy', message: '一条计划只能邀请填写问卷或参加拼团，不能同时邀请' },
    ]);
  if (rule.survey && !(await surveyForInvitation(deps.db, rule.survey)))
    throw new DomainError('SURVEY_NOT_FOUND', 'No such published survey', [{ path: 'survey', message: '请选择一份进行中的问卷' }]);
  if (rule.groupBuy && !(await campaignForInvitation(deps, rule.groupBuy)))
    throw new DomainError('GROUP_BUY_NOT_FOUND', 'No such published group-buy campaign', [
      { path: 'groupBuy', message: '请选择一个进行中的拼团活动' },
    ]);
  if (rule.audience.kind === 'segment' && !(await getSegment(deps.db, rule.audience.segmentId)))
    throw new DomainError('CARE_AUDIENCE_NOT_FOUND', 'No such segment', [{ path: 'audience.segmentId', message: '请重新选择客户分群' }]);
  for (const [path, gift] of [
    ['gift', rule.gift],
    ['variant.gift', rule.variant?.gift ?? null],
  ] as const) {
    if (gift?.kind !== 'coupon') continue;
    const reward = await getReward(deps.db, gift.rewardId);
    if (!reward || reward.kind !== 'coupon')
      throw new DomainError('REWARD_NOT_FOUND', 'No such coupon reward', [{ path: `${path}.rewardId`, message: '请选择一张优惠券' }]);
  }
}

export async function createCareRule(deps: AdminDeps, input: CareRuleInput): Promise<CareRule> {
  const [rules, settings] = await Promise.all([listCareRules(deps.db), getCareSettings(deps.db)]);
  if (rules.length >= MAX_CARE_RULES) throw new DomainError('CARE_RULE_LIMIT_REACHED', `At most ${MAX_CARE_RULES} care rules`);
  await validateRule(deps, input, settings);
  const now = deps.clock();
  const rule: CareRule = { ...input, ruleId: newId('cr', now), createdAt: now.toISOString(), updatedAt: now.toISOString(), version: 1 };
  if ((await saveCareRule(deps.db, rule)) === 'conflict') throw new DomainError('CONFLICT', 'The rule id was taken; try again');
  return rule;
}

export async function requireCareRule(deps: Pick<Deps, 'db'>, ruleId: string): Promise<CareRule> {
  const rule = await getCareRule(deps.db, ruleId);
  if (!rule) throw new DomainError('CARE_RULE_NOT_FOUND', 'No such care rule');
  return rule;
}

/** Replaces the rule read at `version`; CONFLICT when someone saved it since. */
export async function updateCareRule(deps: AdminDeps, ruleId: string, input: { rule: CareRuleInput; version: number }): Promise<CareRule> {
  const [stored, settings] = await Promise.all([requireCareRule(deps, ruleId), getCareSettings(deps.db)]);
  if (stored.version !== input.version) throw new DomainError('CONFLICT', 'The rule changed since it was read');
  await validateRule(deps, input.rule, settings);
  const next: CareRule = {
    ...input.rule,
    ruleId,
    createdAt: stored.createdAt,
    updatedAt: deps.clock().toISOString(),
    version: stored.version + 1,
  };
  if ((await saveCareRule(deps.db, next)) === 'conflict') throw new DomainError('CONFLICT', 'The rule changed since it was read');
  return next;
}

/** Removes a rule; what it planned and has not sent is skipped by the worker ('rule-off'), its log stays. */
export async function removeCareRule(deps: AdminDeps, ruleId: string): Promise<void> {
  await requireCareRule(deps, ruleId);
  await deleteCareRule(deps.db, ruleId);
}

/**
 * What a rule's (or a service notice's) deliveries did over the last 30 Shanghai days, each counted
 * on the day it first was to go: the rule's day counts, kept with every status change (at most 31
 * items, however many members it reached). planned holds those planned, queued or being sent.
 */
async function last30Days(deps: AdminDeps, ruleId: string): Promise<CareRuleSummary['last30Days']> {
  return ruleCountsSince(deps.db, ruleId, addDays(shanghaiDay(deps.clock()).date, -29));
}

/** The names of these rules that still exist, by id (the rule list is one small partition: at most MAX_CARE_RULES). */
export async function careRuleNames(deps: Pick<Deps, 'db'>, ruleIds: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(ruleIds);
  return new Map((await listCareRules(deps.db)).filter((rule) => wanted.has(rule.ruleId)).map((rule) => [rule.ruleId, rule.name]));
}

/** Every rule with what it did over the last 30 Shanghai days (by first send time), the most important first. */
export async function careRuleSummaries(deps: AdminDeps): Promise<CareRuleSummary[]> {
  const rules = await listCareRules(deps.db);
  const summaries = await Promise.all(rules.map(async (rule) => ({ ...rule, last30Days: await last30Days(deps, rule.ruleId) })));
  return summaries.sort(
    (a, b) => Number(b.enabled) - Number(a.enabled) || b.priority - a.priority || a.name.localeCompare(b.name, 'zh-Hans-CN'),
  );
}

/** The built-in service notices (等级变更, 积分到期提醒) with what they did over the last 30 Shanghai days. */
export async function serviceNoticeSummaries(deps: AdminDeps): Promise<ServiceNoticeSummary[]> {
  return Promise.all(
    SERVICE_NOTICE_KINDS.map(async (kind) => {
      const ruleId = serviceNoticeRuleId(kind);
      return { ruleId, kind, name: SERVICE_NOTICE_NAMES[kind], last30Days: await last30Days(deps, ruleId) };
    }),
  );
}

/** The editor's choices: holidays with the next day each falls on, segments, coupons that can be given now, variables. */
export async function careEditorOptions(deps: AdminDeps): Promise<CareEditorOptions> {
  const today = shanghaiDay(deps.clock());
  const [settings, segments, rewards, categories, calendar, surveys, groupBuys] = await Promise.all([
    getCareSettings(deps.db),
    listSegments(deps.db),
    listRewards(deps.db),
    getReplenishCategories(deps.db),
    getSeasonalCalendar(deps.db),
    publishedSurveys(deps),
    invitableCampaigns(deps),
  ]);
  const upcoming = [
    ...holidaysOfYear(today.year, settings.sellerOccasions),
    ...holidaysOfYear(today.year + 1, settings.sellerOccasions),
  ].filter((holiday) => holiday.date >= today.date);
  const nextDate = new Map<string, string>();
  for (const holiday of upcoming) if (!nextDate.has(holiday.key)) nextDate.set(holiday.key, holiday.date);
  const holidays = [
    ...BUILT_IN_HOLIDAYS,
    ...settings.sellerOccasions.map((occasion) => ({ key: `seller:${occasion.id}`, name: occasion.name, kind: 'seller' })),
  ].flatMap((holiday) => {
    const date = nextDate.get(holiday.key);
    return date ? [{ key: holiday.key, name: holiday.name, kind: holiday.kind, nextDate: date }] : [];
  });
  const now = deps.clock();
  return {
    holidays: holidays.sort((a, b) => (a.nextDate < b.nextDate ? -1 : a.nextDate > b.nextDate ? 1 : 0)),
    // Past one-off tips stay listed (nextDate null) so that a rule on one still names it.
    seasonalTips: calendar.tips
      .map((tip) => ({ tipId: tip.id, name: tip.name, categories: tip.categories, nextDate: nextTipDate(tip, today.date) }))
      .sort((a, b) => (a.nextDate ?? '9999').localeCompare(b.nextDate ?? '9999')),
    segments: segments.map((segment) => ({ segmentId: segment.segmentId, name: segment.name })),
    surveys: surveys.map((survey) => ({ surveyId: survey.surveyId, name: survey.name })),
    groupBuys,
    coupons: rewards
      .filter((reward) => reward.kind === 'coupon' && giftIneligibility(reward, now) === null)
      .map((reward) => ({ rewardId: reward.rewardId, name: reward.name, stock: reward.stock })),
    variables: Object.values(CARE_VARIABLES).map((variable) => ({ label: variable.label, example: variable.example })),
    categories: categories.map(({ category, cadenceDays, expecting }) => ({ name: category, cadenceDays, members: expecting })),
  };
}

/**
 * The message as a member would read it, for each arm: the chosen member's own values (nickname,
 * points, tier) or the examples, with the occasion's and the gift's values as they would be today.
 */
export async function previewCareRule(
  deps: AdminDeps,
  input: { rule: CareRuleInput; memberId?: string | undefined },
): Promise<CarePreview> {
  const settings = await getCareSettings(deps.db);
  let memberValues: CareValues = {
    nickname: CARE_VARIABLE_EXAMPLES.nickname,
    points: CARE_VARIABLE_EXAMPLES.points,
    tierName: CARE_VARIABLE_EXAMPLES.tierName,
  };
  if (input.memberId) {
    const member = await getMember(deps.db, input.memberId);
    if (!member || member.status !== 'member') throw new DomainError('NOT_FOUND', 'No such member');
    const tier = await currentTier(deps, member, deps.clock());
    memberValues = { nickname: member.nickname ?? '会员', points: String(member.pointsBalance), tierName: tier.name };
  }
  const occasion = await occasionExample(deps, input.rule, settings.sellerOccasions);
  const arms = [
    { arm: 'a' as const, message: input.rule.message, gift: input.rule.gift },
    ...(input.rule.variant ? [{ arm: 'b' as const, ...input.rule.variant }] : []),
  ];
  return {
    arms: await Promise.all(
      arms.map(async ({ arm, message, gift }) => {
        const values: CareValues = { ...memberValues, shopName: settings.shopName, ...occasion, ...(await giftExample(deps, gift)) };
        return {
          arm,
          fields: previewFields(message.fields, values).map((field) => ({ key: field.key, text: field.value, problem: field.problem })),
        };
      }),
    ),
  };
}

async function occasionExample(deps: AdminDeps, rule: CareRuleInput, sellerOccasions: readonly SellerOccasion[]): Promise<CareValues> {
  const today = shanghaiDay(deps.clock()).date;
  if (rule.trigger.kind === 'holiday') {
    const key = rule.trigger.holiday;
    const year = Number(today.slice(0, 4));
    const holiday = [...holidaysOfYear(year, sellerOccasions), ...holidaysOfYear(year + 1, sellerOccasions)].find(
      (candidate) => candidate.key === key && candidate.date >= today,
    );
    return holiday ? { occasion: holiday.name, date: careDateText(holiday.date) } : { date: careDateText(today) };
  }
  if (rule.trigger.kind === 'birthday') return { occasion: '生日', date: careDateText(addDays(today, rule.trigger.daysBefore)) };
  if (rule.trigger.kind === 'seasonal') {
    const tipId = rule.trigger.tipId;
    const tip = (await getSeasonalCalendar(deps.db)).tips.find((candidate) => candidate.id === tipId);
    const date = tip ? nextTipDate(tip, today) : null;
    return tip ? { occasion: tip.name, date: careDateText(date ?? today) } : { date: careDateText(today) };
  }
  if (rule.trigger.kind === 'replenishment')
    return {
      category: rule.trigger.categories?.[0] ?? CARE_VARIABLE_EXAMPLES.category,
      date: careDateText(addDays(today, rule.trigger.daysBefore)),
    };
  if (rule.trigger.kind === 'once') return { date: careDateText(rule.trigger.day) };
  return { date: careDateText(today) };
}

async function giftExample(deps: AdminDeps, gift: CareRuleInput['gift']): Promise<CareValues> {
  if (!gift) return {};
  if (gift.kind === 'points') return { giftPoints: String(gift.points) };
  const reward = await getReward(deps.db, gift.rewardId);
  return { couponName: reward?.name ?? CARE_VARIABLE_EXAMPLES.couponName };
}

// ---------------------------------------------------------------------------------------------
// Delivery logs

const LOG_PAGE = 20;
const CURSOR_PREFIX = 'care-log:';

export async function ruleDeliveryPage(
  deps: AdminDeps,
  ruleId: string,
  query: { status?: DeliveryStatus | undefined; cursor?: string | undefined },
): Promise<CareDeliveryPage> {
  // A service notice has a log like a rule's, but no rule to read.
  if (!serviceNoticeKindOf(ruleId)) await requireCareRule(deps, ruleId);
  let after: RuleLogPosition | undefined;
  if (query.cursor) {
    const decoded = decodeCursor(query.cursor, CURSOR_PREFIX);
    try {
      after = decoded ? (JSON.parse(decoded.slice(CURSOR_PREFIX.length)) as RuleLogPosition) : undefined;
    } catch {
      after = undefined;
    }
    if (!after || typeof after.sortKey !== 'string' || typeof after.memberId !== 'string' || typeof after.occasion !== 'string')
      throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  }
  const page = await listRuleDeliveries(deps.db, ruleId, { limit: LOG_PAGE, after, status: query.status });
  // The log names each member (the id is never shown): one batch read for the page.
  const nicknames = new Map(
    (
      await getMembers(
        deps.db,
        page.items.map((item) => item.memberId),
      )
    ).map((m) => [m.memberId, m.nickname]),
  );
  return {
    items: page.items.map((item) => ({ ...deliveryView(item), nickname: nicknames.get(item.memberId) ?? null })),
    nextCursor: page.last ? encodeCursor(`${CURSOR_PREFIX}${JSON.stringify(page.last)}`) : null,
  };
}

/** A member's deliveries, newest first (the profile shows the first page; a member has a year's at most). */
export async function memberDeliveryPage(
  deps: AdminDeps,
  memberId: string,
  query: { cursor?: string | undefined },
): Promise<CareDeliveryPage> {
  const all = await listMemberDeliveries(deps.db, memberId);
  const offset = query.cursor ? Number(decodeCursor(query.cursor, 'offset:')?.slice('offset:'.length)) : 0;
  if (!Number.isInteger(offset) || offset < 0)
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  const items = all.slice(offset, offset + LOG_PAGE);
  return {
    items: items.map(deliveryView),
    nextCursor: offset + LOG_PAGE < all.length ? encodeCursor(`offset:${offset + LOG_PAGE}`) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Settings

export interface CareSettingsView {
  policy: CareSettings['policy'];
  shopName: string;
  sellerOccasions: SellerOccasion[];
  version: number;
}

export async function careSettingsView(deps: Pick<Deps, 'db'>): Promise<CareSettingsView> {
  const { policy, shopName, sellerOccasions, version } = await getCareSettings(deps.db);
  return { policy, shopName, sellerOccasions, version };
}

/** Replaces the settings read at `version`; a seller's date still used by a holiday rule cannot be removed. */
export async function replaceCareSettings(deps: AdminDeps, input: CareSettingsView): Promise<CareSettingsView> {
  const [stored, rules] = await Promise.all([getCareSettings(deps.db), listCareRules(deps.db)]);
  if (stored.version !== input.version) throw new DomainError('CONFLICT', 'The settings changed since they were read');
  const kept = new Set(input.sellerOccasions.map((occasion) => `seller:${occasion.id}`));
  const orphaned = rules.filter(
    (rule) => rule.trigger.kind === 'holiday' && rule.trigger.holiday.startsWith('seller:') && !kept.has(rule.trigger.holiday),
  );
  if (orphaned.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'A seller date in use was removed', [
      {
        path: 'sellerOccasions',
        message: `「${orphaned.map((rule) => rule.name).join('、')}」还在使用被删除的日期，请先修改或删除这些计划`,
      },
    ]);
  const ids = new Set<string>();
  input.sellerOccasions.forEach((occasion, index) => {
    if (ids.has(occasion.id))
      throw new DomainError('VALIDATION_FAILED', 'Duplicate id', [{ path: `sellerOccasions.${index}.id`, message: '日期重复' }]);
    ids.add(occasion.id);
  });
  const next: CareSettings = { ...input, version: stored.version + 1, updatedAt: deps.clock().toISOString() };
  if ((await saveCareSettings(deps.db, next)) === 'conflict')
    throw new DomainError('CONFLICT', 'The settings changed since they were read');
  return careSettingsView(deps);
}
