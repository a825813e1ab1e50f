import { argumentInvalid, WECHAT_ERRORS, type WechatError } from './errors.ts';
import type { SentMessage, WechatEmulatorState } from './state.ts';

/**
 * subscribeMessage.send and the one-time subscription quota behind it. On WeChat each "accept"
 * in wx.requestSubscribeMessage allows exactly one send of that template to that user; a send
 * without one fails with 43101. The emulator keeps that count per (openid, template id).
 */

export interface SendRequest {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
}

/** Openids the emulator hands out from jscode2session look like `o-<name>`. */
export const EMULATED_OPENID = /^o-[A-Za-z0-9_-]{1,64}$/;

/** Checks a send body in the order WeChat reports problems: openid, template, then data. */
export function parseSendRequest(body: unknown): { request: SendRequest } | { error: WechatError } {
  if (!isRecord(body)) return { error: WECHAT_ERRORS.dataFormatError };
  const { touser, template_id: templateId, page, data, miniprogram_state: miniprogramState, lang } = body;
  if (typeof touser !== 'string' || !EMULATED_OPENID.test(touser)) return { error: WECHAT_ERRORS.invalidOpenid };
  if (typeof templateId !== 'string' || templateId.trim() === '') return { error: WECHAT_ERRORS.invalidTemplateId };
  for (const [field, value] of Object.entries({ page, miniprogram_state: miniprogramState, lang })) {
    if (value !== undefined && typeof value !== 'string') return { error: argumentInvalid(`${field} invalid`) };
  }
  const dataError = templateDataError(data);
  if (dataError) return { error: dataError };
  return {
    request: {
      touser,
      template_id: templateId,
      data: data as SendRequest['data'],
      ...(typeof page === 'string' ? { page } : {}),
      ...(typeof miniprogramState === 'string' ? { miniprogram_state: miniprogramState } : {}),
      ...(typeof lang === 'string' ? { lang } : {}),
    },
  };
}

/** Spends one authorisation and records the message; 43101 when the user has none left. */
export function sendSubscribeMessage(
  state: WechatEmulatorState,
  request: SendRequest,
  now: Date,
): { msgid: number } | { error: WechatError } {
  const remaining = remainingAuthorizations(state, request.touser, request.template_id);
  if (remaining < 1) return { error: WECHAT_ERRORS.userRefusedMessage };
  setAuthorizations(state, request.touser, request.template_id, remaining - 1);
  const message: SentMessage = {
    msgid: state.nextMsgid++,
    openid: request.touser,
    templateId: request.template_id,
    data: request.data,
    sentAt: now.toISOString(),
    ...(request.page !== undefined ? { page: request.page } : {}),
    ...(request.miniprogram_state !== undefined ? { miniprogramState: request.miniprogram_state } : {}),
    ...(request.lang !== undefined ? { lang: request.lang } : {}),
  };
  state.messages.push(message);
  return { msgid: message.msgid };
}

/** Records one "accept" from the subscribe dialog: one more send allowed. */
export function grantAuthorization(state: WechatEmulatorState, openid: string, templateId: string): void {
  setAuthorizations(state, openid, templateId, remainingAuthorizations(state, openid, templateId) + 1);
}

export function remainingAuthorizations(state: WechatEmulatorState, openid: string, templateId: string): number {
  return state.authorizations[openid]?.[templateId] ?? 0;
}

function setAuthorizations(state: WechatEmulatorState, openid: string, templateId: string, count: number): void {
  state.authorizations[openid] = { ...state.authorizations[openid], [templateId]: count };
}

/**
 * WeChat's content rules per keyword type (the key's name without its number, e.g. `thing3`
 * is a `thing`), from the "订阅消息参数值内容限制说明" table of subscribeMessage.send. A value
 * breaking them is refused with 47003, so the emulator refuses it too: a `thing` over 20
 * characters is the classic message that works locally and fails in production.
 */
const VALUE_RULES: Record<string, (value: string) => boolean> = {
  thing: (v) => length(v) <= 20,
  number: (v) => /^-?\d+(\.\d+)?$/.test(v) && v.length <= 32,
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => /^[^\p{L}\p{N}]{1,5}$/u.test(v),
  character_string: (v) => /^[\x20-\x7E]{1,32}$/.test(v),
  amount: (v) => /^[^\d\s.]?\d{1,10}(\.\d+)?元?$/.test(v),
  phone_number: (v) => /^[^\p{L}]{1,17}$/u.test(v),
  car_number: (v) => length(v) <= 8,
  name: (v) => (/\p{Script=Han}/u.test(v) ? length(v) <= 10 : length(v) <= 20),
  phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
};

function templateDataError(data: unknown): WechatError | undefined {
  if (!isRecord(data) || Object.keys(data).length === 0) return argumentInvalid('data is empty');
  for (const [key, entry] of Object.entries(data)) {
    const value = isRecord(entry) ? entry.value : undefined;
    if (typeof value !== 'string' || value.trim() === '') return argumentInvalid(`data.${key}.value is empty`);
    if (!valueFitsKeyword(key, value)) return argumentInvalid(`data.${key}.value invalid`);
  }
  return undefined;
}

function valueFitsKeyword(key: string, value: string): boolean {
  // "不能带有换行等控制字符" applies to every type.
  if (/\p{Cc}/u.test(value)) return false;
  const rule = VALUE_RULES[key.replace(/\d+$/, '')];
  return rule ? rule(value) : true;
}

/** Counts characters as WeChat does: a Chinese character is one, not two UTF-16 units or three bytes. */
function length(value: string): number {
  return [...value].length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
