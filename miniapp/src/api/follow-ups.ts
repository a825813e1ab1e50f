import { FollowUpPage, FollowUpTask, MemberSurveys, type FollowUpOutcomeRequest, type FollowUpView } from '@linli/shared/surveys';
import { callApi } from './contract';

// Follow-ups (回访): the desk's task for every unhappy survey answer (admin, supervisor, agent).

const PAGE_SIZE = 20;

/** 回访任务: one page of a list (open, mine and unclaimed soonest due first; done newest first). */
export function listFollowUps(view: FollowUpView, cursor?: string) {
  return callApi(FollowUpPage, 'GET', '/v1/staff/follow-ups', { query: { view, limit: PAGE_SIZE, cursor } });
}

/** Takes an open task (no assignee), or hands it to a staff member (supervisors and admins). */
export function claimFollowUp(taskId: string, assigneeId?: string) {
  return callApi(FollowUpTask, 'POST', '/v1/staff/follow-ups/:taskId/claim', {
    param: { taskId },
    body: assigneeId ? { assigneeId } : {},
  });
}

/** Closes the task with what came of it, once; a second outcome is FOLLOW_UP_DONE. */
export function recordFollowUpOutcome(taskId: string, request: FollowUpOutcomeRequest) {
  return callApi(FollowUpTask, 'POST', '/v1/staff/follow-ups/:taskId/outcome', { param: { taskId }, body: request });
}

/** 客户画像's 问卷与回访: the member's newest survey responses and follow-up tasks. */
export function getMemberSurveys(memberId: string) {
  return callApi(MemberSurveys, 'GET', '/v1/staff/members/:memberId/surveys', { param: { memberId } });
}
