import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_TRANSITION_REFUSAL_ZH } from '@linli/shared/complaints';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage } from './wechat-simulator';

const BUYER = { token: 'tok-buyer', expiresAt: '2099-01-01T00:00:00.000Z', roles: [] };
const AGENT = { token: 'tok-agent', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['agent'] };

const text = (page: LoadedPage, selector: string) => page.root.querySelector(selector)?.dom.textContent ?? undefined;
const texts = (page: LoadedPage, selector: string) => page.root.querySelectorAll(selector).map((node) => node.dom.textContent);
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

function summary(overrides: Record<string, unknown> = {}) {
  return {
    complaintId: 'cp-1',
    category: 'quality',
    status: 'in_progress',
    orderId: 'LL20261120001',
    description: '收到的苹果有一半是烂的',
    contactPreference: 'wechat',
    submittedAt: '2026-11-20T02:00:00.000Z',
    resolvedAt: null,
    reopenableUntil: null,
    rating: null,
    ...overrides,
  };
}

function view(overrides: Record<string, unknown> = {}) {
  return {
    ...summary(),
    photos: [],
    actions: [],
    timeline: [
      { entryId: 'e1', at: '2026-11-20T02:00:00.000Z', type: 'status', status: 'submitted', by: 'buyer' },
      { entryId: 'e2', at: '2026-11-20T03:00:00.000Z', type: 'status', status: 'in_progress', by: 'agent' },
      { entryId: 'e3', at: '2026-11-20T03:05:00.000Z', type: 'reply', by: 'agent', authorName: '客服小林', text: '已安排补发', photos: [] },
    ],
    ...overrides,
  };
}

const resolvedView = (overrides: Record<string, unknown> = {}) =>
  view({
    status: 'resolved',
    resolvedAt: '2026-11-21T02:00:00.000Z',
    reopenableUntil: '2099-11-28T02:00:00.000Z',
    actions: ['confirm', 'reopen'],
    timeline: [...view().timeline, { entryId: 'e4', at: '2026-11-21T02:00:00.000Z', type: 'resolution', summary: '已补发新品', compensation: { points: 200 } }],
    ...overrides,
  });

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

describe('我的投诉 (weapp build in miniprogram-simulate)', () => {
  it('lists complaints with their status labels, and shows 暂无投诉 when there are none', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/me/complaints': {
        statusCode: 200,
        body: { items: [summary(), summary({ complaintId: 'cp-2', category: 'logistics', status: 'waiting_for_buyer' })], nextCursor: null },
      },
    };
    const p = (page = openPage('pages/complaints/index', { storage: { 'linli.session': BUYER }, routes }));
    await p.waitFor(() => p.root.querySelectorAll('.complaint-row').length === 2, 'two rows');
    expect(texts(p, '.complaint-row .complaint-status')).toEqual(['处理中', '待您补充']);
    expect(texts(p, '.complaint-row__category')).toEqual(['商品质量', '物流配送']);
    expect(text(p, '.complaint-new')).toBe('我要投诉');
    page.root.detach();

    const empty = (page = openPage('pages/complaints/index', {
      storage: { 'linli.session': BUYER },
      routes: { 'GET /v1/me/complaints': { statusCode: 200, body: { items: [], nextCursor: null } } },
    }));
    const box = await empty.waitFor(() => text(empty, '.state-box__text'), 'the empty state');
    expect(box).toBe('暂无投诉');
  });

  it('shows the timeline, replies while open, and confirms then rates a resolved complaint', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/me/complaints/cp-1': { statusCode: 200, body: view() },
      'POST /v1/me/complaints/cp-1/replies': {
        statusCode: 200,
        body: view({ timeline: [...view().timeline, { entryId: 'e9', at: '2026-11-20T04:00:00.000Z', type: 'reply', by: 'buyer', authorName: null, text: '好的谢谢', photos: [] }] }),
      },
    };
    const p = (page = openPage('pages/complaints/detail/index', { storage: { 'linli.session': BUYER }, routes, query: { id: 'cp-1' } }));
    await p.waitFor(() => p.root.querySelector('.complaint-reply-input'), 'the reply box');
    expect(text(p, '.complaint-status')).toBe('处理中');
    expect(p.root.querySelectorAll('.timeline-entry')).toHaveLength(3);
    expect(text(p, '.timeline-entry--reply')).toContain('客服小林的留言');
    expect(p.root.querySelector('.complaint-confirm') ?? null).toBeNull();

    p.root.querySelector('.complaint-reply-input')!.dispatchEvent('input', { detail: { value: '好的谢谢' } });
    await tick();
    p.root.querySelector('.complaint-reply-send')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelectorAll('.timeline-entry').length === 4, 'the reply in the timeline');
    const sent = p.requests.find((r) => r.method === 'POST')!;
    expect(sent.data).toMatchObject({ text: '好的谢谢', photoKeys: [] });
    expect((sent.data as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    page.root.detach();

    const resolved: Record<string, CannedResponse> = {
      'GET /v1/me/complaints/cp-1': { statusCode: 200, body: resolvedView() },
      'POST /v1/me/complaints/cp-1/confirm': { statusCode: 200, body: resolvedView({ status: 'closed', reopenableUntil: null, actions: [] }) },
      'POST /v1/me/complaints/cp-1/rating': { statusCode: 200, body: resolvedView({ status: 'closed', reopenableUntil: null, actions: [], rating: 4 }) },
    };
    const r = (page = openPage('pages/complaints/detail/index', { storage: { 'linli.session': BUYER }, routes: resolved, query: { id: 'cp-1' } }));
    await r.waitFor(() => r.root.querySelector('.complaint-confirm'), 'the confirm button');
    expect(text(r, '.complaint-status')).toBe('已解决');
    expect(r.root.querySelector('.complaint-reopen')).not.toBeNull();
    expect(r.root.querySelector('.complaint-reply-input') ?? null).toBeNull();
    expect(text(r, '.timeline-entry--resolution')).toContain('补偿 200 积分');

    r.root.querySelector('.complaint-confirm')!.dispatchEvent('tap');
    await r.waitFor(() => text(r, '.complaint-status') === '已关闭', 'the closed status');
    expect(r.root.querySelector('.complaint-confirm') ?? null).toBeNull();
    expect(r.root.querySelector('.complaint-reopen') ?? null).toBeNull();

    r.root.querySelector('.complaint-rate-4')!.dispatchEvent('tap');
    await tick();
    r.root.querySelector('.complaint-rating-comment')!.dispatchEvent('input', { detail: { value: '处理很快' } });
    await tick();
    r.root.querySelector('.complaint-rating-submit')!.dispatchEvent('tap');
    await r.waitFor(() => r.root.querySelector('.complaint-rated'), 'the rating');
    expect(text(r, '.complaint-rated')).toBe('★★★★☆');
    expect(r.root.querySelector('.complaint-rating-submit') ?? null).toBeNull();
    expect(r.requests.filter((q) => q.method === 'POST').map((q) => [new URL(q.url).pathname, q.data])).toEqual([
      ['/v1/me/complaints/cp-1/confirm', undefined],
      ['/v1/me/complaints/cp-1/rating', { rating: 4, comment: '处理很快' }],
    ]);
  });

  it('shows why a reopen was refused', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/me/complaints/cp-1': { statusCode: 200, body: resolvedView() },
      'POST /v1/me/complaints/cp-1/reopen': { statusCode: 409, body: { error: { code: 'COMPLAINT_TRANSITION_INVALID', message: 'reopen_window_passed' } } },
    };
    const p = (page = openPage('pages/complaints/detail/index', { storage: { 'linli.session': BUYER }, routes, query: { id: 'cp-1' } }));
    await p.waitFor(() => p.root.querySelector('.complaint-reopen'), 'the reopen button');
    p.root.querySelector('.complaint-reopen-reason')!.dispatchEvent('input', { detail: { value: '还是坏的' } });
    await tick();
    p.root.querySelector('.complaint-reopen')!.dispatchEvent('tap');
    const refusal = await p.waitFor(() => text(p, '.complaint-action-error'), 'the refusal');
    expect(refusal).toBe(COMPLAINT_TRANSITION_REFUSAL_ZH.reopen_window_passed);
    expect(p.requests.find((r) => r.method === 'POST')!.data).toEqual({ reason: '还是坏的' });
  });
});

const meter = (overrides: Record<string, unknown> = {}) => ({
  state: 'running',
  targetMs: 7_200_000,
  elapsedMs: 2_400_000,
  remainingMs: 4_800_000,
  dueAt: '2026-11-20T04:00:00.000Z',
  breached: false,
  ...overrides,
});

describe('投诉工单 (weapp build, staff subpackage)', () => {
  it('shows each row with category, status, buyer and SLA, an overdue one in red', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/complaints': {
        statusCode: 200,
        body: {
          items: [
            {
              ...summary({ complaintId: 'cp-late', status: 'submitted' }),
              memberNickname: '林小满',
              ownerId: null,
              sla: { firstResponse: meter({ elapsedMs: 9_000_000, remainingMs: 0, breached: true }), resolution: meter({ targetMs: 172_800_000, remainingMs: 163_800_000 }) },
            },
            {
              ...summary({ complaintId: 'cp-ok', category: 'logistics', status: 'submitted' }),
              memberNickname: null,
              ownerId: null,
              sla: { firstResponse: meter(), resolution: meter({ targetMs: 172_800_000, remainingMs: 170_000_000 }) },
            },
          ],
          nextCursor: null,
        },
      },
    };
    const p = (page = openPage('staff/pages/complaints/index', { storage: { 'linli.session': AGENT }, routes }));
    await p.waitFor(() => p.root.querySelectorAll('.desk-row').length === 2, 'the queue');
    const late = p.root.querySelectorAll('.desk-row')[0]!;
    expect(late.dom.textContent).toContain('商品质量');
    expect(late.dom.textContent).toContain('已提交');
    expect(late.dom.textContent).toContain('林小满');
    const slas = p.root.querySelectorAll('.desk-sla');
    expect(slas.map((n) => n.dom.textContent)).toEqual(['首次响应已超时', '首次响应剩余 1小时20分']);
    expect(slas[0]!.dom.getAttribute('class')).toContain('desk-sla--breached');
    expect(slas[1]!.dom.getAttribute('class')).not.toContain('desk-sla--breached');

    // Filters go to the API as query parameters.
    p.root.querySelector('.desk-mine')!.dispatchEvent('tap');
    await p.waitFor(() => p.requests.length === 2, 'the filtered request');
    expect(new URL(p.requests[1]!.url).searchParams.get('mine')).toBe('true');
  });

  it('claims, replies asking the buyer, notes and resolves a ticket', async () => {
    const staffView = (overrides: Record<string, unknown> = {}) => ({
      ...view({ status: 'submitted', actions: ['acknowledge', 'resolve'], timeline: view().timeline.slice(0, 1) }),
      memberId: 'mem-001',
      memberNickname: '林小满',
      memberPhoneMasked: '138****1234',
      ownerId: null,
      rootCause: null,
      sla: { firstResponse: meter({ remainingMs: 1_200_000 }), resolution: meter({ targetMs: 172_800_000, remainingMs: 170_000_000 }) },
      ...overrides,
    });
    const claimed = staffView({ status: 'in_progress', ownerId: 'mem-agent', actions: ['ask_buyer', 'resolve'], sla: { firstResponse: meter({ state: 'stopped' }), resolution: meter({ remainingMs: 170_000_000 }) } });
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/complaints/cp-1': { statusCode: 200, body: staffView() },
      'POST /v1/staff/complaints/cp-1/claim': { statusCode: 200, body: claimed },
      'POST /v1/staff/complaints/cp-1/replies': { statusCode: 200, body: { ...claimed, status: 'waiting_for_buyer' } },
      'POST /v1/staff/complaints/cp-1/notes': { statusCode: 200, body: { ...claimed, status: 'waiting_for_buyer' } },
      'POST /v1/staff/complaints/cp-1/resolve': { statusCode: 200, body: { ...claimed, status: 'resolved', actions: [] } },
    };
    const p = (page = openPage('staff/pages/complaints/detail/index', { storage: { 'linli.session': AGENT }, routes, query: { id: 'cp-1' } }));
    await p.waitFor(() => p.root.querySelector('.desk-claim'), 'the claim button');
    expect(p.root.querySelector('.page')!.dom.textContent).toContain('138****1234');
    expect(texts(p, '.desk-meter')).toEqual(['首次响应剩余 20分', '解决剩余 47小时13分']);
    expect(p.root.querySelector('.desk-meter')!.dom.getAttribute('class')).toContain('desk-sla--warn');

    p.root.querySelector('.desk-claim')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.desk-status') === '处理中', 'the claimed ticket');
    expect(p.root.querySelector('.desk-claim') ?? null).toBeNull();

    p.root.querySelector('.desk-reply-input')!.dispatchEvent('input', { detail: { value: '请拍一下外包装' } });
    p.root.querySelector('.desk-ask-buyer')!.dispatchEvent('tap');
    await tick();
    p.root.querySelector('.desk-reply-send')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.desk-status') === '待客户补充', 'the waiting status');

    p.root.querySelector('.desk-note-input')!.dispatchEvent('input', { detail: { value: '疑似批次问题' } });
    await tick();
    p.root.querySelector('.desk-note-send')!.dispatchEvent('tap');
    await p.waitFor(() => p.requests.some((r) => r.url.endsWith('/notes')), 'the note');
    await tick();

    p.root.querySelector('.desk-resolve-summary')!.dispatchEvent('input', { detail: { value: '已补发新品' } });
    p.root.querySelector('.desk-resolve-cause--batch_defect')!.dispatchEvent('tap');
    p.root.querySelector('.desk-resolve-sku')!.dispatchEvent('input', { detail: { value: 'APL-5KG' } });
    p.root.querySelector('.desk-resolve-points')!.dispatchEvent('input', { detail: { value: '200' } });
    await tick();
    p.root.querySelector('.desk-resolve-submit')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.desk-status') === '已解决', 'the resolved status');

    const posts = p.requests.filter((r) => r.method === 'POST').map((r) => [new URL(r.url).pathname, r.data] as const);
    expect(posts.map(([path]) => path)).toEqual([
      '/v1/staff/complaints/cp-1/claim',
      '/v1/staff/complaints/cp-1/replies',
      '/v1/staff/complaints/cp-1/notes',
      '/v1/staff/complaints/cp-1/resolve',
    ]);
    expect(posts[1]![1]).toMatchObject({ text: '请拍一下外包装', askBuyer: true, photoKeys: [] });
    expect(posts[2]![1]).toEqual({ text: '疑似批次问题' });
    expect(posts[3]![1]).toMatchObject({
      summary: '已补发新品',
      rootCause: { category: 'quality', causeCode: 'batch_defect', sku: 'APL-5KG' },
      compensation: { points: 200 },
    });
  });
});

describe('我要投诉 (weapp build)', () => {
  it('checks the form, then files once with the same request id on retry', async () => {
    const routes: Record<string, CannedResponse> = {
      'POST /v1/me/complaints': { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } },
    };
    const p = (page = openPage('pages/complaints/new/index', { storage: { 'linli.session': BUYER }, routes }));
    await p.waitFor(() => p.root.querySelector('.complaint-submit'), 'the form');
    expect(text(p, '.counter')).toBe('0/1000');
    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.complaint-error'), 'the check')).toBe('请选择投诉类型');

    p.root.querySelectorAll('.complaint-category__option')[1]!.dispatchEvent('tap');
    p.root.querySelector('.complaint-description')!.dispatchEvent('input', { detail: { value: '快递三天没动' } });
    await tick();
    expect(text(p, '.counter')).toBe('6/1000');
    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    await p.waitFor(() => p.requests.length === 1, 'the first attempt');
    await tick();
    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    await p.waitFor(() => p.requests.length === 2, 'the retry');
    const [first, retry] = p.requests.map((r) => r.data as Record<string, unknown>);
    expect(first).toMatchObject({ category: 'logistics', description: '快递三天没动', contactPreference: 'wechat', photoKeys: [] });
    expect(first).not.toHaveProperty('orderId');
    expect(retry!.requestId).toBe(first!.requestId);
  });
});
