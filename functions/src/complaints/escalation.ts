import { categoryName } from '@linli/shared/complaints';
import type { Deps } from '../deps.ts';
import { careMessageRecord } from '../care/care-messages-repository.ts';
import { sendWithAuthorization } from '../care/send-with-authorization.ts';
import { findMemberIdByOpenid, getMember } from '../members/repository.ts';
import { listStaff } from '../staff/repository.ts';
import type { ComplaintRecord } from './complaint-record.ts';
import { slaOf } from './complaint-clocks.ts';
import { loadDeskPolicy, type DeskPolicy } from './desk-settings.ts';
import { listQueueDueBefore } from './repository.ts';
import { inQuietHours } from './sla.ts';

type Recipient = { memberId: string; openid: string };

/** Warn the owner this long (in wall-clock time left on a running clock) before a breach. */
export const WARN_BEFORE_MS = 30 * 60_000;

export interface EscalationReport {
  quietHours: boolean;
  warnings: number;
  escalations: number;
}

type Alert = { complaint: ComplaintRecord; meter: 'firstResponse' | 'resolution'; kind: 'warn' | 'breach'; dueAt: string };

/** The alerts the queue calls for at `now`: a warning before a running clock breaches, an escalation once it has. */
export function alertsDue(queue: readonly ComplaintRecord[], now: Date, policy: DeskPolicy): Alert[] {
  const alerts: Alert[] = [];
  for (const complaint of queue) {
    const sla = slaOf(complaint, now, policy);
    for (const meter of ['firstResponse', 'resolution'] as const) {
      const clock = sla[meter];
      if (clock.state !== 'running' || !clock.dueAt) continue;
      if (clock.breached) alerts.push({ complaint, meter, kind: 'breach', dueAt: clock.dueAt });
      else if (Date.parse(clock.dueAt) - now.getTime() <= WARN_BEFORE_MS)
        alerts.push({ complaint, meter, kind: 'warn', dueAt: clock.dueAt });
    }
  }
  return alerts;
}

/**
 * Every 15 minutes: warns the owner before an SLA breach and escalates to the supervisors on a
 * breach, by subscribe message where each holds an authorization. Nothing is sent in quiet
 * hours (the next run after them sends what is still due); each alert goes to each person once
 * (per deadline), however often the job runs.
 */
export async function escalateComplaints(deps: Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>): Promise<EscalationReport> {
  const now = deps.clock();
  const policy = await loadDeskPolicy(deps.db);
  if (inQuietHours(now, policy.settings.quietHours)) return { quietHours: true, warnings: 0, escalations: 0 };
  // Only running clocks due within the warning time call for an alert: the front of the queue.
  const alerts = alertsDue(await listQueueDueBefore(deps.db, new Date(now.getTime() + WARN_BEFORE_MS + 1).toISOString()), now, policy);
  // The supervisors are looked up once per run, not once per breached complaint.
  const supervisors: Recipient[] = [];
  if (alerts.some((a) => a.kind === 'breach')) {
    for (const supervisor of (await listStaff(deps.db)).filter((s) => s.role === 'supervisor')) {
      const link = await findMemberIdByOpenid(deps.db, supervisor.openid);
      if (link) supervisors.push({ memberId: link.memberId, openid: supervisor.openid });
    }
  }
  const templateId = deps.config.wechat.templates.complaintAlert;
  const report: EscalationReport = { quietHours: false, warnings: 0, escalations: 0 };
  for (const alert of alerts) {
    const recipients: Recipient[] = [];
    if (alert.kind === 'warn' && alert.complaint.ownerId) {
      const owner = await getMember(deps.db, alert.complaint.ownerId);
      if (owner) recipients.push({ memberId: owner.memberId, openid: owner.openid });
    }
    if (alert.kind === 'breach') recipients.push(...supervisors);
    for (const { memberId, openid } of recipients) {
      const outcome = await sendWithAuthorization(deps, {
        record: careMessageRecord(deps.db, {
          memberId,
          occasion: `complaint-alert#${alert.complaint.complaintId}#${alert.meter}#${alert.kind}#${alert.dueAt}`,
          templateId,
        }),
        memberId,
        openid,
        templateId,
        page: `staff/pages/complaints/detail/index?id=${alert.complaint.complaintId}`,
        data: {
          thing1: { value: `${categoryName(policy.settings, alert.complaint.category)}投诉`.slice(0, 20) },
          phrase2: { value: alert.kind === 'breach' ? '已超时' : '即将超时' },
          thing3: { value: alert.meter === 'firstResponse' ? '首次响应时限' : '解决时限' },
        },
      });
      if (outcome !== 'sent') continue;
      if (alert.kind === 'warn') report.warnings++;
      else report.escalations++;
    }
  }
  deps.logger.info('complaint escalation done', { ...report });
  return report;
}
