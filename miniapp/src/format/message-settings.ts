import type { MessageSettings } from '@linli/shared/care-rules';
import type { ClientConfig } from '@linli/shared/subscriptions';
import { LUNAR_DAY_NAMES, LUNAR_MONTH_NAMES, type LunarBirthday } from '@linli/shared/lunar-birthday';

type SettingsTemplate = MessageSettings['templates'][number];

/** 已订阅 N 次 / 未订阅: the sends a template has left, as 消息设置 lists it. */
export function subscriptionStatusText(remaining: number): string {
  return remaining > 0 ? `已订阅 ${remaining} 次` : '未订阅';
}

/**
 * How many template ids one wx.requestSubscribeMessage call may list: what the API says (1–5), else 1,
 * which every WeChat version accepts (an API too old to say).
 */
export function templatesPerRequest(config: Pick<ClientConfig, 'templatesPerSubscribeRequest'> | null): number {
  return config?.templatesPerSubscribeRequest ?? 1;
}

/** The next ids 一键订阅 asks for: those with no send left first, in the list's order, at most `perRequest`. */
export function nextSubscribeBatch(templates: readonly SettingsTemplate[], perRequest: number): string[] {
  const unsubscribed = templates.filter((template) => template.remaining === 0);
  return unsubscribed.slice(0, perRequest).map((template) => template.templateId);
}

/**
 * What a natural tap (签到, 确认兑换) asks for besides its own action: the caring messages (greetings,
 * offers) the member has no send left of, at most `perRequest`; nothing when they refused personalised
 * marketing (asking would only be noise) or hold a send of each already.
 */
export function careTemplatesToAsk(settings: MessageSettings, perRequest: number): string[] {
  if (settings.marketingOptOut) return [];
  return nextSubscribeBatch(
    settings.templates.filter((template) => template.kind === 'care'),
    perRequest,
  );
}

/** The lunar birthday picker's columns: month, day, and whether it is in the leap month. */
export const LUNAR_PICKER_COLUMNS: string[][] = [[...LUNAR_MONTH_NAMES], [...LUNAR_DAY_NAMES], ['非闰月', '闰月']];

/** The picker's selection for a lunar birthday (正月初一 when none is chosen yet). */
export function lunarPickerValue(lunar: LunarBirthday | null | undefined): number[] {
  return lunar ? [lunar.month - 1, lunar.day - 1, lunar.leap ? 1 : 0] : [0, 0, 0];
}

/** The lunar birthday a picker selection names (the picker's indexes may arrive as strings). */
export function lunarFromPicker(value: ReadonlyArray<number | string>): LunarBirthday {
  const [month, day, leap] = value.map(Number);
  return { month: (month ?? 0) + 1, day: (day ?? 0) + 1, leap: leap === 1 };
}
