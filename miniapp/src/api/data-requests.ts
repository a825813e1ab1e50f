import {
  DataRequestPage,
  DataRequestView,
  StaffDataRequestPage,
  StaffDataRequestView,
  type FileDataRequest,
  type StaffDataRequestQuery,
} from '@linli/shared/data-requests';
import { callApi } from './contract';

// 数据请求: buyers file and follow requests about their personal data; admins answer them. A filing
// carries a requestId made once per form submission and reused on retry, so a retry files once.

const PAGE_SIZE = 20;

/** 提交数据请求 (joined members). */
export function fileDataRequest(request: FileDataRequest) {
  return callApi(DataRequestView, 'POST', '/v1/me/data-requests', { body: request });
}

/** 我的数据请求, newest first. */
export function listMyDataRequests(cursor?: string) {
  return callApi(DataRequestPage, 'GET', '/v1/me/data-requests', { query: { limit: PAGE_SIZE, cursor } });
}

/** 数据请求 (admins): open ones soonest due first, or one status. */
export function listStaffDataRequests(status: StaffDataRequestQuery['status'], cursor?: string) {
  return callApi(StaffDataRequestPage, 'GET', '/v1/staff/data-requests', { query: { status, limit: PAGE_SIZE, cursor } });
}

/** One request with the buyer's text (each read is recorded in the audit log). */
export function getStaffDataRequest(dataRequestId: string) {
  return callApi(StaffDataRequestView, 'GET', '/v1/staff/data-requests/:dataRequestId', { param: { dataRequestId } });
}

export function takeDataRequest(dataRequestId: string) {
  return callApi(StaffDataRequestView, 'POST', '/v1/staff/data-requests/:dataRequestId/take', { param: { dataRequestId } });
}

/** 答复: the buyer reads the answer. */
export function answerDataRequest(dataRequestId: string, answer: string) {
  return callApi(StaffDataRequestView, 'POST', '/v1/staff/data-requests/:dataRequestId/answer', {
    param: { dataRequestId },
    body: { answer },
  });
}

/** 拒绝: the reason is required, and the buyer reads it. */
export function refuseDataRequest(dataRequestId: string, reason: string) {
  return callApi(StaffDataRequestView, 'POST', '/v1/staff/data-requests/:dataRequestId/refuse', {
    param: { dataRequestId },
    body: { reason },
  });
}
