import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import { listConsents, getMember } from '../../functions/src/members/repository.ts';
import { decryptPhone } from '../../functions/src/members/phone-crypto.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await createTestStack();
  api = apiClient(stack);
});
afterAll(() => stack.close());

describe('login with WeChat', () => {
  it('creates a visitor on first login and returns a session that reads /v1/me', async () => {
    const session = await api.login('login-first');
    expect(session.member.status).toBe('visitor');
    expect(session.roles).toEqual(['member']);
    const me = await api.json('GET', '/v1/me', undefined, session.token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ memberId: session.member.memberId, status: 'visitor', points: { balance: 0 } });
  });

  it('makes exactly one member when the same user logs in twice at once', async () => {
    const [a, b] = await Promise.all([api.login('login-twice'), api.login('login-twice')]);
    expect(a.member.memberId).toBe(b.member.memberId);
    const { Items = [] } = await stack.deps.db.doc.send(
      new ScanCommand({
        TableName: stack.deps.db.tableName,
        FilterExpression: 'openid = :o AND sk = :sk',
        ExpressionAttributeValues: { ':o': 'o-login-twice', ':sk': 'PROFILE' },
      }),
    );
    expect(Items).toHaveLength(1);
  });

  it('never returns the session_key or app secret to the client', async () => {
    const response = await api.json('POST', '/v1/auth/wechat', { code: 'dev-login-secret' });
    const text = await response.text();
    expect(text).not.toMatch(/session_key|linli-local-app-secret/);
  });

  it('answers 401 WECHAT_LOGIN_FAILED for a code WeChat refuses, and for a reused code', async () => {
    const bad = await api.json('POST', '/v1/auth/wechat', { code: 'not-a-dev-code!' });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('WECHAT_LOGIN_FAILED');
    expect((await api.json('POST', '/v1/auth/wechat', { code: 'dev-login-reuse.n1' })).status).toBe(200);
    const reused = await api.json('POST', '/v1/auth/wechat', { code: 'dev-login-reuse.n1' });
    expect(reused.status).toBe(401);
    expect((await reused.json()).error.code).toBe('WECHAT_LOGIN_FAILED');
  });

  it('rejects an expired session with 401 UNAUTHENTICATED', async () => {
    const session = await api.login('login-expiry');
    stack.clock.advance(8 * 24 * 3600 * 1000);
    try {
      const me = await api.json('GET', '/v1/me', undefined, session.token);
      expect(me.status).toBe(401);
      expect((await me.json()).error.code).toBe('UNAUTHENTICATED');
    } finally {
      stack.clock.advance(-8 * 24 * 3600 * 1000);
    }
  });

  it('rejects a token signed with another key', async () => {
    const session = await api.login('login-forged');
    const [header, payload] = session.token.split('.');
    const forged = `${header}.${payload}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    expect((await api.json('GET', '/v1/me', undefined, forged)).status).toBe(401);
  });
});

describe('joining', () => {
  it('records the accepted policy version and time in the consent ledger', async () => {
    const session = await api.login('join-consent');
    const joined = await api.join(session.token);
    expect(joined.status).toBe(200);
    const member = await joined.json();
    expect(member).toMatchObject({ status: 'member', policyVersion: PRIVACY_POLICY_VERSION, joinedAt: stack.clock().toISOString() });
    const consents = await listConsents(stack.deps.db, session.member.memberId);
    expect(consents).toEqual([
      expect.objectContaining({ action: 'accept', policyVersion: PRIVACY_POLICY_VERSION, at: stack.clock().toISOString() }),
    ]);
  });

  it('refuses an outdated policy version with 409 POLICY_VERSION_OUTDATED', async () => {
    const session = await api.login('join-outdated');
    const response = await api.json('POST', '/v1/me/consent', { policyVersion: '2000-01-01', accepted: true }, session.token);
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('POLICY_VERSION_OUTDATED');
  });

  it('refuses profile changes before joining with 409 NOT_JOINED', async () => {
    const session = await api.login('join-not-yet');
    const response = await api.json('PATCH', '/v1/me', { birthday: '03-14' }, session.token);
    expect(response.status).toBe(409);
    expect((await response.json()).error.code).toBe('NOT_JOINED');
  });

  it('keeps an optional birthday, validating the calendar', async () => {
    const session = await api.login('join-birthday');
    await api.join(session.token);
    const ok = await api.json('PATCH', '/v1/me', { birthday: '1990-02-29'.replace('1990', '1992') }, session.token);
    expect(ok.status).toBe(200);
    expect((await ok.json()).birthday).toBe('1992-02-29');
    const bad = await api.json('PATCH', '/v1/me', { birthday: '02-30' }, session.token);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues).toEqual([expect.objectContaining({ path: 'birthday' })]);
  });

  it('accepts a profile update sent as POST with X-HTTP-Method-Override (wx.request has no PATCH)', async () => {
    const session = await api.login('join-override');
    await api.join(session.token);
    const response = await api.json('POST', '/v1/me', { nickname: '小林' }, session.token, { 'x-http-method-override': 'PATCH' });
    expect(response.status).toBe(200);
    expect((await response.json()).nickname).toBe('小林');
  });

  it('stores the phone from WeChat encrypted and shows it only masked', async () => {
    const session = await api.login('join-phone');
    await api.join(session.token);
    const response = await api.json('POST', '/v1/me/phone', { code: 'dev-phone-13812345678' }, session.token);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(body)).not.toContain('13812345678');
    const stored = await getMember(stack.deps.db, session.member.memberId);
    expect(stored!.phoneEncrypted).not.toContain('13812345678');
    expect(decryptPhone(stored!.phoneEncrypted!, stack.deps.secrets.phoneEncryptionKey)).toBe('13812345678');
  });

  it('answers 422 WECHAT_PHONE_FAILED when WeChat refuses the phone code', async () => {
    const session = await api.login('join-phone-bad');
    await api.join(session.token);
    const response = await api.json('POST', '/v1/me/phone', { code: 'garbage' }, session.token);
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe('WECHAT_PHONE_FAILED');
  });
});

describe('errors', () => {
  it('400 with field issues for a malformed body', async () => {
    const response = await api.json('POST', '/v1/auth/wechat', { code: 42 });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path: 'code' })] });
  });

  it('400 for a body that is not JSON', async () => {
    const response = await api.json('POST', '/v1/auth/wechat', '{"code":');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('VALIDATION_FAILED');
  });

  it('401 without a token', async () => {
    const response = await api.json('GET', '/v1/me');
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('UNAUTHENTICATED');
  });

  it('403 when a buyer calls a staff route', async () => {
    const session = await api.login('errors-buyer');
    const response = await api.json('GET', '/v1/staff/members', undefined, session.token);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('FORBIDDEN');
  });

  it('404 with a stable code for an unknown route', async () => {
    const response = await api.json('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('NOT_FOUND');
  });

  it('500 carries no stack trace or internal detail', async () => {
    const session = await api.login('errors-internal');
    const original = stack.deps.db.doc.send.bind(stack.deps.db.doc);
    stack.deps.db.doc.send = (() => Promise.reject(new Error('secret internal detail at Table linli'))) as typeof stack.deps.db.doc.send;
    try {
      const response = await api.json('GET', '/v1/me', undefined, session.token);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text).error.code).toBe('INTERNAL');
      expect(text).not.toMatch(/secret internal detail|at .*\.ts|Table/);
    } finally {
      stack.deps.db.doc.send = original;
    }
  });
});
