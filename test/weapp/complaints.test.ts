import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_TRANSITION_REFUSAL_ZH } from '@linli/shared/complaints';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

const BUYER = { token: 'tok-buyer', expiresAt: '2099-01-01T00:00:00.000Z', roles: [] };
const AGENT = { token: 'tok-agent', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['agent'] };

const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

function summary(overrides: Record<string, unknown> = {}) {
  return {
    complaintId: 'cp-1',
    category: 'quality',
    categoryName: '商品质量',
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
    timeline: [
      ...view().timeline,
      { entryId: 'e4', at: '2026-11-21T02:00:00.000Z', type: 'resolution', summary: '已补发新品', compensation: { points: 200 } },
    ],
    ...overrides,
  });

let page: LoadedPage | undefined;

/** What the staff pages read beside the complaint: the desk settings, the staff, the compensation coupons. */
const deskRoutes: Record<string, CannedResponse> = {
  'GET /v1/staff/complaint-settings': {
    statusCode: 200,
    body: {
      categories: [
        { code: 'quality', name: '商品质量', active: true, firstResponseHours: 2, resolutionHours: 48 },
        { code: 'logistics', name: '物流配送', active: true, firstResponseHours: 2, resolutionHours: 48 },
        { code: 'cold_chain', name: '冷链失温', active: true, firstResponseHours: 1, resolutionHours: 8 },
      ],
      businessHours: { open: '09:00', close: '18:00', lunchBreak: null },
      quietHours: { start: '21:00', end: '08:00' },
      replyTemplates: [{ title: '请补充照片', text: '麻烦您拍一下商品和外包装的照片' }],
      agentCompensationCapPoints: 500,
      version: 2,
      updatedAt: '2026-11-19T02:00:00.000Z',
      updatedBy: 'mem-sup',
      holidayCalendarThrough: 2026,
    },
  },
  'GET /v1/staff/complaint-agents': {
    statusCode: 200,
    body: {
      items: [
        { memberId: 'mem-agent', name: '客服小林', role: 'agent' },
        { memberId: 'mem-agent2', name: '客服小周', role: 'agent' },
      ],
    },
  },
  'GET /v1/staff/compensation-coupons': {
    statusCode: 200,
    body: { items: [{ rewardId: 'rw-sorry', name: '补偿10元券', stock: 20, pointsPrice: 100 }] },
  },
};

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
        body: {
          items: [
            summary(),
            summary({ complaintId: 'cp-2', category: 'logistics', categoryName: '物流配送', status: 'waiting_for_buyer' }),
          ],
          nextCursor: null,
        },
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
        body: view({
          timeline: [
            ...view().timeline,
            { entryId: 'e9', at: '2026-11-20T04:00:00.000Z', type: 'reply', by: 'buyer', authorName: null, text: '好的谢谢', photos: [] },
          ],
        }),
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
      'POST /v1/me/complaints/cp-1/confirm': {
        statusCode: 200,
        body: resolvedView({ status: 'closed', reopenableUntil: null, actions: [] }),
      },
      'POST /v1/me/complaints/cp-1/rating': {
        statusCode: 200,
        body: resolvedView({ status: 'closed', reopenableUntil: null, actions: [], rating: 4 }),
      },
    };
    const r = (page = openPage('pages/complaints/detail/index', {
      storage: { 'linli.session': BUYER },
      routes: resolved,
      query: { id: 'cp-1' },
    }));
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
      'POST /v1/me/complaints/cp-1/reopen': {
        statusCode: 409,
        body: { error: { code: 'COMPLAINT_TRANSITION_INVALID', message: 'reopen_window_passed' } },
      },
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
              ownerName: null,
              sla: {
                firstResponse: meter({ elapsedMs: 9_000_000, remainingMs: 0, breached: true }),
                resolution: meter({ targetMs: 172_800_000, remainingMs: 163_800_000 }),
              },
            },
            {
              ...summary({ complaintId: 'cp-ok', category: 'logistics', categoryName: '物流配送', status: 'submitted' }),
              memberNickname: null,
              ownerId: 'mem-agent2',
              ownerName: '客服小周',
              sla: { firstResponse: meter(), resolution: meter({ targetMs: 172_800_000, remainingMs: 170_000_000 }) },
            },
          ],
          nextCursor: null,
        },
      },
    };
    const p = (page = openPage('staff/pages/complaints/index', {
      storage: { 'linli.session': AGENT },
      routes: { ...routes, ...deskRoutes },
    }));
    await p.waitFor(() => p.root.querySelectorAll('.desk-row').length === 2, 'the queue');
    const late = p.root.querySelectorAll('.desk-row')[0]!;
    expect(late.dom.textContent).toContain('商品质量');
    expect(late.dom.textContent).toContain('已提交');
    expect(late.dom.textContent).toContain('林小满');
    expect(late.dom.textContent).toContain('未认领');
    expect(p.root.querySelectorAll('.desk-row')[1]!.dom.textContent).toContain('处理人：客服小周');
    const slas = p.root.querySelectorAll('.desk-sla');
    expect(slas.map((n) => n.dom.textContent)).toEqual(['首次响应已超时', '首次响应剩余 1小时20分']);
    expect(slas[0]!.dom.getAttribute('class')).toContain('desk-sla--breached');
    expect(slas[1]!.dom.getAttribute('class')).not.toContain('desk-sla--breached');

    // Filters go to the API as query parameters; the shop's own categories and staff are offered.
    await p.waitFor(
      () => texts(p, '.desk-chip').includes('冷链失温') && texts(p, '.desk-chip').includes('客服小周'),
      "the shop's categories and staff",
    );
    expect(texts(p, '.desk-chip')).toEqual(expect.arrayContaining(['冷链失温', '客服小周', '未认领', '只看已超时']));
    const queueRequests = () => p.requests.filter((r) => new URL(r.url).pathname === '/v1/staff/complaints');
    p.root.querySelector('.desk-mine')!.dispatchEvent('tap');
    await p.waitFor(() => queueRequests().length === 2, 'the filtered request');
    expect(new URL(queueRequests()[1]!.url).searchParams.get('mine')).toBe('true');
    p.root.querySelector('.desk-breached')!.dispatchEvent('tap');
    await p.waitFor(() => queueRequests().length === 3, 'the breached filter');
    expect(new URL(queueRequests()[2]!.url).searchParams.get('breached')).toBe('true');
  });

  it('loads the next page of the queue when the agent scrolls to the bottom, until the API says there is no more', async () => {
    const row = (n: number) => ({
      ...summary({ complaintId: `cp-${n}`, status: 'submitted', description: `第${n}条投诉` }),
      memberNickname: null,
      ownerId: null,
      ownerName: null,
      sla: { firstResponse: meter(), resolution: meter({ targetMs: 172_800_000, remainingMs: 170_000_000 }) },
    });
    const pages: Record<string, { items: unknown[]; nextCursor: string | null }> = {
      '': { items: Array.from({ length: 20 }, (_, i) => row(i + 1)), nextCursor: 'page-2' },
      'page-2': { items: Array.from({ length: 20 }, (_, i) => row(i + 21)), nextCursor: 'page-3' },
      'page-3': { items: [row(41), row(42)], nextCursor: null },
    };
    const p = (page = openPage('staff/pages/complaints/index', {
      storage: { 'linli.session': AGENT },
      routes: { ...deskRoutes },
    }));
    // Each queue request is answered by the page its cursor names.
    const answered: Array<string | null> = [];
    const wx = (globalThis as unknown as { wx: { request: (r: { url: string; success?: (x: unknown) => void }) => unknown } }).wx;
    const original = wx.request;
    wx.request = (request) => {
      const url = new URL(request.url);
      if (url.pathname !== '/v1/staff/complaints') return original(request);
      const cursor = url.searchParams.get('cursor');
      answered.push(cursor);
      setTimeout(
        () => request.success?.({ statusCode: 200, data: structuredClone(pages[cursor ?? '']), header: {}, errMsg: 'request:ok' }),
        0,
      );
      return { abort() {} };
    };
    try {
      // WeChat calls the page's onReachBottom when the agent scrolls to the end of the list.
      const host = globalThis as unknown as { getCurrentPages: () => Array<{ onReachBottom: () => void }> };
      const reachBottom = () => host.getCurrentPages()[0]!.onReachBottom();
      await p.waitFor(() => p.root.querySelectorAll('.desk-row').length === 20, 'the first page');
      expect(text(p, '.list-footer') ?? null).toBeNull();
      reachBottom();
      await p.waitFor(() => p.root.querySelectorAll('.desk-row').length === 40, 'the second page');
      expect(p.root.querySelectorAll('.desk-row')[20]!.dom.textContent).toContain('第21条投诉');
      reachBottom();
      await p.waitFor(() => p.root.querySelectorAll('.desk-row').length === 42, 'the last page');
      expect(text(p, '.list-footer')).toBe('没有更多了');
      reachBottom();
      await tick();
      expect(answered).toEqual([null, 'page-2', 'page-3']);
    } finally {
      wx.request = original;
    }
  });

  it('claims, replies asking the buyer, notes and resolves a ticket', async () => {
    const staffView = (overrides: Record<string, unknown> = {}) => ({
      ...view({ status: 'submitted', actions: ['acknowledge', 'resolve'], timeline: view().timeline.slice(0, 1) }),
      memberId: 'mem-001',
      memberNickname: '林小满',
      memberPhoneMasked: '138****1234',
      ownerId: null,
      ownerName: null,
      rootCause: null,
      rootCauseProductName: null,
      order: {
        paidAt: '2026-11-19T02:00:00.000Z',
        paidFen: 13_980,
        items: [
          { sku: 'APL-5KG', name: '烟台红富士苹果 5kg', qty: 2 },
          { sku: 'EGG-30', name: '散养土鸡蛋 30枚', qty: 1 },
        ],
      },
      internal: [],
      sla: { firstResponse: meter({ remainingMs: 1_200_000 }), resolution: meter({ targetMs: 172_800_000, remainingMs: 170_000_000 }) },
      authority: { mayAct: true, compensationCapPoints: 500 },
      ...overrides,
    });
    const claimed = staffView({
      status: 'in_progress',
      ownerId: 'mem-agent',
      actions: ['ask_buyer', 'resolve'],
      sla: { firstResponse: meter({ state: 'stopped' }), resolution: meter({ remainingMs: 170_000_000 }) },
    });
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/complaints/cp-1': { statusCode: 200, body: staffView() },
      'POST /v1/staff/complaints/cp-1/claim': { statusCode: 200, body: claimed },
      'POST /v1/staff/complaints/cp-1/replies': { statusCode: 200, body: { ...claimed, status: 'waiting_for_buyer' } },
      'POST /v1/staff/complaints/cp-1/notes': { statusCode: 200, body: { ...claimed, status: 'waiting_for_buyer' } },
      'POST /v1/staff/complaints/cp-1/resolve': { statusCode: 200, body: { ...claimed, status: 'resolved', actions: [] } },
    };
    const p = (page = openPage('staff/pages/complaints/detail/index', {
      storage: { 'linli.session': AGENT },
      routes: { ...routes, ...deskRoutes },
      query: { id: 'cp-1' },
    }));
    await p.waitFor(() => p.root.querySelector('.desk-claim'), 'the claim button');
    expect(p.root.querySelector('.page')!.dom.textContent).toContain('138****1234');
    // The order as people know it: its day, what was in it and what was paid; never an id or a SKU.
    expect(p.root.querySelector('.page')!.dom.textContent).toContain('烟台红富士苹果 5kg×2 等2件 · 2026-11-19 · ¥139.80');
    expect(texts(p, '.desk-meter')).toEqual(['首次响应剩余 20分', '解决剩余 47小时13分']);
    expect(p.root.querySelector('.desk-meter')!.dom.getAttribute('class')).toContain('desk-sla--warn');

    p.root.querySelector('.desk-claim')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.desk-status') === '处理中', 'the claimed ticket');
    expect(p.root.querySelector('.desk-claim') ?? null).toBeNull();

    // A reply template fills the box; the agent edits it before sending.
    await p.waitFor(() => p.root.querySelector('.desk-template'), 'the reply templates');
    p.root.querySelector('.desk-template')!.dispatchEvent('tap');
    await tick();
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
    // The product at fault is picked by name from the order's items.
    expect(texts(p, '.desk-resolve-product .desk-chip')).toEqual(['烟台红富士苹果 5kg', '散养土鸡蛋 30枚']);
    p.root.querySelector('.desk-resolve-product .desk-chip')!.dispatchEvent('tap');
    p.root.querySelector('.desk-resolve-points')!.dispatchEvent('input', { detail: { value: '200' } });
    await p.waitFor(() => p.root.querySelector('.desk-resolve-coupon'), 'the coupons');
    p.root.querySelector('.desk-resolve-coupon')!.dispatchEvent('tap');
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
    expect(posts[1]![1]).toMatchObject({ text: '麻烦您拍一下商品和外包装的照片', askBuyer: true, photoKeys: [] });
    expect(posts[2]![1]).toEqual({ text: '疑似批次问题' });
    expect(posts[3]![1]).toMatchObject({
      summary: '已补发新品',
      rootCause: { category: 'quality', causeCode: 'batch_defect', sku: 'APL-5KG' },
      compensation: { points: 200, rewardId: 'rw-sorry' },
    });
  });

  it('hands the ticket to another agent and shows it among the internal records', async () => {
    const base = {
      ...view(),
      memberId: 'mem-001',
      memberNickname: '林小满',
      memberPhoneMasked: null,
      ownerId: 'mem-agent',
      ownerName: '客服小林',
      rootCause: null,
      rootCauseProductName: null,
      order: null,
      actions: ['ask_buyer', 'resolve'],
      internal: [],
      sla: { firstResponse: meter({ state: 'stopped' }), resolution: meter({ remainingMs: 170_000_000 }) },
      authority: { mayAct: true, compensationCapPoints: 500 },
    };
    const assigned = {
      ...base,
      ownerId: 'mem-agent2',
      ownerName: '客服小周',
      internal: [
        {
          entryId: 'a1',
          at: '2026-11-20T05:00:00.000Z',
          type: 'assignment',
          authorName: '客服小林',
          assigneeId: 'mem-agent2',
          assigneeName: '客服小周',
        },
      ],
    };
    const routes: Record<string, CannedResponse> = {
      ...deskRoutes,
      'GET /v1/staff/complaints/cp-1': { statusCode: 200, body: base },
      'POST /v1/staff/complaints/cp-1/assign': { statusCode: 200, body: assigned },
    };
    const p = (page = openPage('staff/pages/complaints/detail/index', {
      storage: { 'linli.session': AGENT },
      routes,
      query: { id: 'cp-1' },
    }));
    await p.waitFor(() => p.root.querySelector('.desk-assign'), 'the assign box');
    expect(p.root.querySelector('.page')!.dom.textContent).toContain('客服小林');
    // Until an agent is chosen the button is disabled, and styled so its label stays readable.
    const send = () => p.root.querySelector('.desk-assign-send')!;
    expect(send().dom.getAttribute('class')).toContain('btn--disabled');
    const chip = p.root.querySelectorAll('.desk-assign .desk-chip').find((n) => n.dom.textContent === '客服小周')!;
    chip.dispatchEvent('tap');
    await p.waitFor(() => !send().dom.getAttribute('class')!.includes('btn--disabled'), 'the button enabled');
    p.root.querySelector('.desk-assign-send')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.desk-internal'), 'the internal records');
    expect(text(p, '.desk-internal')).toContain('客服小林指派给客服小周');
    expect(p.requests.find((r) => r.method === 'POST')!.data).toEqual({ assigneeId: 'mem-agent2' });
  });
});

describe('工单详情: who may act, and how much an agent may give (weapp build, staff subpackage)', () => {
  /** A complaint in progress as the desk shows it to the viewer, with what the server says they may do. */
  const deskView = (overrides: Record<string, unknown> = {}) => ({
    ...view({ actions: ['ask_buyer', 'resolve'] }),
    memberId: 'mem-001',
    memberNickname: '林小满',
    memberPhoneMasked: null,
    ownerId: 'mem-agent',
    ownerName: '客服小林',
    rootCause: null,
    rootCauseProductName: null,
    order: null,
    internal: [],
    sla: { firstResponse: meter({ state: 'stopped' }), resolution: meter({ remainingMs: 170_000_000 }) },
    authority: { mayAct: true, compensationCapPoints: 500 },
    ...overrides,
  });
  const open = (routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>, session = AGENT) =>
    (page = openPage('staff/pages/complaints/detail/index', {
      storage: { 'linli.session': session },
      routes: { ...deskRoutes, ...routes },
      query: { id: 'cp-1' },
    }));
  const ACTION_CONTROLS = ['.desk-claim', '.desk-assign', '.desk-reply-send', '.desk-note-send', '.desk-resolve'];

  it("shows an agent another agent's complaint with who has it and nothing to send", async () => {
    const p = open({
      'GET /v1/staff/complaints/cp-1': {
        statusCode: 200,
        body: deskView({ ownerId: 'mem-agent2', ownerName: '客服小周', authority: { mayAct: false, compensationCapPoints: 500 } }),
      },
    });
    const why = await p.waitFor(() => text(p, '.desk-not-yours'), 'the explanation');
    expect(why).toBe('该投诉由客服小周负责：只有负责人、主管或管理员可以回复、备注、指派和解决。如需接手，请联系主管指派给你。');
    await tick();
    for (const control of ACTION_CONTROLS) expect(p.root.querySelector(control) ?? null).toBeNull();
    // The complaint itself still reads in full.
    expect(p.root.querySelector('.page')!.dom.textContent).toContain('已安排补发');
  });

  it('says so when the complaint was taken meanwhile, and reads it again to show by whom', async () => {
    let reads = 0;
    const p = open({
      'GET /v1/staff/complaints/cp-1': () => ({
        statusCode: 200,
        body:
          ++reads === 1
            ? deskView({ ownerId: null, ownerName: null, status: 'submitted', actions: ['acknowledge'] })
            : deskView({ ownerId: 'mem-agent2', ownerName: '客服小周', authority: { mayAct: false, compensationCapPoints: 500 } }),
      }),
      'POST /v1/staff/complaints/cp-1/notes': {
        statusCode: 403,
        body: { error: { code: 'COMPLAINT_NOT_YOURS', message: 'Another agent owns this complaint' } },
      },
    });
    await p.waitFor(() => p.root.querySelector('.desk-note-input'), 'the note box');
    p.root.querySelector('.desk-note-input')!.dispatchEvent('input', { detail: { value: '疑似批次问题' } });
    await tick();
    p.root.querySelector('.desk-note-send')!.dispatchEvent('tap');
    const why = await p.waitFor(() => text(p, '.desk-not-yours'), 'the complaint read again');
    expect(why).toContain('该投诉由客服小周负责');
    expect(reads).toBe(2);
    for (const control of ACTION_CONTROLS) expect(p.root.querySelector(control) ?? null).toBeNull();
  });

  it("tells an agent the cap before sending, counts the coupon's points, and shows the server's refusal in Chinese", async () => {
    const p = open({
      'GET /v1/staff/complaints/cp-1': { statusCode: 200, body: deskView() },
      'POST /v1/staff/complaints/cp-1/resolve': {
        statusCode: 403,
        body: { error: { code: 'COMPENSATION_NEEDS_SUPERVISOR', message: 'over the cap' } },
      },
    });
    const hint = await p.waitFor(() => text(p, '.desk-resolve-cap'), 'the cap hint');
    expect(hint).toBe('超过 500 积分需主管处理（补偿优惠券按兑换所需积分计入）');
    await p.waitFor(() => p.root.querySelector('.desk-resolve-coupon'), 'the coupons');
    expect(text(p, '.desk-resolve-coupon')).toBe('补偿10元券（100积分 · 剩20）');

    p.root.querySelector('.desk-resolve-summary')!.dispatchEvent('input', { detail: { value: '已补发新品' } });
    p.root.querySelector('.desk-resolve-cause--batch_defect')!.dispatchEvent('tap');
    p.root.querySelector('.desk-resolve-points')!.dispatchEvent('input', { detail: { value: '401' } });
    p.root.querySelector('.desk-resolve-coupon')!.dispatchEvent('tap');
    await tick();
    p.root.querySelector('.desk-resolve-submit')!.dispatchEvent('tap');
    const refused = await p.waitFor(() => text(p, '.desk-resolve-error'), 'the check before sending');
    expect(refused).toBe('补偿合计 501 积分，超过 500 积分需主管处理：请减少补偿，或指派给主管');
    expect(p.requests.some((r) => r.method === 'POST')).toBe(false);

    // At the cap it is sent; a cap lowered meanwhile is the server's refusal, in Chinese.
    p.root.querySelector('.desk-resolve-points')!.dispatchEvent('input', { detail: { value: '400' } });
    await tick();
    p.root.querySelector('.desk-resolve-submit')!.dispatchEvent('tap');
    const notice = await p.waitFor(() => text(p, '.desk-resolve .desk-notice'), "the server's refusal");
    expect(notice).toBe('补偿超出客服可给的上限，请减少补偿或交由主管处理');
    expect(p.requests.find((r) => r.method === 'POST')!.data).toMatchObject({ compensation: { points: 400, rewardId: 'rw-sorry' } });
  });

  it("shows a supervisor no cap and every action on an agent's complaint", async () => {
    const supervisor = { ...AGENT, token: 'tok-supervisor', roles: ['supervisor'] };
    const p = open(
      {
        'GET /v1/staff/complaints/cp-1': { statusCode: 200, body: deskView({ authority: { mayAct: true, compensationCapPoints: null } }) },
      },
      supervisor,
    );
    await p.waitFor(() => p.root.querySelector('.desk-resolve-coupon'), 'the resolve form with its coupons');
    expect(text(p, '.desk-resolve-coupon')).toBe('补偿10元券（剩20）');
    expect(p.root.querySelector('.desk-resolve-cap') ?? null).toBeNull();
    expect(p.root.querySelector('.desk-not-yours') ?? null).toBeNull();
    for (const control of ['.desk-reply-send', '.desk-note-send', '.desk-resolve']) expect(p.root.querySelector(control)).toBeTruthy();
  });
});

describe('投诉设置 (weapp build, staff subpackage)', () => {
  it('warns in plain Chinese when the holiday calendar ends before next year, naming no software package', async () => {
    const settings = deskRoutes['GET /v1/staff/complaint-settings']!;
    const routes: Record<string, CannedResponse> = {
      ...deskRoutes,
      'GET /v1/staff/complaint-settings': { statusCode: 200, body: { ...(settings.body as object), holidayCalendarThrough: 2020 } },
    };
    const supervisor = { ...AGENT, token: 'tok-supervisor', roles: ['supervisor'] };
    const p = (page = openPage('staff/pages/desk-settings/index', { storage: { 'linli.session': supervisor }, routes }));
    const notice = await p.waitFor(() => text(p, '.notice--error'), 'the calendar notice');
    expect(notice).toContain('法定节假日数据只覆盖到 2020 年');
    expect(notice).not.toMatch(/[A-Za-z]/);
  });

  it("edits the agents' compensation cap, explained in Chinese, and saves it with the rest", async () => {
    const settings = deskRoutes['GET /v1/staff/complaint-settings']!;
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      ...deskRoutes,
      'PUT /v1/staff/complaint-settings': (data) => ({
        statusCode: 200,
        body: { ...(settings.body as object), ...(data as object), version: 3, updatedAt: '2026-11-24T02:00:00.000Z' },
      }),
    };
    const admin = { ...AGENT, token: 'tok-admin', roles: ['admin'] };
    const p = (page = openPage('staff/pages/desk-settings/index', { storage: { 'linli.session': admin }, routes }));
    await p.waitFor(() => p.root.querySelector('.desk-settings-compensation-cap'), 'the cap field');
    expect(text(p, '.desk-settings-compensation')).toContain('超过的需主管或管理员处理');
    const field = p.root.querySelector('.desk-settings-compensation-cap')!;
    expect(field.data.value).toBe('500');
    field.dispatchEvent('input', { detail: { value: '800' } });
    await tick();
    p.root.querySelector('.desk-settings-save')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.desk-settings-saved'), 'the saved notice');
    expect(p.requests.find((r) => r.method === 'PUT')!.data).toMatchObject({ agentCompensationCapPoints: 800, expectedVersion: 2 });
  });
});

/** What 我要投诉 reads first: the shop's open categories and the buyer's recent orders. */
const filingRoutes: Record<string, CannedResponse> = {
  'GET /v1/complaint-options': {
    statusCode: 200,
    body: {
      categories: [
        { code: 'quality', name: '商品质量' },
        { code: 'logistics', name: '物流配送' },
        { code: 'cold_chain', name: '冷链失温' },
      ],
      descriptionMax: 1000,
      photosMax: 6,
    },
  },
  'GET /v1/me/orders': {
    statusCode: 200,
    body: {
      items: [
        {
          orderId: 'LL20261120001',
          paidAt: '2026-11-20T02:00:00.000Z',
          paidFen: 12_800,
          refundedFen: 0,
          status: 'paid',
          items: [
            { sku: 'CHERRY', name: '智利车厘子 1kg', qty: 1, unitPriceFen: 9_800 },
            { sku: 'ICE', name: '冰袋', qty: 2, unitPriceFen: 1_500 },
          ],
          points: { earned: 128, takenBack: 0, state: 'available', availableAt: null },
        },
      ],
      nextCursor: null,
    },
  },
};

describe('我要投诉 (weapp build)', () => {
  it("offers the shop's categories and the buyer's own orders", async () => {
    const p = (page = openPage('pages/complaints/new/index', {
      storage: { 'linli.session': BUYER },
      routes: { ...filingRoutes, 'POST /v1/me/complaints': { statusCode: 200, body: view({ status: 'submitted' }) } },
    }));
    await p.waitFor(() => p.root.querySelectorAll('.complaint-order').length === 1, 'the orders');
    expect(texts(p, '.complaint-category__option')).toEqual(['商品质量', '物流配送', '冷链失温']);
    // The order as the buyer knows it: the first item and how many, the day and the amount; never its id.
    expect(texts(p, '.complaint-order__items')).toEqual(['智利车厘子 1kg×1 等2件']);
    expect(texts(p, '.complaint-order__meta')).toEqual(['2026-11-20 · ¥128.00']);
    expect(p.root.dom.textContent).not.toContain('LL20261120001');
    p.root.querySelectorAll('.complaint-category__option')[2]!.dispatchEvent('tap');
    p.root.querySelector('.complaint-order')!.dispatchEvent('tap');
    p.root.querySelector('.complaint-description')!.dispatchEvent('input', { detail: { value: '冰袋化了' } });
    await tick();
    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    await p.waitFor(() => p.requests.some((r) => r.method === 'POST' && r.url.endsWith('/v1/me/complaints')), 'the filing');
    expect(p.requests.find((r) => r.method === 'POST' && r.url.endsWith('/v1/me/complaints'))!.data).toMatchObject({
      category: 'cold_chain',
      orderId: 'LL20261120001',
    });
  });

  it('checks the form, then files once with the same request id on retry', async () => {
    const routes: Record<string, CannedResponse> = {
      ...filingRoutes,
      'POST /v1/me/complaints': { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } },
    };
    const p = (page = openPage('pages/complaints/new/index', { storage: { 'linli.session': BUYER }, routes }));
    await p.waitFor(() => p.root.querySelector('.complaint-submit'), 'the form');
    expect(text(p, '.counter')).toBe('0/1000');
    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.complaint-error'), 'the check')).toBe('请选择投诉类型');

    // Choosing a category takes the hint away at once; the next check names what is still missing.
    p.root.querySelectorAll('.complaint-category__option')[1]!.dispatchEvent('tap');
    await p.waitFor(() => !p.root.querySelector('.complaint-error'), 'the category hint gone');
    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.complaint-error'), 'the next check')).toBe('请描述遇到的问题');
    p.root.querySelector('.complaint-description')!.dispatchEvent('input', { detail: { value: '快递三天没动' } });
    await tick();
    expect(text(p, '.counter')).toBe('6/1000');
    // The page also reads the client config (the subscribe template): count the filings only.
    const filings = () => p.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/v1/me/complaints'));
    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    await p.waitFor(() => filings().length === 1, 'the first attempt');
    await tick();
    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    await p.waitFor(() => filings().length === 2, 'the retry');
    const [first, retry] = filings().map((r) => r.data as Record<string, unknown>);
    expect(first).toMatchObject({ category: 'logistics', description: '快递三天没动', contactPreference: 'wechat', photoKeys: [] });
    expect(first).not.toHaveProperty('orderId');
    expect(retry!.requestId).toBe(first!.requestId);
  });
});

describe('我要投诉 with photos (weapp build)', () => {
  const TEMPLATES = {
    birthdayGreeting: 't-b',
    tierChanged: 't-t',
    pointsExpiring: 't-p',
    complaintUpdate: 'tmpl-complaint-update',
    complaintAlert: 't-a',
  };

  it('uploads each picked photo through a grant, holds the form for a failed one until retried, then files with the keys in order while asking for update messages', async () => {
    let granted = 0;
    const uploads: Array<{ url: string; filePath: string; name: string; formData: Record<string, string> }> = [];
    const subscribeAsks: string[][] = [];
    let failNextB = true;
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      ...filingRoutes,
      'GET /v1/client-config': { statusCode: 200, body: { policyVersion: 'v1', templates: TEMPLATES } },
      'POST /v1/me/photo-uploads': () => {
        granted += 1;
        const key = `complaints/mem-1/p_${granted}.jpg`;
        return {
          statusCode: 200,
          body: {
            key,
            url: 'https://linli-photos.s3.example.com/',
            fields: { key, 'Content-Type': 'image/jpeg', Policy: 'cG9saWN5' },
            expiresAt: '2099-01-01T00:00:00.000Z',
            maxBytes: 10485760,
          },
        };
      },
      'POST /v1/me/subscriptions': { statusCode: 200, body: { items: [] } },
      'POST /v1/me/complaints': { statusCode: 200, body: view({ complaintId: 'cp-new', status: 'submitted' }) },
    };
    const wx = {
      chooseMedia: (options: { count: number; success: (r: unknown) => void }) => {
        expect(options.count).toBe(6);
        setTimeout(() =>
          options.success({
            type: 'image',
            tempFiles: [
              { tempFilePath: 'http://tmp/a.jpg', size: 120_000, fileType: 'image' },
              { tempFilePath: 'http://tmp/b.jpg', size: 90_000, fileType: 'image' },
              { tempFilePath: 'http://tmp/c.heic', size: 80_000, fileType: 'image' },
            ],
            errMsg: 'chooseMedia:ok',
          }),
        );
      },
      uploadFile: (options: {
        url: string;
        filePath: string;
        name: string;
        formData: Record<string, string>;
        success: (r: unknown) => void;
      }) => {
        uploads.push({ url: options.url, filePath: options.filePath, name: options.name, formData: options.formData });
        const refused = options.filePath === 'http://tmp/b.jpg' && failNextB;
        if (refused) failNextB = false;
        setTimeout(() => options.success({ statusCode: refused ? 403 : 204, data: '', errMsg: 'uploadFile:ok' }));
        return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {} };
      },
      requestSubscribeMessage: (options: { tmplIds: string[]; success: (r: unknown) => void }) => {
        subscribeAsks.push(options.tmplIds);
        // The buyer declines: filing must go ahead all the same.
        setTimeout(() => options.success({ errMsg: 'requestSubscribeMessage:ok', [options.tmplIds[0]!]: 'reject' }));
      },
    };
    const p = (page = openPage('pages/complaints/new/index', { storage: { 'linli.session': BUYER }, routes, wx }));
    await p.waitFor(
      () => p.requests.some((r) => r.url.endsWith('/v1/client-config')) && p.root.querySelector('.complaint-category__option'),
      'the client config and the form',
    );
    p.root.querySelector('.complaint-category__option')!.dispatchEvent('tap');
    p.root.querySelector('.complaint-description')!.dispatchEvent('input', { detail: { value: '箱子压坏了' } });
    await tick();

    p.root.querySelector('.photo-tile--add')!.dispatchEvent('tap');
    await p.waitFor(
      () => p.root.querySelectorAll('.photo-tile--done').length === 1 && p.root.querySelectorAll('.photo-tile--failed').length === 2,
      'one uploaded, two failed',
    );
    // The HEIC file is refused before any grant; the JPEGs each got one and were posted as wx.uploadFile posts.
    expect(granted).toBe(2);
    expect(uploads.map((u) => [u.filePath, u.name, u.formData.key])).toEqual([
      ['http://tmp/a.jpg', 'file', 'complaints/mem-1/p_1.jpg'],
      ['http://tmp/b.jpg', 'file', 'complaints/mem-1/p_2.jpg'],
    ]);
    expect(texts(p, '.photo-tile__failure')).toEqual(['上传失败，请重试', '仅支持 JPG、PNG、WebP 格式的图片']);
    expect(p.root.querySelectorAll('.photo-tile__retry')).toHaveLength(1);

    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.complaint-error'), 'the hold');
    expect(text(p, '.complaint-error')).toBe('有图片上传失败，请重试或删除');
    expect(p.requests.some((r) => r.url.endsWith('/v1/me/complaints'))).toBe(false);

    p.root.querySelector('.photo-tile__retry')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelectorAll('.photo-tile--done').length === 2, 'the retried upload');
    p.root.querySelectorAll('.photo-tile--failed .photo-tile__remove')[0]!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelectorAll('.photo-tile--failed').length === 0, 'the refused file removed');

    p.root.querySelector('.complaint-submit')!.dispatchEvent('tap');
    await p.waitFor(() => p.requests.find((r) => r.url.endsWith('/v1/me/complaints')), 'the filing');
    expect(subscribeAsks).toEqual([['tmpl-complaint-update']]);
    const filed = p.requests.find((r) => r.url.endsWith('/v1/me/complaints'))!;
    expect(filed.data).toMatchObject({ description: '箱子压坏了', photoKeys: ['complaints/mem-1/p_1.jpg', 'complaints/mem-1/p_3.jpg'] });
    await p.waitFor(() => p.requests.find((r) => r.url.endsWith('/v1/me/subscriptions')), 'the report');
    expect(p.requests.find((r) => r.url.endsWith('/v1/me/subscriptions'))!.data).toMatchObject({
      results: [{ templateId: 'tmpl-complaint-update', result: 'reject' }],
    });
  });

  it("shows the complaint's and the replies' photos on the detail page, full size on a tap", async () => {
    const photo = (key: string) => ({ key, url: `https://linli-photos.s3.example.com/${key}?X-Amz-Signature=abc` });
    const withPhotos = view({
      photos: [photo('complaints/mem-1/p_1.jpg'), photo('complaints/mem-1/p_2.jpg')],
      timeline: [...view().timeline.slice(0, 2), { ...view().timeline[2], photos: [photo('complaints/mem-agent/p_9.jpg')] }],
    });
    const previews: Array<{ urls: string[]; current: string }> = [];
    const wx = {
      previewImage: (options: { urls: string[]; current: string; success?: (r: unknown) => void }) => {
        previews.push({ urls: options.urls, current: options.current });
        setTimeout(() => options.success?.({ errMsg: 'previewImage:ok' }));
      },
    };
    const p = (page = openPage('pages/complaints/detail/index', {
      storage: { 'linli.session': BUYER },
      routes: { 'GET /v1/me/complaints/cp-1': { statusCode: 200, body: withPhotos } },
      query: { id: 'cp-1' },
      wx,
    }));
    await p.waitFor(() => p.root.querySelector('.complaint-reply-input'), 'the page');
    expect(p.root.querySelectorAll('.photo-grid')).toHaveLength(2);
    expect(p.root.querySelectorAll('.photo-grid .photo-tile')).toHaveLength(3);
    expect(p.root.querySelectorAll('.timeline-entry--reply .photo-tile')).toHaveLength(1);

    p.root.querySelectorAll('.photo-grid .photo-tile__image')[1]!.dispatchEvent('tap');
    await p.waitFor(() => previews.length === 1, 'the preview');
    expect(previews[0]).toEqual({
      urls: [photo('complaints/mem-1/p_1.jpg').url, photo('complaints/mem-1/p_2.jpg').url],
      current: photo('complaints/mem-1/p_2.jpg').url,
    });
  });
});
