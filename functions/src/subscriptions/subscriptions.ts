import type { SubscriptionPurpose, SubscriptionQuota, SubscriptionReport } from '@linli/shared/subscriptions';
import { MESSAGE_TEMPLATES } from '@linli/shared/subscriptions';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { applyQuotaChanges, listQuota, type QuotaChange } from './repository.ts';

/**
 * The purpose of each template id a member may report on: the configured ones by their name, and
 * `careTemplateIds` (care rules' templates, which the route layer reads) as 'care'. A care rule using a
 * configured template keeps the configured name.
 */
function templatesById(deps: Pick<Deps, 'config'>, careTemplateIds: readonly string[]): Map<string, SubscriptionPurpose> {
  const known = new Map<string, SubscriptionPurpose>(careTemplateIds.map((templateId) => [templateId, 'care']));
  for (const template of MESSAGE_TEMPLATES) known.set(deps.config.wechat.templates[template], template);
  return known;
}

/**
 * Records what wx.requestSubscribeMessage answered: each 'accept' is one more send WeChat will
 * allow for that template; 'ban' means none at all until the user re-enables it. Template ids other
 * than the configured ones and `careTemplateIds` are refused.
 */
export async function recordSubscriptionReport(
  deps: Pick<Deps, 'db' | 'config' | 'clock'>,
  memberId: string,
  report: SubscriptionReport,
  careTemplateIds: readonly string[] = [],
): Promise<SubscriptionQuota> {
  const known = templatesById(deps, careTemplateIds);
  const unknown = report.results.map((r, index) => ({ r, index })).filter(({ r }) => !known.has(r.templateId));
  if (unknown.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Unknown template id',
      unknown.map(({ index }) => ({ path: `results.${index}.templateId`, message: "Not one of this mini-program's templates" })),
    );
  }
  const changes: QuotaChange[] = report.results.flatMap((r): QuotaChange[] => {
    const template = known.get(r.templateId)!;
    if (r.result === 'accept') return [{ templateId: r.templateId, template, change: 'grant' }];
    if (r.result === 'ban') return [{ templateId: r.templateId, template, change: 'revoke' }];
    return [];
  });
  await applyQuotaChanges(deps.db, { memberId, changes, reportId: report.reportId, at: deps.clock().toISOString() });
  return quotaView(deps, memberId);
}

export async function quotaView(deps: Pick<Deps, 'db' | 'config'>, memberId: string): Promise<SubscriptionQuota> {
  const stored = new Map((await listQuota(deps.db, memberId)).map((q) => [q.templateId, q.remaining]));
  return {
    items: MESSAGE_TEMPLATES.map((template) => {
      const templateId = deps.config.wechat.templates[template];
      return { template, templateId, remaining: stored.get(templateId) ?? 0 };
    }),
  };
}
