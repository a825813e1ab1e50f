import * as z from 'zod';
import { LIFECYCLE_STAGES } from './insight.ts';
import { SeasonalTipId } from './seasonal-tips.ts';
import { SubscribeMessageFields } from './subscribe-fields.ts';
import { SurveyId } from './surveys.ts';

/**
 * Care rules (关怀计划): what an operator sets up once and the care planner applies every day. A rule
 * says when a member is due (its trigger), who may get it (its audience), what is sent (a subscribe
 * message and an optional gift), when in the day, how it weighs against other rules (priority), and
 * how it is measured (an A/B split and a hold-out group). One policy (CarePolicy) sits over all rules.
 *
 * This module is schemas and names only (no calendar library), so staff pages can import it.
 */

const HOLIDAY_KEY = /^(?:[a-z0-9-]{1,40}|seller:[A-Za-z0-9_-]{1,64})$/;
const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour, Asia/Shanghai)')
  .describe('A time of day in Asia/Shanghai, HH:MM');

/** A replenishment reminder goes at most this many days before the expected purchase: earlier is no reminder. */
export const MAX_REPLENISH_DAYS_BEFORE = 14;

const DaysBefore = z.number().int().min(0).max(30).describe('0: on the day; N: N days before');

export const ANNIVERSARY_KINDS = ['membership', 'first-order'] as const;
export type AnniversaryKind = (typeof ANNIVERSARY_KINDS)[number];

export const CareTrigger = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('birthday'), daysBefore: DaysBefore }),
    z.object({
      kind: z.literal('holiday'),
      holiday: z.string().regex(HOLIDAY_KEY).describe("A built-in holiday's key (BUILT_IN_HOLIDAYS) or seller:<occasion id>"),
      daysBefore: DaysBefore,
    }),
    z.object({ kind: z.literal('anniversary'), of: z.enum(ANNIVERSARY_KINDS), daysBefore: DaysBefore }),
    z.object({
      kind: z.literal('post-purchase'),
      daysAfter: z.number().int().min(1).max(90).describe('Days after the Shanghai day an order was paid'),
    }),
    z.object({
      kind: z.literal('lifecycle'),
      stages: z.array(z.enum(LIFECYCLE_STAGES)).min(1).max(LIFECYCLE_STAGES.length).describe('Stages a member moving into sends'),
    }),
    z.object({
      kind: z.literal('seasonal'),
      tipId: SeasonalTipId.describe("A tip of the seasonal calendar (时令日历): its categories' recent buyers get it"),
      daysBefore: DaysBefore,
    }),
    z.object({
      kind: z.literal('replenishment'),
      daysBefore: z.number().int().min(0).max(MAX_REPLENISH_DAYS_BEFORE).describe('Days before the expected next purchase'),
      categories: z
        .array(z.string().trim().min(1).max(64))
        .max(50)
        .optional()
        .describe('The categories reminded of (as orders name them); empty or absent: every category'),
    }),
    z.object({
      kind: z.literal('once'),
      day: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD')
        .describe('The Shanghai day it goes, once, to its whole audience (e.g. a survey sent to a saved segment)'),
    }),
  ])
  .meta({ id: 'CareTrigger' });
export type CareTrigger = z.infer<typeof CareTrigger>;
export type CareTriggerKind = CareTrigger['kind'];
export const CARE_TRIGGER_KINDS = [
  'birthday',
  'holiday',
  'anniversary',
  'post-purchase',
  'lifecycle',
  'seasonal',
  'replenishment',
  'once',
] as const satisfies readonly CareTriggerKind[];

export const CARE_TRIGGER_NAMES: Record<CareTriggerKind, string> = {
  birthday: '生日',
  holiday: '节日',
  anniversary: '周年纪念',
  'post-purchase': '购买后回访',
  lifecycle: '客户阶段变化',
  seasonal: '时令推荐',
  replenishment: '补货提醒',
  once: '指定日期发送',
};
export const ANNIVERSARY_NAMES: Record<AnniversaryKind, string> = { membership: '入会周年', 'first-order': '首单周年' };

export const CareAudience = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('everyone') }),
    z.object({ kind: z.literal('segment'), segmentId: z.string().min(1).max(64) }),
  ])
  .meta({ id: 'CareAudience' });
export type CareAudience = z.infer<typeof CareAudience>;

export const CareMessage = z
  .object({
    templateId: z.string().trim().min(1).max(64).describe("The subscribe message template id from the shop's WeChat account"),
    title: z.string().trim().min(1).max(20).describe('The template title, as the buyer sees it when asked to subscribe'),
    page: z
      .string()
      .regex(/^pages\/[a-z-]+\/index$/, 'A mini-program page such as pages/index/index')
      .default('pages/index/index')
      .describe('Where a tap on the message opens'),
    fields: SubscribeMessageFields,
  })
  .meta({ id: 'CareMessage' });
export type CareMessage = z.infer<typeof CareMessage>;

/** The most points one rule may give a member at once (one occasion). */
export const MAX_CARE_GIFT_POINTS = 100_000;

export const CareGift = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('points'), points: z.number().int().min(1).max(MAX_CARE_GIFT_POINTS) }),
    z.object({ kind: z.literal('coupon'), rewardId: z.string().min(1).max(64).describe('A coupon reward of the points mall') }),
  ])
  .meta({ id: 'CareGift' });
export type CareGift = z.infer<typeof CareGift>;

export const CARE_ARMS = ['a', 'b'] as const;
export type CareArm = (typeof CARE_ARMS)[number];

export const CareRuleInput = z
  .object({
    name: z.string().trim().min(1).max(30),
    trigger: CareTrigger,
    audience: CareAudience,
    message: CareMessage,
    gift: CareGift.nullable().default(null),
    survey: SurveyId.nullable()
      .default(null)
      .describe(
        "Invite to this published survey: the message opens it (its page is the survey's), and members the survey may not ask now are skipped",
      ),
    groupBuy: z
      .string()
      .min(1)
      .max(64)
      .nullable()
      .default(null)
      .describe(
        "Invite to this published 拼团 campaign (its id): the message opens the campaign's page, and members who could not open a group now (not among who may open, at the per-buyer limit; the campaign ended or sold out) are skipped. Not with a survey",
      ),
    /** Arm B of an A/B test: half the audience (by a stable hash of the member) gets this message and gift instead. */
    variant: z
      .object({ message: CareMessage, gift: CareGift.nullable().default(null) })
      .nullable()
      .default(null)
      .describe('Arm B: half the audience gets this instead of arm A (message and gift)'),
    holdoutPercent: z.number().int().min(0).max(50).default(0).describe('Members held out (sent nothing) to measure lift'),
    sendTime: TimeOfDay.default('10:00'),
    staleAfterHours: z.number().int().min(1).max(168).default(24).describe('How long after its send time a held message may still go'),
    priority: z.number().int().min(1).max(9).default(5).describe('When a cap allows only some of the messages due, larger goes first'),
    enabled: z.boolean().default(false),
  })
  .meta({ id: 'CareRuleInput' });
export type CareRuleInput = z.infer<typeof CareRuleInput>;
export type CareRuleInputBody = z.input<typeof CareRuleInput>;

export const CareRule = CareRuleInput.extend({
  ruleId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
}).meta({ id: 'CareRule' });
export type CareRule = z.infer<typeof CareRule>;

// ---------------------------------------------------------------------------------------------
// The policy over every rule

export const CarePolicy = z
  .object({
    dailyCap: z.number().int().min(1).max(10).describe('Marketing messages a member gets at most per Shanghai day'),
    weeklyCap: z.number().int().min(1).max(30).describe('… and per week (Monday to Sunday)'),
    quietHours: z
      .object({ start: TimeOfDay, end: TimeOfDay })
      .refine((hours) => hours.start !== hours.end, 'Start and end must differ')
      .describe('Nothing is sent from start until end (may span midnight)'),
  })
  .refine((policy) => policy.weeklyCap >= policy.dailyCap, {
    message: 'The weekly cap must be at least the daily cap',
    path: ['weeklyCap'],
  })
  .meta({ id: 'CarePolicy' });
export type CarePolicy = z.infer<typeof CarePolicy>;

export const DEFAULT_CARE_POLICY: CarePolicy = { dailyCap: 1, weeklyCap: 2, quietHours: { start: '21:00', end: '09:00' } };

// ---------------------------------------------------------------------------------------------
// Deliveries: one per rule × member × occasion

export const DELIVERY_STATUSES = ['planned', 'queued', 'sending', 'sent', 'skipped', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const SKIP_REASONS = [
  'cap',
  'quiet-hours',
  'no-authorization',
  'opted-out',
  'stale',
  'held-out',
  'not-member',
  'gift-unavailable',
  'rule-off',
  'survey-ineligible',
  'groupbuy-ineligible',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const DELIVERY_STATUS_NAMES: Record<DeliveryStatus, string> = {
  planned: '待发送',
  queued: '发送中',
  sending: '发送中',
  sent: '已发送',
  skipped: '未发送',
  failed: '发送失败',
};

export const SKIP_REASON_NAMES: Record<SkipReason, string> = {
  cap: '超过发送频率上限',
  'quiet-hours': '免打扰时段',
  'no-authorization': '未订阅该消息',
  'opted-out': '已关闭个性化推荐',
  stale: '已过时效',
  'held-out': '对照组（不发送）',
  'not-member': '已不是会员',
  'gift-unavailable': '礼品已兑完或下架',
  'rule-off': '关怀计划已关闭或删除',
  'survey-ineligible': '问卷已填写、已结束或近期已邀请过',
  'groupbuy-ineligible': '拼团已结束、已抢光或不符合参团条件',
};

export const CareDelivery = z
  .object({
    deliveryId: z.string(),
    ruleId: z.string(),
    ruleName: z.string(),
    memberId: z.string(),
    occasion: z.string().describe('What the message is for, e.g. birthday#2026, holiday:mid-autumn-festival#2026'),
    occasionName: z.string().describe('The occasion in words, e.g. 2026年生日, 中秋节'),
    arm: z.enum(CARE_ARMS),
    status: z.enum(DELIVERY_STATUSES),
    reason: z.enum(SKIP_REASONS).nullable(),
    sendAt: z.string().describe('When it is (or was) due'),
    plannedAt: z.string(),
    finishedAt: z.string().nullable(),
    detail: z.string().nullable().describe('What WeChat answered when a send failed'),
    nickname: z
      .string()
      .nullable()
      .optional()
      .describe("The member's nickname, in a rule's log and 失败消息 (a member's own log leaves it out)"),
  })
  .meta({ id: 'CareDelivery' });
export type CareDelivery = z.infer<typeof CareDelivery>;

export const CareDeliveryPage = z
  .object({ items: z.array(CareDelivery), nextCursor: z.string().nullable() })
  .meta({ id: 'CareDeliveryPage' });
export type CareDeliveryPage = z.infer<typeof CareDeliveryPage>;

// ---------------------------------------------------------------------------------------------
// Preview and dry run

export const CarePreviewRequest = z
  .object({ rule: CareRuleInput, memberId: z.string().min(1).max(64).optional().describe('Absent: example values') })
  .meta({ id: 'CarePreviewRequest' });

export const CarePreview = z
  .object({
    arms: z.array(
      z.object({
        arm: z.enum(CARE_ARMS),
        fields: z.array(
          z.object({ key: z.string(), text: z.string(), problem: z.string().nullable().describe('Why WeChat would refuse it (Chinese)') }),
        ),
      }),
    ),
  })
  .meta({ id: 'CarePreview' });
export type CarePreview = z.infer<typeof CarePreview>;

export const CareDryRunRequest = z
  .object({
    rule: CareRuleInput,
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .describe('The Shanghai day to count for (today when absent): a holiday rule is counted for the day it next sends'),
  })
  .meta({ id: 'CareDryRunRequest' });

export const CareDryRun = z
  .object({
    day: z.string().describe('The Shanghai day counted'),
    due: z.number().int().describe('Members the trigger names today, before anything else'),
    wouldSend: z.number().int(),
    skipped: z.partialRecord(z.enum(SKIP_REASONS), z.number().int()).describe('Members who would not get it, by reason'),
    notInAudience: z.number().int(),
    segmentMissing: z.boolean().describe("The rule's segment is gone: it names no one"),
    sample: z.array(z.object({ memberId: z.string(), nickname: z.string().nullable(), occasionName: z.string() })),
  })
  .meta({ id: 'CareDryRun' });
export type CareDryRun = z.infer<typeof CareDryRun>;

// ---------------------------------------------------------------------------------------------
// Service notices: built in, sent through the same deliveries as the rules but not marketing

/**
 * Notices a member is owed about their own account (服务通知): not counted against nor blocked by the
 * caps, not stopped by the personalised-marketing opt-out; they still need the member's authorization
 * for their template and wait out quiet hours. Their deliveries are kept under `service-<kind>`.
 */
export const SERVICE_NOTICE_KINDS = ['tier-change', 'points-expiry'] as const;
export type ServiceNoticeKind = (typeof SERVICE_NOTICE_KINDS)[number];

export const SERVICE_NOTICE_NAMES: Record<ServiceNoticeKind, string> = {
  'tier-change': '等级变更',
  'points-expiry': '积分到期提醒',
};

const SERVICE_RULE_PREFIX = 'service-';

/** The rule id a service notice's deliveries are kept under (its log, its figures). */
export function serviceNoticeRuleId(kind: ServiceNoticeKind): string {
  return `${SERVICE_RULE_PREFIX}${kind}`;
}

/** The service notice a rule id names; null for an operator's rule. */
export function serviceNoticeKindOf(ruleId: string): ServiceNoticeKind | null {
  const kind = ruleId.startsWith(SERVICE_RULE_PREFIX) ? ruleId.slice(SERVICE_RULE_PREFIX.length) : null;
  return (SERVICE_NOTICE_KINDS as readonly (string | null)[]).includes(kind) ? (kind as ServiceNoticeKind) : null;
}

export const ServiceNoticeSummary = z
  .object({
    ruleId: z.string().describe('Where its log is read: /v1/staff/care/rules/{ruleId}/deliveries'),
    kind: z.enum(SERVICE_NOTICE_KINDS),
    name: z.string(),
    last30Days: z.object({ planned: z.number().int(), sent: z.number().int(), skipped: z.number().int(), failed: z.number().int() }),
  })
  .meta({ id: 'ServiceNoticeSummary' });
export type ServiceNoticeSummary = z.infer<typeof ServiceNoticeSummary>;

// ---------------------------------------------------------------------------------------------
// Staff pages

/** A rule as the 关怀计划 list shows it: the rule and what it did over the last 30 Shanghai days. */
export const CareRuleSummary = CareRule.extend({
  last30Days: z.object({
    planned: z.number().int(),
    sent: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
  }),
}).meta({ id: 'CareRuleSummary' });
export type CareRuleSummary = z.infer<typeof CareRuleSummary>;

export const CareRuleList = z
  .object({
    items: z.array(CareRuleSummary),
    serviceNotices: z.array(ServiceNoticeSummary).describe('The built-in service notices (read-only), with their figures'),
  })
  .meta({ id: 'CareRuleList' });
export type CareRuleList = z.infer<typeof CareRuleList>;

export const CareRuleUpdate = z.object({ rule: CareRuleInput, version: z.number().int().min(1) }).meta({ id: 'CareRuleUpdate' });

/** The editor's choices: holidays and seasonal tips with their next date, saved segments, coupon rewards, variables, categories. */
export const CareEditorOptions = z
  .object({
    holidays: z.array(z.object({ key: z.string(), name: z.string(), kind: z.string(), nextDate: z.string() })),
    seasonalTips: z.array(
      z.object({
        tipId: z.string(),
        name: z.string(),
        categories: z.array(z.string()),
        nextDate: z.string().nullable().describe('null: a one-off tip whose date has passed'),
      }),
    ),
    categories: z
      .array(
        z.object({
          name: z.string(),
          cadenceDays: z.number().int().nullable().describe("The shop's median days between purchases; null: too few buyers"),
          members: z.number().int().describe('Members with an expected next purchase of it'),
        }),
      )
      .describe('Categories replenishment rules can name, as of the last nightly run, most members first'),
    segments: z.array(z.object({ segmentId: z.string(), name: z.string() })),
    surveys: z.array(z.object({ surveyId: z.string(), name: z.string() })).describe('Published surveys a rule may invite to'),
    groupBuys: z
      .array(z.object({ campaignId: z.string(), name: z.string() }))
      .describe('Published 拼团 campaigns, not ended, a rule may invite to (soonest ending first)'),
    coupons: z.array(z.object({ rewardId: z.string(), name: z.string(), stock: z.number().int().nullable() })),
    variables: z.array(z.object({ label: z.string(), example: z.string() })),
  })
  .meta({ id: 'CareEditorOptions' });
export type CareEditorOptions = z.infer<typeof CareEditorOptions>;

// ---------------------------------------------------------------------------------------------
// The buyer's 消息设置

export const MessageSettings = z
  .object({
    marketingOptOut: z.boolean(),
    templates: z.array(
      z.object({
        templateId: z.string(),
        title: z.string(),
        kind: z.enum(['service', 'care']).describe('service: order, points and complaint notices; care: greetings and offers'),
        remaining: z.number().int().nonnegative().describe('Sends the member has allowed and not yet used'),
      }),
    ),
  })
  .meta({ id: 'MessageSettings' });
export type MessageSettings = z.infer<typeof MessageSettings>;

/**
 * How many template ids one wx.requestSubscribeMessage call lists by default: WeChat's older documents
 * say 3, the current one 5, so it is a setting (config.wechat.templatesPerSubscribeRequest) and the
 * default is the number every version accepts.
 */
export const DEFAULT_TEMPLATES_PER_SUBSCRIBE_REQUEST = 3;

// ---------------------------------------------------------------------------------------------
// Attribution

/** Orders paid within this many Shanghai days from a message's day (its own day included) are its conversions. */
export const ATTRIBUTION_DAYS = 7;
/** Below these a rule's figures are shown with a note that they mean little yet. */
export const MIN_SENT_FOR_RESULTS = 100;
export const MIN_HOLDOUT_FOR_LIFT = 30;

const Outcome = z.object({
  members: z.number().int().describe('Members sent (an arm) or held out'),
  converted: z.number().int().describe('Of them, members who paid an order within the attribution window'),
  orders: z.number().int(),
  revenueFen: z.number().int(),
});

export const CareRuleResults = z
  .object({
    since: z.string().describe('The first Shanghai day whose messages count'),
    through: z.string().describe('The last: messages of later days are still in their 7 days'),
    arms: z.array(Outcome.extend({ arm: z.enum(CARE_ARMS) })),
    holdout: Outcome.nullable().describe('The hold-out group; null without one'),
    lift: z.number().nullable().describe('Conversion of those sent ÷ conversion of the hold-out − 1; null when it cannot be said'),
    tooFew: z.boolean().describe('Fewer than 100 sent or 30 held out: the figures mean little yet'),
    pending: z.number().int().describe('Messages sent too recently to count'),
  })
  .meta({ id: 'CareRuleResults' });
export type CareRuleResults = z.infer<typeof CareRuleResults>;
