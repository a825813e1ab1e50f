import type { CareMessage, CareRule, MessageSettings } from '@linli/shared/care-rules';
import type { MessageTemplate } from '@linli/shared/subscriptions';
import type { Deps } from '../deps.ts';
import { requireMember } from '../members/require-member.ts';
import { listQuota } from '../subscriptions/repository.ts';
import { listCareRules } from './care-repository.ts';

type Setting = MessageSettings['templates'][number];

/**
 * The configured messages a buyer can subscribe to, in the order 消息设置 lists them, with the title
 * WeChat's dialog shows. The birthday greeting is a caring message; the others tell the member about
 * their own points, tier and complaints. Staff alerts (complaintAlert) are not the buyer's to ask for.
 */
const CONFIGURED: ReadonlyArray<{ template: Exclude<MessageTemplate, 'complaintAlert'>; title: string; kind: Setting['kind'] }> = [
  { template: 'birthdayGreeting', title: '生日祝福', kind: 'care' },
  { template: 'tierChanged', title: '等级变动', kind: 'service' },
  { template: 'pointsExpiring', title: '积分到期', kind: 'service' },
  { template: 'complaintUpdate', title: '投诉进展', kind: 'service' },
];

/** Each message of a rule: arm A's, and arm B's when the rule is an A/B test. */
function ruleMessages(rule: CareRule): CareMessage[] {
  return rule.variant ? [rule.message, rule.variant.message] : [rule.message];
}

/**
 * 消息设置: every message the member can subscribe to — the configured ones, then each distinct
 * template of the enabled care rules (titled as the rule's message names it) — with the sends the
 * member has allowed and not used, and whether they refused personalised marketing.
 */
export async function messageSettings(deps: Pick<Deps, 'db' | 'config'>, memberId: string): Promise<MessageSettings> {
  const [member, quota, rules] = await Promise.all([requireMember(deps, memberId), listQuota(deps.db, memberId), listCareRules(deps.db)]);
  const remaining = new Map(quota.map((entry) => [entry.templateId, entry.remaining]));
  const templates: Setting[] = [];
  const listed = new Set<string>();
  const add = (templateId: string, title: string, kind: Setting['kind']) => {
    // A care rule may send a configured template (e.g. the birthday greeting): it is listed once, as configured.
    if (listed.has(templateId)) return;
    listed.add(templateId);
    templates.push({ templateId, title, kind, remaining: remaining.get(templateId) ?? 0 });
  };
  for (const entry of CONFIGURED) add(deps.config.wechat.templates[entry.template], entry.title, entry.kind);
  for (const rule of rules.filter((candidate) => candidate.enabled)) {
    for (const message of ruleMessages(rule)) add(message.templateId, message.title, 'care');
  }
  return { marketingOptOut: member.marketingOptOut === true, templates };
}

/**
 * The template ids of every care rule, enabled or not: a member may report an answer for any of them
 * (a rule switched off between the page asking and the report still counts the authorization).
 */
export async function careTemplateIds(deps: Pick<Deps, 'db'>): Promise<string[]> {
  const rules = await listCareRules(deps.db);
  return [...new Set(rules.flatMap((rule) => ruleMessages(rule).map((message) => message.templateId)))];
}
