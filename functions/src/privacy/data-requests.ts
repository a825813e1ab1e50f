import {
  dataRequestDueDate,
  OPEN_DATA_REQUESTS_PER_MEMBER,
  type AnswerDataRequest,
  type DataRequestListQuery,
  type DataRequestPage,
  type DataRequestView,
  type FileDataRequest,
  type RefuseDataRequest,
  type StaffDataRequestPage,
  type StaffDataRequestQuery,
  type StaffDataRequestView,
} from '@linli/shared/data-requests';
import { shanghaiDay } from '@linli/shared/time';
import { recordAudit } from '../audit/audit-log.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { Deps } from '../deps.ts';
import { getMember } from '../members/repository.ts';
import { requireMember } from '../members/require-member.ts';
import { DomainError } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import {
  dataRequestIdForFiling,
  getDataRequest,
  listMemberDataRequests,
  putFiledDataRequest,
  queryDataRequestQueue,
  saveDataRequestChange,
  type DataRequestHandler,
  type DataRequestRecord,
  type DataRequestSummaryRecord,
} from './data-request-repository.ts';

type DataRequestDeps = Pick<Deps, 'db' | 'clock'>;

const notFound = () => new DomainError('DATA_REQUEST_NOT_FOUND', 'No such data request');
const badCursor = () =>
  new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);

/** Still open after its due day (Shanghai): the queue marks it 已超期. */
function isOverdue(request: Pick<DataRequestRecord, 'status' | 'dueDate'>, now: Date): boolean {
  return (request.status === 'submitted' || request.status === 'in_progress') && shanghaiDay(now).date > request.dueDate;
}

function buyerView(request: DataRequestRecord, now: Date): DataRequestView {
  return {
    dataRequestId: request.dataRequestId,
    kind: request.kind,
    subject: request.subject,
    reference: request.reference,
    text: request.text,
    status: request.status,
    filedAt: request.filedAt,
    dueDate: request.dueDate,
    overdue: isOverdue(request, now),
    closedAt: request.closedAt,
    answer: request.answer,
    refusalReason: request.refusalReason,
  };
}

function summaryView(summary: DataRequestSummaryRecord, now: Date) {
  return { ...summary, overdue: isOverdue(summary, now) };
}

/**
 * Files a request for the signed-in member. A retry with the same request id answers with the request
 * it filed; a member with OPEN_DATA_REQUESTS_PER_MEMBER open requests is refused until one is answered.
 * The filing is recorded in the audit log (staff changes are recorded by the routes' middleware).
 */
export async function fileDataRequest(deps: DataRequestDeps, memberId: string, request: FileDataRequest): Promise<DataRequestView> {
  const member = await requireMember(deps, memberId);
  if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Join before filing a data request');
  const earlier = await dataRequestIdForFiling(deps.db, memberId, request.requestId);
  if (earlier) return myDataRequest(deps, memberId, earlier);
  const now = deps.clock();
  const filedAt = now.toISOString();
  const record: DataRequestRecord = {
    dataRequestId: newId('dr', now),
    memberId,
    kind: request.kind,
    subject: request.subject ?? null,
    reference: request.reference ?? null,
    text: request.text,
    status: 'submitted',
    filedAt,
    dueDate: dataRequestDueDate(now),
    closedAt: null,
    answer: null,
    refusalReason: null,
    handler: null,
    history: [{ event: 'filed', at: filedAt, by: null }],
    version: 1,
  };
  const outcome = await withOptimisticRetry(async () => {
    const result = await putFiledDataRequest(deps.db, { record, requestId: request.requestId, maxOpen: OPEN_DATA_REQUESTS_PER_MEMBER });
    return result === 'conflict' ? RETRY : result;
  });
  // A concurrent submission of the same request won: answer with its request.
  if (outcome === 'duplicate') return myDataRequest(deps, memberId, (await dataRequestIdForFiling(deps.db, memberId, request.requestId))!);
  if (outcome === 'limit') {
    throw new DomainError('DATA_REQUEST_LIMIT_REACHED', `At most ${OPEN_DATA_REQUESTS_PER_MEMBER} open data requests; wait for an answer`);
  }
  await recordAudit(deps, {
    actor: { memberId, name: '', role: 'buyer' },
    kind: 'change',
    action: 'privacy.request-filed',
    memberId,
    target: { dataRequestId: record.dataRequestId },
  });
  return buyerView(record, now);
}

/** 我的数据请求, newest first. */
export async function myDataRequests(deps: DataRequestDeps, memberId: string, query: DataRequestListQuery): Promise<DataRequestPage> {
  const page = await listMemberDataRequests(deps.db, memberId, query);
  if (page === 'bad-cursor') throw badCursor();
  const now = deps.clock();
  return { items: page.items.map((request) => buyerView(request, now)), nextCursor: page.nextCursor };
}

/** One of my requests; another member's reads as none at all. */
export async function myDataRequest(deps: DataRequestDeps, memberId: string, dataRequestId: string): Promise<DataRequestView> {
  const request = await getDataRequest(deps.db, dataRequestId);
  if (!request || request.memberId !== memberId) throw notFound();
  return buyerView(request, deps.clock());
}

/** The admins' queue: open requests soonest due first (overdue leading), or one status. */
export async function dataRequestQueue(deps: DataRequestDeps, query: StaffDataRequestQuery): Promise<StaffDataRequestPage> {
  const closed = query.status === 'done' || query.status === 'refused';
  const page = await queryDataRequestQueue(deps.db, {
    closed,
    status: query.status === 'open' ? undefined : query.status,
    limit: query.limit,
    cursor: query.cursor,
  });
  if (page === 'bad-cursor') throw badCursor();
  const now = deps.clock();
  return { items: page.items.map((summary) => summaryView(summary, now)), nextCursor: page.nextCursor };
}

/** A request as an admin reads it: the buyer's text, and who the buyer is (nickname and masked phone only). */
export async function staffDataRequest(deps: DataRequestDeps, dataRequestId: string): Promise<StaffDataRequestView> {
  const request = await getDataRequest(deps.db, dataRequestId);
  if (!request) throw notFound();
  return staffView(deps, request);
}

async function staffView(deps: DataRequestDeps, request: DataRequestRecord): Promise<StaffDataRequestView> {
  const member = await getMember(deps.db, request.memberId);
  return {
    ...buyerView(request, deps.clock()),
    handler: request.handler,
    member: { memberId: request.memberId, nickname: member?.nickname ?? null, phoneMasked: member?.phoneMasked ?? null },
    history: request.history,
  };
}

/** Takes an open request (处理中) as the admin's own; another admin may take it over. */
export function takeDataRequest(deps: DataRequestDeps, admin: DataRequestHandler, dataRequestId: string): Promise<StaffDataRequestView> {
  return changeDataRequest(deps, dataRequestId, (request, at) => {
    if (request.status === 'in_progress' && request.handler?.memberId === admin.memberId) return null;
    if (request.status !== 'submitted' && request.status !== 'in_progress') {
      throw new DomainError('DATA_REQUEST_CLOSED', 'The request is answered or refused already');
    }
    return { status: 'in_progress', handler: admin, history: [...request.history, { event: 'taken', at, by: admin.name }] };
  });
}

/** Answers a request (已答复): the buyer reads the answer. Repeating the same answer changes nothing. */
export function answerDataRequest(
  deps: DataRequestDeps,
  admin: DataRequestHandler,
  dataRequestId: string,
  body: AnswerDataRequest,
): Promise<StaffDataRequestView> {
  return changeDataRequest(deps, dataRequestId, (request, at) => {
    if (request.status === 'done' && request.answer === body.answer) return null;
    if (request.status !== 'submitted' && request.status !== 'in_progress') {
      throw new DomainError('DATA_REQUEST_CLOSED', 'The request is answered or refused already');
    }
    return {
      status: 'done',
      answer: body.answer,
      closedAt: at,
      handler: admin,
      history: [...request.history, { event: 'answered', at, by: admin.name }],
    };
  });
}

/** Refuses a request (已拒绝) with a reason the buyer reads. Repeating the same refusal changes nothing. */
export function refuseDataRequest(
  deps: DataRequestDeps,
  admin: DataRequestHandler,
  dataRequestId: string,
  body: RefuseDataRequest,
): Promise<StaffDataRequestView> {
  return changeDataRequest(deps, dataRequestId, (request, at) => {
    if (request.status === 'refused' && request.refusalReason === body.reason) return null;
    if (request.status !== 'submitted' && request.status !== 'in_progress') {
      throw new DomainError('DATA_REQUEST_CLOSED', 'The request is answered or refused already');
    }
    return {
      status: 'refused',
      refusalReason: body.reason,
      closedAt: at,
      handler: admin,
      history: [...request.history, { event: 'refused', at, by: admin.name }],
    };
  });
}

/** Reads, changes (null: nothing to change) and saves a request, again from the read when someone else changed it meanwhile. */
async function changeDataRequest(
  deps: DataRequestDeps,
  dataRequestId: string,
  change: (request: DataRequestRecord, at: string) => Partial<DataRequestRecord> | null,
): Promise<StaffDataRequestView> {
  const saved = await withOptimisticRetry(async () => {
    const request = await getDataRequest(deps.db, dataRequestId);
    if (!request) throw notFound();
    const changes = change(request, deps.clock().toISOString());
    if (!changes) return request;
    const next: DataRequestRecord = { ...request, ...changes, version: request.version + 1 };
    return (await saveDataRequestChange(deps.db, request, next)) === 'saved' ? next : RETRY;
  });
  return staffView(deps, saved);
}
