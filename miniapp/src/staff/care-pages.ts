import Taro from '@tarojs/taro';

/* The ways between the 关怀计划 pages. */

const RULE_PAGE = '/staff/pages/care-rule/index';
const LOG_PAGE = '/staff/pages/care-log/index';
const SETTINGS_PAGE = '/staff/pages/care-settings/index';
const DEAD_LETTERS_PAGE = '/staff/pages/care-dead-letters/index';
const SEASONAL_PAGE = '/staff/pages/care-seasonal/index';

const withId = (page: string, id: string) => `${page}?id=${encodeURIComponent(id)}`;

/** The rule editor: a new rule, or the saved one `ruleId`. */
export function openCareRule(ruleId?: string): void {
  void Taro.navigateTo({ url: ruleId ? withId(RULE_PAGE, ruleId) : RULE_PAGE });
}

/** A new rule inviting to a published 拼团 campaign: 指定日期发送, the campaign chosen (the editor reads `groupBuy`). */
export function openCareRuleInvitingToGroupBuy(campaignId: string): void {
  void Taro.navigateTo({ url: `${RULE_PAGE}?groupBuy=${encodeURIComponent(campaignId)}` });
}

/** The same, in place of the page shown (the editor once a new rule is saved, so 返回 goes to the list). */
export function replaceWithCareRule(ruleId: string): void {
  void Taro.redirectTo({ url: withId(RULE_PAGE, ruleId) });
}

/** One rule's delivery log. */
export function openCareLog(ruleId: string): void {
  void Taro.navigateTo({ url: withId(LOG_PAGE, ruleId) });
}

export function openCareSettings(): void {
  void Taro.navigateTo({ url: SETTINGS_PAGE });
}

export function openCareDeadLetters(): void {
  void Taro.navigateTo({ url: DEAD_LETTERS_PAGE });
}

/** 时令日历: the seasonal tips 时令推荐 rules send. */
export function openSeasonalCalendar(): void {
  void Taro.navigateTo({ url: SEASONAL_PAGE });
}
