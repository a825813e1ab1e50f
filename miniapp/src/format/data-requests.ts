import { DATA_REQUEST_STATUS_ZH, type DataRequestStatus, type DataRequestView } from '@linli/shared/data-requests';
import { formatShanghaiDate } from './time';

/** "2026-12-09" → "12月9日". */
export function dueDayText(dueDate: string): string {
  const [, month, day] = dueDate.split('-').map(Number);
  return `${month}月${day}日`;
}

/** When the answer comes, as the buyer and the admins read it: 预计12月9日前答复, 已超期…, 已于…答复. */
export function answerTimeText(request: Pick<DataRequestView, 'status' | 'dueDate' | 'overdue' | 'closedAt'>): string {
  if (request.closedAt) return `${DATA_REQUEST_STATUS_ZH[request.status]}于 ${formatShanghaiDate(request.closedAt)}`;
  if (request.overdue) return `已超期（应于${dueDayText(request.dueDate)}前答复）`;
  return `预计${dueDayText(request.dueDate)}前答复`;
}

/** Whether the request still waits for an answer. */
export function isDataRequestOpen(status: DataRequestStatus): boolean {
  return status === 'submitted' || status === 'in_progress';
}
