import {
  CareRuleInput,
  MAX_CARE_GIFT_POINTS,
  MAX_REPLENISH_DAYS_BEFORE,
  type AnniversaryKind,
  type CareGift,
  type CareMessage,
  type CareRule,
  type CareTrigger,
  type CareTriggerKind,
} from '@linli/shared/care-rules';
import type { LifecycleStage } from '@linli/shared/insight';
import {
  CARE_VARIABLE_EXAMPLES,
  CARE_VARIABLE_IDS,
  CARE_VARIABLES,
  mappingProblems,
  previewFields,
  type CareValues,
  type FieldPreview,
} from '@linli/shared/subscribe-fields';
import { wholeNumber } from './form-errors';

/** Re-exported: the pages clear a field's problem with it. */
export { withoutError } from './form-errors';

/*
 * The 关怀计划 editor as a form: every value as the operator types it, checked by the schema the
 * server applies (CareRuleInput) and by the message field rules (mappingProblems), the problems
 * filed by where they show in Chinese. Problems are keyed by the rule's own paths
 * (`trigger.daysBefore`, `variant.message.fields.2.text`), so the server's issues land in the same
 * places as the form's.
 */

/** One template keyword and its text, as the form holds it. */
export interface FieldRow {
  /** Stable across edits, for React lists (not sent). */
  rowKey: string;
  /** The template keyword, e.g. thing1. */
  key: string;
  text: string;
}

export interface MessageForm {
  templateId: string;
  title: string;
  page: string;
  fields: FieldRow[];
}

export type GiftChoice = 'none' | 'points' | 'coupon';

export interface GiftForm {
  kind: GiftChoice;
  points: string;
  rewardId: string;
}

export type AudienceChoice = 'everyone' | 'segment';

export interface CareRuleFormValues {
  name: string;
  triggerKind: CareTriggerKind;
  /** Shared by birthday, holiday, anniversary, seasonal tips and replenishment: switching kinds keeps it. */
  daysBefore: string;
  /** Post-purchase: days after the day an order was paid. */
  daysAfter: string;
  holiday: string;
  /** 时令推荐: the seasonal tip's id. */
  tipId: string;
  anniversaryOf: AnniversaryKind;
  stages: LifecycleStage[];
  /** Replenishment: the categories reminded of (none chosen: every category). */
  categories: string[];
  /** 指定日期发送: the Shanghai day (YYYY-MM-DD) it goes once. */
  onceDay: string;
  /** The survey the message invites to ('' none): the message then opens the survey. */
  surveyId: string;
  /** The 拼团 campaign the message invites to ('' none): the message then opens the campaign. Not with a survey. */
  groupBuyId: string;
  audience: AudienceChoice;
  segmentId: string;
  message: MessageForm;
  gift: GiftForm;
  /** Whether arm B is on; its message and gift are kept while it is switched off and on. */
  abTest: boolean;
  variantMessage: MessageForm;
  variantGift: GiftForm;
  holdoutPercent: string;
  sendTime: string;
  staleAfterHours: string;
  priority: string;
  enabled: boolean;
  /** The version the form was loaded from (null: a new rule), sent back so a stale save is refused. */
  version: number | null;
}

/** Problems by the rule's path (`name`, `message.fields.0.text`), or `form` for the form as a whole. */
export type CareRuleErrors = Record<string, string>;

let rowSeq = 0;
function newRowKey(): string {
  rowSeq += 1;
  return `field-${rowSeq}`;
}

export function newFieldRow(key = '', text = ''): FieldRow {
  return { rowKey: newRowKey(), key, text };
}

function newMessage(): MessageForm {
  return {
    templateId: '',
    title: '',
    page: 'pages/index/index',
    fields: [newFieldRow('thing1', '{昵称}，生日快乐'), newFieldRow('date2', '{日期}')],
  };
}

const NO_GIFT: GiftForm = { kind: 'none', points: '', rewardId: '' };

/** A new rule: a birthday greeting on the day to everyone, switched off until the operator turns it on. */
export function newRuleForm(): CareRuleFormValues {
  return {
    name: '',
    triggerKind: 'birthday',
    daysBefore: '0',
    daysAfter: '3',
    holiday: '',
    tipId: '',
    anniversaryOf: 'membership',
    stages: ['at_risk'],
    categories: [],
    onceDay: '',
    surveyId: '',
    groupBuyId: '',
    audience: 'everyone',
    segmentId: '',
    message: newMessage(),
    gift: { ...NO_GIFT },
    abTest: false,
    variantMessage: newMessage(),
    variantGift: { ...NO_GIFT },
    holdoutPercent: '0',
    sendTime: '10:00',
    staleAfterHours: '24',
    priority: '5',
    enabled: false,
    version: null,
  };
}

function messageToForm(message: CareMessage): MessageForm {
  return {
    templateId: message.templateId,
    title: message.title,
    page: message.page,
    fields: message.fields.map((field) => newFieldRow(field.key, field.text)),
  };
}

function giftToForm(gift: CareGift | null): GiftForm {
  if (!gift) return { ...NO_GIFT };
  return gift.kind === 'points'
    ? { kind: 'points', points: String(gift.points), rewardId: '' }
    : { kind: 'coupon', points: '', rewardId: gift.rewardId };
}

/** The form for a saved rule. */
/** A new rule inviting to a 拼团 campaign (the campaign page's 邀请客户参团): sent once, on a day still to pick. */
export function newGroupBuyInvitationForm(campaign: { campaignId: string; name: string } | undefined): CareRuleFormValues {
  const blank = newRuleForm();
  if (!campaign) return blank;
  return { ...blank, name: `${campaign.name}邀请`.slice(0, 30), triggerKind: 'once', groupBuyId: campaign.campaignId };
}

export function ruleToForm(rule: CareRule): CareRuleFormValues {
  const blank = newRuleForm();
  const trigger = rule.trigger;
  return {
    ...blank,
    name: rule.name,
    triggerKind: trigger.kind,
    daysBefore: 'daysBefore' in trigger ? String(trigger.daysBefore) : blank.daysBefore,
    daysAfter: trigger.kind === 'post-purchase' ? String(trigger.daysAfter) : blank.daysAfter,
    holiday: trigger.kind === 'holiday' ? trigger.holiday : '',
    tipId: trigger.kind === 'seasonal' ? trigger.tipId : '',
    anniversaryOf: trigger.kind === 'anniversary' ? trigger.of : blank.anniversaryOf,
    stages: trigger.kind === 'lifecycle' ? [...trigger.stages] : blank.stages,
    categories: trigger.kind === 'replenishment' ? [...(trigger.categories ?? [])] : blank.categories,
    onceDay: trigger.kind === 'once' ? trigger.day : blank.onceDay,
    surveyId: rule.survey ?? '',
    groupBuyId: rule.groupBuy ?? '',
    audience: rule.audience.kind,
    segmentId: rule.audience.kind === 'segment' ? rule.audience.segmentId : '',
    message: messageToForm(rule.message),
    gift: giftToForm(rule.gift),
    abTest: rule.variant !== null,
    variantMessage: rule.variant ? messageToForm(rule.variant.message) : blank.variantMessage,
    variantGift: rule.variant ? giftToForm(rule.variant.gift) : blank.variantGift,
    holdoutPercent: String(rule.holdoutPercent),
    sendTime: rule.sendTime,
    staleAfterHours: String(rule.staleAfterHours),
    priority: String(rule.priority),
    enabled: rule.enabled,
    version: rule.version,
  };
}

// ---- Problems in Chinese ---------------------------------------------------------------------

/** What each field takes (the schema's ranges), by the last part of its path. */
const FIELD_TEXT: Record<string, string> = {
  name: '名称填 1 到 30 个字',
  daysBefore: '提前天数填 0 到 30 的整数（0 为当天）',
  daysAfter: '购买后天数填 1 到 90 的整数',
  holiday: '请选择节日',
  tipId: '请选择时令推荐',
  stages: '至少选择一个客户阶段',
  categories: '最多选择 50 个品类',
  segmentId: '请选择客户分群',
  day: '请选择发送日期',
  survey: '请选择一份进行中的问卷',
  groupBuy: '请选择一个进行中的拼团活动',
  templateId: '请填写模板 ID（公众平台「订阅消息」中的模板 ID，最多 64 个字符）',
  title: '请填写模板标题（最多 20 个字）',
  page: '点击消息打开的页面须如 pages/index/index',
  fields: '至少填写 1 个字段，最多 20 个',
  key: '请填写字段名，如 thing1',
  text: '请填写内容（最多 200 个字）',
  points: `赠送积分填 1 到 ${MAX_CARE_GIFT_POINTS} 的整数`,
  rewardId: '请选择优惠券',
  holdoutPercent: '对照组比例填 0 到 50 的整数',
  sendTime: '请选择发送时间',
  staleAfterHours: '有效时长填 1 到 168 的整数（小时）',
  priority: '优先级填 1 到 9 的整数',
};

/**
 * Where a problem at a rule path shows and what it says: the field's own text, or `form` for a
 * path the form has no place for. `rule.` (the server's body) is dropped.
 */
function placeIssue(path: readonly string[]): [string, string] {
  const parts = path[0] === 'rule' ? path.slice(1) : [...path];
  const fieldsAt = parts.indexOf('fields');
  // A field row's problem stands by the row: `message.fields.2.text`.
  const place = fieldsAt >= 0 && parts.length > fieldsAt + 2 ? parts.slice(0, fieldsAt + 3) : parts;
  // Elsewhere an item's problem is its list's (`trigger.stages.0` → `trigger.stages`).
  while (fieldsAt < 0 && place.length > 1 && /^\d+$/.test(place[place.length - 1]!)) place.pop();
  const last = place[place.length - 1];
  const text = last === undefined ? undefined : FIELD_TEXT[last];
  return text ? [place.join('.'), text] : ['form', '关怀计划有误，请检查后重试'];
}

/**
 * The server's 400/422 issues by where they show; the first per place wins. A message field's
 * problem (CARE_MESSAGE_INVALID) is already Chinese, from the same rules the form applies, so it
 * is shown as sent.
 */
export function issuesToErrors(issues: ReadonlyArray<{ path: string; message: string }>, messageIsChinese = false): CareRuleErrors {
  const errors: CareRuleErrors = {};
  for (const issue of issues) {
    let parts = issue.path.split('.').filter((part) => part !== '');
    if (parts[0] === 'rule') parts = parts.slice(1);
    // CARE_MESSAGE_INVALID names the field within arm A's message (`fields.0.text`).
    if (parts[0] === 'fields') parts = ['message', ...parts];
    const [key, text] = placeIssue(parts);
    errors[key] ??= messageIsChinese && key !== 'form' ? issue.message : text;
  }
  return errors;
}

/** The message's field problems by row path (`fields.0.text`), live while the operator types (pure, client side). */
export function fieldProblemsOf(message: MessageForm): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const problem of mappingProblems(message.fields.map(({ key, text }) => ({ key: key.trim(), text })))) {
    problems[problem.path] ??= problem.message;
  }
  return problems;
}

/**
 * The example values the preview fills in: the shared examples, overridden by the ones the
 * server offers (its shop's name, for one), matched by the variable's label.
 */
export function exampleValues(offered: ReadonlyArray<{ label: string; example: string }> = []): CareValues {
  const values: CareValues = { ...CARE_VARIABLE_EXAMPLES };
  for (const id of CARE_VARIABLE_IDS) {
    const example = offered.find((variable) => variable.label === CARE_VARIABLES[id].label)?.example;
    if (example) values[id] = example;
  }
  return values;
}

/** The message as a member would read it with `values` (the example values in the editor). */
export function previewMessage(message: MessageForm, values: CareValues): FieldPreview[] {
  return previewFields(
    message.fields.map(({ key, text }) => ({ key: key.trim(), text })),
    values,
  );
}

/** The buttons that insert a variable: {昵称}, {积分} … */
export const VARIABLE_LABELS: readonly string[] = CARE_VARIABLE_IDS.map((id) => CARE_VARIABLES[id].label);

/** The text with {label} added at its end (an input on a phone has no caret position to insert at). */
export function withVariable(text: string, label: string): string {
  return `${text}{${label}}`;
}

// ---- Form → request body -----------------------------------------------------------------------

function messageOf(form: MessageForm): CareMessage {
  return {
    templateId: form.templateId.trim(),
    title: form.title.trim(),
    page: form.page.trim(),
    fields: form.fields.map(({ key, text }) => ({ key: key.trim(), text })),
  };
}

function triggerOf(values: CareRuleFormValues, daysBefore: number, daysAfter: number): CareTrigger {
  switch (values.triggerKind) {
    case 'birthday':
      return { kind: 'birthday', daysBefore };
    case 'holiday':
      return { kind: 'holiday', holiday: values.holiday, daysBefore };
    case 'anniversary':
      return { kind: 'anniversary', of: values.anniversaryOf, daysBefore };
    case 'post-purchase':
      return { kind: 'post-purchase', daysAfter };
    case 'lifecycle':
      return { kind: 'lifecycle', stages: values.stages };
    case 'seasonal':
      return { kind: 'seasonal', tipId: values.tipId, daysBefore };
    case 'replenishment':
      return { kind: 'replenishment', daysBefore, categories: values.categories };
    case 'once':
      return { kind: 'once', day: values.onceDay };
  }
}

/**
 * Checks the form and builds the rule to send, or the problems by place: numbers that cannot be
 * read, the schema's ranges, and each message's field rules (the same checks the server makes).
 */
export function formToRule(
  values: CareRuleFormValues,
): { ok: true; rule: CareRuleInput; version: number | null } | { ok: false; errors: CareRuleErrors } {
  const errors: CareRuleErrors = {};
  const read = (path: string, value: number | null): number => {
    if (value !== null) return value;
    const [key, text] = placeIssue(path.split('.'));
    errors[key] ??= text;
    // Unreadable, it still goes to the schema (as NaN) so that the other fields are checked too.
    return Number.NaN;
  };
  const giftOf = (gift: GiftForm, path: string): CareGift | null => {
    if (gift.kind === 'none') return null;
    if (gift.kind === 'points') return { kind: 'points', points: read(`${path}.points`, wholeNumber(gift.points)) };
    return { kind: 'coupon', rewardId: gift.rewardId };
  };
  const usesLead =
    values.triggerKind === 'birthday' ||
    values.triggerKind === 'holiday' ||
    values.triggerKind === 'anniversary' ||
    values.triggerKind === 'seasonal' ||
    values.triggerKind === 'replenishment';
  const daysBefore = usesLead ? read('trigger.daysBefore', wholeNumber(values.daysBefore)) : 0;
  // A reminder weeks ahead of a purchase is no reminder: the schema allows less lead here than for dates.
  if (values.triggerKind === 'replenishment' && daysBefore > MAX_REPLENISH_DAYS_BEFORE)
    errors['trigger.daysBefore'] ??= `补货提醒的提前天数填 0 到 ${MAX_REPLENISH_DAYS_BEFORE} 的整数（0 为预计购买当天）`;
  const daysAfter = values.triggerKind === 'post-purchase' ? read('trigger.daysAfter', wholeNumber(values.daysAfter)) : 0;
  const candidate = {
    name: values.name.trim(),
    trigger: triggerOf(values, daysBefore, daysAfter),
    audience: values.audience === 'everyone' ? { kind: 'everyone' as const } : { kind: 'segment' as const, segmentId: values.segmentId },
    message: messageOf(values.message),
    gift: giftOf(values.gift, 'gift'),
    survey: values.surveyId === '' ? null : values.surveyId,
    groupBuy: values.groupBuyId === '' ? null : values.groupBuyId,
    variant: values.abTest ? { message: messageOf(values.variantMessage), gift: giftOf(values.variantGift, 'variant.gift') } : null,
    holdoutPercent: read('holdoutPercent', wholeNumber(values.holdoutPercent)),
    sendTime: values.sendTime,
    staleAfterHours: read('staleAfterHours', wholeNumber(values.staleAfterHours)),
    priority: read('priority', wholeNumber(values.priority)),
    enabled: values.enabled,
  };
  const fileMapping = (prefix: string, message: MessageForm) => {
    for (const [path, text] of Object.entries(fieldProblemsOf(message))) errors[`${prefix}.${path}`] ??= text;
  };
  fileMapping('message', values.message);
  if (values.abTest) fileMapping('variant.message', values.variantMessage);

  const parsed = CareRuleInput.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, rule: parsed.data, version: values.version };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key, text] = placeIssue(issue.path.map(String));
      errors[key] ??= text;
    }
  }
  return { ok: false, errors };
}
