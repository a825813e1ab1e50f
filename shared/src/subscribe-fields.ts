import * as z from 'zod';
import { NICKNAME_MAX_CHARS } from './members.ts';

/**
 * WeChat subscribe-message fields: each template keyword (`thing1`, `date3` …) has a kind whose
 * rules WeChat enforces with 47003 at send time. Care rules map keywords to text with {变量}
 * placeholders; this module says, before a rule is saved, whether every member's values will fit,
 * and renders each send so that none is refused for its length.
 */

export const SUBSCRIBE_FIELD_KINDS = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const;

export const SubscribeFieldKind = z.enum(SUBSCRIBE_FIELD_KINDS);
export type SubscribeFieldKind = z.infer<typeof SubscribeFieldKind>;

/** What operators call each kind (WeChat's own Chinese names in the template library). */
export const FIELD_KIND_LABELS: Record<SubscribeFieldKind, string> = {
  thing: '事物',
  number: '数字',
  letter: '字母',
  symbol: '符号',
  character_string: '字符串',
  time: '时间',
  date: '日期',
  amount: '金额',
  phone_number: '电话',
  car_number: '车牌',
  name: '姓名',
  phrase: '短语',
};

const KEYWORD_PATTERN = /^([a-z_]+?)(\d+)$/;

/** The kind of a template keyword ('thing12' → 'thing'); null when the key is not a WeChat keyword. */
export function fieldKindOf(key: string): SubscribeFieldKind | null {
  const match = KEYWORD_PATTERN.exec(key);
  const kind = match?.[1];
  return kind !== undefined && (SUBSCRIBE_FIELD_KINDS as readonly string[]).includes(kind) ? (kind as SubscribeFieldKind) : null;
}

/** Counts characters as WeChat does: a Chinese character (or an emoji) is one, not two UTF-16 units or three bytes. */
export function charCount(value: string): number {
  return [...value].length;
}

const HAN = /\p{Script=Han}/u;
const CONTROL = /\p{Cc}/u;
// Dates as WeChat shows them: 2019年10月1日, or the ISO-like 2019-10-01 / 2019/10/01.
const DATE = String.raw`\d{4}(?:年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\d|3[01])日|[-/](?:0?[1-9]|1[0-2])[-/](?:0?[1-9]|[12]\d|3[01]))`;
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
// A range is two points joined with ~ ; the second may drop the date (10月1日 15:00~16:00).
const DATE_POINT = `${DATE}(?: ?${CLOCK})?`;
const TIME_POINT = `(?:${DATE} ?)?${CLOCK}`;
const DATE_VALUE = new RegExp(`^${DATE_POINT}(?: ?~ ?(?:${DATE_POINT}|${CLOCK}))?$`);
const TIME_VALUE = new RegExp(`^${TIME_POINT}(?: ?~ ?${TIME_POINT})?$`);
// One currency symbol (optional: WeChat accepts a bare figure), up to 10 integer digits, fen at most, then 元 maybe.
const AMOUNT_VALUE = /^\p{Sc}?\d{1,10}(?:\.\d{1,2})?元?$/u;
// A plate: a province character, then letters and digits, the last maybe a Han (警, 学, 挂 …).
const CAR_NUMBER_VALUE = /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9]?$/u;

/** The rule of each kind, as the Chinese reason shown when a value breaks it (null when it fits). */
const KIND_RULES: Record<SubscribeFieldKind, (value: string) => string | null> = {
  thing: (v) => (charCount(v) <= 20 ? null : '「事物」类字段最多 20 个字'),
  number: (v) => (/^-?\d+(?:\.\d+)?$/.test(v) && v.replace(/\D/g, '').length <= 32 ? null : '「数字」只能是 32 位以内的数字，可带小数'),
  letter: (v) => (/^[A-Za-z]{1,32}$/.test(v) ? null : '「字母」只能是 32 个以内的英文字母'),
  symbol: (v) => (/^[^\p{L}\p{N}\s]{1,5}$/u.test(v) ? null : '「符号」只能是 5 个以内的符号'),
  character_string: (v) => (/^[\x21-\x7E]{1,32}$/.test(v) ? null : '「字符串」只能是 32 个以内的字母、数字和符号'),
  time: (v) => (TIME_VALUE.test(v) ? null : '「时间」须是 24 小时制时刻，如 15:01 或 2026年11月26日 15:01'),
  date: (v) => (DATE_VALUE.test(v) ? null : '「日期」须是年月日，如 2026年11月26日'),
  amount: (v) => (AMOUNT_VALUE.test(v) ? null : '「金额」须是一个币种符号加 10 位以内的数字，如 ¥12.50 或 12.50元'),
  phone_number: (v) => (/^[^\p{L}]{1,17}$/u.test(v) && /\d/.test(v) ? null : '「电话」只能是 17 位以内的数字和符号'),
  car_number: (v) => (charCount(v) <= 8 && CAR_NUMBER_VALUE.test(v) ? null : '「车牌」最多 8 位，如 粤B12345'),
  name: (v) => (charCount(v) <= nameLimit(v) ? null : '「姓名」最多 10 个汉字或 20 个字母'),
  phrase: (v) => (/^\p{Script=Han}{1,5}$/u.test(v) ? null : '「短语」只能是 5 个以内的汉字'),
};

/** A name with any Chinese character is held to 10 characters, a Latin one to 20. */
function nameLimit(value: string): number {
  return HAN.test(value) ? 10 : 20;
}

/**
 * Null when WeChat would accept `value` for keyword `key`, else a short Chinese reason an operator
 * understands. Mirrors WeChat's published rules, not the emulator's code, so the two check each other.
 */
export function fieldValueProblem(key: string, value: string): string | null {
  const kind = fieldKindOf(key);
  if (!kind) return `「${key}」不是订阅消息模板的字段名`;
  if (value.trim() === '') return `「${FIELD_KIND_LABELS[kind]}」不能为空`;
  if (CONTROL.test(value)) return `「${FIELD_KIND_LABELS[kind]}」不能含换行等控制字符`;
  return KIND_RULES[kind](value);
}

// ---------------------------------------------------------------------------------------------
// Care variables

/** How a variable's values look: free text, a whole number, or a Chinese date (2026年11月26日). */
export type CareVariableShape = 'text' | 'integer' | 'date';

export interface CareVariable {
  /** The placeholder operators type, as {昵称}. */
  label: string;
  example: string;
  /** The longest value it can take, in characters. */
  maxChars: number;
  shape: CareVariableShape;
}

export const CARE_VARIABLES = {
  nickname: { label: '昵称', example: '小林', maxChars: NICKNAME_MAX_CHARS, shape: 'text' },
  // A balance of ten digits is far past any shop's points; the bound only sizes the check.
  points: { label: '积分', example: '1280', maxChars: 10, shape: 'integer' },
  // One grant is at most 1,000,000 points (shared/src/points.ts).
  giftPoints: { label: '赠送积分', example: '200', maxChars: 7, shape: 'integer' },
  // A mall item's name is at most 40 characters (shared/src/mall.ts).
  couponName: { label: '券名', example: '满50减10元券', maxChars: 40, shape: 'text' },
  date: { label: '日期', example: '2026年11月26日', maxChars: '2026年11月26日'.length, shape: 'date' },
  // A tier's name is at most 20 characters (shared/src/tiers.ts).
  tierName: { label: '等级', example: '金卡会员', maxChars: 20, shape: 'text' },
  shopName: { label: '店铺名', example: '邻里生鲜', maxChars: 20, shape: 'text' },
  // Festivals and the seller's own dates are named in at most 20 characters (shared/src/care-calendar.ts).
  occasion: { label: '节日', example: '中秋节', maxChars: 20, shape: 'text' },
  // A category is named in at most 64 characters (shared/src/orders.ts); a replenishment reminder fills it.
  category: { label: '品类', example: '婴儿奶粉', maxChars: 64, shape: 'text' },
} as const satisfies Record<string, CareVariable>;

export type CareVariableId = keyof typeof CARE_VARIABLES;
export const CARE_VARIABLE_IDS = Object.keys(CARE_VARIABLES) as CareVariableId[];

/** One member's values, by variable id; a value the occasion does not have is left out. */
export type CareValues = Partial<Record<CareVariableId, string>>;

/** The example values, for a preview before any member is chosen. */
export const CARE_VARIABLE_EXAMPLES: Record<CareVariableId, string> = Object.fromEntries(
  CARE_VARIABLE_IDS.map((id) => [id, CARE_VARIABLES[id].example]),
) as Record<CareVariableId, string>;

const VARIABLE_BY_LABEL = new Map<string, CareVariableId>(CARE_VARIABLE_IDS.map((id) => [CARE_VARIABLES[id].label, id]));

/** Today's date as the {日期} variable shows it: 2026年11月26日 (from a Shanghai YYYY-MM-DD). */
export function careDateText(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

// ---------------------------------------------------------------------------------------------
// Message field mappings

export const SubscribeMessageField = z.strictObject({
  key: z.string().trim().min(1).max(40).describe('The template keyword, e.g. thing1'),
  text: z.string().max(200).describe('Literal text with {变量} placeholders, e.g. {昵称}，生日快乐'),
});
export type SubscribeMessageField = z.infer<typeof SubscribeMessageField>;

// A template has a handful of keywords; 20 leaves room without inviting abuse.
export const SubscribeMessageFields = z.array(SubscribeMessageField).min(1).max(20);

type TextPart = { literal: string } | { variable: CareVariableId } | { unknown: string };

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Splits field text into literal runs and placeholders. */
function parseFieldText(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ literal: text.slice(last, match.index) });
    const label = match[1]!.trim();
    const variable = VARIABLE_BY_LABEL.get(label);
    parts.push(variable ? { variable } : { unknown: label });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  return parts;
}

/** The text with each known {变量} replaced by its value ('' when the member has none); unknown placeholders stay as typed. */
export function renderFieldText(text: string, values: CareValues): string {
  return parseFieldText(text)
    .map((part) => ('literal' in part ? part.literal : 'variable' in part ? (values[part.variable] ?? '') : `{${part.unknown}}`))
    .join('');
}

// Kinds whose values are cut to fit with '…' at send time: their text is read, not parsed.
const SHORTENABLE_KINDS: ReadonlySet<SubscribeFieldKind> = new Set(['thing', 'name']);
// What strict kinds may be filled from: a shortened or misplaced value there is refused (47003) or lies.
const SHAPES_FOR_KIND: Partial<Record<SubscribeFieldKind, readonly CareVariableShape[]>> = {
  number: ['integer'],
  character_string: ['integer'],
  date: ['date'],
  time: ['date'],
};
// A shortened text variable keeps at least one character before its '…'.
const SHORTEST_TEXT = 2;

export interface MappingProblem {
  path: string;
  message: string;
}

function variablesOf(parts: readonly TextPart[]): CareVariableId[] {
  return parts.flatMap((part) => ('variable' in part ? [part.variable] : []));
}

function labelsOf(ids: readonly CareVariableId[]): string {
  return ids.map((id) => CARE_VARIABLES[id].label).join('、');
}

/**
 * What stops a rule's field mapping from sending, for the rule editor (empty when every member's
 * values will fit): unknown placeholders, empty text, duplicate or non-WeChat keys, literal text
 * that leaves no room, and variables whose values cannot fit a strict kind.
 */
export function mappingProblems(fields: readonly SubscribeMessageField[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    const at = (path: string, message: string) => problems.push({ path: `fields.${index}.${path}`, message });
    const kind = fieldKindOf(field.key);
    if (!kind) at('key', `「${field.key}」不是订阅消息模板的字段名，应如 thing1、date2`);
    else if (seen.has(field.key)) at('key', `字段「${field.key}」重复`);
    seen.add(field.key);

    if (field.text.trim() === '') return at('text', '内容不能为空');
    const parts = parseFieldText(field.text);
    const unknown = parts.flatMap((part) => ('unknown' in part ? [part.unknown] : []));
    if (unknown.length > 0) {
      const known = CARE_VARIABLE_IDS.map((id) => `{${CARE_VARIABLES[id].label}}`).join(' ');
      return at('text', `没有变量 ${unknown.map((label) => `{${label}}`).join(' ')}，可用的有 ${known}`);
    }
    if (!kind) return;
    const problem = SHORTENABLE_KINDS.has(kind) ? shortenableProblem(kind, parts) : strictProblem(field.key, kind, parts);
    if (problem) at('text', problem);
  });
  return problems;
}

/** thing/name: text variables shrink at send, so only literal text plus numbers and dates must fit. */
function shortenableProblem(kind: SubscribeFieldKind, parts: readonly TextPart[]): string | null {
  const literal = parts.map((part) => ('literal' in part ? part.literal : '')).join('');
  if (CONTROL.test(literal)) return `「${FIELD_KIND_LABELS[kind]}」不能含换行等控制字符`;
  const shortest = parts.reduce((sum, part) => {
    if ('literal' in part) return sum + charCount(part.literal);
    if (!('variable' in part)) return sum;
    const variable: CareVariable = CARE_VARIABLES[part.variable];
    return sum + (variable.shape === 'text' ? Math.min(SHORTEST_TEXT, variable.maxChars) : variable.maxChars);
  }, 0);
  // Any variable may carry Chinese, so a name is held to its Chinese limit unless it is pure literal Latin.
  const limit = kind === 'thing' ? 20 : variablesOf(parts).length > 0 ? 10 : nameLimit(literal);
  if (shortest <= limit) return null;
  return (
    `内容过长：「${FIELD_KIND_LABELS[kind]}」最多 ${limit} 个字，去掉变量后已有 ${charCount(literal)} 个字` +
    (variablesOf(parts).some((id) => CARE_VARIABLES[id].shape !== 'text') ? '（积分和日期不能缩短）' : '')
  );
}

/** Strict kinds: filled by one suitable variable or a literal that fits, checked at its example and its longest. */
function strictProblem(key: string, kind: SubscribeFieldKind, parts: readonly TextPart[]): string | null {
  const variables = variablesOf(parts);
  const shapes = SHAPES_FOR_KIND[kind] ?? [];
  const suitable = CARE_VARIABLE_IDS.filter((id) => shapes.includes(CARE_VARIABLES[id].shape));
  const label = FIELD_KIND_LABELS[kind];
  const misfit = variables.filter((id) => !shapes.includes(CARE_VARIABLES[id].shape));
  if (misfit.length > 0) {
    return suitable.length > 0
      ? `「${label}」字段只能填 ${labelsOf(suitable)}，不能填 ${labelsOf(misfit)}`
      : `「${label}」字段只能填固定文字，不能填 ${labelsOf(misfit)}`;
  }
  const examples = renderParts(parts, (id) => CARE_VARIABLES[id].example);
  const longest = renderParts(parts, (id) => longestValueOf(id));
  return fieldValueProblem(key, examples) ?? fieldValueProblem(key, longest);
}

function longestValueOf(id: CareVariableId): string {
  const variable: CareVariable = CARE_VARIABLES[id];
  if (variable.shape === 'integer') return '9'.repeat(variable.maxChars);
  if (variable.shape === 'date') return '2026年12月31日';
  return '字'.repeat(variable.maxChars);
}

function renderParts(parts: readonly TextPart[], valueOf: (id: CareVariableId) => string): string {
  return parts.map((part) => ('literal' in part ? part.literal : 'variable' in part ? valueOf(part.variable) : '')).join('');
}

// ---------------------------------------------------------------------------------------------
// Rendering a send

export interface FieldPreview {
  key: string;
  /** What the member would read ('' when the field cannot be sent). */
  value: string;
  /** True when a text variable was cut with '…' to fit. */
  shortened: boolean;
  /** Why the field cannot be sent, in Chinese; null when it can. */
  problem: string | null;
}

/**
 * Each field as it would be sent to a member with these values, for the rule editor's preview:
 * text variables in thing/name fields are cut with '…' until the field fits exactly, and a field
 * that still breaks its rule carries the reason.
 */
export function previewFields(fields: readonly SubscribeMessageField[], values: CareValues): FieldPreview[] {
  return fields.map((field) => {
    const fail = (problem: string): FieldPreview => ({ key: field.key, value: '', shortened: false, problem });
    const kind = fieldKindOf(field.key);
    if (!kind) return fail(`「${field.key}」不是订阅消息模板的字段名`);
    const parts = parseFieldText(field.text);
    const missing = variablesOf(parts).filter((id) => values[id] === undefined || values[id].trim() === '');
    if (missing.length > 0) return fail(`缺少变量 ${labelsOf(missing)} 的值`);
    // A nickname pasted with a line break would make WeChat refuse the whole message.
    const filled = parts.map((part) =>
      'variable' in part ? { variable: part.variable, value: values[part.variable]!.replace(/\p{Cc}+/gu, ' ') } : part,
    );
    const whole = filled.map(textOf).join('');
    const value = SHORTENABLE_KINDS.has(kind) ? shortenToFit(filled, kind) : whole;
    const problem = fieldValueProblem(field.key, value);
    return problem ? fail(problem) : { key: field.key, value, shortened: value !== whole, problem: null };
  });
}

export type RenderedMessage = { data: Record<string, { value: string }> } | { problem: MappingProblem };

/**
 * The `data` of one send, every value within its keyword's rule (see previewFields), so a long
 * nickname or coupon name never costs the member the message (47003). Anything that still cannot
 * fit is a problem, not a send.
 */
export function renderForSend(fields: readonly SubscribeMessageField[], values: CareValues): RenderedMessage {
  const data: Record<string, { value: string }> = {};
  for (const [index, field] of previewFields(fields, values).entries()) {
    if (field.problem !== null) {
      const path = fieldKindOf(field.key) ? `fields.${index}.text` : `fields.${index}.key`;
      return { problem: { path, message: field.problem } };
    }
    data[field.key] = { value: field.value };
  }
  return { data };
}

type FilledPart = { literal: string } | { variable: CareVariableId; value: string } | { unknown: string };

function textOf(part: FilledPart): string {
  return 'literal' in part ? part.literal : 'value' in part ? part.value : `{${part.unknown}}`;
}

/**
 * Cuts text variables, the longest first and one character at a time, until the field is within
 * its limit; a cut value ends in '…' and keeps at least one character. Numbers and dates are never
 * cut (a shortened balance would lie).
 */
function shortenToFit(parts: readonly FilledPart[], kind: SubscribeFieldKind): string {
  const full = parts.map(textOf).join('');
  const limit = kind === 'name' ? nameLimit(full) : 20;
  const kept = parts.map((part) => ('value' in part ? [...part.value] : null));
  const lengths = parts.map((part) => charCount(textOf(part)));
  const shown = (index: number): number => {
    const chars = kept[index];
    if (!chars) return lengths[index]!;
    return chars.length < lengths[index]! ? chars.length + 1 : chars.length;
  };
  const cuttable = (index: number): boolean => {
    const part = parts[index]!;
    return 'variable' in part && CARE_VARIABLES[part.variable].shape === 'text' && shown(index) > SHORTEST_TEXT;
  };
  let total = parts.reduce((sum, _part, index) => sum + shown(index), 0);
  while (total > limit) {
    let longest = -1;
    for (let index = 0; index < parts.length; index += 1) {
      if (cuttable(index) && (longest < 0 || shown(index) > shown(longest))) longest = index;
    }
    if (longest < 0) break;
    // The first drop only trades a character for the '…'; the loop goes on until the field fits.
    kept[longest]!.pop();
    total = parts.reduce((sum, _part, index) => sum + shown(index), 0);
  }
  return parts
    .map((part, index) => {
      const chars = kept[index];
      return chars && chars.length < lengths[index]! ? `${chars.join('')}…` : textOf(part);
    })
    .join('');
}
