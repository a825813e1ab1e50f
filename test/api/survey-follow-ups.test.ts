import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowUpPage, FollowUpTask, MemberSurveys } from '@linli/shared/surveys';
import { shanghaiDateOf } from '@linli/shared/time';
import { keys } from '../../functions/src/db/keys.ts';
import { transactWrite } from '../../functions/src/db/transact-write.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { followUpItems, followUpTaskId, recordFollowUpOutcome } from '../../functions/src/surveys/follow-ups.ts';
import { shanghaiDay } from '@linli/shared/time';
import { listSurveyStats } from '../../functions/src/surveys/insight-repository.ts';
import { coverDays, sumStats } from '../../functions/src/surveys/rollups.ts';
import type { SurveyResponseRecord } from '../../functions/src/surveys/response-record.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

// Closing the loop (回访): an unhappy answer opens a task in the desk — assigned by the survey
// settings, due in the desk's working hours — which staff claim and close with an outcome, once;
// the member's tasks and responses show on Customer 360.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
type Who = 'buyer' | 'buyer2' | 'agent' | 'agent2' | 'agent3' | 'supervisor' | 'admin';
const tokens = {} as Record<Who, string>;
const ids = {} as Record<Who, string>;

// Tuesday 2026-11-24 10:00 in Shanghai: a working day, 09:00–18:00 by default.
const TUESDAY_10 = '2026-11-24T02:00:00.000Z';

beforeAll(async () => {
  stack = await createTestStack({ now: TUESDAY_10, env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const [who, role, name] of [
    ['agent', 'agent', '客服小林'],
    ['agent2', 'agent', '客服小周'],
    ['agent3', 'agent', '客服小陈'],
    ['supervisor', 'supervisor', '主管老王'],
    ['admin', 'admin', '店主'],
  ] as const) {
    await putStaff(stack.deps.db, { openid: `o-fu-${who}`, role, name, at: stack.clock().toISOString() });
    const session = await api.login(`fu-${who}`);
    tokens[who] = session.token;
    ids[who] = session.member.memberId;
  }
  for (const who of ['buyer', 'buyer2'] as const) {
    const session = await api.login(`fu-${who}`);
    expect((await api.join(session.token)).status).toBe(200);
    expect((await api.json('PATCH', '/v1/me', { nickname: who === 'buyer' ? '橙子爱好者' : '隔壁老李' }, session.token)).status).toBe(200);
    tokens[who] = session.token;
    ids[who] = session.member.memberId;
  }
});
afterAll(() => stack.close());

let responses = 0;
/** A completed response as the surveys' completion stores it: an NPS of 3 with a comment, now. */
function response(overrides: Partial<SurveyResponseRecord> = {}): SurveyResponseRecord {
  responses++;
  const completedAt = stack.clock().toISOString();
  return {
    responseId: `sr_test${String(responses).padStart(4, '0')}`,
    surveyId: 'sv_after-order',
    version: 1,
    memberId: ids.buyer,
    answers: { q1: 3, q2: ['o1'], q3: '  送货太慢了，水果也压坏了 ' },
    source: 'invitation',
    orderId: null,
    complaintId: null,
    completedAt,
    day: shanghaiDateOf(Date.parse(completedAt)),
    segments: { tier: null, rfmClass: null, stage: null, region: null, category: null },
    followUp: { reason: 'nps-detractor', questionId: 'q1', score: 3 },
    rewardPoints: 0,
    ...overrides,
  };
}

/** Opens the response's task as the completion does: its items in one transaction. */
async function openTask(record: SurveyResponseRecord, surveyName = '购后满意度'): Promise<string> {
  const items = await followUpItems(stack.deps, record, { surveyName });
  expect(items.length).toBeGreaterThan(0);
  expect((await transactWrite(stack.deps.db, items)).committed).toBe(true);
  return followUpTaskId(record.responseId);
}

const task = async (taskId: string, token = tokens.agent): Promise<FollowUpTask> => {
  const answer = await api.json('GET', `/v1/staff/follow-ups/${taskId}`, undefined, token);
  expect(answer.status).toBe(200);
  return answer.json();
};
const claim = (taskId: string, token: string, body: unknown = {}) => api.json('POST', `/v1/staff/follow-ups/${taskId}/claim`, body, token);
const outcome = (taskId: string, token: string, body: unknown = { outcome: 'contacted', note: '已电话沟通，补发一箱' }) =>
  api.json('POST', `/v1/staff/follow-ups/${taskId}/outcome`, body, token);
const errorCode = async (answer: Response) => ((await answer.json()) as { error: { code: string } }).error.code;

/** Every task of a list, walking its pages. */
async function wholeList(view: string, token = tokens.agent, limit = 50): Promise<FollowUpTask[]> {
  const all: FollowUpTask[] = [];
  let cursor: string | null = null;
  do {
    const answer = await api.json(
      'GET',
      `/v1/staff/follow-ups?view=${view}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      undefined,
      token,
    );
    expect(answer.status).toBe(200);
    const page = (await answer.json()) as FollowUpPage;
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

async function fileComplaint(overrides: Record<string, unknown> = {}): Promise<string> {
  const answer = await api.json(
    'POST',
    '/v1/me/complaints',
    { requestId: randomUUID(), category: 'quality', description: '橙子有一半是坏的', contactPreference: 'wechat', ...overrides },
    tokens.buyer,
  );
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { complaintId: string }).complaintId;
}

async function putSurveySettings(followUp: { assign: 'complaint-owner' | 'queue'; slaHours: number } | null) {
  if (followUp === null)
    await stack.deps.db.doc.send(new DeleteCommand({ TableName: stack.deps.db.tableName, Key: keys.surveySettings() }));
  else
    await stack.deps.db.doc.send(
      new PutCommand({ TableName: stack.deps.db.tableName, Item: { ...keys.surveySettings(), recontactDays: 30, followUp, version: 1 } }),
    );
}

describe('opening a follow-up', () => {
  it("assigns it to the owner of the complaint rated, due 8 working hours after the answer, with the response's first text answer", async () => {
    stack.clock.set(TUESDAY_10);
    const complaintId = await fileComplaint();
    expect((await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent)).status).toBe(200);
    const taskId = await openTask(response({ complaintId, source: 'complaint', surveyId: 'sv_complaint-resolution' }), '投诉处理满意度');
    expect(await task(taskId)).toEqual({
      taskId,
      memberId: ids.buyer,
      nickname: '橙子爱好者',
      surveyId: 'sv_complaint-resolution',
      surveyName: '投诉处理满意度',
      responseId: expect.stringMatching(/^sr_test/),
      reason: 'nps-detractor',
      score: 3,
      comment: '送货太慢了，水果也压坏了',
      complaintId,
      orderId: null,
      status: 'open',
      assigneeId: ids.agent,
      assigneeName: '客服小林',
      createdAt: TUESDAY_10,
      // Tuesday 10:00 + 8 working hours = Tuesday 18:00, closing time (due then, not at the next opening).
      dueAt: '2026-11-24T10:00:00.000Z',
      breached: false,
      outcome: null,
      outcomeNote: null,
      doneAt: null,
      doneBy: null,
    });
  });

  it("else to the owner of the member's complaint on the response's order; another order's answer goes to the queue", async () => {
    stack.clock.set(TUESDAY_10);
    const order = sampleOrder({ openid: 'o-fu-buyer', paidAt: '2026-11-20T02:00:00.000Z' });
    expect((await api.postOrder(order)).status).toBe(200);
    const complaintId = await fileComplaint({ orderId: order.orderId, category: 'logistics' });
    await fileComplaint(); // a newer complaint on no order, owned by nobody
    expect(
      (await api.json('POST', `/v1/staff/complaints/${complaintId}/assign`, { assigneeId: ids.agent2 }, tokens.supervisor)).status,
    ).toBe(200);
    expect((await task(await openTask(response({ orderId: order.orderId })))).assigneeId).toBe(ids.agent2);
    expect((await task(await openTask(response({ orderId: 'o-another-order' })))).assigneeId).toBeNull();
  });

  it('goes to the queue when the complaint has no owner, its owner has left the staff, or there is no complaint', async () => {
    const unowned = await fileComplaint();
    expect((await task(await openTask(response({ complaintId: unowned })))).assigneeId).toBeNull();

    const owned = await fileComplaint();
    expect((await api.json('POST', `/v1/staff/complaints/${owned}/claim`, undefined, tokens.agent3)).status).toBe(200);
    expect((await task(await openTask(response({ complaintId: owned })))).assigneeId).toBe(ids.agent3);
    expect((await api.json('PATCH', '/v1/staff/team/o-fu-agent3', { active: false }, tokens.admin)).status).toBe(200);
    expect((await task(await openTask(response({ complaintId: owned })))).assigneeId).toBeNull();

    expect((await task(await openTask(response()))).assigneeId).toBeNull();
  });

  it("ignores another member's complaint named on the response", async () => {
    const complaintId = await fileComplaint();
    expect((await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent)).status).toBe(200);
    expect((await task(await openTask(response({ memberId: ids.buyer2, complaintId })))).assigneeId).toBeNull();
  });

  it('with the settings on queue, goes unclaimed even for an owned complaint, due after their SLA hours', async () => {
    stack.clock.set(TUESDAY_10);
    const complaintId = await fileComplaint();
    expect((await api.json('POST', `/v1/staff/complaints/${complaintId}/claim`, undefined, tokens.agent)).status).toBe(200);
    await putSurveySettings({ assign: 'queue', slaHours: 4 });
    try {
      const opened = await task(await openTask(response({ complaintId })));
      expect(opened).toMatchObject({ assigneeId: null, assigneeName: null, dueAt: '2026-11-24T06:00:00.000Z' });
    } finally {
      await putSurveySettings(null);
    }
  });

  it("is due in the desk's working hours: an answer on Friday evening is due on Monday", async () => {
    stack.clock.set('2026-11-27T11:00:00.000Z'); // Friday 19:00 Shanghai, after closing
    const taskId = await openTask(response());
    // 8 working hours from Monday 09:00 is Monday 17:00 Shanghai.
    expect((await task(taskId)).dueAt).toBe('2026-11-30T09:00:00.000Z');
    stack.clock.set('2026-11-30T09:00:00.000Z');
    expect((await task(taskId)).breached).toBe(false);
    stack.clock.set('2026-11-30T09:00:01.000Z');
    expect((await task(taskId)).breached).toBe(true);
    stack.clock.set(TUESDAY_10);
  });

  it('opens nothing for a response that needs no follow-up, and one task however often the completion is retried', async () => {
    expect(await followUpItems(stack.deps, response({ followUp: null }), { surveyName: '购后满意度' })).toEqual([]);
    const record = response({ memberId: ids.buyer2 });
    const taskId = await openTask(record);
    expect((await claim(taskId, tokens.agent)).status).toBe(200);
    const retried = await transactWrite(stack.deps.db, await followUpItems(stack.deps, record, { surveyName: '购后满意度' }));
    expect(retried.committed).toBe(false);
    // The worked task is not reopened nor handed back to the queue.
    expect((await task(taskId)).assigneeId).toBe(ids.agent);
    const listed = (await wholeList('open')).filter((t) => t.responseId === record.responseId);
    expect(listed).toHaveLength(1);
  });
});

describe('the desk lists', () => {
  it('list open tasks by due time, mine and unclaimed ones apart, every open task once when paged one by one', async () => {
    stack.clock.set('2026-11-25T01:30:00.000Z');
    const mine = await openTask(response());
    expect((await claim(mine, tokens.agent)).status).toBe(200);
    const unclaimed = await openTask(response());

    const open = await wholeList('open');
    expect(open.map((t) => t.dueAt)).toEqual([...open.map((t) => t.dueAt)].sort());
    expect(open.every((t) => t.status === 'open')).toBe(true);
    const pagedOneByOne = await wholeList('open', tokens.agent, 1);
    expect(pagedOneByOne.map((t) => t.taskId)).toEqual(open.map((t) => t.taskId));

    const agentsOwn = await wholeList('mine');
    expect(agentsOwn.map((t) => t.taskId)).toContain(mine);
    expect(agentsOwn.every((t) => t.assigneeId === ids.agent)).toBe(true);
    expect((await wholeList('mine', tokens.agent2)).map((t) => t.taskId)).not.toContain(mine);
    const queue = await wholeList('unclaimed');
    expect(queue.map((t) => t.taskId)).toContain(unclaimed);
    expect(queue.map((t) => t.taskId)).not.toContain(mine);
    expect(queue.every((t) => t.assigneeId === null)).toBe(true);
    expect(open.length).toBe(queue.length + open.filter((t) => t.assigneeId !== null).length);
  });

  it('refuses a cursor it did not issue', async () => {
    const answer = await api.json(
      'GET',
      `/v1/staff/follow-ups?view=open&cursor=${Buffer.from('nope').toString('base64url')}`,
      undefined,
      tokens.agent,
    );
    expect(answer.status).toBe(400);
    expect(await errorCode(answer)).toBe('VALIDATION_FAILED');
  });
});

describe('claiming and recording the outcome', () => {
  it('lets an agent take an unclaimed task, and not one another agent holds; supervisors assign to active staff only', async () => {
    const taskId = await openTask(response());
    const taken = await claim(taskId, tokens.agent);
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ assigneeId: ids.agent, assigneeName: '客服小林' });
    expect((await claim(taskId, tokens.agent)).status).toBe(200); // taking it again changes nothing

    const stolen = await claim(taskId, tokens.agent2);
    expect(stolen.status).toBe(403);
    expect(await errorCode(stolen)).toBe('FORBIDDEN');
    const handedOn = await claim(taskId, tokens.agent, { assigneeId: ids.agent2 });
    expect(handedOn.status).toBe(403);

    for (const assigneeId of [ids.buyer, ids.agent3, 'm_nobody']) {
      const refused = await claim(taskId, tokens.supervisor, { assigneeId });
      expect(refused.status).toBe(422);
      expect(await errorCode(refused)).toBe('ASSIGNEE_NOT_STAFF');
    }
    const assigned = await claim(taskId, tokens.supervisor, { assigneeId: ids.agent2 });
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({ assigneeId: ids.agent2, assigneeName: '客服小周' });
    expect((await wholeList('mine', tokens.agent2)).map((t) => t.taskId)).toContain(taskId);
    expect((await wholeList('mine', tokens.agent)).map((t) => t.taskId)).not.toContain(taskId);

    const taken2 = await claim(taskId, tokens.admin);
    expect(await taken2.json()).toMatchObject({ assigneeId: ids.admin, assigneeName: '店主' });
  });

  it("records an agent's outcome on an unclaimed task (taking it), once: the task leaves the open lists for the done list", async () => {
    stack.clock.set('2026-11-25T03:00:00.000Z');
    const taskId = await openTask(response());
    stack.clock.set('2026-11-25T05:00:00.000Z');
    const recorded = await outcome(taskId, tokens.agent, { outcome: 'resolved', note: '补发一箱，客户满意' });
    expect(recorded.status).toBe(200);
    expect(await recorded.json()).toMatchObject({
      status: 'done',
      assigneeId: ids.agent,
      outcome: 'resolved',
      outcomeNote: '补发一箱，客户满意',
      doneAt: '2026-11-25T05:00:00.000Z',
      doneBy: ids.agent,
      breached: false,
    });

    const again = await outcome(taskId, tokens.supervisor);
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('FOLLOW_UP_DONE');
    const claimDone = await claim(taskId, tokens.agent2);
    expect(claimDone.status).toBe(409);
    expect(await errorCode(claimDone)).toBe('FOLLOW_UP_DONE');
    expect((await task(taskId)).outcome).toBe('resolved');

    for (const view of ['open', 'mine', 'unclaimed']) expect((await wholeList(view)).map((t) => t.taskId)).not.toContain(taskId);
    const done = await wholeList('done');
    expect(done.map((t) => t.taskId)).toContain(taskId);
    expect(done.every((t) => t.status === 'done')).toBe(true);
    expect(done.map((t) => t.createdAt)).toEqual([...done.map((t) => t.createdAt)].sort().reverse());
    expect((await wholeList('done', tokens.agent, 1)).map((t) => t.taskId)).toEqual(done.map((t) => t.taskId));
  });

  it("keeps an agent off another agent's task; a supervisor records on any, leaving the assignee", async () => {
    const taskId = await openTask(response());
    expect((await claim(taskId, tokens.supervisor, { assigneeId: ids.agent2 })).status).toBe(200);
    const refused = await outcome(taskId, tokens.agent);
    expect(refused.status).toBe(403);
    expect((await task(taskId)).status).toBe('open');
    const recorded = await outcome(taskId, tokens.supervisor, { outcome: 'unreachable', note: '三次电话未接通' });
    expect(recorded.status).toBe(200);
    expect(await recorded.json()).toMatchObject({ assigneeId: ids.agent2, doneBy: ids.supervisor, outcome: 'unreachable' });
  });

  it('marks a task done late as breached', async () => {
    stack.clock.set(TUESDAY_10);
    const taskId = await openTask(response());
    stack.clock.set('2026-11-25T02:00:00.000Z'); // Wednesday 10:00, past Tuesday 18:00
    expect((await task(taskId)).breached).toBe(true);
    expect(await (await outcome(taskId, tokens.agent)).json()).toMatchObject({ status: 'done', breached: true });
    stack.clock.set('2026-12-10T02:00:00.000Z');
    expect((await task(taskId)).breached).toBe(true);
    stack.clock.set(TUESDAY_10);
  });

  it('refuses a bad outcome and an unknown task', async () => {
    const taskId = await openTask(response());
    for (const body of [{ outcome: 'forgotten', note: '…' }, { outcome: 'resolved', note: '  ' }, { outcome: 'resolved' }]) {
      const refused = await outcome(taskId, tokens.agent, body);
      expect(refused.status).toBe(400);
      expect(await errorCode(refused)).toBe('VALIDATION_FAILED');
    }
    expect((await task(taskId)).status).toBe('open');
    for (const answer of [
      await api.json('GET', '/v1/staff/follow-ups/fu_sr_nope', undefined, tokens.agent),
      await claim('fu_sr_nope', tokens.agent),
      await outcome('fu_sr_nope', tokens.agent),
    ]) {
      expect(answer.status).toBe(404);
      expect(await errorCode(answer)).toBe('FOLLOW_UP_NOT_FOUND');
    }
  });

  it('records exactly one outcome when many arrive at once', async () => {
    const taskId = await openTask(response());
    const notes = Array.from({ length: 10 }, (_, i) => `第 ${i + 1} 次点击`);
    const answers = await Promise.all(
      notes.map((note, i) => outcome(taskId, i % 2 === 0 ? tokens.agent : tokens.supervisor, { outcome: 'contacted', note })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
    const winner = (await answers[statuses.indexOf(200)]!.json()) as FollowUpTask;
    expect((await task(taskId)).outcomeNote).toBe(winner.outcomeNote);
  });

  it("counts the outcome in the survey's figures in the outcome's own transaction: exactly once, however many arrive at once", async () => {
    const record = response({ surveyId: 'sv_outcome-count' });
    const taskId = await openTask(record);
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        recordFollowUpOutcome(stack.deps, { id: ids.supervisor, supervises: true }, taskId, { outcome: 'declined', note: '客户不愿沟通' }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const today = shanghaiDay(stack.clock()).date;
    const { counters } = sumStats(await listSurveyStats(stack.deps.db, record.surveyId, coverDays(today, today)));
    expect(counters['fo#declined']).toBe(1);
  });
});

describe('who may call the follow-up routes', () => {
  it('refuses buyers (even with their own ids) and callers without a session', async () => {
    const taskId = await openTask(response());
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/v1/staff/follow-ups'],
      ['GET', `/v1/staff/follow-ups/${taskId}`],
      ['POST', `/v1/staff/follow-ups/${taskId}/claim`, {}],
      ['POST', `/v1/staff/follow-ups/${taskId}/outcome`, { outcome: 'resolved', note: '我自己处理好了' }],
      ['GET', `/v1/staff/members/${ids.buyer}/surveys`],
    ];
    for (const [method, path, body] of routes) {
      const asBuyer = await api.json(method, path, body, tokens.buyer);
      expect(asBuyer.status, `${method} ${path}`).toBe(403);
      expect((await api.json(method, path, body)).status, `${method} ${path}`).toBe(401);
    }
    expect((await task(taskId)).status).toBe('open');
  });
});

describe('Customer 360', () => {
  it("shows the member's follow-ups with their outcomes and their survey responses, newest first, and no one else's", async () => {
    const db = stack.deps.db;
    stack.clock.set('2026-12-01T02:00:00.000Z');
    const older = await openTask(response());
    stack.clock.set('2026-12-01T03:00:00.000Z');
    const newer = await openTask(response());
    expect((await outcome(older, tokens.agent, { outcome: 'resolved', note: '已退款' })).status).toBe(200);
    // The survey's head and the member's copies of responses, as the surveys' completion writes them.
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...keys.surveyHead('sv_after-order'), surveyId: 'sv_after-order', definition: { name: '购后满意度' } },
      }),
    );
    for (const [completedAt, responseId, headline] of [
      ['2026-12-01T02:00:00.000Z', 'sr_copy1', { questionId: 'q1', kind: 'nps', score: 3 }],
      ['2026-12-01T04:00:00.000Z', 'sr_copy2', null],
    ] as const) {
      await db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: {
            ...keys.memberSurveyResponse(ids.buyer, completedAt, responseId),
            surveyId: 'sv_after-order',
            responseId,
            completedAt,
            headline,
          },
        }),
      );
    }
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...keys.memberSurveyResponse(ids.buyer, '2026-12-01T05:00:00.000Z', 'sr_copy3'),
          surveyId: 'sv_gone',
          responseId: 'sr_copy3',
          completedAt: '2026-12-01T05:00:00.000Z',
          headline: { questionId: 'q1', kind: 'csat', score: 2 },
        },
      }),
    );

    const answer = await api.json('GET', `/v1/staff/members/${ids.buyer}/surveys`, undefined, tokens.agent);
    expect(answer.status).toBe(200);
    const surveys = (await answer.json()) as MemberSurveys;
    expect(surveys.followUps.slice(0, 2).map((t) => t.taskId)).toEqual([newer, older]);
    expect(surveys.followUps[1]).toMatchObject({ status: 'done', outcome: 'resolved', outcomeNote: '已退款' });
    expect(surveys.followUps.every((t) => t.memberId === ids.buyer)).toBe(true);
    expect(surveys.followUps.length).toBeLessThanOrEqual(20);
    expect(surveys.responses).toEqual([
      {
        surveyId: 'sv_gone',
        surveyName: null,
        responseId: 'sr_copy3',
        completedAt: '2026-12-01T05:00:00.000Z',
        headline: { questionId: 'q1', kind: 'csat', score: 2 },
      },
      {
        surveyId: 'sv_after-order',
        surveyName: '购后满意度',
        responseId: 'sr_copy2',
        completedAt: '2026-12-01T04:00:00.000Z',
        headline: null,
      },
      {
        surveyId: 'sv_after-order',
        surveyName: '购后满意度',
        responseId: 'sr_copy1',
        completedAt: '2026-12-01T02:00:00.000Z',
        headline: { questionId: 'q1', kind: 'nps', score: 3 },
      },
    ]);

    const others = (await (
      await api.json('GET', `/v1/staff/members/${ids.buyer2}/surveys`, undefined, tokens.supervisor)
    ).json()) as MemberSurveys;
    expect(others.responses).toEqual([]);
    expect(others.followUps.every((t) => t.memberId === ids.buyer2)).toBe(true);
    expect(others.followUps.map((t) => t.taskId)).not.toContain(newer);

    const missing = await api.json('GET', '/v1/staff/members/m_nobody/surveys', undefined, tokens.agent);
    expect(missing.status).toBe(404);
    stack.clock.set(TUESDAY_10);
  });
});
