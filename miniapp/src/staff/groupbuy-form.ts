import {
  DEFAULT_RESERVATION_MINUTES,
  GroupBuyCampaignInput,
  MAX_CAMPAIGN_PICTURES,
  MAX_CAMPAIGN_STOCK,
  MAX_GROUP_HOURS,
  MAX_GROUP_SIZE,
  type GroupBuyAudience,
  type LeaderReward,
} from '@linli/shared/groupbuy';
import { addDays, instantOfShanghaiDateTime, shanghaiClock } from '@linli/shared/time';
import { formatYuanShort, parseYuanToFen } from '@/format/money';
import {
  couponTermsToForm,
  emptyCouponTermsForm,
  formToCouponTerms,
  type CouponTermsField,
  type CouponTermsForm,
} from './coupon-terms-form';
import { errorsByPlace, wholeNumber } from './form-errors';

/** Re-exported: the pages clear a field's problem with it. */
export { withoutError } from './form-errors';

/*
 * The 拼团活动 editor as a form: every value as the operator types it (prices in 元, times as Shanghai
 * days and clock times), checked by the schema the server applies (GroupBuyCampaignInput) and by its
 * refinements in the operator's words. Problems are keyed by the campaign's own paths
 * (`product.groupPriceFen`, `whoMayJoin.segmentIds`), so the server's issues land where the form's do.
 */

export type AudienceKind = GroupBuyAudience['kind'];

/** Who may open or join, as the form holds it: both lists are kept, so switching kinds loses no choice. */
export interface AudienceForm {
  kind: AudienceKind;
  segmentIds: string[];
  tierCodes: string[];
}

export interface GroupBuyFormValues {
  name: string;
  sku: string;
  productName: string;
  category: string;
  description: string;
  /** The saved pictures still kept, in order; new uploads go after them. */
  pictureKeys: string[];
  /** Yuan, e.g. "39.9". */
  originalPrice: string;
  groupPrice: string;
  groupSize: string;
  /** Empty: the group size (成团人数). */
  minGroupSize: string;
  groupHours: string;
  reservationMinutes: string;
  stock: string;
  perBuyerLimit: string;
  /** YYYY-MM-DD and HH:mm, Shanghai. */
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  whoMayOpen: AudienceForm;
  whoMayJoin: AudienceForm;
  leaderReward: LeaderReward['kind'];
  leaderPoints: string;
  leaderCoupon: CouponTermsForm;
}

/** Problems by the campaign's path (`product.name`, `leaderReward.coupon.validDays`), or `form` for the whole of it. */
export type GroupBuyErrors = Record<string, string>;

export const AUDIENCE_KIND_NAMES: Record<AudienceKind, string> = {
  all: '全部会员',
  'new-customers': '仅新客（新人团）',
  segments: '指定分群',
  tiers: '指定等级',
};

export const LEADER_REWARD_NAMES: Record<LeaderReward['kind'], string> = { none: '无', points: '积分', coupon: '优惠券' };

// ---- New and saved campaigns ------------------------------------------------------------------

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The Shanghai day and clock time of an instant, as the form's pickers hold them. */
function shanghaiPickerValues(at: Date): { date: string; time: string } {
  const clock = shanghaiClock(at);
  return { date: clock.date, time: `${pad2(clock.hour)}:${pad2(clock.minute)}` };
}

const everyone = (): AudienceForm => ({ kind: 'all', segmentIds: [], tierCodes: [] });

/**
 * A new campaign: 3 人团 open 24 hours, 15 minutes to pay, one unit a buyer, for everyone; from the next
 * whole hour for 7 days.
 */
export function newGroupBuyForm(now: Date): GroupBuyFormValues {
  const nextHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
  const start = shanghaiPickerValues(nextHour);
  return {
    name: '',
    sku: '',
    productName: '',
    category: '',
    description: '',
    pictureKeys: [],
    originalPrice: '',
    groupPrice: '',
    groupSize: '3',
    minGroupSize: '',
    groupHours: '24',
    reservationMinutes: String(DEFAULT_RESERVATION_MINUTES),
    stock: '',
    perBuyerLimit: '1',
    startDate: start.date,
    startTime: start.time,
    endDate: addDays(start.date, 7),
    endTime: start.time,
    whoMayOpen: everyone(),
    whoMayJoin: everyone(),
    leaderReward: 'none',
    leaderPoints: '',
    leaderCoupon: emptyCouponTermsForm(),
  };
}

function audienceToForm(audience: GroupBuyAudience): AudienceForm {
  return {
    kind: audience.kind,
    segmentIds: audience.kind === 'segments' ? [...audience.segmentIds] : [],
    tierCodes: audience.kind === 'tiers' ? [...audience.tierCodes] : [],
  };
}

/** The form for a saved campaign's terms (the draft, or the version in force). */
export function campaignToForm(campaign: GroupBuyCampaignInput): GroupBuyFormValues {
  const start = shanghaiPickerValues(new Date(campaign.startsAt));
  const end = shanghaiPickerValues(new Date(campaign.endsAt));
  const reward = campaign.leaderReward;
  return {
    name: campaign.name,
    sku: campaign.product.sku,
    productName: campaign.product.name,
    category: campaign.product.category,
    description: campaign.product.description,
    pictureKeys: [...campaign.product.pictureKeys],
    originalPrice: formatYuanShort(campaign.product.originalPriceFen),
    groupPrice: formatYuanShort(campaign.product.groupPriceFen),
    groupSize: String(campaign.groupSize),
    minGroupSize: campaign.minGroupSize === null ? '' : String(campaign.minGroupSize),
    groupHours: String(campaign.groupHours),
    reservationMinutes: String(campaign.reservationMinutes),
    stock: String(campaign.stock),
    perBuyerLimit: String(campaign.perBuyerLimit),
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    whoMayOpen: audienceToForm(campaign.whoMayOpen),
    whoMayJoin: audienceToForm(campaign.whoMayJoin),
    leaderReward: reward.kind,
    leaderPoints: reward.kind === 'points' ? String(reward.points) : '',
    leaderCoupon: couponTermsToForm(reward.kind === 'coupon' ? reward.coupon : null),
  };
}

/** The audience with `id` ticked or unticked in its list of `kind` (segments or tiers). */
export function toggleAudienceChoice(audience: AudienceForm, list: 'segmentIds' | 'tierCodes', id: string): AudienceForm {
  const chosen = audience[list];
  return { ...audience, [list]: chosen.includes(id) ? chosen.filter((value) => value !== id) : [...chosen, id] };
}

// ---- Problems in Chinese ----------------------------------------------------------------------

/** What each field takes (the schema's ranges), by its path. */
const FIELD_TEXT: Record<string, string> = {
  name: '活动名称填 1 到 30 个字',
  'product.sku': '商品编码填 1 到 64 个字符',
  'product.name': '商品名称填 1 到 60 个字',
  'product.category': '商品品类填 1 到 64 个字',
  'product.description': '商品介绍最多 500 个字',
  'product.pictureKeys': `商品图片最多 ${MAX_CAMPAIGN_PICTURES} 张`,
  'product.originalPriceFen': '原价填大于 0 的金额，如 39.9',
  'product.groupPriceFen': '拼团价填大于 0 的金额，且须低于原价',
  groupSize: `成团人数填 2 到 ${MAX_GROUP_SIZE} 的整数`,
  minGroupSize: '最少成团人数填 2 到成团人数之间的整数，留空则等于成团人数',
  groupHours: `成团时限填 1 到 ${MAX_GROUP_HOURS} 小时`,
  reservationMinutes: '支付时限填 5 到 120 分钟',
  stock: `库存填 1 到 ${MAX_CAMPAIGN_STOCK} 的整数`,
  perBuyerLimit: '每人限购填 1 到 100 的整数',
  startsAt: '请选择开始时间',
  endsAt: '结束时间须晚于开始时间',
  whoMayOpen: '请选择谁可以开团',
  'whoMayOpen.segmentIds': '请选择 1 到 10 个分群',
  'whoMayOpen.tierCodes': '请选择 1 到 10 个等级',
  whoMayJoin: '请选择谁可以参团',
  'whoMayJoin.segmentIds': '请选择 1 到 10 个分群',
  'whoMayJoin.tierCodes': '请选择 1 到 10 个等级',
  leaderReward: '请选择团长奖励',
  'leaderReward.points': '奖励积分填 1 到 100000 的整数',
  'leaderReward.coupon': '优惠券条件有误，请检查',
  'leaderReward.coupon.amountOffFen': '请填写减免金额，如 10',
  'leaderReward.coupon.discountPercent': '折扣填 1 到 99，如 85 表示八五折',
  'leaderReward.coupon.minSpendFen': '门槛金额格式不对，如 100 或 99.9',
  'leaderReward.coupon.validDays': '有效天数 1 到 366',
};

/** A coupon field's problem as the campaign's path names it (the form's 元 field, the schema's fen). */
const COUPON_PATHS: Record<CouponTermsField, string> = {
  amountOff: 'leaderReward.coupon.amountOffFen',
  discountPercent: 'leaderReward.coupon.discountPercent',
  minSpend: 'leaderReward.coupon.minSpendFen',
  validDays: 'leaderReward.coupon.validDays',
};

/**
 * Where a problem at a campaign path shows and what it says: the nearest field with a text, or
 * `form`. The server's PUT body wraps the campaign (`campaign.product.name`); that `campaign.` is dropped.
 */
function placeIssue(path: readonly (string | number)[]): [string, string] {
  let parts = path.map(String);
  if (parts[0] === 'campaign') parts = parts.slice(1);
  // A list's problem is the list's, whichever item (`whoMayJoin.segmentIds.3`).
  if (/^\d+$/.test(parts.at(-1) ?? '')) parts = parts.slice(0, -1);
  for (let length = parts.length; length > 0; length--) {
    const place = parts.slice(0, length).join('.');
    const text = FIELD_TEXT[place];
    if (text) return [place, text];
  }
  return ['form', '活动设置有误，请检查后重试'];
}

/** The server's VALIDATION_FAILED issues by where they show; the first per place wins. */
export function issuesToErrors(issues: ReadonlyArray<{ path: string; message: string }>): GroupBuyErrors {
  return errorsByPlace(issues, placeIssue);
}

// ---- Form → request body ----------------------------------------------------------------------

function audienceOf(form: AudienceForm): GroupBuyAudience {
  switch (form.kind) {
    case 'segments':
      return { kind: 'segments', segmentIds: [...form.segmentIds] };
    case 'tiers':
      return { kind: 'tiers', tierCodes: [...form.tierCodes] };
    default:
      return { kind: form.kind };
  }
}

/**
 * Checks the form and builds the campaign to send, or the problems by place: numbers and prices that
 * cannot be read, the schema's ranges and its refinements (group price below the original, minimum
 * within the group size, the end after the start), each said in Chinese. Prices go as integer fen,
 * times as instants of the Shanghai wall-clock times picked.
 */
export function formToCampaign(
  values: GroupBuyFormValues,
  pictureKeys: readonly string[] = values.pictureKeys,
): { ok: true; campaign: GroupBuyCampaignInput } | { ok: false; errors: GroupBuyErrors } {
  const errors: GroupBuyErrors = {};
  const file = (path: string, text = placeIssue(path.split('.'))[1]) => {
    errors[path] ??= text;
  };
  // Unreadable, a value still goes to the schema (as NaN) so that the other fields are checked too.
  const whole = (path: string, text: string): number => {
    const value = wholeNumber(text);
    if (value !== null) return value;
    file(path);
    return Number.NaN;
  };
  const fen = (path: string, text: string): number => {
    const value = parseYuanToFen(text);
    if (value !== null && value > 0) return value;
    file(path);
    return Number.NaN;
  };
  const instant = (path: string, date: string, time: string): string => {
    const at = instantOfShanghaiDateTime(`${date} ${time}`);
    if (at) return at.toISOString();
    file(path, path === 'startsAt' ? '请选择开始时间' : '请选择结束时间');
    return '';
  };

  const originalPriceFen = fen('product.originalPriceFen', values.originalPrice);
  const groupPriceFen = fen('product.groupPriceFen', values.groupPrice);
  if (groupPriceFen >= originalPriceFen) file('product.groupPriceFen', '拼团价须低于原价');
  const groupSize = whole('groupSize', values.groupSize);
  const minGroupSize = values.minGroupSize.trim() === '' ? null : whole('minGroupSize', values.minGroupSize);
  if (minGroupSize !== null && minGroupSize > groupSize) file('minGroupSize', '最少成团人数不能超过成团人数');
  const startsAt = instant('startsAt', values.startDate, values.startTime);
  const endsAt = instant('endsAt', values.endDate, values.endTime);
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) file('endsAt', '结束时间须晚于开始时间');

  let leaderReward: LeaderReward = { kind: 'none' };
  if (values.leaderReward === 'points') leaderReward = { kind: 'points', points: whole('leaderReward.points', values.leaderPoints) };
  if (values.leaderReward === 'coupon') {
    const terms = formToCouponTerms(values.leaderCoupon);
    if (terms.ok) leaderReward = { kind: 'coupon', coupon: terms.terms };
    else for (const [field, text] of Object.entries(terms.errors)) file(COUPON_PATHS[field as CouponTermsField], text);
  }

  const candidate = {
    name: values.name.trim(),
    product: {
      sku: values.sku.trim(),
      name: values.productName.trim(),
      category: values.category.trim(),
      description: values.description,
      pictureKeys: [...pictureKeys],
      originalPriceFen,
      groupPriceFen,
    },
    groupSize,
    minGroupSize,
    groupHours: whole('groupHours', values.groupHours),
    reservationMinutes: whole('reservationMinutes', values.reservationMinutes),
    stock: whole('stock', values.stock),
    perBuyerLimit: whole('perBuyerLimit', values.perBuyerLimit),
    startsAt,
    endsAt,
    whoMayOpen: audienceOf(values.whoMayOpen),
    whoMayJoin: audienceOf(values.whoMayJoin),
    leaderReward,
  };
  const parsed = GroupBuyCampaignInput.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, campaign: parsed.data };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key, text] = placeIssue(issue.path as (string | number)[]);
      errors[key] ??= text;
    }
  }
  return { ok: false, errors };
}
