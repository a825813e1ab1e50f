import type { SubscriptionQuota, SubscriptionReport, MessageTemplate } from '@linli/shared/subscriptions';
import { MESSAGE_TEMPLATES } from '@linli/shared/subscriptions';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { applyQuotaChanges, listQuota, type QuotaChange } from './repository.ts';

/** Template key for each configured WeChat template id. */
function templatesById(deps: Pick<Deps, 'config'>): Map<string, MessageTemplate> {
  return new Map(MESSAGE_TEMPLATES.map((template) => [deps.config.wechat.templates[template], template]));
}

/**
 * Records what wx.requestSubscribeMessage answered: each 'accept' is one more send WeChat will
 * allow for that template; 'ban' means none at all until the user re-enables it.
 */
export async function recordSubscriptionReport(
  deps: Pick<Deps, 'db' | 'config' | 'clock'>,
  memberId: string,
  report: SubscriptionReport,
): Promise<SubscriptionQuota> {
  const known = templatesById(deps);
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
