import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, type ErrorCode } from '@linli/shared/errors';
import type { PhotoUploadGrant } from '@linli/shared/photos';
import { listDeadLetters, saveDeadLetter } from '../../functions/src/automation/care-repository.ts';
import { getStock } from '../../functions/src/groupbuy/campaigns-repository.ts';
import { getHeldUnits } from '../../functions/src/groupbuy/groups-repository.ts';
import { getGroupOrder } from '../../functions/src/groupbuy/orders-repository.ts';
import { listWholeLedger } from '../../functions/src/points/ledger.ts';
import { getMember } from '../../functions/src/members/repository.ts';
import { receiveMessages } from '../../functions/src/queues/queue-messages.ts';
import type { Fault, FaultProxy } from '../support/fault-proxy.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import {
  buyer,
  campaignInput,
  confirmOnWechat,
  joinGroup,
  MINUTE,
  myOrder,
  openGroup,
  paymentFor,
  payThroughWechat,
  placed,
  publishedCampaign,
  runTimers,
  staffTokens,
} from '../support/groupbuy.ts';
import { createTestStack, FAULT_STACK_TIMEOUTS, type StackFaults, type TestStack } from '../support/test-stack.ts';

/*
 * Each dependency broken in front of the real local stack (DynamoDB Local, s3rver, the SQS server,
 * the WeChat and WeChat Pay emulator over HTTP), through a proxy that hangs, cuts, answers garbage or
 * is closed: routes answer a stable 503 with the error body and Retry-After, in bounded time, leave
 * nothing half-written, and the same request succeeds once the dependency is back.
 */

let stack: TestStack;
let faults: StackFaults;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await createTestStack({ faults: true });
  faults = stack.faults!;
  api = apiClient(stack);
});
afterEach(async () => {
  for (const proxy of Object.values(faults) as FaultProxy[]) {
    proxy.heal();
    // A test that closed a port opens it again.
    await proxy.start();
  }
});
afterAll(() => stack.close());

/** The longest an AWS call may take against a silent service: every attempt times out, plus the SDK's backoff. */
const AWS_GIVE_UP_MS =
  FAULT_STACK_TIMEOUTS.aws.maxAttempts * (FAULT_STACK_TIMEOUTS.aws.connectionTimeoutMs + FAULT_STACK_TIMEOUTS.aws.requestTimeoutMs) + 1500;

const DYNAMODB_JSON = 'application/x-amz-json-1.0';
const HTML_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>';

/** The ways a dependency fails; `closed` is the port closed (nothing listening). */
type Breakage = { label: string; fault: Fault } | { label: 'closed'; fault: 'closed' };

const SILENT: Breakage = { label: 'silent', fault: { kind: 'hang' } };
const CUT: Breakage = { label: 'connection cut', fault: { kind: 'drop' } };
const CLOSED: Breakage = { label: 'closed', fault: 'closed' };
const HTML: Breakage = { label: 'an HTML error page', fault: { kind: 'answer', status: 502, contentType: 'text/html', body: HTML_PAGE } };

async function breakDependency(proxy: FaultProxy, breakage: Breakage, options: { after?: number } = {}) {
  if (breakage.fault === 'closed') await proxy.stop();
  else proxy.inject(breakage.fault, options);
}

async function heal(proxy: FaultProxy) {
  proxy.heal();
  await proxy.start();
}

/**
 * The response is the stable 503: the error body with `code` and a message that names no internals
 * (no stack, no SDK or socket detail), Retry-After, and it came within `withinMs`.
 */
async function expectUnavailable(pending: Promise<Response>, code: ErrorCode, withinMs: number) {
  const started = performance.now();
  const response = await pending;
  const elapsed = performance.now() - started;
  const text = await response.text();
  expect(response.status, text).toBe(503);
  const body = ErrorBody.parse(JSON.parse(text));
  expect(body.error.code).toBe(code);
  expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|ECONN|Timeout|Exception|socket|127\.0\.0\.1/);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(elapsed).toBeLessThan(withinMs);
}

async function joinedMember(name: string) {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  return session;
}

describe('DynamoDB out of reach', () => {
  const THROTTLED: Breakage = {
    label: 'throttling',
    fault: {
      kind: 'answer',
      status: 400,
      contentType: DYNAMODB_JSON,
      body: JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message: 'The level of configured provisioned throughput for the table was exceeded.',
      }),
    },
  };
  const SERVER_ERROR: Breakage = {
    label: 'server errors',
    fault: {
      kind: 'answer',
      status: 500,
      contentType: DYNAMODB_JSON,
      body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' }),
    },
  };

  it.each([THROTTLED, SILENT, CUT, HTML, SERVER_ERROR, CLOSED])(
    '$label: buyer, staff and webhook routes answer DATABASE_UNAVAILABLE, then succeed once it is back',
    async (breakage) => {
      const name = `db-${breakage.label.replace(/\W+/g, '-')}`;
      const member = await joinedMember(name);
      const order = sampleOrder({ orderId: `${name}-order`, openid: `o-${name}`, paidFen: 5_000 });
      const requests = () => [
        // wx.login's code is single-use: a client logging in again asks for a new one.
        api.json('POST', '/v1/auth/wechat', { code: `dev-${name}.${Math.random().toString(36).slice(2, 12)}` }),
        api.json('GET', '/v1/me', undefined, member.token),
        api.json('GET', '/v1/me/points', undefined, member.token),
        api.json('GET', '/v1/groupbuy/campaigns', undefined, member.token),
        api.postOrder(order),
      ];
      await breakDependency(faults.dynamodb, breakage);
      await Promise.all(requests().map((pending) => expectUnavailable(pending, 'DATABASE_UNAVAILABLE', AWS_GIVE_UP_MS)));

      await heal(faults.dynamodb);
      for (const response of await Promise.all(requests())) expect(response.status, await response.clone().text()).toBe(200);
      expect(await listWholeLedger(stack.deps.db, member.member.memberId)).toEqual([
        expect.objectContaining({ type: 'order', delta: 50, refId: order.orderId }),
      ]);
    },
  );
});

describe('DynamoDB failing in the middle of a points-crediting order webhook', () => {
  it('at whichever call it fails, the retried webhook credits the order once, and the member’s figures count it once', async () => {
    const member = await joinedMember('db-midway');
    const openid = 'o-db-midway';
    // How many calls to the table one webhook makes when all goes well.
    const before = faults.dynamodb.requests;
    expect((await api.postOrder(sampleOrder({ orderId: 'midway-probe', openid, paidFen: 1_000 }))).status).toBe(200);
    const calls = faults.dynamodb.requests - before;
    expect(calls).toBeGreaterThan(2);

    const orders = Array.from({ length: calls }, (_, k) => sampleOrder({ orderId: `midway-${k}`, openid, paidFen: 1_000 + k * 100 }));
    for (const [k, order] of orders.entries()) {
      // The first k calls reach the table; every later one finds the connection cut.
      faults.dynamodb.inject({ kind: 'drop' }, { after: k });
      const during = await api.postOrder(order);
      // The write may have landed before a later read failed: then the webhook was answered 200.
      if (during.status !== 200) await expectUnavailable(Promise.resolve(during), 'DATABASE_UNAVAILABLE', AWS_GIVE_UP_MS);
      faults.dynamodb.heal();
      const retried = await api.postOrder(order);
      expect(retried.status, await retried.clone().text()).toBe(200);
    }

    const ledger = await listWholeLedger(stack.deps.db, member.member.memberId);
    for (const order of [{ orderId: 'midway-probe', paidFen: 1_000 }, ...orders])
      expect(ledger.filter((entry) => entry.refId === order.orderId).map((entry) => entry.delta)).toEqual([
        Math.floor(order.paidFen / 100),
      ]);
    const stored = await getMember(stack.deps.db, member.member.memberId);
    expect(stored?.orderCount).toBe(orders.length + 1);
    expect(stored?.totalSpentFen).toBe(1_000 + orders.reduce((sum, order) => sum + order.paidFen, 0));
  });
});

describe('WeChat out of reach', () => {
  const NOT_JSON: Breakage = { label: 'HTML with 200', fault: { kind: 'answer', status: 200, contentType: 'text/html', body: HTML_PAGE } };
  const WRONG_SHAPE: Breakage = {
    label: 'JSON of another shape',
    fault: { kind: 'answer', status: 200, contentType: 'application/json', body: JSON.stringify({ session: 'x', expires: 7200 }) },
  };

  it.each([SILENT, CUT, NOT_JSON, WRONG_SHAPE, CLOSED])('$label: login answers WECHAT_UNAVAILABLE, then succeeds', async (breakage) => {
    const name = `wx-${breakage.label.replace(/\W+/g, '-')}`;
    const login = () => api.json('POST', '/v1/auth/wechat', { code: `dev-${name}.${Math.random().toString(36).slice(2, 12)}` });
    await breakDependency(faults.wechat, breakage);
    await expectUnavailable(login(), 'WECHAT_UNAVAILABLE', FAULT_STACK_TIMEOUTS.wechatMs + 2000);

    await heal(faults.wechat);
    const response = await login();
    expect(response.status, await response.clone().text()).toBe(200);
    // The failed login made nobody: the first that got through made the visitor.
    expect(((await response.json()) as { member: { status: string } }).member.status).toBe('visitor');
  });
});

describe('WeChat Pay out of reach', () => {
  let staff: Awaited<ReturnType<typeof staffTokens>>;
  beforeAll(async () => {
    staff = await staffTokens(stack, api, 'faults-pay');
  });

  const GARBAGE: Breakage = {
    label: 'an unsigned JSON answer',
    fault: { kind: 'answer', status: 200, contentType: 'application/json', body: JSON.stringify({ prepay_id: 'wx-forged' }) },
  };

  it.each([SILENT, CUT, HTML, GARBAGE, CLOSED])(
    '$label: paying and leaving answer WECHAT_PAY_UNAVAILABLE and change neither the place, the stock nor the holding; paying works once it is back',
    async (breakage) => {
      const name = `pay-${breakage.label.replace(/\W+/g, '-')}`;
      const published = await publishedCampaign(api, staff.admin, campaignInput(stack.clock(), { groupSize: 3 }));
      const payer = await buyer(api, name);
      const order = await placed(await openGroup(api, payer.token, published.campaignId, { qty: 2 }));
      const reservation = async () => ({
        order: await getGroupOrder(stack.deps.db, order.orderNo),
        stock: await getStock(stack.deps.db, published.campaignId),
        held: await getHeldUnits(stack.deps.db, payer.memberId, published.campaignId),
      });
      const reserved = await reservation();
      expect(reserved).toMatchObject({ order: { status: 'reserved' }, held: 2 });

      await breakDependency(faults.wechatPay, breakage);
      const bound = FAULT_STACK_TIMEOUTS.wechatPayMs + AWS_GIVE_UP_MS;
      await expectUnavailable(
        api.json('POST', `/v1/groupbuy/orders/${order.orderNo}/pay`, undefined, payer.token),
        'WECHAT_PAY_UNAVAILABLE',
        bound,
      );
      await expectUnavailable(
        api.json('POST', `/v1/groupbuy/orders/${order.orderNo}/leave`, undefined, payer.token),
        'WECHAT_PAY_UNAVAILABLE',
        bound,
      );
      // Only the mark that WeChat Pay may hold an order for the place (so its expiry asks WeChat Pay first) was written.
      const after = await reservation();
      expect(after).toEqual({ ...reserved, order: { ...reserved.order, payAttemptedAt: expect.any(String) } });
      // The reservation's expiry during the outage leaves it reserved and asks again later.
      stack.clock.advance(16 * MINUTE);
      await runTimers(stack);
      expect(await getGroupOrder(stack.deps.db, order.orderNo)).toMatchObject({ status: 'reserved' });
      stack.clock.advance(-16 * MINUTE);

      await heal(faults.wechatPay);
      expect(await confirmOnWechat(stack, await paymentFor(api, payer.token, order.orderNo))).toBe('requestPayment:ok');
      expect(await myOrder(api, payer.token, order.orderNo)).toMatchObject({ status: 'paid' });
      expect(await getStock(stack.deps.db, published.campaignId)).toMatchObject({ sold: reserved.stock!.sold + 2 });
    },
  );

  it('an after-sales refund asked during the outage is kept, and goes through by itself once WeChat Pay is back', async () => {
    const published = await publishedCampaign(api, staff.admin, campaignInput(stack.clock(), { groupSize: 2 }));
    const [a, b] = [await buyer(api, 'pay-refund-a'), await buyer(api, 'pay-refund-b')];
    const first = await placed(await openGroup(api, a.token, published.campaignId));
    const second = await placed(await joinGroup(api, b.token, first.groupId));
    await payThroughWechat(stack, api, a.token, first.orderNo);
    await payThroughWechat(stack, api, b.token, second.orderNo);
    await runTimers(stack);
    expect(await myOrder(api, b.token, second.orderNo)).toMatchObject({ status: 'succeeded' });

    await breakDependency(faults.wechatPay, SILENT);
    const refunded = await api.json('POST', `/v1/staff/groupbuy/orders/${second.orderNo}/refund`, undefined, staff.supervisor);
    expect(refunded.status, await refunded.clone().text()).toBe(200);
    expect(await refunded.json()).toMatchObject({ refund: { reason: 'after-sales', status: 'requested' } });
    // The timer job keeps asking through the outage.
    stack.clock.advance(5 * MINUTE);
    await runTimers(stack);
    expect(await getGroupOrder(stack.deps.db, second.orderNo)).toMatchObject({ refund: { status: 'requested', lastError: 'unreachable' } });

    await heal(faults.wechatPay);
    for (let step = 0; step < 6 && (await myOrder(api, b.token, second.orderNo)).refund?.status !== 'succeeded'; step++) {
      stack.clock.advance(10 * MINUTE);
      await runTimers(stack);
      await stack.emulator.pay.deliverDue();
    }
    expect(await myOrder(api, b.token, second.orderNo)).toMatchObject({ refund: { status: 'succeeded' } });
  });
});

describe('photo storage out of reach', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(1020)]);

  it.each([SILENT, CUT, HTML, CLOSED])(
    '$label: naming an uploaded avatar answers STORAGE_UNAVAILABLE and keeps the old one; it works once storage is back',
    async (breakage) => {
      const member = await joinedMember(`st-${breakage.label.replace(/\W+/g, '-')}`);
      const grantResponse = await api.json(
        'POST',
        '/v1/me/photo-uploads',
        { contentType: 'image/png', sizeBytes: png.length, purpose: 'avatar' },
        member.token,
      );
      expect(grantResponse.status).toBe(200);
      const grant = (await grantResponse.json()) as PhotoUploadGrant;
      const form = new FormData();
      for (const [field, value] of Object.entries(grant.fields)) form.append(field, value);
      form.append('file', new Blob([new Uint8Array(png)]), 'avatar.png');
      expect((await fetch(grant.url, { method: 'POST', body: form })).status).toBe(204);

      await breakDependency(faults.storage, breakage);
      // Upload grants are signed here without asking storage: they are still handed out.
      expect(
        (
          await api.json(
            'POST',
            '/v1/me/photo-uploads',
            { contentType: 'image/png', sizeBytes: png.length, purpose: 'avatar' },
            member.token,
          )
        ).status,
      ).toBe(200);
      await expectUnavailable(api.json('PATCH', '/v1/me', { avatarKey: grant.key }, member.token), 'STORAGE_UNAVAILABLE', AWS_GIVE_UP_MS);
      expect(await getMember(stack.deps.db, member.member.memberId)).toMatchObject({ avatarKey: null });

      await heal(faults.storage);
      const named = await api.json('PATCH', '/v1/me', { avatarKey: grant.key }, member.token);
      expect(named.status, await named.clone().text()).toBe(200);
      expect(await getMember(stack.deps.db, member.member.memberId)).toMatchObject({ avatarKey: grant.key });
    },
  );
});

describe('the care queue out of reach', () => {
  it.each([SILENT, CUT, CLOSED])(
    '$label: retrying a dead letter answers QUEUE_UNAVAILABLE and keeps the letter; once SQS is back it is queued and gone',
    async (breakage) => {
      const staff = await staffTokens(stack, api, `faults-q-${breakage.label.replace(/\W+/g, '-')}`);
      const messageId = randomUUID();
      const body = JSON.stringify({ memberId: 'm-none', ruleId: 'r-none', occasion: `o-${messageId}` });
      await saveDeadLetter(stack.deps.db, { messageId, body, deadAt: stack.clock().toISOString(), receiveCount: 5 });
      const retry = () => api.json('POST', `/v1/staff/care/dead-letters/${messageId}/retry`, undefined, staff.admin);

      await breakDependency(faults.queue, breakage);
      await expectUnavailable(retry(), 'QUEUE_UNAVAILABLE', AWS_GIVE_UP_MS);
      expect((await listDeadLetters(stack.deps.db)).map((letter) => letter.messageId)).toContain(messageId);

      await heal(faults.queue);
      const retried = await retry();
      expect(retried.status, await retried.clone().text()).toBe(204);
      expect((await listDeadLetters(stack.deps.db)).map((letter) => letter.messageId)).not.toContain(messageId);
      const queued = await receiveMessages(stack.deps.sqs, stack.config.queues.careDelivery!.url, 0);
      expect(queued.map((message) => message.body)).toContain(body);
    },
  );
});
