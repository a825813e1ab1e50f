import {
  RFM_CLASSES,
  RFM_CLASS_NAMES,
  type Band,
  type InsightFigures,
  type InsightSettings,
  type MemberRfm,
  type MemberScores,
  type RfmClass,
  type TagRule,
} from '@linli/shared/insight';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import type { BatchWriteRequest } from '../db/batch-write.ts';
import { walkJoinedMembers, type JoinedMemberFacts } from '../members/repository.ts';
import { aggregateCreditedOrders, getOrderAggregatesOfMembers, keepRebuiltOrderAggregates } from '../orders/aggregates-repository.ts';
import { emptyOrderAggregates, type OrderAggregates } from '../orders/order-aggregates.ts';
import { getTierConfig } from '../tiers/config-repository.ts';
import { memberOutlooks, fitShopModels, type MemberOutlook } from './customer-outlook.ts';
import { judgeLifecycle } from './lifecycle.ts';
import { ruleTagsOf } from './rule-tags.ts';
import { getTagCatalogEntry, keepRuleTagCatalog, ruleTagDeletes, ruleTagPuts } from './tags-repository.ts';
import { modelQuality } from './model-quality.ts';
import { outlookReasons } from './outlook-reasons.ts';
import { summarizeCustomers, type Occasion } from './purchase-history.ts';
import {
  facetDelete,
  facetPut,
  getInsightSettings,
  insightItemWriter,
  listAllMemberInsights,
  memberInsightPut,
  replenishmentDelete,
  replenishmentPut,
  stageChangePuts,
  type FacetEntry,
  type MemberInsight,
  type ReplenishCategory,
} from './repository.ts';
import { categoryCadences, expectedPurchases, type CategoryCadence } from './replenishment.ts';
import { bandOfScore, RFM_SEGMENTS, rfmFiguresOfDays, scoreRfmFigures, type RfmScore } from './rfm.ts';
import { salesForecastDays, shopFigures, type ScoredMemberInput } from './shop-figures.ts';
import { getInsightRun, saveInsightRun } from './repository.ts';

type NightlyDeps = Pick<Deps, 'db' | 'clock' | 'logger'>;

export interface NightlyRunSummary {
  analysisDay: string;
  members: number;
  scored: number;
  stageChanges: number;
  facetWrites: number;
  /** Expected-purchase items (REPLENISH) put or deleted: only those whose day moved since the last run. */
  replenishWrites: number;
  method: 'model' | 'rules';
  /**
   * read: members, aggregates and the last run (the facets of members' own facts already go out meanwhile);
   * compute: the scoring; write: from the scoring's end until every item is written.
   */
  durationsMs: { read: number; compute: number; write: number };
}

const RISK_BAND_OF: Record<string, Band> = { 低: 'low', 中: 'medium', 高: 'high' };
const RFM_CLASS_OF = Object.fromEntries(
  RFM_SEGMENTS.map((name) => [name, RFM_CLASSES.find((code) => RFM_CLASS_NAMES[code] === name)!]),
) as Record<(typeof RFM_SEGMENTS)[number], RfmClass>;

/** A member's purchase occasions, oldest first: the days with a counting order and the fen kept on each. */
export function occasionsOf(aggregates: OrderAggregates): Occasion[] {
  return Object.entries(aggregates.days)
    .filter(([, [orders]]) => orders > 0)
    .map(([day, [, fen]]) => ({ day, amountFen: fen }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/**
 * The nightly scoring (job `insight-nightly`): reads every joined member and their order aggregates,
 * scores RFM over the shop, fits the purchase and spend models (or says the rules stand in), judges
 * each member's lifecycle stage, and writes each member's insight, the facets segments read, a stage
 * change event where the stage moved, and the shop's figures for the dashboards. Safe to run again on
 * the same day: every write is a put keyed by the member or the day. Writes go out as soon as they are
 * known: the facets of a member's own facts (tier, categories) while the next page of members is read,
 * the rest as each member's scores are compared with the last run's.
 */
export async function runInsightNightly(deps: NightlyDeps): Promise<NightlyRunSummary> {
  const started = performance.now();
  const now = deps.clock();
  const analysisDay = shanghaiDay(now).date;
  const [settings, tierConfig, lastRunFigures] = await Promise.all([
    getInsightSettings(deps.db),
    getTierConfig(deps.db),
    getInsightRun(deps.db),
  ]);
  // The shop's first run places every member; it changes no one's stage. Only later runs put their
  // changes under the day (LIFECYCLE#<day>) for the care rules, which would otherwise greet or
  // win back every member at once; the member's own history records the placement either way.
  const announceChanges = lastRunFigures !== null;
  const baseTierCode = tierConfig.tiers[0]?.code ?? 'member';
  const writer = insightItemWriter(deps.db);
  let facetWrites = 0;
  // The last run and the members are read at once; a page of members read before the last run is
  // in waits for it, then its facet changes go out.
  let lastRun: ReadonlyMap<string, MemberInsight> | null = null;
  const waitingPages: Array<readonly ScoredMemberInput[]> = [];
  const writeFactFacetChanges = (page: readonly ScoredMemberInput[], last: ReadonlyMap<string, MemberInsight>) => {
    for (const { member, aggregates } of page) {
      const before = last.get(member.memberId);
      const changes = facetChanges(before ? factFacetEntries(before) : [], factFacetEntries(memberFacts(member, aggregates, baseTierCode)));
      facetWrites += changes.length;
      writer.add(changes);
    }
  };
  const [inputs, previous] = await Promise.all([
    readScoredMembers(deps, (page) => {
      if (lastRun) writeFactFacetChanges(page, lastRun);
      else waitingPages.push(page);
    }),
    listAllMemberInsights(deps.db).then((list) => {
      const last = new Map(list.map((insight) => [insight.memberId, insight]));
      lastRun = last;
      for (const page of waitingPages.splice(0)) writeFactFacetChanges(page, last);
      return last;
    }),
  ]);
  const read = performance.now();

  const scoring = scoreMembers(inputs, { analysisDay, settings, baseTierCode });
  const tagRules = await usableTagRules(deps, settings.tagRules);
  const ruleTagCounts = new Map<string, number>([...previous.values()].flatMap((before) => before.ruleTags ?? []).map((tag) => [tag, 0]));
  for (const rule of tagRules) ruleTagCounts.set(rule.tag, 0);
  let stageChanges = 0;
  let replenishWrites = 0;
  const expecting = new Map<string, number>();
  const at = now.toISOString();
  for (const insight of scoring.insights) {
    const requests: BatchWriteRequest[] = [];
    const before = previous.get(insight.memberId);
    insight.ruleTags = ruleTagsOf(insight, tagRules, analysisDay);
    const had = new Set(before?.ruleTags ?? []);
    for (const tag of insight.ruleTags) {
      ruleTagCounts.set(tag, (ruleTagCounts.get(tag) ?? 0) + 1);
      if (!had.has(tag)) requests.push(...ruleTagPuts(insight.memberId, tag, at));
    }
    for (const tag of had) if (!insight.ruleTags.includes(tag)) requests.push(...ruleTagDeletes(insight.memberId, tag));
    if (before?.scores.stage === insight.scores.stage) insight.scores.stageSince = before.scores.stageSince;
    else {
      stageChanges++;
      requests.push(
        ...stageChangePuts(
          { memberId: insight.memberId, day: analysisDay, from: before?.scores.stage ?? null, to: insight.scores.stage },
          { announce: announceChanges },
        ),
      );
    }
    const changes = facetChanges(before ? scoreFacetEntries(before) : [], scoreFacetEntries(insight));
    facetWrites += changes.length;
    const replenishing = replenishmentChanges(insight.memberId, before?.replenish ?? {}, insight.replenish ?? {});
    replenishWrites += replenishing.length;
    for (const category of Object.keys(insight.replenish ?? {})) expecting.set(category, (expecting.get(category) ?? 0) + 1);
    requests.push(memberInsightPut(insight), ...changes, ...replenishing);
    writer.add(requests);
  }
  // A member who left the joined list (never, today) keeps nothing stale: their facets and expected purchases go.
  for (const [memberId, before] of previous) {
    if (scoring.byMember.has(memberId)) continue;
    writer.add([...facetEntries(before).map(facetDelete), ...replenishmentChanges(memberId, before.replenish ?? {}, {})]);
  }
  const computed = performance.now();
  await writer.done();
  for (const [tag, memberCount] of ruleTagCounts) await keepRuleTagCatalog(deps.db, { tag, memberCount, at });
  await saveInsightRun(deps.db, analysisDay, {
    ...scoring.figures,
    replenishCategories: replenishCategories(scoring.cadences, expecting),
    ranAt: now.toISOString(),
  });
  const written = performance.now();
  const summary: NightlyRunSummary = {
    analysisDay,
    members: inputs.length,
    scored: scoring.insights.length,
    stageChanges,
    facetWrites,
    replenishWrites,
    method: scoring.figures.model.method,
    durationsMs: { read: Math.round(read - started), compute: Math.round(computed - read), write: Math.round(written - computed) },
  };
  deps.logger.info('insight nightly run', { ...summary });
  return summary;
}

/** The tag rules whose tag staff do not already use by hand (such a rule is skipped, and said so in the log). */
async function usableTagRules(deps: NightlyDeps, rules: readonly TagRule[]): Promise<TagRule[]> {
  const usable: TagRule[] = [];
  for (const rule of rules) {
    const entry = await getTagCatalogEntry(deps.db, rule.tag);
    if (entry && entry.kind !== 'rule') deps.logger.warn('tag rule skipped: staff use its tag by hand', { tag: rule.tag });
    else usable.push(rule);
  }
  return usable;
}

/**
 * Every joined member and their aggregates, each page handed to `onPage` as soon as it is read; a
 * member whose orders came before aggregates were kept gets them rebuilt (and kept).
 */
async function readScoredMembers(deps: NightlyDeps, onPage: (page: readonly ScoredMemberInput[]) => void): Promise<ScoredMemberInput[]> {
  const inputs: ScoredMemberInput[] = [];
  await walkJoinedMembers(deps.db, async (page) => {
    const aggregates = await getOrderAggregatesOfMembers(
      deps.db,
      page.map((member) => member.memberId),
    );
    const read: ScoredMemberInput[] = [];
    for (const member of page) {
      let kept = aggregates.get(member.memberId);
      if (!kept && member.orderCount > 0) {
        kept = await aggregateCreditedOrders(deps.db, member);
        await keepRebuiltOrderAggregates(deps.db, kept);
      }
      read.push({ member, aggregates: kept ?? emptyOrderAggregates(member.memberId) });
    }
    onPage(read);
    for (const input of read) inputs.push(input);
  });
  return inputs;
}

/** The insight fields that are the member's own facts, not scores: known as soon as the member is read. */
function memberFacts(
  member: JoinedMemberFacts,
  aggregates: OrderAggregates,
  baseTierCode: string,
): Pick<MemberInsight, 'memberId' | 'tierCode' | 'categories'> {
  return { memberId: member.memberId, tierCode: member.tierCode ?? baseTierCode, categories: lastDayByCategory(aggregates) };
}

/** Category → the last Shanghai day it was bought. */
function lastDayByCategory(aggregates: OrderAggregates): Record<string, string> {
  const categories: Record<string, string> = {};
  for (const [category, days] of Object.entries(aggregates.categories)) {
    const last = Object.keys(days).reduce((latest, day) => (day > latest ? day : latest), '');
    if (last) categories[category] = last;
  }
  return categories;
}

/**
 * Scores every member (pure: the job's arithmetic, tested without DynamoDB): RFM against each other,
 * the shop's models and each member's outlook, the lifecycle stage, and the shop's figures.
 */
export function scoreMembers(
  inputs: readonly ScoredMemberInput[],
  options: { analysisDay: string; settings: InsightSettings; baseTierCode: string },
): { insights: MemberInsight[]; byMember: Map<string, MemberInsight>; figures: InsightFigures; cadences: CategoryCadence[] } {
  const { analysisDay, settings } = options;
  const cadences = categoryCadences(inputs.map((input) => input.aggregates.categories));
  const cadenceDays = new Map(cadences.map((cadence) => [cadence.category, cadence.cadenceDays]));
  const rfmRows = inputs.flatMap((input) => {
    const figures = rfmFiguresOfDays(input.member.memberId, input.aggregates.days, { analysisDay, windowDays: settings.rfmWindowDays });
    return figures ? [figures] : [];
  });
  const rfm = new Map(scoreRfmFigures(rfmRows, settings.rfmThresholds).map((score) => [score.customerId, score]));
  const occasions = new Map(inputs.map((input) => [input.member.memberId, occasionsOf(input.aggregates)]));
  const summaries = summarizeCustomers(occasions, analysisDay);
  const modelOptions = { minRepeatBuyers: settings.minRepeatBuyersToFit };
  const models = fitShopModels(summaries, analysisDay, modelOptions);
  const outlooks = new Map(
    memberOutlooks(models, summaries, {
      lifetimeValue: { monthlyDiscountRate: settings.monthlyDiscountRate },
      moreForecastDays: salesForecastDays(analysisDay),
    }).map((outlook) => [outlook.customerId, outlook]),
  );
  const insights = inputs.map((input) =>
    memberInsight(input, {
      analysisDay,
      settings,
      baseTierCode: options.baseTierCode,
      rfm: rfm.get(input.member.memberId) ?? null,
      outlook: outlooks.get(input.member.memberId) ?? null,
      occasions: occasions.get(input.member.memberId)!,
      cadenceDays,
    }),
  );
  const byMember = new Map(insights.map((insight) => [insight.memberId, insight]));
  const figures = shopFigures({
    analysisDay,
    inputs,
    insights: byMember,
    outlooks,
    models,
    quality: modelQuality(occasions, analysisDay, modelOptions),
  });
  return { insights, byMember, figures, cadences };
}

function memberInsight(
  input: ScoredMemberInput,
  context: {
    analysisDay: string;
    settings: InsightSettings;
    baseTierCode: string;
    rfm: RfmScore | null;
    outlook: MemberOutlook | null;
    occasions: Occasion[];
    cadenceDays: ReadonlyMap<string, number>;
  },
): MemberInsight {
  const { member, aggregates } = input;
  const { outlook, rfm } = context;
  const method = outlook?.purchasesMethod === 'bgnbd' ? ('model' as const) : ('rules' as const);
  const churn = outlook
    ? { pAlive: outlook.pAlive, method: outlook.pAliveMethod === 'bgnbd' ? ('model' as const) : ('rules' as const) }
    : null;
  const lifecycle = judgeLifecycle(
    { purchaseDays: context.occasions.map((occasion) => occasion.day), churn },
    context.settings,
    context.analysisDay,
  );
  const reasons = outlook ? outlookReasons(outlook) : null;
  const memberRfm: MemberRfm | null = rfm
    ? {
        recencyDays: rfm.recencyDays,
        frequency: rfm.frequency,
        monetaryFen: rfm.monetaryFen,
        r: rfm.r,
        f: rfm.f,
        m: rfm.m,
        class: RFM_CLASS_OF[rfm.segment],
        valueBand: bandOfScore(rfm.m),
        frequencyBand: bandOfScore(rfm.f),
      }
    : null;
  const scores: MemberScores = {
    analysisDay: context.analysisDay,
    stage: lifecycle.stage,
    stageSince: context.analysisDay,
    rfm: memberRfm,
    purchases: {
      occasions: context.occasions.length,
      firstDay: context.occasions[0]?.day ?? null,
      lastDay: context.occasions.at(-1)?.day ?? null,
    },
    churn: outlook && churn ? { ...churn, riskBand: RISK_BAND_OF[outlook.riskBand]! } : null,
    value: outlook
      ? {
          expectedPurchases90d: outlook.expectedPurchases,
          expectedSpendPerOrderFen: outlook.expectedSpendFen,
          clv12mFen: outlook.lifetimeValueFen,
          method,
        }
      : null,
    reasons: {
      stage: lifecycle.reason,
      rfm: memberRfm ? rfmReason(memberRfm, context.settings.rfmWindowDays) : null,
      churn: reasons ? `${reasons.pAlive}` : null,
      value: reasons ? reasons.lifetimeValue : null,
    },
  };
  const { tierCode, categories } = memberFacts(member, aggregates, context.baseTierCode);
  const birthdayMonth = member.birthday ? Number(member.birthday.slice(-5, -3)) : null;
  return {
    memberId: member.memberId,
    scores,
    tierCode,
    pointsBalance: member.pointsBalance,
    birthdayMonth,
    joinedDay: shanghaiDay(new Date(member.joinedAt)).date,
    marketingOptOut: member.marketingOptOut,
    region: aggregates.region?.name ?? null,
    categories,
    ruleTags: [],
    replenish: expectedPurchases(aggregates.categories, context.cadenceDays, context.analysisDay),
  };
}

function rfmReason(rfm: MemberRfm, windowDays: number): string {
  const yuan = (rfm.monetaryFen / 100).toFixed(2);
  const last = rfm.recencyDays === 0 ? '今天' : `${rfm.recencyDays} 天前`;
  return `R${rfm.r} F${rfm.f} M${rfm.m}：最近一次购买在${last}，近 ${windowDays} 天 ${rfm.frequency} 单、共 ¥${yuan}（${RFM_CLASS_NAMES[rfm.class]}）`;
}

/** The facet entries a member's insight puts them under. */
export function facetEntries(insight: MemberInsight): FacetEntry[] {
  return [...scoreFacetEntries(insight), ...factFacetEntries(insight)];
}

/** The facets of the member's scores (stage, RFM class, risk band): known once the shop is scored. */
function scoreFacetEntries(insight: Pick<MemberInsight, 'memberId' | 'scores'>): FacetEntry[] {
  const entries: FacetEntry[] = [{ dimension: 'stage', value: insight.scores.stage, memberId: insight.memberId }];
  if (insight.scores.rfm) entries.push({ dimension: 'rfm', value: insight.scores.rfm.class, memberId: insight.memberId });
  if (insight.scores.churn) entries.push({ dimension: 'risk', value: insight.scores.churn.riskBand, memberId: insight.memberId });
  return entries;
}

/** The facets of the member's own facts (tier, categories bought): known as soon as the member is read. */
function factFacetEntries(insight: Pick<MemberInsight, 'memberId' | 'tierCode' | 'categories'>): FacetEntry[] {
  const entries: FacetEntry[] = [{ dimension: 'tier', value: insight.tierCode, memberId: insight.memberId }];
  for (const [category, lastDay] of Object.entries(insight.categories))
    entries.push({ dimension: 'category', value: category, memberId: insight.memberId, order: lastDay });
  return entries;
}

/**
 * Every category with a shop-wide cadence or a member expected to buy it: what the care rule editor offers
 * and the partitions (REPLENISH#<day>#<category>) a reminder for any category reads. Most expected first.
 */
function replenishCategories(cadences: readonly CategoryCadence[], expecting: ReadonlyMap<string, number>): ReplenishCategory[] {
  const byCategory = new Map<string, ReplenishCategory>(
    cadences.map(({ category, cadenceDays, buyers }) => [category, { category, cadenceDays, buyers, expecting: 0 }]),
  );
  for (const [category, members] of expecting) {
    const known = byCategory.get(category);
    if (known) known.expecting = members;
    else byCategory.set(category, { category, cadenceDays: null, buyers: 0, expecting: members });
  }
  return [...byCategory.values()].sort(
    (a, b) => b.expecting - a.expecting || b.buyers - a.buyers || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0),
  );
}

/** The REPLENISH items to put (a category whose expected day moved or is new) and delete (one with none now). */
function replenishmentChanges(
  memberId: string,
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): BatchWriteRequest[] {
  const requests: BatchWriteRequest[] = [];
  for (const [category, expectedDay] of Object.entries(after))
    if (!Object.hasOwn(before, category) || before[category] !== expectedDay)
      requests.push(replenishmentPut({ memberId, category, expectedDay }));
  for (const category of Object.keys(before)) if (!Object.hasOwn(after, category)) requests.push(replenishmentDelete(memberId, category));
  return requests;
}

const facetKey = (entry: FacetEntry) => `${entry.dimension}\u0000${entry.value}\u0000${entry.order ?? ''}`;

/** What moves between a member's facets of the last run and of this one: deletes of the old, puts of the new. */
function facetChanges(before: readonly FacetEntry[], after: readonly FacetEntry[]): BatchWriteRequest[] {
  const old = new Map(before.map((entry) => [facetKey(entry), entry]));
  const next = new Map(after.map((entry) => [facetKey(entry), entry]));
  return [
    ...[...old].filter(([key]) => !next.has(key)).map(([, entry]) => facetDelete(entry)),
    ...[...next].filter(([key]) => !old.has(key)).map(([, entry]) => facetPut(entry)),
  ];
}
