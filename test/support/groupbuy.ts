import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import { LOCAL_SECRETS } from '../../functions/src/config/config.ts';
import { batchWriteAll } from '../../functions/src/db/batch-write.ts';
import { issueSessionToken } from '../../functions/src/http/session.ts';
import { newVisitor } from '../../functions/src/members/member-record.ts';
import { memberSeedPut } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { runGroupBuyTimers } from '../../functions/src/groupbuy/timers.ts';
import { memberInsightPut, type MemberInsight } from '../../functions/src/insight/repository.ts';
import type { apiClient } from './api-client.ts';
import type { TestStack } from './test-stack.ts';

/** Helpers the 拼团 API tests share: a campaign's terms, publishing one, buyers, opening and joining. */

type Api = ReturnType<typeof apiClient>;

export const HOUR = 3600 * 1000;
export const MINUTE = 60 * 1000;

/** A campaign's terms as staff send them, running from an hour before `now` for a week. */
export function campaignInput(now: Date, overrides: Record<string, unknown> = {}) {
  return {
    name: '赣南脐橙 3 人团',
    product: {
      sku: 'ORANGE-5KG',
      name: '赣南脐橙 5 斤装',
      category: 'fruit',
      description: '当季现摘',
      pictureKeys: [],
      originalPriceFen: 5990,
      groupPriceFen: 3990,
    },
    groupSize: 3,
    minGroupSize: null,
    groupHours: 24,
    reservationMinutes: 15,
    stock: 100,
    perBuyerLimit: 2,
    startsAt: new Date(now.getTime() - HOUR).toISOString(),
    endsAt: new Date(now.getTime() + 7 * 24 * HOUR).toISOString(),
    whoMayOpen: { kind: 'all' },
    whoMayJoin: { kind: 'all' },
    leaderReward: { kind: 'none' },
    ...overrides,
  };
}

export interface CampaignShape {
  campaignId: string;
  status: string;
  version: number;
  revision: number;
  stock: { total: number; reserved: number; sold: number; left: number };
  groups: { forming: number; succeeded: number; failed: number };
}

/** Staff tokens for the test file: an admin, a supervisor and an agent. */
export async function staffTokens(stack: TestStack, api: Api, prefix: string) {
  const tokens: Record<'admin' | 'supervisor' | 'agent', string> = { admin: '', supervisor: '', agent: '' };
  for (const role of ['admin', 'supervisor', 'agent'] as const) {
    await putStaff(stack.deps.db, { openid: `o-${prefix}-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`${prefix}-${role}`)).token;
  }
  return tokens;
}

/** A published campaign (created and published by the admin). */
export async function publishedCampaign(api: Api, admin: string, input: Record<string, unknown>): Promise<CampaignShape> {
  const created = await api.json('POST', '/v1/staff/groupbuy/campaigns', input, admin);
  expect(created.status, await created.clone().text()).toBe(200);
  const draft = (await created.json()) as CampaignShape;
  const published = await api.json('POST', `/v1/staff/groupbuy/campaigns/${draft.campaignId}/publish`, { revision: draft.revision }, admin);
  expect(published.status, await published.clone().text()).toBe(200);
  return (await published.json()) as CampaignShape;
}

export async function campaign(api: Api, admin: string, campaignId: string): Promise<CampaignShape> {
  return (await (await api.json('GET', `/v1/staff/groupbuy/campaigns/${campaignId}`, undefined, admin)).json()) as CampaignShape;
}

/** A joined buyer. */
export async function buyer(api: Api, name: string): Promise<{ token: string; memberId: string; openid: string }> {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  return { token: session.token, memberId: session.member.memberId, openid: `o-${name}` };
}

export interface OrderShape {
  orderNo: string;
  groupId: string;
  status: string;
  leader: boolean;
  groupStatus: string;
  amountFen: number;
  reservedUntil: string | null;
  refund: { status: string; reason: string; fen: number } | null;
}

export function openGroup(api: Api, token: string, campaignId: string, body: Record<string, unknown> = {}) {
  return api.json('POST', `/v1/groupbuy/campaigns/${campaignId}/groups`, { requestId: randomUUID(), qty: 1, ...body }, token);
}

export function joinGroup(api: Api, token: string, groupId: string, body: Record<string, unknown> = {}) {
  return api.json('POST', `/v1/groupbuy/groups/${groupId}/join`, { requestId: randomUUID(), qty: 1, ...body }, token);
}

/** The order a successful open or join answered. */
export async function placed(response: Response): Promise<OrderShape> {
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { order: OrderShape }).order;
}

export async function expectRefused(response: Response, status: number, code: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe(code);
}

/**
 * `count` joined buyers written straight to the table (a login each would take most of a load
 * test's time), each with a session token as the login would issue.
 */
export async function seedBuyers(stack: TestStack, prefix: string, count: number) {
  const now = stack.clock();
  const members = Array.from({ length: count }, (_, i) => ({
    ...newVisitor({
      memberId: `m-${prefix}-${i}`,
      openid: `o-${prefix}-${i}`,
      unionid: null,
      memberCode: `${prefix}${i}`.slice(0, 12),
      now,
    }),
    status: 'member' as const,
    joinedAt: now.toISOString(),
    policyVersion: PRIVACY_POLICY_VERSION,
    nickname: `买家${i}`,
  }));
  await batchWriteAll(stack.deps.db, members.map(memberSeedPut));
  return Promise.all(
    members.map(async (member) => ({
      memberId: member.memberId,
      openid: member.openid,
      token: (
        await issueSessionToken(
          { memberId: member.memberId, openid: member.openid, roles: ['member'] },
          { key: LOCAL_SECRETS.tokenSigningKey, now, ttlSeconds: 7 * 24 * 3600 },
        )
      ).token,
    })),
  );
}

/** Runs `work` on every item, at most `inFlight` at once (a load test's clients), answers in order. */
export async function inPool<T, R>(items: readonly T[], inFlight: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const client = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, client));
  return results;
}

export interface PaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** Asks the API to pay a reserved order: the wx.requestPayment parameters it answers. */
export async function paymentFor(api: Api, token: string, orderNo: string): Promise<PaymentParams> {
  const response = await api.json('POST', `/v1/groupbuy/orders/${orderNo}/pay`, undefined, token);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  const { payment } = JSON.parse(text) as { payment: PaymentParams | null };
  expect(payment).not.toBeNull();
  return payment!;
}

/** The payer's phone: wx.requestPayment with the parameters, on the emulator (pays, and WeChat Pay notifies the API). */
export async function confirmOnWechat(stack: TestStack, params: PaymentParams, action: 'pay' | 'cancel' = 'pay'): Promise<string> {
  const response = await payControl(stack, '/confirm', { ...params, action });
  return (response as { errMsg: string }).errMsg;
}

/** Pays a reserved order end to end: the API's parameters, the payer's confirmation, WeChat Pay's notification to the API. */
export async function payThroughWechat(stack: TestStack, api: Api, token: string, orderNo: string): Promise<void> {
  expect(await confirmOnWechat(stack, await paymentFor(api, token, orderNo))).toBe('requestPayment:ok');
}

/** A control of the emulated WeChat Pay (/__emulator/pay/…). */
export async function payControl(
  stack: TestStack,
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<unknown> {
  const response = await stack.emulator.app.request(`/__emulator/pay${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

/** One order as its buyer sees it. */
export async function myOrder(api: Api, token: string, orderNo: string): Promise<OrderShape> {
  const response = await api.json('GET', `/v1/groupbuy/orders/${orderNo}`, undefined, token);
  expect(response.status).toBe(200);
  return (await response.json()) as OrderShape;
}

/** Runs the groupbuy-timers job as the scheduler would, at the stack's clock. */
export function runTimers(stack: TestStack) {
  return runGroupBuyTimers(stack.deps);
}

/** The member's RFM class as the last nightly run left it (only what 拼团 reads of it is filled in). */
export async function scoreMemberAs(stack: TestStack, memberId: string, rfmClass: string): Promise<void> {
  const insight = { memberId, scores: { rfm: { class: rfmClass } } } as unknown as MemberInsight;
  await batchWriteAll(stack.deps.db, [memberInsightPut(insight)]);
}
