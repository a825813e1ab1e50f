import * as z from 'zod';

// ---------------------------------------------------------------------------------------------
// Vocabulary: categories, statuses, events, root causes. Labels are what the buyer reads.
// ---------------------------------------------------------------------------------------------

/**
 * The categories a new shop starts with. Categories are the seller's to configure (desk settings):
 * a complaint stores the category's code, and its name comes from the settings.
 */
export const COMPLAINT_CATEGORIES = ['quality', 'logistics', 'service', 'price', 'other'] as const;

/** A category's code: stable once saved (complaints and the report refer to it). */
export const CategoryCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,31}$/, 'Lowercase letters, digits and _, starting with a letter (2–32)')
  .describe('A complaint category code from the desk settings');
export type ComplaintCategory = z.infer<typeof CategoryCode>;

/** The default categories' names. */
export const COMPLAINT_CATEGORY_ZH: Record<(typeof COMPLAINT_CATEGORIES)[number], string> = {
  quality: '商品质量',
  logistics: '物流配送',
  service: '服务态度',
  price: '价格问题',
  other: '其他',
};

export const COMPLAINT_STATUSES = [
  'submitted',
  'acknowledged',
  'in_progress',
  'waiting_for_buyer',
  'resolved',
  'closed',
  'reopened',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Buyer-facing labels ("待您补充" speaks to the buyer). */
export const COMPLAINT_STATUS_ZH: Record<ComplaintStatus, string> = {
  submitted: '已提交',
  acknowledged: '已受理',
  in_progress: '处理中',
  waiting_for_buyer: '待您补充',
  resolved: '已解决',
  closed: '已关闭',
  reopened: '已重新打开',
};

/** Who triggers a status change; every staff role acts as `agent`, scheduled jobs as `system`. */
export const COMPLAINT_ACTORS = ['buyer', 'agent', 'system'] as const;
export type ComplaintActor = (typeof COMPLAINT_ACTORS)[number];

export const COMPLAINT_EVENTS = [
  'acknowledge',
  'start',
  'ask_buyer',
  'buyer_replied',
  'resolve',
  'confirm',
  'reopen',
  'auto_close',
] as const;
export type ComplaintEventType = (typeof COMPLAINT_EVENTS)[number];

/** Why a status change was refused; sent with COMPLAINT_TRANSITION_INVALID. Never rename one, only add. */
export const COMPLAINT_TRANSITION_REFUSALS = [
  'actor_not_allowed',
  'already_closed',
  'already_acknowledged',
  'not_ready_to_start',
  'not_in_progress',
  'not_waiting_for_buyer',
  'not_resolved',
  'reopen_window_passed',
  'auto_close_too_early',
] as const;
export type ComplaintTransitionRefusal = (typeof COMPLAINT_TRANSITION_REFUSALS)[number];

export const COMPLAINT_TRANSITION_REFUSAL_ZH: Record<ComplaintTransitionRefusal, string> = {
  actor_not_allowed: '没有权限执行此操作',
  already_closed: '投诉已关闭',
  already_acknowledged: '投诉已受理',
  not_ready_to_start: '投诉当前不能开始处理',
  not_in_progress: '投诉当前不在处理中',
  not_waiting_for_buyer: '当前无需补充信息',
  not_resolved: '投诉尚未解决',
  reopen_window_passed: '已超过7天，无法重新打开',
  auto_close_too_early: '未到自动关闭时间',
};

export const ROOT_CAUSE_CODES = ['batch_defect', 'cold_chain', 'courier_damage', 'not_as_described', 'other'] as const;
export type RootCauseCode = (typeof ROOT_CAUSE_CODES)[number];

export const ROOT_CAUSE_ZH: Record<RootCauseCode, string> = {
  batch_defect: '批次质量问题',
  cold_chain: '冷链失温',
  courier_damage: '快递破损',
  not_as_described: '与描述不符',
  other: '其他',
};

export const CONTACT_PREFERENCES = ['wechat', 'phone', 'none'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

export const CONTACT_PREFERENCE_ZH: Record<ContactPreference, string> = {
  wechat: '微信联系我',
  phone: '电话联系我',
  none: '无需联系',
};

/** A buyer may reopen a resolved complaint for this long; after it, the complaint closes itself. */
export const REOPEN_WINDOW_DAYS = 7;

export const COMPLAINT_DESCRIPTION_MAX = 1000;
export const COMPLAINT_PHOTOS_MAX = 6;

// ---------------------------------------------------------------------------------------------
// SLA and notification settings (staff-configurable; the functions fall back to the defaults).
// ---------------------------------------------------------------------------------------------

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A Shanghai wall-clock time, HH:mm. */
export const ClockTime = z.string().regex(HHMM, 'Use HH:mm, 00:00–23:59');
/** Like ClockTime, but 24:00 may end a day that runs to midnight. */
const ClosingTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Use HH:mm, 00:01–24:00');

/** HH:mm → minutes after midnight. */
export function minutesOfClockTime(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

export const BusinessHours = z
  .object({
    open: ClockTime,
    close: ClosingTime,
    lunchBreak: z.object({ start: ClockTime, end: ClockTime }).nullable().describe('Not counted as working time; null for none'),
  })
  .refine((h) => minutesOfClockTime(h.open) < minutesOfClockTime(h.close), { message: 'Must close after it opens', path: ['close'] })
  .refine(
    (h) =>
      !h.lunchBreak ||
      (minutesOfClockTime(h.open) < minutesOfClockTime(h.lunchBreak.start) &&
        minutesOfClockTime(h.lunchBreak.start) < minutesOfClockTime(h.lunchBreak.end) &&
        minutesOfClockTime(h.lunchBreak.end) < minutesOfClockTime(h.close)),
    { message: 'The lunch break must lie inside business hours', path: ['lunchBreak'] },
  )
  .meta({ id: 'BusinessHours' });
export type BusinessHours = z.infer<typeof BusinessHours>;

export const SlaTarget = z
  .object({
    firstResponseHours: z.number().positive().max(240).multipleOf(0.25).describe('Working hours from submission to acknowledgement'),
    resolutionHours: z
      .number()
      .positive()
      .max(2000)
      .multipleOf(0.25)
      .describe('Working hours from submission to resolution, not counting time waiting for the buyer'),
  })
  .refine((t) => t.resolutionHours >= t.firstResponseHours, {
    message: 'Resolution cannot be due before the first response',
    path: ['resolutionHours'],
  });
export type SlaTarget = z.infer<typeof SlaTarget>;

const DEFAULT_TARGET: SlaTarget = { firstResponseHours: 2, resolutionHours: 48 };

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { open: '09:00', close: '18:00', lunchBreak: null };

/** Shanghai wall-clock window in which no notification is sent; may span midnight (start > end). */
export const QuietHours = z
  .object({ start: ClockTime, end: ClockTime })
  .refine((q) => q.start !== q.end, { message: 'Start and end must differ', path: ['end'] })
  .meta({ id: 'QuietHours' });
export type QuietHours = z.infer<typeof QuietHours>;

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

/** A category buyers choose from, with its SLA targets. */
export const ComplaintCategoryDefinition = z
  .object({
    code: CategoryCode,
    name: z.string().trim().min(1).max(10).describe('What buyers and staff read, e.g. 商品质量'),
    active: z.boolean().describe('Inactive categories cannot be chosen for new complaints; old complaints and the report keep them'),
    firstResponseHours: SlaTarget.shape.firstResponseHours,
    resolutionHours: SlaTarget.shape.resolutionHours,
  })
  .refine((t) => t.resolutionHours >= t.firstResponseHours, {
    message: 'Resolution cannot be due before the first response',
    path: ['resolutionHours'],
  })
  .meta({ id: 'ComplaintCategoryDefinition' });
export type ComplaintCategoryDefinition = z.infer<typeof ComplaintCategoryDefinition>;

/** A canned answer agents start a reply from. */
export const ReplyTemplate = z
  .object({
    title: z.string().trim().min(1).max(20),
    text: z.string().trim().min(1).max(COMPLAINT_DESCRIPTION_MAX),
  })
  .meta({ id: 'ReplyTemplate' });
export type ReplyTemplate = z.infer<typeof ReplyTemplate>;

/**
 * What an agent may give on one resolution unless the settings say otherwise: larger compensation
 * needs a supervisor or admin.
 */
export const DEFAULT_AGENT_COMPENSATION_CAP_POINTS = 500;

/** The most an agent's cap may be set to: the most one resolution may give in points at all. */
export const COMPENSATION_POINTS_MAX = 1_000_000;

/** A compensation cap in points; 0 leaves every compensation to supervisors and admins. */
const CompensationCapPoints = z
  .number()
  .int()
  .min(0)
  .max(COMPENSATION_POINTS_MAX)
  .describe(
    "The most compensation an agent may give on one resolution: its points plus a coupon's points price (its price in the points mall). More needs a supervisor or admin, who are not capped",
  );

/** Working days in a year, roughly: the furthest an SLA target may reach. */
export const WORKING_DAYS_PER_YEAR = 250;

/** The desk settings' fields, shared by the settings and the request that saves them. */
const deskSettingsFields = {
  categories: z
    .array(ComplaintCategoryDefinition)
    .min(1)
    .max(20)
    .refine((list) => new Set(list.map((c) => c.code)).size === list.length, { message: 'Category codes must be unique' })
    .refine((list) => list.some((c) => c.active), { message: 'Keep at least one category active' }),
  businessHours: BusinessHours,
  quietHours: QuietHours,
  replyTemplates: z
    .array(ReplyTemplate)
    .max(30)
    .refine((list) => new Set(list.map((t) => t.title)).size === list.length, { message: 'Template titles must be unique' }),
  agentCompensationCapPoints: CompensationCapPoints,
};

/**
 * A deadline must fall within a year of working days (250) of the business hours: the SLA
 * arithmetic looks that far ahead, and a target beyond it is surely a typo.
 */
function refuseTargetsBeyondAYear(
  settings: { businessHours: BusinessHours; categories: Array<{ resolutionHours: number }> },
  context: z.RefinementCtx,
) {
  const { open, close, lunchBreak } = settings.businessHours;
  const lunch = lunchBreak ? minutesOfClockTime(lunchBreak.end) - minutesOfClockTime(lunchBreak.start) : 0;
  const hoursPerDay = (minutesOfClockTime(close) - minutesOfClockTime(open) - lunch) / 60;
  settings.categories.forEach((category, index) => {
    if (hoursPerDay > 0 && category.resolutionHours > hoursPerDay * WORKING_DAYS_PER_YEAR) {
      context.addIssue({
        code: 'custom',
        path: ['categories', index, 'resolutionHours'],
        message: `At most ${hoursPerDay * WORKING_DAYS_PER_YEAR} working hours (a year of these business hours)`,
      });
    }
  });
}

/** How the service desk works: categories and their SLA targets, business and quiet hours, reply templates, the agents' compensation cap. */
export const ComplaintDeskSettings = z
  .object(deskSettingsFields)
  .superRefine(refuseTargetsBeyondAYear)
  .meta({ id: 'ComplaintDeskSettings' });
export type ComplaintDeskSettings = z.infer<typeof ComplaintDeskSettings>;

export const DEFAULT_DESK_SETTINGS: ComplaintDeskSettings = {
  categories: COMPLAINT_CATEGORIES.map((code) => ({ code, name: COMPLAINT_CATEGORY_ZH[code], active: true, ...DEFAULT_TARGET })),
  businessHours: DEFAULT_BUSINESS_HOURS,
  quietHours: DEFAULT_QUIET_HOURS,
  replyTemplates: [
    { title: '致歉并跟进', text: '非常抱歉给您带来不便，我们已收到您的反馈，正在核实处理，会尽快给您答复。' },
    { title: '请补充照片', text: '为了尽快帮您处理，麻烦您补充一下商品和外包装的照片，谢谢！' },
    { title: '已安排补发', text: '已为您安排补发，预计1-3天内发出，发货后会同步物流信息。' },
  ],
  agentCompensationCapPoints: DEFAULT_AGENT_COMPENSATION_CAP_POINTS,
};

export const ComplaintDeskSettingsView = ComplaintDeskSettings.extend({
  version: z.number().int().nonnegative().describe('0 until first saved (the defaults)'),
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: z.string().nullable(),
  holidayCalendarThrough: z
    .number()
    .int()
    .describe(
      'The last year whose public holidays and make-up days the SLA calendar knows; later years count Monday–Friday until the calendar package is upgraded',
    ),
}).meta({ id: 'ComplaintDeskSettingsView' });
export type ComplaintDeskSettingsView = z.infer<typeof ComplaintDeskSettingsView>;

export const UpdateComplaintDeskSettingsRequest = z
  .object({
    ...deskSettingsFields,
    // Optional so that a mini-program from before the cap, saving its form, leaves the cap as it was.
    agentCompensationCapPoints: CompensationCapPoints.optional().describe('Absent: unchanged'),
    expectedVersion: z.number().int().nonnegative().describe('The version read; a stale one is refused with CONFLICT'),
  })
  .superRefine(refuseTargetsBeyondAYear)
  .meta({ id: 'UpdateComplaintDeskSettingsRequest' });
export type UpdateComplaintDeskSettingsRequest = z.infer<typeof UpdateComplaintDeskSettingsRequest>;

/** What a buyer needs to file: the categories open for new complaints and the limits. */
export const ComplaintOptions = z
  .object({
    categories: z.array(z.object({ code: CategoryCode, name: z.string() })),
    descriptionMax: z.number().int(),
    photosMax: z.number().int(),
  })
  .meta({ id: 'ComplaintOptions' });
export type ComplaintOptions = z.infer<typeof ComplaintOptions>;

/** A category's name from the settings; a code the settings have never known reads as itself. */
export function categoryName(settings: Pick<ComplaintDeskSettings, 'categories'>, code: string): string {
  return (
    settings.categories.find((c) => c.code === code)?.name ?? COMPLAINT_CATEGORY_ZH[code as keyof typeof COMPLAINT_CATEGORY_ZH] ?? code
  );
}

export const SLA_CLOCK_STATES = ['running', 'paused', 'stopped'] as const;

/** One SLA clock (first response or resolution) as of a given instant; durations in working milliseconds. */
export const SlaMeter = z
  .object({
    state: z.enum(SLA_CLOCK_STATES).describe('paused while waiting for the buyer; stopped once met (acknowledged / resolved)'),
    targetMs: z.number().int().positive(),
    elapsedMs: z.number().int().nonnegative(),
    remainingMs: z.number().int().nonnegative().describe('0 once the target is used up'),
    dueAt: z.iso.datetime().nullable().describe('When it falls (or fell) due; null while paused or stopped before the target'),
    breached: z.boolean(),
  })
  .meta({ id: 'SlaMeter' });
export type SlaMeter = z.infer<typeof SlaMeter>;

export const ComplaintSla = z.object({ firstResponse: SlaMeter, resolution: SlaMeter }).meta({ id: 'ComplaintSla' });
export type ComplaintSla = z.infer<typeof ComplaintSla>;

// ---------------------------------------------------------------------------------------------
// Requests and views.
// ---------------------------------------------------------------------------------------------

/** An uploaded photo's storage key, as returned by the upload endpoint. */
export const PhotoKey = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9/_.-]+$/, 'Letters, digits, /, _, . and - only');

const PhotoKeys = z.array(PhotoKey).max(COMPLAINT_PHOTOS_MAX).default([]);

export const FileComplaintRequest = z
  .object({
    requestId: z.uuid().describe('Client-generated; a retried submission files one complaint'),
    category: CategoryCode.describe('One of the active categories (GET /v1/complaint-options)'),
    orderId: z.string().min(1).max(64).optional(),
    description: z.string().trim().min(1).max(COMPLAINT_DESCRIPTION_MAX),
    photoKeys: PhotoKeys,
    contactPreference: z.enum(CONTACT_PREFERENCES),
  })
  .meta({ id: 'FileComplaintRequest' });
export type FileComplaintRequest = z.infer<typeof FileComplaintRequest>;

/** A reply from the buyer, or from an agent (who may ask the buyer for more at the same time). */
export const ReplyRequest = z
  .object({
    requestId: z.uuid().describe('Client-generated; a retried reply is posted once'),
    text: z.string().trim().min(1).max(COMPLAINT_DESCRIPTION_MAX),
    photoKeys: PhotoKeys,
  })
  .meta({ id: 'ReplyRequest' });
export type ReplyRequest = z.infer<typeof ReplyRequest>;

export const StaffReplyRequest = ReplyRequest.extend({
  askBuyer: z.boolean().default(false).describe('Wait for the buyer (待您补充): pauses the resolution clock until they reply'),
}).meta({ id: 'StaffReplyRequest' });
export type StaffReplyRequest = z.infer<typeof StaffReplyRequest>;

export const RootCause = z
  .object({
    category: CategoryCode.describe('May differ from what the buyer chose'),
    sku: z.string().min(1).max(64).optional(),
    causeCode: z.enum(ROOT_CAUSE_CODES),
  })
  .meta({ id: 'RootCause' });
export type RootCause = z.infer<typeof RootCause>;

export const Compensation = z
  .object({
    points: z.number().int().positive().max(COMPENSATION_POINTS_MAX).optional(),
    rewardId: z.string().min(1).max(64).optional().describe('A coupon reward of the points mall, issued free (takes one from its stock)'),
  })
  .refine((c) => c.points !== undefined || c.rewardId !== undefined, { message: 'Give points, a coupon or both', path: ['points'] })
  .meta({ id: 'Compensation' });
export type Compensation = z.infer<typeof Compensation>;

/** What the buyer was given on resolution. */
export const CompensationGiven = z
  .object({
    points: z.number().int().positive().optional(),
    rewardId: z.string().optional(),
    couponName: z.string().optional(),
    couponCode: z.string().optional().describe("The coupon issued; it is in the buyer's 我的券"),
  })
  .meta({ id: 'CompensationGiven' });
export type CompensationGiven = z.infer<typeof CompensationGiven>;

export const AssignRequest = z
  .object({ assigneeId: z.string().min(1).max(64).describe('The member id of an active staff member') })
  .meta({ id: 'AssignRequest' });
export type AssignRequest = z.infer<typeof AssignRequest>;

/** Someone who can own complaints: an active staff member. */
export const DeskAgent = z
  .object({ memberId: z.string(), name: z.string(), role: z.enum(['admin', 'supervisor', 'agent']) })
  .meta({ id: 'DeskAgent' });
export type DeskAgent = z.infer<typeof DeskAgent>;

export const DeskAgentList = z.object({ items: z.array(DeskAgent) }).meta({ id: 'DeskAgentList' });

/** A coupon reward the desk can give as compensation (active, in stock). */
export const CompensationCouponList = z
  .object({
    items: z.array(
      z.object({
        rewardId: z.string(),
        name: z.string(),
        stock: z.number().int(),
        pointsPrice: z.number().int().describe("Its price in the points mall: what it counts for against an agent's compensation cap"),
      }),
    ),
  })
  .meta({ id: 'CompensationCouponList' });

export const ResolveRequest = z
  .object({
    requestId: z.uuid().describe('Client-generated; keys the compensation so a retry credits it once'),
    summary: z.string().trim().min(1).max(COMPLAINT_DESCRIPTION_MAX).describe('Shown to the buyer'),
    rootCause: RootCause,
    compensation: Compensation.optional(),
  })
  .meta({ id: 'ResolveRequest' });
export type ResolveRequest = z.infer<typeof ResolveRequest>;

export const ReopenRequest = z.object({ reason: z.string().trim().min(1).max(500) }).meta({ id: 'ReopenRequest' });
export type ReopenRequest = z.infer<typeof ReopenRequest>;

export const RatingRequest = z
  .object({
    rating: z.number().int().min(1).max(5),
    comment: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'RatingRequest' });
export type RatingRequest = z.infer<typeof RatingRequest>;

export const ComplaintPhoto = z.object({
  key: PhotoKey,
  url: z.url().describe('Short-lived signed link for display'),
});

const TimelineBase = { entryId: z.string(), at: z.iso.datetime() };

export const ComplaintTimelineEntry = z
  .discriminatedUnion('type', [
    z.object({ ...TimelineBase, type: z.literal('status'), status: z.enum(COMPLAINT_STATUSES), by: z.enum(COMPLAINT_ACTORS) }),
    z.object({
      ...TimelineBase,
      type: z.literal('reply'),
      by: z.enum(['buyer', 'agent']),
      authorName: z.string().nullable().describe("The agent's display name (e.g. 客服小林); null for the buyer"),
      text: z.string(),
      photos: z.array(ComplaintPhoto),
    }),
    z.object({ ...TimelineBase, type: z.literal('resolution'), summary: z.string(), compensation: CompensationGiven.nullable() }),
    z.object({ ...TimelineBase, type: z.literal('rating'), rating: z.number().int().min(1).max(5), comment: z.string().nullable() }),
  ])
  .meta({ id: 'ComplaintTimelineEntry' });
export type ComplaintTimelineEntry = z.infer<typeof ComplaintTimelineEntry>;

/** A complaint as its buyer sees it. */
export const ComplaintView = z
  .object({
    complaintId: z.string(),
    category: CategoryCode,
    categoryName: z.string(),
    status: z.enum(COMPLAINT_STATUSES),
    orderId: z.string().nullable(),
    description: z.string(),
    photos: z.array(ComplaintPhoto),
    contactPreference: z.enum(CONTACT_PREFERENCES),
    submittedAt: z.iso.datetime(),
    resolvedAt: z.iso.datetime().nullable(),
    reopenableUntil: z.iso.datetime().nullable().describe('While resolved: the buyer may reopen until then, after which it closes'),
    rating: z.number().int().min(1).max(5).nullable(),
    actions: z.array(z.enum(COMPLAINT_EVENTS)).describe('What the viewer may do now, e.g. confirm or reopen'),
    timeline: z.array(ComplaintTimelineEntry).describe('Oldest first'),
  })
  .meta({ id: 'Complaint' });
export type ComplaintView = z.infer<typeof ComplaintView>;

/** What only the desk sees: internal notes and who handed the complaint to whom. */
export const DeskEntry = z
  .discriminatedUnion('type', [
    z.object({ ...TimelineBase, type: z.literal('note'), authorName: z.string().nullable(), text: z.string() }),
    z.object({
      ...TimelineBase,
      type: z.literal('assignment'),
      authorName: z.string().nullable(),
      assigneeId: z.string(),
      assigneeName: z.string().nullable(),
    }),
  ])
  .meta({ id: 'DeskEntry' });
export type DeskEntry = z.infer<typeof DeskEntry>;

/** A complaint as an agent sees it: the buyer (masked), the owner, the SLA clocks and the root cause. */
/** The order a complaint is about, as the desk shows it (and picks the product at fault from). */
export const ComplaintOrder = z
  .object({
    paidAt: z.iso.datetime({ offset: true }),
    paidFen: z.number().int().nonnegative(),
    items: z.array(z.object({ sku: z.string(), name: z.string(), qty: z.number().int() })),
  })
  .meta({ id: 'ComplaintOrder' });
export type ComplaintOrder = z.infer<typeof ComplaintOrder>;

/** What the staff member viewing a complaint may do on it, as the server will decide it. */
export const DeskAuthority = z
  .object({
    mayAct: z
      .boolean()
      .describe(
        'Whether they may claim, assign, reply, note and resolve: supervisors and admins always, an agent on their own complaint or an unclaimed one',
      ),
    compensationCapPoints: z
      .number()
      .int()
      .nullable()
      .describe("The most compensation they may give on one resolution (points plus a coupon's points price); null: not capped"),
  })
  .meta({ id: 'DeskAuthority' });
export type DeskAuthority = z.infer<typeof DeskAuthority>;

export const StaffComplaintView = ComplaintView.extend({
  order: ComplaintOrder.nullable().describe('The order named by the buyer, when the shop sent it'),
  rootCauseProductName: z.string().nullable().describe("The name of the root cause's product (never show the SKU)"),
  memberId: z.string(),
  memberNickname: z.string().nullable(),
  memberPhoneMasked: z.string().nullable(),
  ownerId: z.string().nullable().describe('The agent working it'),
  ownerName: z.string().nullable(),
  sla: ComplaintSla,
  rootCause: RootCause.nullable(),
  internal: z.array(DeskEntry).describe("Notes and assignments, oldest first: the desk's only, never the buyer's"),
  authority: DeskAuthority,
}).meta({ id: 'StaffComplaint' });
export type StaffComplaintView = z.infer<typeof StaffComplaintView>;

/** One line in a list: enough to pick the complaint, without its timeline. */
export const ComplaintSummary = ComplaintView.omit({ timeline: true, photos: true, actions: true }).meta({ id: 'ComplaintSummary' });
export type ComplaintSummary = z.infer<typeof ComplaintSummary>;

export const ComplaintListQuery = z.object({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(512).optional(),
});

export const ComplaintPage = z
  .object({ items: z.array(ComplaintSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'ComplaintPage' });
export type ComplaintPage = z.infer<typeof ComplaintPage>;

export const StaffComplaintQueueQuery = ComplaintListQuery.extend({
  category: CategoryCode.optional(),
  mine: z.stringbool().optional().describe('Only complaints I own'),
  assignee: z
    .union([z.literal('none'), z.string().min(1).max(64)])
    .optional()
    .describe('A staff member id, or none for unclaimed complaints'),
  breached: z.stringbool().optional().describe('Only complaints with a breached clock (true) or none breached (false)'),
});

export const StaffComplaintSummary = ComplaintSummary.extend({
  memberNickname: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  sla: ComplaintSla,
}).meta({ id: 'StaffComplaintSummary' });

export const StaffComplaintPage = z
  .object({ items: z.array(StaffComplaintSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'StaffComplaintPage' });
export type StaffComplaintPage = z.infer<typeof StaffComplaintPage>;

// ---------------------------------------------------------------------------------------------
// The supervisors' report.
// ---------------------------------------------------------------------------------------------

export const ComplaintReportQuery = z
  .object({
    from: z.iso.date().describe('First Asia/Shanghai day, YYYY-MM-DD'),
    to: z.iso.date().describe('Last Asia/Shanghai day, inclusive'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 24 * 3600_000, { message: 'At most a year at a time', path: ['to'] });
export type ComplaintReportQuery = z.infer<typeof ComplaintReportQuery>;

/** One bar of a Pareto chart: a cause, how many complaints, and the running share of all of them. */
export const ParetoBar = z.object({ key: z.string(), label: z.string(), count: z.number().int(), cumulativeShare: z.number() });
export type ParetoBar = z.infer<typeof ParetoBar>;

export const ComplaintFigures = z.object({
  complaints: z.number().int(),
  medianFirstResponseWorkingMinutes: z.number().nullable(),
  medianResolutionWorkingMinutes: z.number().nullable(),
  slaAttainment: z.number().nullable().describe('Share of complaints whose clocks never breached (0–1)'),
  reopenRate: z.number().nullable().describe('Share of resolved complaints that were reopened (0–1)'),
  averageRating: z.number().nullable(),
});
export type ComplaintFigures = z.infer<typeof ComplaintFigures>;

export const ComplaintReport = z
  .object({
    from: z.string(),
    to: z.string(),
    overall: ComplaintFigures,
    byCategory: z.array(ParetoBar),
    byProduct: z.array(ParetoBar).describe('By the SKU recorded at resolution'),
    byRootCause: z.array(ParetoBar),
    byAgent: z.array(ComplaintFigures.extend({ agentId: z.string(), agentName: z.string().nullable() })),
  })
  .meta({ id: 'ComplaintReport' });
export type ComplaintReport = z.infer<typeof ComplaintReport>;
