import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { FollowUpTask } from '@linli/shared/surveys';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

// 回访任务 and 客户画像's 问卷与回访 in the real WeChat build, against canned API answers.

const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

function task(overrides: Partial<FollowUpTask> = {}): FollowUpTask {
  return {
    taskId: 'fu_sr_0001',
    memberId: 'mem-001',
    nickname: '橙子爱好者',
    surveyId: 'sv_after-order',
    surveyName: '购后满意度',
    responseId: 'sr_0001',
    reason: 'nps-detractor',
    score: 3,
    comment: '送货太慢了，水果也压坏了',
    complaintId: null,
    orderId: null,
    status: 'open',
    assigneeId: null,
    assigneeName: null,
    createdAt: '2026-11-24T02:00:00.000Z',
    dueAt: '2026-11-24T10:00:00.000Z',
    breached: false,
    outcome: null,
    outcomeNote: null,
    doneAt: null,
    doneBy: null,
    ...overrides,
  };
}

const AGENTS: CannedResponse = {
  statusCode: 200,
  body: {
    items: [
      { memberId: 'mem-agent1', name: '客服小林', role: 'agent' },
      { memberId: 'mem-agent2', name: '客服小周', role: 'agent' },
    ],
  },
};

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

/** The view the list request asked for (the latest request: the simulator has just recorded it). */
const askedView = () => new URL(page!.requests.at(-1)!.url).searchParams.get('view');
const listRequests = () => page!.requests.filter((r) => new URL(r.url).pathname === '/v1/staff/follow-ups');

function openDesk(role: string, routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>) {
  return (page = openPage('staff/pages/follow-ups/index', {
    storage: { 'linli.session': session(role) },
    routes: { 'GET /v1/staff/complaint-agents': AGENTS, ...routes },
  }));
}

describe('回访任务 (weapp build, staff subpackage)', () => {
  it("opens on 我的, each tab asking for its own list, with the card's member, survey, reason, comment, deadline and holder", async () => {
    const lists: Record<string, FollowUpTask[]> = {
      mine: [task({ assigneeId: 'mem-agent1', assigneeName: '客服小林', breached: true })],
      unclaimed: [task({ taskId: 'fu_sr_0002', nickname: null, reason: 'csat-low', score: 1, comment: null })],
      open: [],
      done: [
        task({
          taskId: 'fu_sr_0003',
          status: 'done',
          outcome: 'resolved',
          outcomeNote: '已电话沟通，补发一箱',
          doneAt: '2026-11-24T03:30:00.000Z',
          assigneeId: 'mem-agent1',
          assigneeName: '客服小林',
        }),
      ],
    };
    const p = openDesk('agent', {
      'GET /v1/staff/follow-ups': () => ({ statusCode: 200, body: { items: lists[askedView()!], nextCursor: null } }),
    });
    await p.waitFor(() => p.root.querySelector('.follow-up'), 'my tasks');
    expect(new URL(listRequests()[0]!.url).searchParams.get('view')).toBe('mine');
    expect(texts(p, '.follow-up-tab')).toEqual(['我的', '待领取', '全部进行中', '已完成']);
    const card = p.root.querySelector('.follow-up')!;
    expect(text(p, '.follow-up__member')).toBe('橙子爱好者');
    expect(card.dom.textContent).toContain('购后满意度');
    expect(text(p, '.follow-up__reason')).toBe('贬损者（0–6 分） · 打了 3 分');
    expect(text(p, '.follow-up__comment')).toBe('“送货太慢了，水果也压坏了”');
    expect(text(p, '.follow-up__due')).toBe('已超时（应于 2026-11-24 18:00 前回访）');
    expect(p.root.querySelector('.follow-up__due')!.dom.getAttribute('class')).toContain('desk-sla--breached');
    expect(text(p, '.follow-up__assignee')).toBe('处理人：客服小林');
    // Held by the agent: recorded from here, nothing to claim; agents do not assign.
    expect(p.root.querySelector('.follow-up__record-open')).not.toBeNull();
    expect(p.root.querySelector('.follow-up__claim') ?? null).toBeNull();
    expect(p.root.querySelector('.follow-up__assign-open') ?? null).toBeNull();
    expect(p.requests.some((r) => new URL(r.url).pathname === '/v1/staff/complaint-agents')).toBe(false);

    p.root.querySelector('.follow-up-tab--unclaimed')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.follow-up__assignee') === '处理人：待领取', 'the unclaimed tab');
    expect(text(p, '.follow-up__member')).toBe('未设置昵称');
    expect(text(p, '.follow-up__reason')).toBe('不满意（1–2 分） · 打了 1 分');
    expect(text(p, '.follow-up__due')).toBe('请于 2026-11-24 18:00 前回访');
    expect(p.root.querySelector('.follow-up__claim')).not.toBeNull();

    p.root.querySelector('.follow-up-tab--open')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.dom.textContent?.includes('没有进行中的回访任务'), 'the empty state');

    p.root.querySelector('.follow-up-tab--done')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.follow-up__note'), 'the done tab');
    expect(text(p, '.follow-up__status')).toBe('已解决');
    expect(text(p, '.follow-up__note')).toBe('回访记录：已电话沟通，补发一箱');
    expect(text(p, '.follow-up__due')).toBe('完成于 2026-11-24 11:30');
    expect(p.root.querySelector('.follow-up__actions') ?? null).toBeNull();

    expect(listRequests().map((r) => new URL(r.url).searchParams.get('view'))).toEqual(['mine', 'unclaimed', 'open', 'done']);
    for (const hidden of ['fu_sr_', 'mem-', 'sv_after-order', 'nps-detractor', 'resolved'])
      expect(p.root.dom.textContent).not.toContain(hidden);
  });

  it('claims an unclaimed task with an empty body, says so and reads the list again', async () => {
    let claimed = false;
    const p = openDesk('agent', {
      'GET /v1/staff/follow-ups': () => ({
        statusCode: 200,
        body: { items: askedView() === 'unclaimed' && !claimed ? [task()] : [], nextCursor: null },
      }),
      'POST /v1/staff/follow-ups/fu_sr_0001/claim': () => {
        claimed = true;
        return { statusCode: 200, body: task({ assigneeId: 'mem-agent1', assigneeName: '客服小林' }) };
      },
    });
    await p.waitFor(() => p.root.dom.textContent?.includes('没有分配给你的回访任务'), 'the empty 我的');
    p.root.querySelector('.follow-up-tab--unclaimed')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.follow-up__claim'), 'the unclaimed task');
    p.root.querySelector('.follow-up__claim')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.follow-up-notice') === '已领取', 'the claim notice');
    await p.waitFor(() => p.root.dom.textContent?.includes('没有待领取的回访任务'), 'the list read again');
    const post = p.requests.find((r) => r.method === 'POST')!;
    expect(new URL(post.url).pathname).toBe('/v1/staff/follow-ups/fu_sr_0001/claim');
    expect(post.data).toEqual({});
    expect(listRequests().map((r) => new URL(r.url).searchParams.get('view'))).toEqual(['mine', 'unclaimed', 'unclaimed']);
  });

  it('records an outcome: both the outcome and a note are required, then the task leaves 我的', async () => {
    let done = false;
    const mine = task({ assigneeId: 'mem-agent1', assigneeName: '客服小林' });
    const p = openDesk('agent', {
      'GET /v1/staff/follow-ups': () => ({ statusCode: 200, body: { items: done ? [] : [mine], nextCursor: null } }),
      'POST /v1/staff/follow-ups/fu_sr_0001/outcome': (body) => {
        done = true;
        return { statusCode: 200, body: { ...mine, status: 'done', ...(body as object), doneAt: '2026-11-24T03:30:00.000Z' } };
      },
    });
    await p.waitFor(() => p.root.querySelector('.follow-up__record-open'), 'my task');
    p.root.querySelector('.follow-up__record-open')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.follow-up-outcome'), 'the outcome form');
    expect(texts(p, '.follow-up-outcome__option')).toEqual(['已解决', '已沟通，待改进', '联系不上', '客户不愿沟通']);

    p.root.querySelector('.follow-up-outcome__submit')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.follow-up-outcome__problem') === '请选择回访结果', 'the missing outcome');
    p.root.querySelector('.follow-up-outcome--contacted')!.dispatchEvent('tap');
    await tick();
    p.root.querySelector('.follow-up-outcome__submit')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.follow-up-outcome__problem') === '请填写回访记录', 'the missing note');
    expect(p.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    p.root.querySelector('.follow-up-outcome__note')!.dispatchEvent('input', { detail: { value: '  已电话沟通，下周补发一箱 ' } });
    await tick();
    p.root.querySelector('.follow-up-outcome__submit')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.follow-up-notice') === '回访结果已记录', 'the saved notice');
    await p.waitFor(() => p.root.dom.textContent?.includes('没有分配给你的回访任务'), 'the task gone from 我的');
    const posts = p.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.data).toEqual({ outcome: 'contacted', note: '已电话沟通，下周补发一箱' });
  });

  it('shows 该回访任务已完成 when someone else finished it first, and reads the list again', async () => {
    let finished = false;
    const p = openDesk('agent', {
      'GET /v1/staff/follow-ups': () => ({ statusCode: 200, body: { items: finished ? [] : [task()], nextCursor: null } }),
      'POST /v1/staff/follow-ups/fu_sr_0001/outcome': () => {
        finished = true;
        return { statusCode: 409, body: { error: { code: 'FOLLOW_UP_DONE', message: 'An outcome is already recorded' } } };
      },
    });
    await p.waitFor(() => p.root.querySelector('.follow-up__record-open'), 'the task');
    p.root.querySelector('.follow-up__record-open')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.follow-up-outcome'), 'the outcome form');
    p.root.querySelector('.follow-up-outcome--unreachable')!.dispatchEvent('tap');
    p.root.querySelector('.follow-up-outcome__note')!.dispatchEvent('input', { detail: { value: '打了两次电话没接' } });
    await tick();
    p.root.querySelector('.follow-up-outcome__submit')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.follow-up-notice') === ERROR_TEXT_ZH.FOLLOW_UP_DONE, 'the refusal');
    expect(ERROR_TEXT_ZH.FOLLOW_UP_DONE).toBe('该回访任务已完成');
    await p.waitFor(() => listRequests().length === 2 && !p.root.querySelector('.follow-up'), 'the list read again');
    expect(p.root.querySelector('.follow-up-notice')!.dom.getAttribute('class')).toContain('notice--error');
    expect(p.root.dom.textContent).not.toContain('FOLLOW_UP_DONE');
  });

  it('lets a supervisor assign a task to a staff member (not the one holding it)', async () => {
    const held = task({ assigneeId: 'mem-agent1', assigneeName: '客服小林' });
    const p = openDesk('supervisor', {
      'GET /v1/staff/follow-ups': () => ({ statusCode: 200, body: { items: [held], nextCursor: null } }),
      'POST /v1/staff/follow-ups/fu_sr_0001/claim': () => ({
        statusCode: 200,
        body: { ...held, assigneeId: 'mem-agent2', assigneeName: '客服小周' },
      }),
    });
    await p.waitFor(() => p.root.querySelector('.follow-up__assign-open'), 'the assign button');
    p.root.querySelector('.follow-up__assign-open')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.follow-up-assign'), 'the picker');
    expect(texts(p, '.follow-up-assign__option')).toEqual(['客服小周']);
    p.root.querySelector('.follow-up-assign__option')!.dispatchEvent('tap');
    await tick();
    p.root.querySelector('.follow-up-assign__send')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.follow-up-notice') === '已指派给客服小周', 'the assigned notice');
    expect(p.requests.find((r) => r.method === 'POST')!.data).toEqual({ assigneeId: 'mem-agent2' });
  });

  it('pages by cursor: 加载更多 asks for the next page', async () => {
    const p = openDesk('agent', {
      'GET /v1/staff/follow-ups': () => {
        const cursor = new URL(page!.requests.at(-1)!.url).searchParams.get('cursor');
        return cursor === 'next-1'
          ? { statusCode: 200, body: { items: [task({ taskId: 'fu_sr_0002', nickname: '隔壁老李' })], nextCursor: null } }
          : { statusCode: 200, body: { items: [task({ assigneeId: 'mem-agent1', assigneeName: '客服小林' })], nextCursor: 'next-1' } };
      },
    });
    await p.waitFor(() => p.root.querySelector('.list-footer--more'), '加载更多');
    expect(text(p, '.list-footer--more')).toBe('加载更多');
    p.root.querySelector('.list-footer--more')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelectorAll('.follow-up').length === 2, 'the second page');
    expect(texts(p, '.follow-up__member')).toEqual(['橙子爱好者', '隔壁老李']);
    expect(text(p, '.list-footer')).toBe('没有更多了');
    expect(listRequests().map((r) => new URL(r.url).searchParams.get('cursor'))).toEqual([null, 'next-1']);
  });
});
