import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { MemberView } from '@linli/shared/members';

// Taro is replaced by a fake WeChat: storage in a Map, request answered by the test.
const storage = new Map<string, unknown>();
const taro = vi.hoisted(() => ({
  request: vi.fn(),
  reLaunch: vi.fn(() => Promise.resolve()),
  getStorageSync: vi.fn(),
  setStorageSync: vi.fn(),
  removeStorageSync: vi.fn(),
}));
vi.mock('@tarojs/taro', () => ({ default: taro }));

const { apiRequest, METHOD_OVERRIDE_HEADER } = await import('./http');
const { ApiError, errorText } = await import('./errors');
const { SESSION_STORAGE_KEY } = await import('./session');

const member: MemberView = {
  memberId: 'm-1',
  status: 'member',
  nickname: '小林',
  tier: { code: 'silver', name: '银卡会员' },
  points: { balance: 1280, pending: 120, expiringSoon: { points: 300, before: '2026-12-01T15:59:59.999Z' } },
  birthday: '03-08',
  phoneMasked: '138****1234',
  joinedAt: '2026-11-01T06:00:00.000Z',
  policyVersion: '2026-11-01',
  memberCode: '8H3K2Q9T',
  stats: { orderCount: 3, totalSpentFen: 128_000, firstOrderAt: null, lastOrderAt: null },
};

function answer(statusCode: number, data: unknown) {
  taro.request.mockResolvedValueOnce({ statusCode, data, header: {}, errMsg: 'request:ok' });
}

beforeEach(() => {
  storage.clear();
  vi.clearAllMocks();
  taro.getStorageSync.mockImplementation((key: string) => storage.get(key) ?? '');
  taro.setStorageSync.mockImplementation((key: string, value: unknown) => void storage.set(key, value));
  taro.removeStorageSync.mockImplementation((key: string) => void storage.delete(key));
  storage.set(SESSION_STORAGE_KEY, { token: 'tok-1', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] });
});

describe('apiRequest', () => {
  it('sends the bearer token and returns the parsed body', async () => {
    answer(200, member);
    await expect(apiRequest(MemberView, 'GET', '/v1/me')).resolves.toEqual(member);
    expect(taro.request).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'http://127.0.0.1:3000/v1/me',
        method: 'GET',
        header: expect.objectContaining({ Authorization: 'Bearer tok-1' }),
      }),
    );
  });

  it('adds the query without empty values', async () => {
    answer(200, member);
    await apiRequest(MemberView, 'GET', '/v1/me/points', { query: { limit: 20, cursor: undefined } });
    expect(taro.request.mock.calls[0]![0].url).toBe('http://127.0.0.1:3000/v1/me/points?limit=20');
  });

  it('sends PATCH as POST with the override header, because wx.request cannot PATCH', async () => {
    answer(200, member);
    await apiRequest(MemberView, 'PATCH', '/v1/me', { body: { birthday: '03-08' } });
    const options = taro.request.mock.calls[0]![0];
    expect(options.method).toBe('POST');
    expect(options.header[METHOD_OVERRIDE_HEADER]).toBe('PATCH');
    expect(JSON.parse(options.data)).toEqual({ birthday: '03-08' });
  });

  it('turns an error body into an ApiError with the stable code', async () => {
    answer(409, { error: { code: 'CONFLICT', message: 'version mismatch on member m-1' } });
    const failure = await apiRequest(MemberView, 'GET', '/v1/me').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as InstanceType<typeof ApiError>).code).toBe('CONFLICT');
    expect(errorText(failure)).toBe('操作冲突，请刷新后重试');
  });

  it('sends PUT as PUT and keeps the field issues of a 400', async () => {
    const issues = [{ path: 'tiers.2.minGrowth', message: 'Must be higher than the tier before: thresholds may not overlap' }];
    answer(400, { error: { code: 'VALIDATION_FAILED', message: 'The tiers do not form a valid ladder', issues } });
    const failure = await apiRequest(MemberView, 'PUT', '/v1/staff/tiers', { body: { version: 1 } }).catch((error: unknown) => error);
    expect(taro.request.mock.calls[0]![0]).toMatchObject({ method: 'PUT' });
    expect(taro.request.mock.calls[0]![0].header[METHOD_OVERRIDE_HEADER]).toBeUndefined();
    expect((failure as InstanceType<typeof ApiError>).code).toBe('VALIDATION_FAILED');
    expect((failure as InstanceType<typeof ApiError>).issues).toEqual(issues);
  });

  it('sends DELETE as DELETE and reads a 204 as no body, whatever the platform made of it', async () => {
    answer(204, '');
    await expect(apiRequest(z.null(), 'DELETE', '/v1/staff/segments/seg-1')).resolves.toBeNull();
    expect(taro.request.mock.calls[0]![0]).toMatchObject({ method: 'DELETE' });
    expect(taro.request.mock.calls[0]![0].header[METHOD_OVERRIDE_HEADER]).toBeUndefined();
  });

  it('falls back to the HTTP status when the body is not an error body', async () => {
    answer(403, '<html>Forbidden</html>');
    const failure = await apiRequest(MemberView, 'GET', '/v1/me').catch((error: unknown) => error);
    expect((failure as InstanceType<typeof ApiError>).code).toBe('FORBIDDEN');
  });

  it('clears the session and goes to the login page on 401', async () => {
    answer(401, { error: { code: 'UNAUTHENTICATED', message: 'token expired' } });
    await expect(apiRequest(MemberView, 'GET', '/v1/me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(storage.has(SESSION_STORAGE_KEY)).toBe(false);
    expect(taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });

  it('does not call the API at all without a session', async () => {
    storage.clear();
    await expect(apiRequest(MemberView, 'GET', '/v1/me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(taro.request).not.toHaveBeenCalled();
    expect(taro.reLaunch).toHaveBeenCalled();
  });

  it('treats an expired session as no session', async () => {
    storage.set(SESSION_STORAGE_KEY, { token: 'old', expiresAt: '2020-01-01T00:00:00.000Z', roles: ['member'] });
    await expect(apiRequest(MemberView, 'GET', '/v1/me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(taro.request).not.toHaveBeenCalled();
  });

  it('logs in without a session', async () => {
    storage.clear();
    answer(200, member);
    await apiRequest(MemberView, 'POST', '/v1/auth/wechat', { body: { code: 'dev-demo' }, auth: false });
    expect(taro.request.mock.calls[0]![0].header.Authorization).toBeUndefined();
  });

  it('reports a network failure with its own text', async () => {
    taro.request.mockRejectedValueOnce({ errMsg: 'request:fail timeout' });
    const failure = await apiRequest(MemberView, 'GET', '/v1/me').catch((error: unknown) => error);
    expect((failure as InstanceType<typeof ApiError>).code).toBe('NETWORK');
    expect(errorText(failure)).toBe('网络不给力，请检查网络后重试');
  });

  it('refuses a response that breaks the shared contract instead of rendering it', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    answer(200, { ...member, points: { ...member.points, balance: -1 } });
    await expect(apiRequest(MemberView, 'GET', '/v1/me')).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(consoleError).toHaveBeenCalled();
    consoleError.mockRestore();
  });
});

describe('errorText', () => {
  it('never shows what is not an ApiError', () => {
    expect(errorText(new Error('TypeError: x is undefined'))).toBe('服务开小差了，请稍后重试');
  });
});
