import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/src/db/keys.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let agentToken: string;

beforeAll(async () => {
  stack = await createTestStack();
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-mc-agent', role: 'agent', name: '小李', at: stack.clock().toISOString() });
  agentToken = (await api.login('mc-agent')).token;
});
afterAll(() => stack.close());

async function joinedMember(name: string) {
  const session = await api.login(name);
  const joined = await api.join(session.token);
  return { token: session.token, member: await joined.json() };
}

describe('the member code (会员码)', () => {
  it('is 8 letters and digits a cashier can type, and no two members share one', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { member } = await joinedMember(`mc-unique-${i}`);
      expect(member.memberCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
      codes.add(member.memberCode);
    }
    expect(codes.size).toBe(20);
  });

  it('stays the same on every card', async () => {
    const { token, member } = await joinedMember('mc-stable');
    const again = await (await api.json('GET', '/v1/me', undefined, token)).json();
    expect(again.memberCode).toBe(member.memberCode);
  });

  it('finds its member for staff, typed with spaces, dashes or lower case', async () => {
    const { member } = await joinedMember('mc-lookup');
    const typed = `${member.memberCode.slice(0, 4).toLowerCase()} -${member.memberCode.slice(4)}`;
    const response = await api.json('GET', `/v1/staff/member-codes/${encodeURIComponent(typed)}`, undefined, agentToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ memberId: member.memberId });
  });

  it('answers a code nobody has with 404 and a malformed one with a field issue', async () => {
    const unknown = await api.json('GET', '/v1/staff/member-codes/ZZZZZZZZ', undefined, agentToken);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('NOT_FOUND');
    const malformed = await api.json('GET', '/v1/staff/member-codes/LINLI-M-m_123', undefined, agentToken);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('VALIDATION_FAILED');
  });

  it('is looked up by staff only', async () => {
    const { token, member } = await joinedMember('mc-buyer');
    const response = await api.json('GET', `/v1/staff/member-codes/${member.memberCode}`, undefined, token);
    expect(response.status).toBe(403);
  });

  it('is given once to a member stored before codes were short, on its first card', async () => {
    const { token, member } = await joinedMember('mc-legacy');
    const stored = (await getMember(stack.deps.db, member.memberId))!;
    const { memberCode: _code, ...legacy } = stored;
    await stack.deps.db.doc.send(
      new PutCommand({ TableName: stack.deps.db.tableName, Item: { ...keys.member(stored.memberId), ...legacy } }),
    );

    const cards = await Promise.all([1, 2, 3].map(async () => (await api.json('GET', '/v1/me', undefined, token)).json()));
    const given = cards[0].memberCode;
    expect(given).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(cards.map((card) => card.memberCode)).toEqual([given, given, given]);
    expect((await getMember(stack.deps.db, member.memberId))!.memberCode).toBe(given);
    const found = await api.json('GET', `/v1/staff/member-codes/${given}`, undefined, agentToken);
    expect((await found.json()).memberId).toBe(member.memberId);
  });
});
