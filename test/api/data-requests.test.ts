import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditPage } from '@linli/shared/audit';
import {
  OPEN_DATA_REQUESTS_PER_MEMBER,
  type DataRequestPage,
  type DataRequestView,
  type StaffDataRequestPage,
  type StaffDataRequestView,
} from '@linli/shared/data-requests';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// 数据请求: a buyer files a request that needs a person; it is due 15 calendar days after the Shanghai
// day it was filed; admins work the queue (soonest due first, overdue marked), take, answer or refuse
// with a reason the buyer reads. Only admins reach the queue; a buyer reaches only their own requests.

type Staff = 'agent' | 'supervisor' | 'admin' | 'admin2';
type Buyer = 'buyer' | 'other' | 'busy' | 'asker';
let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<Staff | Buyer, string> = {} as never;
const ids: Record<Staff | Buyer, string> = {} as never;

beforeAll(async () => {
  // Tuesday 2026-11-24 10:00 in Shanghai.
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const [who, role, name] of [
    ['agent', 'agent', '客服小林'],
    ['supervisor', 'supervisor', '主管老王'],
    ['admin', 'admin', '店主'],
    ['admin2', 'admin', '店长阿芳'],
  ] as const) {
    await putStaff(stack.deps.db, { openid: `o-dr-${who}`, role, name, at: stack.clock().toISOString() });
    const session = await api.login(`dr-${who}`);
    tokens[who] = session.token;
    ids[who] = session.member.memberId;
  }
  for (const who of ['buyer', 'other', 'busy', 'asker'] as const) {
    const session = await api.login(`dr-${who}`);
    expect((await api.join(session.token)).status).toBe(200);
    tokens[who] = session.token;
    ids[who] = session.member.memberId;
  }
  expect((await api.json('PATCH', '/v1/me', { nickname: '王阿姨' }, tokens.buyer)).status).toBe(200);
});
afterAll(() => stack.close());

const correction = (overrides: Record<string, unknown> = {}) => ({
  requestId: randomUUID(),
  kind: 'correction',
  subject: 'points',
  reference: '11月3日的积分',
  text: '11月3日买的橙子没有加积分，请帮我补上',
  ...overrides,
});

async function file(who: Buyer, body: Record<string, unknown> = correction()): Promise<DataRequestView> {
  const response = await api.json('POST', '/v1/me/data-requests', body, tokens[who]);
  expect(response.status).toBe(200);
  return (await response.json()) as DataRequestView;
}

async function mine(who: Buyer): Promise<DataRequestView[]> {
  const response = await api.json('GET', '/v1/me/data-requests?limit=50', undefined, tokens[who]);
  expect(response.status).toBe(200);
  return ((await response.json()) as DataRequestPage).items;
}

async function queue(query = '', token = tokens.admin): Promise<StaffDataRequestPage> {
  const response = await api.json('GET', `/v1/staff/data-requests${query}`, undefined, token);
  expect(response.status).toBe(200);
  return (await response.json()) as StaffDataRequestPage;
}

/** Every page of the queue, following the cursor. */
async function wholeQueue(status = 'open', limit = 2): Promise<StaffDataRequestPage['items']> {
  const items: StaffDataRequestPage['items'] = [];
  let cursor: string | null = null;
  do {
    const page = await queue(`?status=${status}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const staffPost = (path: string, body: unknown, token = tokens.admin) => api.json('POST', `/v1/staff/data-requests/${path}`, body, token);

async function auditAbout(memberId: string): Promise<AuditPage['items']> {
  const day = new Date(stack.clock().getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const response = await api.json(
    'GET',
    `/v1/staff/audit-log?${new URLSearchParams({ from: '2026-11-01', to: day, memberId, limit: '200' })}`,
    undefined,
    tokens.admin,
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as AuditPage).items;
}

describe('filing', () => {
  it('files a request due 15 calendar days after the Shanghai day it was filed, shown in 我的数据请求 and recorded in the audit log', async () => {
    const filed = await file('buyer');
    expect(filed).toMatchObject({
      kind: 'correction',
      subject: 'points',
      reference: '11月3日的积分',
      status: 'submitted',
      filedAt: '2026-11-24T02:00:00.000Z',
      dueDate: '2026-12-09',
      overdue: false,
      answer: null,
      refusalReason: null,
    });
    expect((await mine('buyer')).map((request) => request.dataRequestId)).toContain(filed.dataRequestId);
    const read = await api.json('GET', `/v1/me/data-requests/${filed.dataRequestId}`, undefined, tokens.buyer);
    expect(await read.json()).toEqual(filed);
    expect((await auditAbout(ids.buyer)).find((entry) => entry.action === 'privacy.request-filed')).toMatchObject({
      actor: { memberId: ids.buyer, role: 'buyer' },
      kind: 'change',
      memberId: ids.buyer,
      target: { dataRequestId: filed.dataRequestId },
    });
  });

  it('counts the deadline from the Shanghai day: filed at 00:30 on the 25th in Shanghai (still the 24th in UTC), due on 12-10', async () => {
    const before = stack.clock();
    stack.clock.set('2026-11-24T16:30:00.000Z');
    try {
      const filed = await file('other', { requestId: randomUUID(), kind: 'explanation', text: '想了解你们保存了我哪些信息' });
      expect(filed).toMatchObject({ dueDate: '2026-12-10', subject: null, reference: null });
    } finally {
      stack.clock.set(before);
    }
  });

  it('files once per request id: a retry answers with the request it filed', async () => {
    const body = correction({ text: '手机号填错了，换号了' });
    const first = await file('buyer', body);
    const again = await file('buyer', { ...body, text: '重复提交' });
    expect(again).toEqual(first);
    expect((await mine('buyer')).filter((request) => request.dataRequestId === first.dataRequestId)).toHaveLength(1);
  });

  it('refuses text that is empty or too long, and unknown kinds, filing nothing', async () => {
    const before = (await mine('buyer')).length;
    for (const bad of [correction({ text: '   ' }), correction({ text: '字'.repeat(501) }), correction({ kind: 'hack' })]) {
      const response = await api.json('POST', '/v1/me/data-requests', bad, tokens.buyer);
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('VALIDATION_FAILED');
    }
    expect(await mine('buyer')).toHaveLength(before);
  });

  it(`keeps at most ${OPEN_DATA_REQUESTS_PER_MEMBER} open per member; an answer makes room for another`, async () => {
    const filed: DataRequestView[] = [];
    for (let n = 0; n < OPEN_DATA_REQUESTS_PER_MEMBER; n++) filed.push(await file('busy', correction({ text: `第 ${n + 1} 个请求` })));
    const refused = await api.json('POST', '/v1/me/data-requests', correction({ text: '再来一个' }), tokens.busy);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('DATA_REQUEST_LIMIT_REACHED');
    expect(await mine('busy')).toHaveLength(OPEN_DATA_REQUESTS_PER_MEMBER);

    expect((await staffPost(`${filed[0]!.dataRequestId}/answer`, { answer: '已核实并更正' })).status).toBe(200);
    await file('busy', correction({ text: '再来一个' }));
    expect(await mine('busy')).toHaveLength(OPEN_DATA_REQUESTS_PER_MEMBER + 1);
  });

  it("lets no buyer read another buyer's request: it reads as none, and lists hold only one's own", async () => {
    const theirs = await file('buyer', correction({ text: '只属于我' }));
    const response = await api.json('GET', `/v1/me/data-requests/${theirs.dataRequestId}`, undefined, tokens.other);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('DATA_REQUEST_NOT_FOUND');
    expect((await mine('other')).map((request) => request.dataRequestId)).not.toContain(theirs.dataRequestId);
    expect((await api.json('GET', '/v1/me/data-requests/dr_unknown', undefined, tokens.other)).status).toBe(404);
  });
});

describe('the queue (admins)', () => {
  it('is for admins only: agents, supervisors and buyers are refused every queue route', async () => {
    const request = await file('other', correction({ text: '请删除我的收货地址' }));
    for (const who of ['agent', 'supervisor', 'buyer'] as const) {
      expect((await api.json('GET', '/v1/staff/data-requests', undefined, tokens[who])).status).toBe(403);
      expect((await api.json('GET', `/v1/staff/data-requests/${request.dataRequestId}`, undefined, tokens[who])).status).toBe(403);
      expect((await staffPost(`${request.dataRequestId}/take`, undefined, tokens[who])).status).toBe(403);
      expect((await staffPost(`${request.dataRequestId}/answer`, { answer: '好的' }, tokens[who])).status).toBe(403);
      expect((await staffPost(`${request.dataRequestId}/refuse`, { reason: '不行' }, tokens[who])).status).toBe(403);
    }
    await expect(
      (await api.json('GET', `/v1/me/data-requests/${request.dataRequestId}`, undefined, tokens.other)).json(),
    ).resolves.toMatchObject({
      status: 'submitted',
    });
  });

  it('lists open requests soonest due first, so overdue ones lead and are marked 已超期 once their due day has passed', async () => {
    const early = await file('other', correction({ text: '最早的请求' }));
    stack.clock.advance(10 * 24 * 3600 * 1000); // 2026-12-04
    const later = await file('other', correction({ text: '十天后的请求' }));
    expect(later.dueDate).toBe('2026-12-19');

    const order = await wholeQueue();
    const dues = order.map((row) => `${row.dueDate}#${row.dataRequestId}`);
    expect(dues).toEqual([...dues].sort());
    expect(order.findIndex((row) => row.dataRequestId === early.dataRequestId)).toBeLessThan(
      order.findIndex((row) => row.dataRequestId === later.dataRequestId),
    );
    expect(order.every((row) => row.status === 'submitted' || row.status === 'in_progress')).toBe(true);
    expect(order.some((row) => row.overdue)).toBe(false);

    // The last moment of the due day is still in time; the next Shanghai day it is overdue.
    stack.clock.set('2026-12-09T15:59:59.000Z');
    expect((await wholeQueue()).find((row) => row.dataRequestId === early.dataRequestId)!.overdue).toBe(false);
    stack.clock.set('2026-12-09T16:00:00.000Z');
    const overdue = await wholeQueue();
    expect(overdue.find((row) => row.dataRequestId === early.dataRequestId)!.overdue).toBe(true);
    expect(overdue.find((row) => row.dataRequestId === later.dataRequestId)!.overdue).toBe(false);
    const flags = overdue.map((row) => row.overdue);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    expect(await (await api.json('GET', `/v1/me/data-requests/${early.dataRequestId}`, undefined, tokens.other)).json()).toMatchObject({
      overdue: true,
    });
    // The queue rows carry no buyer text.
    expect(JSON.stringify(overdue)).not.toContain('最早的请求');
  });

  it('takes a request (处理中) and filters the queue by status', async () => {
    const request = await file('buyer', correction({ text: '要人工核对订单' }));
    const taken = await staffPost(`${request.dataRequestId}/take`, undefined);
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ status: 'in_progress', handler: { memberId: ids.admin, name: '店主' } });

    const inProgress = await wholeQueue('in_progress');
    expect(inProgress.map((row) => row.dataRequestId)).toContain(request.dataRequestId);
    expect(inProgress.every((row) => row.status === 'in_progress')).toBe(true);
    expect((await wholeQueue('submitted')).map((row) => row.dataRequestId)).not.toContain(request.dataRequestId);

    // Another admin may take it over.
    const over = await staffPost(`${request.dataRequestId}/take`, undefined, tokens.admin2);
    expect(await over.json()).toMatchObject({ handler: { memberId: ids.admin2, name: '店长阿芳' } });
  });

  it("shows an admin the buyer's text and who they are (masked), and records the read in the audit log under the member", async () => {
    const request = await file('buyer', correction({ text: '请说明我的手机号用于什么' }));
    const response = await api.json('GET', `/v1/staff/data-requests/${request.dataRequestId}`, undefined, tokens.admin);
    expect(response.status).toBe(200);
    const view = (await response.json()) as StaffDataRequestView;
    expect(view).toMatchObject({
      text: '请说明我的手机号用于什么',
      member: { memberId: ids.buyer, nickname: '王阿姨' },
      history: [{ event: 'filed', by: null }],
    });
    const read = (await auditAbout(ids.buyer)).find(
      (entry) => entry.kind === 'read' && entry.target.dataRequestId === request.dataRequestId,
    );
    expect(read).toMatchObject({ actor: { memberId: ids.admin, role: 'admin' }, memberId: ids.buyer });
  });
});

describe('answers and refusals', () => {
  it('answers a request: the buyer reads the answer, it leaves the open queue for the done list, and the change is audited', async () => {
    const request = await file('asker', correction({ text: '积分记录有误' }));
    const answered = await staffPost(`${request.dataRequestId}/answer`, { answer: '已为您补记 120 积分' });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ status: 'done', answer: '已为您补记 120 积分', handler: { memberId: ids.admin } });

    const seen = (await mine('asker')).find((row) => row.dataRequestId === request.dataRequestId)!;
    expect(seen).toMatchObject({ status: 'done', answer: '已为您补记 120 积分', refusalReason: null, overdue: false });
    expect(seen.closedAt).toBe(stack.clock().toISOString());
    expect((await wholeQueue()).map((row) => row.dataRequestId)).not.toContain(request.dataRequestId);
    const done = await wholeQueue('done');
    expect(done.map((row) => row.dataRequestId)).toContain(request.dataRequestId);
    expect(done.every((row) => row.status === 'done')).toBe(true);

    const change = (await auditAbout(ids.asker)).find(
      (entry) => entry.kind === 'change' && entry.action.endsWith('/answer') && entry.target.dataRequestId === request.dataRequestId,
    );
    expect(change).toMatchObject({ actor: { memberId: ids.admin, role: 'admin' }, memberId: ids.asker, status: 200 });
  });

  it('refuses only with a reason, which the buyer reads', async () => {
    const request = await file('asker', { requestId: randomUUID(), kind: 'withdrawal', subject: 'orders', text: '请删除我所有订单' });
    for (const reason of [undefined, '', '   ']) {
      const response = await staffPost(`${request.dataRequestId}/refuse`, reason === undefined ? {} : { reason });
      expect(response.status).toBe(400);
    }
    await expect(
      (await api.json('GET', `/v1/me/data-requests/${request.dataRequestId}`, undefined, tokens.asker)).json(),
    ).resolves.toMatchObject({
      status: 'submitted',
    });

    const reason = '订单信息依据《电子商务法》须保存三年，期满后删除';
    const refused = await staffPost(`${request.dataRequestId}/refuse`, { reason });
    expect(await refused.json()).toMatchObject({ status: 'refused', refusalReason: reason, answer: null });
    expect((await mine('asker')).find((row) => row.dataRequestId === request.dataRequestId)).toMatchObject({
      status: 'refused',
      refusalReason: reason,
    });
    expect((await wholeQueue('refused')).map((row) => row.dataRequestId)).toContain(request.dataRequestId);
  });

  it('refuses to change a closed request, but repeating the same answer (a retry) changes nothing and succeeds', async () => {
    const request = await file('asker', correction({ text: '其他' }));
    expect((await staffPost(`${request.dataRequestId}/answer`, { answer: '已处理' })).status).toBe(200);
    const before = await (await api.json('GET', `/v1/staff/data-requests/${request.dataRequestId}`, undefined, tokens.admin)).json();

    const retry = await staffPost(`${request.dataRequestId}/answer`, { answer: '已处理' });
    expect(retry.status).toBe(200);
    for (const [path, body] of [
      ['answer', { answer: '换个说法' }],
      ['refuse', { reason: '改主意了' }],
      ['take', undefined],
    ] as const) {
      const response = await staffPost(`${request.dataRequestId}/${path}`, body);
      expect(response.status).toBe(409);
      expect((await response.json()).error.code).toBe('DATA_REQUEST_CLOSED');
    }
    expect(await (await api.json('GET', `/v1/staff/data-requests/${request.dataRequestId}`, undefined, tokens.admin)).json()).toEqual(
      before,
    );
  });

  it('answers 404 for a request that does not exist', async () => {
    const response = await staffPost('dr_nothing/answer', { answer: '好的' });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('DATA_REQUEST_NOT_FOUND');
  });
});

describe('account deletion', () => {
  it("removes the member's requests, open and closed, with their queue rows and texts", async () => {
    const session = await api.login('dr-leaver');
    expect((await api.join(session.token)).status).toBe(200);
    const text = '我的收货地址写错了，请帮我改成新地址';
    const stayer = await api.login('dr-stayer');
    expect((await api.join(stayer.token)).status).toBe(200);
    const othersResponse = await api.json('POST', '/v1/me/data-requests', correction(), stayer.token);
    const open = (await othersResponse.json()) as DataRequestView; // another member's, which stays
    const mineOpen = await api.json('POST', '/v1/me/data-requests', correction({ text }), session.token);
    expect(mineOpen.status).toBe(200);
    const closed = await api.json('POST', '/v1/me/data-requests', correction({ text: '请说明积分怎么算的' }), session.token);
    const closedId = ((await closed.json()) as DataRequestView).dataRequestId;
    expect((await staffPost(`${closedId}/answer`, { answer: '每消费一元得一分' })).status).toBe(200);

    const deleted = await api.json('POST', '/v1/me/deletion', { confirmation: 'DELETE_MY_ACCOUNT' }, session.token);
    expect(deleted.status).toBe(200);
    const table = await scanAll();
    for (const item of table) {
      const json = JSON.stringify(item);
      if (String(item.pk).startsWith('AUDIT')) continue;
      expect(json).not.toContain(text);
      expect(json).not.toContain('请说明积分怎么算的');
      expect(json).not.toContain(closedId);
    }
    // Another member's request is untouched.
    expect((await wholeQueue('open', 50)).map((row) => row.dataRequestId)).toContain(open.dataRequestId);
  });
});

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.deps.db.doc.send(new ScanCommand({ TableName: stack.deps.db.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
