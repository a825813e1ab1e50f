import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InvitationList } from '@linli/shared/staff';

// Taro is replaced by a fake WeChat: a stored session, request answered by the test.
const taro = vi.hoisted(() => ({
  request: vi.fn(),
  reLaunch: vi.fn(() => Promise.resolve()),
  getStorageSync: vi.fn(),
  setStorageSync: vi.fn(),
  removeStorageSync: vi.fn(),
}));
vi.mock('@tarojs/taro', () => ({ default: taro }));

const { callApi } = await import('./contract');
const { SESSION_STORAGE_KEY } = await import('./session');

beforeEach(() => {
  vi.clearAllMocks();
  taro.getStorageSync.mockImplementation((key: string) =>
    key === SESSION_STORAGE_KEY ? { token: 't', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', 'admin'] } : '',
  );
  taro.request.mockResolvedValue({ statusCode: 200, data: { items: [] }, header: {}, errMsg: 'request:ok' });
});

describe('callApi', () => {
  it('fills each :name of the route path with its parameter, encoded', async () => {
    await callApi(InvitationList, 'POST', '/v1/staff/invitations/:invitationId/revoke', { param: { invitationId: 'a/b c?' } });
    expect(taro.request.mock.calls[0]![0].url).toMatch(/\/v1\/staff\/invitations\/a%2Fb%20c%3F\/revoke$/);
  });

  it('calls a route without parameters at its own path, with the session and no body', async () => {
    await callApi(InvitationList, 'GET', '/v1/staff/invitations');
    const options = taro.request.mock.calls[0]![0];
    expect(options.url).toMatch(/\/v1\/staff\/invitations$/);
    expect(options.method).toBe('GET');
    expect(options.header.Authorization).toBe('Bearer t');
    expect(options.data).toBeUndefined();
  });
});
