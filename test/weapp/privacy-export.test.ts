import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATA_EXPORT_KIND_ZH, DATA_EXPORT_KINDS, type DataExport, type DataExportList } from '@linli/shared/data-export';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

const SESSION = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const LIST = 'GET /v1/me/data-exports';
const REQUEST = 'POST /v1/me/data-exports';

function ready(overrides: Partial<DataExport> = {}): DataExport {
  return {
    exportId: 'exp_1',
    status: 'ready',
    requestedAt: '2026-03-14T02:00:00.000Z',
    readyAt: '2026-03-14T02:01:00.000Z',
    expiresAt: '2026-03-15T02:01:00.000Z',
    files: [
      {
        name: 'export.json',
        label: '全部数据（JSON）',
        format: 'json',
        url: 'https://exports.example/exp_1/export.json?X-Amz-Signature=a',
      },
      { name: 'orders.csv', label: '订单（CSV）', format: 'csv', url: 'https://exports.example/exp_1/orders.csv?X-Amz-Signature=b' },
      { name: 'photos/p_1.jpg', label: '照片 1', format: 'photo', url: 'https://photos.example/p_1.jpg?X-Amz-Signature=c' },
    ],
    linksExpireAt: '2026-03-14T02:16:00.000Z',
    ...overrides,
  };
}

const list = (items: DataExport[], nextRequestAt: string | null = null): CannedResponse => ({
  statusCode: 200,
  body: { items, nextRequestAt } satisfies DataExportList,
});

let page: LoadedPage | undefined;
const toasts: Array<{ title: string }> = [];
const copied: string[] = [];
const previewed: unknown[] = [];

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
  toasts.length = 0;
  copied.length = 0;
  previewed.length = 0;
});

function open(routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>) {
  page = openPage('pages/privacy-export/index', {
    storage: { 'linli.session': SESSION },
    routes,
    wx: {
      showToast: (call: { title: string }) => void toasts.push(call),
      stopPullDownRefresh: () => undefined,
      setClipboardData: (call: { data: string; success?: () => void }) => {
        copied.push(call.data);
        call.success?.();
      },
      previewImage: (call: { urls: string[]; success?: () => void }) => {
        previewed.push(call.urls);
        call.success?.();
      },
    },
  });
  return page;
}

const requestButton = (p: LoadedPage) => p.root.querySelector('.export-request__button')!;

describe('导出我的数据 page (weapp build in miniprogram-simulate)', () => {
  it('explains every kind a copy holds, and shows an empty list before any request', async () => {
    const p = open({ [LIST]: list([]) });
    await p.waitFor(() => text(p, '.state-box') === '还没有导出记录', 'the empty list');
    expect(texts(p, '.export-kinds__name')).toEqual(DATA_EXPORT_KINDS.map((kind) => DATA_EXPORT_KIND_ZH[kind]));
    expect(text(p, '.state-box')).toBe('还没有导出记录');
    expect(requestButton(p).dom.getAttribute('class')).not.toContain('btn--disabled');
  });

  it('asks for an export on tap with one request id, then shows it queued and the button disabled with the reason', async () => {
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      [LIST]: list([]),
      [REQUEST]: { statusCode: 200, body: ready({ status: 'queued', readyAt: null, expiresAt: null, files: [], linksExpireAt: null }) },
    };
    const p = open(routes);
    await p.waitFor(() => text(p, '.state-box') === '还没有导出记录', 'the empty list');
    routes[LIST] = list(
      [ready({ status: 'queued', readyAt: null, expiresAt: null, files: [], linksExpireAt: null })],
      '2026-03-14T16:00:00.000Z',
    );
    requestButton(p).dispatchEvent('tap');

    await p.waitFor(() => text(p, '.export-card__status') === '排队中', 'the queued export');
    const posts = p.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.data).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(requestButton(p).dom.getAttribute('class')).toContain('btn--disabled');
    expect(text(p, '.export-request__reason')).toBe('今天已申请过，2026-03-15 00:00 后可再次申请');
  });

  it('shows a refusal in Chinese, never the code', async () => {
    const p = open({
      [LIST]: list([]),
      [REQUEST]: { statusCode: 409, body: { error: { code: 'EXPORT_ALREADY_REQUESTED_TODAY', message: 'One export a day' } } },
    });
    await p.waitFor(() => text(p, '.state-box') === '还没有导出记录', 'the empty list');
    requestButton(p).dispatchEvent('tap');
    await p.waitFor(() => toasts.length > 0, 'the toast');
    expect(toasts[0]!.title).toBe(ERROR_TEXT_ZH.EXPORT_ALREADY_REQUESTED_TODAY);
  });

  it('lists a ready export with its files: a CSV or JSON link is copied for a browser, a photo opens in the viewer', async () => {
    const p = open({ [LIST]: list([ready(), ready({ exportId: 'exp_0', status: 'expired', files: [], linksExpireAt: null })]) });
    await p.waitFor(() => texts(p, '.export-card').length === 2, 'the exports');
    expect(texts(p, '.export-card__status')).toEqual(['可下载', '已过期']);
    expect(texts(p, '.export-file__label')).toEqual(['全部数据（JSON）', '订单（CSV）', '照片 1']);
    const links = p.root.querySelectorAll('.export-file__action');
    expect(links.map((link) => link.dom.textContent)).toEqual(['下载', '下载', '查看']);

    links[1]!.dispatchEvent('tap');
    await p.waitFor(() => copied.length === 1, 'the copied link');
    expect(copied).toEqual(['https://exports.example/exp_1/orders.csv?X-Amz-Signature=b']);
    await p.waitFor(() => toasts.length === 1, 'the toast');
    expect(toasts[0]!.title).toContain('链接已复制');

    links[2]!.dispatchEvent('tap');
    await p.waitFor(() => previewed.length === 1, 'the photo viewer');
    expect(previewed).toEqual([['https://photos.example/p_1.jpg?X-Amz-Signature=c']]);
  });

  it('shows an error with a retry when the list cannot be read', async () => {
    const routes: Record<string, CannedResponse> = { [LIST]: { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'x' } } } };
    const p = open(routes);
    await p.waitFor(() => text(p, '.state-box__title') === '出错了', 'the error');
    expect(requestButton(p).dom.getAttribute('class')).toContain('btn--disabled');
    routes[LIST] = list([ready({ status: 'failed', files: [], linksExpireAt: null })]);
    p.root.querySelector('.state-box__action')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.export-card__status') === '生成失败', 'the failed export');
  });
});
