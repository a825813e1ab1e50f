import { categoryName, COMPLAINT_STATUS_ZH, type ComplaintStatus } from '@linli/shared/complaints';
import { shanghaiDateTime, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { careMessageRecord } from '../care/care-messages-repository.ts';
import { sendWithAuthorization } from '../care/send-with-authorization.ts';
import { getMember } from '../members/repository.ts';
import type { ComplaintRecord } from './complaint-record.ts';
import { getDeskSettings } from './desk-settings.ts';

type NotifyDeps = Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>;

function when(at: string): string {
  const day = shanghaiDay(new Date(at));
  const time = shanghaiDateTime(new Date(at)).slice(11);
  return `${day.year}年${day.month}月${day.day}日 ${time}`;
}

/**
 * Tells the buyer their complaint moved (acknowledged, answered, resolved), by subscribe message
 * only where they hold an authorization; once per occasion. Best effort: a failure is logged and
 * never undoes the change the desk made.
 */
export async function notifyBuyer(
  deps: NotifyDeps,
  complaint: ComplaintRecord,
  occasion: { id: string; what: string; status: ComplaintStatus; at: string },
) {
  try {
    const member = await getMember(deps.db, complaint.memberId);
    if (!member) return;
    const templateId = deps.config.wechat.templates.complaintUpdate;
    await sendWithAuthorization(deps, {
      record: careMessageRecord(deps.db, {
        memberId: member.memberId,
        occasion: `complaint#${complaint.complaintId}#${occasion.id}`,
        templateId,
      }),
      memberId: member.memberId,
      openid: member.openid,
      templateId,
      page: `pages/complaints/detail/index?id=${complaint.complaintId}`,
      data: {
        thing1: { value: `${categoryName(await getDeskSettings(deps.db), complaint.category)}投诉`.slice(0, 20) },
        phrase2: { value: COMPLAINT_STATUS_ZH[occasion.status].slice(0, 5) },
        thing3: { value: occasion.what.slice(0, 20) },
        time4: { value: when(occasion.at) },
      },
    });
  } catch (error) {
    deps.logger.warn('complaint update notice failed', { complaintId: complaint.complaintId, error: error as Error });
  }
}

/**
 * Tells a staff member a complaint was handed to them (complaint-alert template), where they hold
 * an authorization; once per assignment. Best effort, like the buyer's notices.
 */
export async function notifyAssignee(
  deps: NotifyDeps,
  complaint: ComplaintRecord,
  assignment: { memberId: string; byName: string | null },
) {
  try {
    const assignee = await getMember(deps.db, assignment.memberId);
    if (!assignee) return;
    const templateId = deps.config.wechat.templates.complaintAlert;
    await sendWithAuthorization(deps, {
      record: careMessageRecord(deps.db, {
        memberId: assignee.memberId,
        occasion: `complaint-assigned#${complaint.complaintId}#${complaint.version}`,
        templateId,
      }),
      memberId: assignee.memberId,
      openid: assignee.openid,
      templateId,
      page: `staff/pages/complaints/detail/index?id=${complaint.complaintId}`,
      data: {
        thing1: { value: `${categoryName(await getDeskSettings(deps.db), complaint.category)}投诉`.slice(0, 20) },
        phrase2: { value: '已指派给您' },
        thing3: { value: `${assignment.byName ?? '主管'}指派`.slice(0, 20) },
      },
    });
  } catch (error) {
    deps.logger.warn('complaint assignment notice failed', { complaintId: complaint.complaintId, error: error as Error });
  }
}
