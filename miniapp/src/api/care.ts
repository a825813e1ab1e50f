import * as z from 'zod';
import {
  CareDelivery,
  CareDeliveryPage,
  CareDryRun,
  CareEditorOptions,
  CarePolicy,
  CarePreview,
  CareRule,
  CareRuleList,
  CareRuleResults,
  type CareRuleInput,
  type DeliveryStatus,
} from '@linli/shared/care-rules';
import { SeasonalCalendar, type SeasonalTipInput } from '@linli/shared/seasonal-tips';
import { callApi } from './contract';

/*
 * The calls of the 关怀计划 pages (supervisors read, admins change). Apart from linli.ts so that only
 * the staff pages import them: their schemas stay in the staff subpackage.
 */

/** 关怀计划: every rule with its last-30-day figures. */
export function listCareRules() {
  return callApi(CareRuleList, 'GET', '/v1/staff/care/rules');
}

export function getCareRule(ruleId: string) {
  return callApi(CareRule, 'GET', '/v1/staff/care/rules/:ruleId', { param: { ruleId } });
}

export function createCareRule(rule: CareRuleInput) {
  return callApi(CareRule, 'POST', '/v1/staff/care/rules', { body: rule });
}

/** Replaces a rule; `version` is the one read, and a stale one is 409 CONFLICT. */
export function updateCareRule(ruleId: string, rule: CareRuleInput, version: number) {
  return callApi(CareRule, 'PUT', '/v1/staff/care/rules/:ruleId', { param: { ruleId }, body: { rule, version } });
}

export function deleteCareRule(ruleId: string) {
  return callApi(z.null(), 'DELETE', '/v1/staff/care/rules/:ruleId', { param: { ruleId } });
}

/** The editor's choices: holidays with their next date, saved segments, coupons, variables. */
export function getCareEditorOptions() {
  return callApi(CareEditorOptions, 'GET', '/v1/staff/care/options');
}

/** The rule's message as a member would read it; without a member, with example values. */
export function previewCareRule(rule: CareRuleInput, memberId?: string) {
  return callApi(CarePreview, 'POST', '/v1/staff/care/preview', { body: memberId ? { rule, memberId } : { rule } });
}

/** Who would get the rule today (Asia/Shanghai) and why the others would not; nothing is sent. */
/** The dry run of a rule for today, or for `day` (a holiday rule's next sending day). */
export function dryRunCareRule(rule: CareRuleInput, day?: string) {
  return callApi(CareDryRun, 'POST', '/v1/staff/care/dry-run', { body: { rule, ...(day ? { day } : {}) } });
}

/**
 * A delivery as the logs show it: a rule's log names the member (the member id is never shown);
 * a member without a nickname reads 会员.
 */
export type LoggedDelivery = CareDelivery;
const LoggedDeliveryPage = CareDeliveryPage;

/** One rule's deliveries, newest first, 20 a page, optionally of one status. */
export function listRuleDeliveries(ruleId: string, status: DeliveryStatus | undefined, cursor?: string) {
  return callApi(LoggedDeliveryPage, 'GET', '/v1/staff/care/rules/:ruleId/deliveries', {
    param: { ruleId },
    query: { status, cursor },
  });
}

/** What a rule's messages brought over the last 30 days: conversion and revenue per arm, the hold-out and the lift. */
export function getCareRuleResults(ruleId: string) {
  return callApi(CareRuleResults, 'GET', '/v1/staff/care/rules/:ruleId/results', { param: { ruleId } });
}

/** 客户画像's 关怀记录: the member's deliveries, newest first (the first page). */
export function listMemberCareDeliveries(memberId: string) {
  return callApi(CareDeliveryPage, 'GET', '/v1/staff/members/:memberId/care-deliveries', { param: { memberId } });
}

/**
 * A date the seller adds, as the settings carry it: every year on an MM-DD, or once on a date.
 * The same shape as care-calendar's SellerOccasion, declared here because that module brings the
 * lunar calendar library (~215 KB) with it; care-settings-form checks the dates.
 */
const StoredSellerOccasion = z.union([
  z.object({ id: z.string(), name: z.string(), monthDay: z.string() }),
  z.object({ id: z.string(), name: z.string(), date: z.string() }),
]);
export type StoredSellerOccasion = z.infer<typeof StoredSellerOccasion>;

const CareSettings = z.object({
  policy: CarePolicy,
  /** What {店铺名} says in messages. */
  shopName: z.string(),
  sellerOccasions: z.array(StoredSellerOccasion),
  version: z.number().int(),
});
export type CareSettings = z.infer<typeof CareSettings>;

/** 发送设置: the caps and quiet hours over every rule, the shop's name in messages, and the seller's own dates. */
export function getCareSettings() {
  return callApi(CareSettings, 'GET', '/v1/staff/care/settings');
}

/** Replaces the settings (admins); `version` is the one read, and a stale one is 409 CONFLICT. */
export function saveCareSettings(settings: CareSettings) {
  return callApi(CareSettings, 'PUT', '/v1/staff/care/settings', { body: settings });
}

const DeadLetter = z.object({
  messageId: z.string(),
  deadAt: z.string(),
  receiveCount: z.number().int(),
  delivery: CareDelivery.nullable(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** 失败消息: the messages that failed every attempt and sit on the dead-letter queue. */
export function listCareDeadLetters() {
  return callApi(z.object({ items: z.array(DeadLetter) }), 'GET', '/v1/staff/care/dead-letters');
}

/** Puts a dead letter back on the queue (admins). */
export function retryCareDeadLetter(messageId: string) {
  return callApi(z.null(), 'POST', '/v1/staff/care/dead-letters/:messageId/retry', { param: { messageId } });
}

/** 时令日历: the seasonal tips with their next dates, and the categories bought lately to choose from (supervisors read). */
export function getSeasonalCalendar() {
  return callApi(SeasonalCalendar, 'GET', '/v1/staff/care/seasonal-tips');
}

/** Replaces the seasonal calendar (admins); `version` is the one read, and a stale one is 409 CONFLICT. */
export function saveSeasonalCalendar(tips: SeasonalTipInput[], version: number) {
  return callApi(SeasonalCalendar, 'PUT', '/v1/staff/care/seasonal-tips', { body: { tips, version } });
}
