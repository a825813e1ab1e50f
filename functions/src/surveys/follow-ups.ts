import type {
  FollowUpClaimRequest,
  FollowUpListQuery,
  FollowUpOutcomeRequest,
  FollowUpPage,
  FollowUpTask,
  MemberSurveys,
  SurveyQuestion,
} from '@linli/shared/surveys';
import { shanghaiDay } from '@linli/shared/time';
import { deskAgents, type DeskAgentDirectory } from '../complaints/desk-agents.ts';
import { loadDeskPolicy } from '../complaints/desk-settings.ts';
import { getComplaint, listMemberComplaints } from '../complaints/repository.ts';
import { addWorkingMillis } from '../complaints/sla.ts';
import type { Database } from '../db/client.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { TransactItem } from '../db/transact-write.ts';
import type { Deps } from '../deps.ts';
import { getMember } from '../members/repository.ts';
import { DomainError } from '../platform/domain-error.ts';
import { isJoined } from '../staff/member-summary.ts';
import {
  followUpOpenItems,
  getFollowUp,
  listMemberFollowUps,
  listMemberResponseCopies,
  readFollowUpList,
  saveFollowUp,
  surveyNames,
  type FollowUpList,
  type FollowUpRecord,
} from './follow-ups-repository.ts';
import type { SurveyResponseRecord } from './response-record.ts';
import { getSurveySettings } from './settings.ts';
import { followUpOutcomeRollupItems } from './rollups.ts';

type FollowUpDeps = Pick<Deps, 'db' | 'clock'>;

const HOUR_MS = 3600_000;

/** The task a response opens: one id per response, so a retried completion finds the task it opened. */
export const followUpTaskId = (responseId: string) => `fu_${responseId}`;

/** The survey settings' follow-up rule in force: as saved, or the defaults until first saved. */
async function followUpSettings(db: Database) {
  return (await getSurveySettings(db)).followUp;
}

/**
 * The items that open the response's follow-up (回访) task, for the completion's own transaction;
 * none when the response needs no follow-up. Assigned by the survey settings: to the owner of the
 * complaint rated (or, failing that, of the member's newest complaint on the response's order) while
 * they are active staff, else to nobody (the queue); due `slaHours` working hours after the answer
 * on the desk's business calendar. `questions` (the version answered) order the answers when the
 * task picks the comment it shows; without them the answers' own order is used.
 */
export async function followUpItems(
  deps: Pick<Deps, 'db'>,
  response: SurveyResponseRecord,
  context: { surveyName: string; questions?: readonly SurveyQuestion[] },
): Promise<TransactItem[]> {
  if (!response.followUp) return [];
  const [settings, policy] = await Promise.all([followUpSettings(deps.db), loadDeskPolicy(deps.db)]);
  const assigneeId = settings.assign === 'complaint-owner' ? await complaintOwnerOf(deps.db, response) : null;
  const createdAt = response.completedAt;
  const task: FollowUpRecord = {
    taskId: followUpTaskId(response.responseId),
    memberId: response.memberId,
    surveyId: response.surveyId,
    surveyName: context.surveyName,
    responseId: response.responseId,
    responseDay: response.day,
    reason: response.followUp.reason,
    questionId: response.followUp.questionId,
    score: response.followUp.score,
    comment: firstTextAnswer(response, context.questions),
    complaintId: response.complaintId,
    orderId: response.orderId,
    status: 'open',
    assigneeId,
    createdAt,
    dueAt: addWorkingMillis(new Date(createdAt), settings.slaHours * HOUR_MS, policy.calendar).toISOString(),
    outcome: null,
    outcomeNote: null,
    doneAt: null,
    doneBy: null,
    version: 1,
  };
  return followUpOpenItems(deps.db, task);
}

/** How many of the member's newest complaints are looked through for one on the response's order. */
const ORDER_COMPLAINTS_EXAMINED = 50;

/**
 * Who owned the complaint behind the response, if they are still active staff: the complaint rated,
 * else the member's newest complaint on the response's order that has such an owner.
 */
async function complaintOwnerOf(db: Database, response: SurveyResponseRecord): Promise<string | null> {
  let agents: DeskAgentDirectory | null = null;
  const activeOwner = async (ownerId: string | null) => {
    if (ownerId === null) return false;
    agents ??= await deskAgents(db);
    return agents.find(ownerId) !== undefined;
  };
  if (response.complaintId) {
    const complaint = await getComplaint(db, response.complaintId);
    if (complaint && complaint.memberId === response.memberId && (await activeOwner(complaint.ownerId))) return complaint.ownerId;
  }
  if (response.orderId) {
    const complaints = await listMemberComplaints(db, response.memberId, { limit: ORDER_COMPLAINTS_EXAMINED });
    if (complaints !== 'bad-cursor') {
      for (const complaint of complaints.items) {
        if (complaint.orderId === response.orderId && (await activeOwner(complaint.ownerId))) return complaint.ownerId;
      }
    }
  }
  return null;
}

/** The first text answer that is not blank, in question order when the questions are known. */
function firstTextAnswer(response: SurveyResponseRecord, questions: readonly SurveyQuestion[] | undefined): string | null {
  const order = questions ? questions.map((question) => question.questionId) : Object.keys(response.answers);
  for (const questionId of order) {
    const answer = response.answers[questionId];
    if (typeof answer === 'string' && answer.trim() !== '') return answer.trim();
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The desk's lists and views

/** At most this many index items are read for one page (only the done list drops items it reads). */
export const FOLLOW_UP_MAX_READ = 1000;

// A list's sort key: an ISO instant (due or created), '#', the task id.
const FOLLOW_UP_SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z#fu_[\w-]{1,80}$/;

function listCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const sortKey = decodeCursor(cursor, '');
  if (!sortKey || !FOLLOW_UP_SORT_KEY.test(sortKey))
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  return sortKey;
}

/** One page of follow-up tasks: open ones by due time (all, mine, unclaimed), done ones newest first. */
export async function followUpPage(deps: FollowUpDeps, staffId: string, query: FollowUpListQuery): Promise<FollowUpPage> {
  const list: FollowUpList =
    query.view === 'open'
      ? { queue: 'open' }
      : query.view === 'mine'
        ? { queue: 'owner', assigneeId: staffId }
        : query.view === 'unclaimed'
          ? { queue: 'owner', assigneeId: null }
          : { queue: 'done' };
  // One more than the page, so a full page knows whether more remain.
  const read = await readFollowUpList(deps.db, list, {
    want: query.limit + 1,
    after: listCursor(query.cursor),
    maxRead: FOLLOW_UP_MAX_READ,
  });
  const page = read.tasks.slice(0, query.limit);
  const nextCursor =
    read.tasks.length > query.limit ? encodeCursor(page.at(-1)!.sortKey) : read.stoppedAt !== null ? encodeCursor(read.stoppedAt) : null;
  return {
    items: await taskViews(
      deps,
      page.map(({ task }) => task),
    ),
    nextCursor,
  };
}

/** A task as the desk shows it: the member's nickname, the assignee's staff name, breached as of now. */
async function taskViews(deps: FollowUpDeps, tasks: readonly FollowUpRecord[]): Promise<FollowUpTask[]> {
  if (tasks.length === 0) return [];
  const now = deps.clock().toISOString();
  const [agents, members] = await Promise.all([
    deskAgents(deps.db),
    Promise.all([...new Set(tasks.map((task) => task.memberId))].map((id) => getMember(deps.db, id))),
  ]);
  const nicknames = new Map(members.filter((member) => member !== null).map((member) => [member.memberId, member.nickname]));
  return tasks.map((task) => ({
    taskId: task.taskId,
    memberId: task.memberId,
    nickname: nicknames.get(task.memberId) ?? null,
    surveyId: task.surveyId,
    surveyName: task.surveyName,
    responseId: task.responseId,
    reason: task.reason,
    score: task.score,
    comment: task.comment,
    complaintId: task.complaintId,
    orderId: task.orderId,
    status: task.status,
    assigneeId: task.assigneeId,
    assigneeName: task.assigneeId === null ? null : agents.nameOf(task.assigneeId),
    createdAt: task.createdAt,
    dueAt: task.dueAt,
    // Late once past due while open; a done task was late if its outcome came after the due time.
    breached: (task.doneAt ?? now) > task.dueAt,
    outcome: task.outcome,
    outcomeNote: task.outcomeNote,
    doneAt: task.doneAt,
    doneBy: task.doneBy,
  }));
}

async function findFollowUp(db: Database, taskId: string): Promise<FollowUpRecord> {
  const task = await getFollowUp(db, taskId);
  if (!task) throw new DomainError('FOLLOW_UP_NOT_FOUND', 'No such follow-up task');
  return task;
}

export async function followUpView(deps: FollowUpDeps, taskId: string): Promise<FollowUpTask> {
  return (await taskViews(deps, [await findFollowUp(deps.db, taskId)]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Working a task

/** Who acts on a task: supervisors and admins may assign anyone and act on any task; agents on their own or unclaimed ones. */
export interface FollowUpActor {
  id: string;
  supervises: boolean;
}

function refuseOthersTask(actor: FollowUpActor, task: FollowUpRecord) {
  if (!actor.supervises && task.assigneeId !== null && task.assigneeId !== actor.id)
    throw new DomainError('FORBIDDEN', 'Another agent holds this follow-up; a supervisor can reassign it');
}

/**
 * Takes an open task (the caller), or assigns it to an active staff member (supervisors and
 * admins). Taking a task one already holds changes nothing.
 */
export async function claimFollowUp(
  deps: FollowUpDeps,
  actor: FollowUpActor,
  taskId: string,
  request: FollowUpClaimRequest,
): Promise<FollowUpTask> {
  const assigneeId = request.assigneeId ?? actor.id;
  let assigneeChecked = assigneeId === actor.id;
  await withOptimisticRetry(async () => {
    const task = await findFollowUp(deps.db, taskId);
    if (task.status === 'done') throw new DomainError('FOLLOW_UP_DONE', 'The outcome of this follow-up is already recorded');
    if (assigneeId !== actor.id && !actor.supervises)
      throw new DomainError('FORBIDDEN', 'Only a supervisor or admin assigns a follow-up to someone else');
    if (task.assigneeId === assigneeId) return task;
    refuseOthersTask(actor, task);
    if (!assigneeChecked) {
      if (!(await deskAgents(deps.db)).find(assigneeId))
        throw new DomainError('ASSIGNEE_NOT_STAFF', 'The assignee is not an active staff member', [
          { path: 'assigneeId', message: 'Pick from GET /v1/staff/complaint-agents' },
        ]);
      assigneeChecked = true;
    }
    const saved = await saveFollowUp(deps.db, { ...task, assigneeId, version: task.version + 1 }, task.version);
    return saved === 'saved' ? task : RETRY;
  });
  return followUpView(deps, taskId);
}

/**
 * Records the outcome, once: the task is done and leaves the open lists. Agents record on their own
 * tasks or unclaimed ones (taking them), supervisors and admins on any. Exactly one outcome however
 * many arrive at once: every other is FOLLOW_UP_DONE. The survey figures' outcome counter is added in
 * the same transaction, so each outcome counts exactly once.
 */
export async function recordFollowUpOutcome(
  deps: FollowUpDeps,
  actor: FollowUpActor,
  taskId: string,
  request: FollowUpOutcomeRequest,
): Promise<FollowUpTask> {
  await withOptimisticRetry(async () => {
    const task = await findFollowUp(deps.db, taskId);
    if (task.status === 'done') throw new DomainError('FOLLOW_UP_DONE', 'The outcome of this follow-up is already recorded');
    refuseOthersTask(actor, task);
    const done: FollowUpRecord = {
      ...task,
      status: 'done',
      assigneeId: task.assigneeId ?? actor.id,
      outcome: request.outcome,
      outcomeNote: request.note,
      doneAt: deps.clock().toISOString(),
      doneBy: actor.id,
      version: task.version + 1,
    };
    // The survey figures count the outcome on the day it is recorded, in the outcome's own write: once.
    const counted = followUpOutcomeRollupItems(
      deps.db,
      task.surveyId,
      shanghaiDay(new Date(done.doneAt!)).date,
      request.outcome,
      task.memberId,
    );
    const saved = await saveFollowUp(deps.db, done, task.version, counted);
    return saved === 'saved' ? done : RETRY;
  });
  return followUpView(deps, taskId);
}

// ---------------------------------------------------------------------------------------------
// Customer 360

/** How many of a member's follow-ups and responses Customer 360 shows. */
export const MEMBER_SURVEYS_SHOWN = 20;

/** The member's follow-up tasks with their outcomes and their survey responses, newest first. */
export async function memberSurveys(deps: FollowUpDeps, memberId: string): Promise<MemberSurveys> {
  if (!isJoined(await getMember(deps.db, memberId))) throw new DomainError('NOT_FOUND', 'No such member');
  const [tasks, responses] = await Promise.all([
    listMemberFollowUps(deps.db, memberId, MEMBER_SURVEYS_SHOWN),
    listMemberResponseCopies(deps.db, memberId, MEMBER_SURVEYS_SHOWN),
  ]);
  const [followUps, names] = await Promise.all([
    taskViews(deps, tasks),
    surveyNames(
      deps.db,
      responses.map((response) => response.surveyId),
    ),
  ]);
  return {
    followUps,
    responses: responses.map((response) => ({ ...response, surveyName: names.get(response.surveyId) ?? null })),
  };
}
