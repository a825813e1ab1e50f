import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareEditorOptions, CareRuleInputBody } from '@linli/shared/care-rules';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { listMemberDeliveries } from '../../functions/src/automation/care-repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { careMessage, careRuleBody, createCareRule, grantCareTemplate } from '../support/care-rules.ts';
import { campaignInput, openGroup, payThroughWechat, placed, publishedCampaign, type CampaignShape } from '../support/groupbuy.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// 拼团 invitations through the care engine: a one-day rule to a saved segment that invites to a
// published campaign sends a message opening the campaign's page, only to members who could open a
// group now (the group-buy domain decides: among who may open, under the per-buyer limit, the
// campaign running), asked again when the message goes; the care engine's caps still hold.
// DynamoDB Local, SQS and the WeChat emulator (messages and payments), with a hand-moved clock.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let admin = '';
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const sentTo = (name: string) => stack.emulator.state.messages.filter((message) => message.openid === `o-cg-${name}`);

async function call<T>(method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await api.json(method, path, body, token);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T & { error: { code: string; issues?: unknown[] } } };
}

async function member(name: string) {
  const session = await api.login(`cg-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  tokens[name] = session.token;
  ids[name] = session.member.memberId;
  await grantCareTemplate(stack, api, { openid: `o-cg-${name}`, token: session.token }, 3);
}

const invitation = (campaignId: string, overrides: Partial<CareRuleInputBody> = {}): CareRuleInputBody =>
  careRuleBody({
    name: '拼团邀请',
    trigger: { kind: 'once', day: '2026-11-21' },
    message: careMessage('拼团邀请', '脐橙拼团进行中'),
    groupBuy: campaignId,
    ...overrides,
  });

async function sendDue() {
  await dispatchDueCare(stack.deps);
  while ((await pollCareQueueOnce(stack.deps)) > 0);
}

async function deliveryOf(name: string, ruleId: string) {
  return (await listMemberDeliveries(stack.deps.db, ids[name]!)).find((delivery) => delivery.ruleId === ruleId);
}

let oranges: CampaignShape;
let apples: CampaignShape;
let segmentId = '';

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-20T02:00:00.000Z' }); // Friday 20 November, 10:00 in Shanghai
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-cg-admin', role: 'admin', name: 'admin', at: stack.clock().toISOString() });
  admin = (await api.login('cg-admin')).token;
  for (const name of ['ann', 'ben', 'cat', 'dan', 'eve']) await member(name);
  const now = stack.clock();
  // 新人团: only members with no order yet may open; one unit each.
  oranges = await publishedCampaign(
    api,
    admin,
    campaignInput(now, { name: '脐橙新人团', perBuyerLimit: 1, whoMayOpen: { kind: 'new-customers' } }),
  );
  apples = await publishedCampaign(api, admin, campaignInput(now, { name: '苹果拼团' }));
  const segment = await call<{ segmentId: string }>('POST', '/v1/staff/segments', admin, {
    name: '拼团老友',
    rule: { op: 'and', conditions: [{ field: 'tag', in: ['拼团老友'] }] },
  });
  expect(segment.status, JSON.stringify(segment.body)).toBe(200);
  segmentId = segment.body.segmentId;
  for (const name of ['ann', 'ben', 'cat', 'dan']) {
    const tagged = await call('PUT', `/v1/staff/members/${ids[name]}/tags/${encodeURIComponent('拼团老友')}`, admin);
    expect(tagged.status, JSON.stringify(tagged.body)).toBeLessThan(300);
  }
});
afterAll(() => stack?.close());

describe('拼团 invitations through care rules', () => {
  it('refuses a draft campaign and a survey with a campaign, and offers the running campaigns in the editor', async () => {
    const draft = await call<CampaignShape>(
      'POST',
      '/v1/staff/groupbuy/campaigns',
      admin,
      campaignInput(stack.clock(), { name: '草稿拼团' }),
    );
    expect(draft.status).toBe(200);
    const refused = await call('POST', '/v1/staff/care/rules', admin, invitation(draft.body.campaignId));
    expect(refused.status).toBe(404);
    expect(refused.body.error).toMatchObject({
      code: 'GROUP_BUY_NOT_FOUND',
      issues: [{ path: 'groupBuy', message: '请选择一个进行中的拼团活动' }],
    });
    const unknown = await call('POST', '/v1/staff/care/rules', admin, invitation('gbc_nothing'));
    expect(unknown.body.error.code).toBe('GROUP_BUY_NOT_FOUND');

    const both = await call('POST', '/v1/staff/care/rules', admin, invitation(oranges.campaignId, { survey: 'sv_anything' }));
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'groupBuy', message: '一条计划只能邀请填写问卷或参加拼团，不能同时邀请' }],
    });

    const options = await call<CareEditorOptions>('GET', '/v1/staff/care/options', admin);
    expect(options.status).toBe(200);
    expect(options.body.groupBuys).toEqual(
      expect.arrayContaining([
        { campaignId: oranges.campaignId, name: '脐橙新人团' },
        { campaignId: apples.campaignId, name: '苹果拼团' },
      ]),
    );
    expect(options.body.groupBuys.map((campaign) => campaign.campaignId)).not.toContain(draft.body.campaignId);
  });

  it('invites a segment on its day to eligible members only, asks again before sending, and keeps the caps', async () => {
    // ben already holds the per-buyer limit of the 新人团 (he opened a group and paid); cat has bought before.
    const bens = await placed(await openGroup(api, tokens.ben!, oranges.campaignId));
    await payThroughWechat(stack, api, tokens.ben!, bens.orderNo);
    const order = {
      orderId: 'cg-cat-1',
      openid: 'o-cg-cat',
      paidFen: 9_900,
      paidAt: '2026-11-20T03:00:00.000Z',
      items: [{ sku: 'SKU-fruit', name: '水果', category: '水果', qty: 1, unitPriceFen: 9_900 }],
    };
    expect((await api.postOrder(order)).status).toBe(200);

    const audience = { kind: 'segment' as const, segmentId };
    const orangeRule = await createCareRule(api, admin, invitation(oranges.campaignId, { audience, priority: 8 }));
    const appleRule = await createCareRule(api, admin, invitation(apples.campaignId, { name: '苹果拼团邀请', audience, priority: 5 }));

    // Saturday 07:00: the planner asks the campaign about the segment's four members.
    stack.clock.set('2026-11-20T23:00:00.000Z');
    await planCare(stack.deps);
    expect(await deliveryOf('ann', orangeRule.ruleId)).toMatchObject({ status: 'planned' });
    expect(await deliveryOf('dan', orangeRule.ruleId)).toMatchObject({ status: 'planned' });
    expect(await deliveryOf('ben', orangeRule.ruleId)).toMatchObject({ status: 'skipped', reason: 'groupbuy-ineligible' });
    expect(await deliveryOf('cat', orangeRule.ruleId)).toMatchObject({ status: 'skipped', reason: 'groupbuy-ineligible' });
    // The daily cap (one marketing message) goes to the higher priority invitation.
    expect(await deliveryOf('ann', appleRule.ruleId)).toMatchObject({ status: 'skipped', reason: 'cap' });
    expect(await deliveryOf('dan', appleRule.ruleId)).toMatchObject({ status: 'skipped', reason: 'cap' });
    expect(await deliveryOf('ben', appleRule.ruleId)).toMatchObject({ status: 'planned' });
    expect(await deliveryOf('cat', appleRule.ruleId)).toMatchObject({ status: 'planned' });
    expect(await listMemberDeliveries(stack.deps.db, ids.eve!)).toEqual([]); // not in the segment

    // The apple campaign is ended after planning: its invitations no longer go.
    const current = await call<CampaignShape>('GET', `/v1/staff/groupbuy/campaigns/${apples.campaignId}`, admin);
    const ended = await call('POST', `/v1/staff/groupbuy/campaigns/${apples.campaignId}/end`, admin, { revision: current.body.revision });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);

    stack.clock.set('2026-11-21T02:00:00.000Z'); // 10:00
    await sendDue();
    const page = `groupbuy/pages/campaign/index?id=${oranges.campaignId}&from=invitation&rule=${orangeRule.ruleId}&arm=a`;
    expect(sentTo('ann').map((message) => message.page)).toEqual([page]);
    expect(sentTo('dan').map((message) => message.page)).toEqual([page]);
    expect(sentTo('ben')).toEqual([]);
    expect(sentTo('cat')).toEqual([]);
    expect(await deliveryOf('ann', orangeRule.ruleId)).toMatchObject({ status: 'sent' });
    expect(await deliveryOf('ben', appleRule.ruleId)).toMatchObject({ status: 'skipped', reason: 'groupbuy-ineligible' });
    expect(await deliveryOf('cat', appleRule.ruleId)).toMatchObject({ status: 'skipped', reason: 'groupbuy-ineligible' });
  });

  it('never invites a member who switched personalised marketing off (PIPL Art. 24), however eligible', async () => {
    // Two new members, neither having bought anything: both may open a 新人团. fay switches 个性化推荐 off.
    for (const name of ['fay', 'gus']) {
      await member(name);
      const tagged = await call('PUT', `/v1/staff/members/${ids[name]}/tags/${encodeURIComponent('拼团新朋友')}`, admin);
      expect(tagged.status, JSON.stringify(tagged.body)).toBeLessThan(300);
    }
    expect((await api.json('PATCH', '/v1/me', { marketingOptOut: true }, tokens.fay)).status).toBe(200);
    const segment = await call<{ segmentId: string }>('POST', '/v1/staff/segments', admin, {
      name: '拼团新朋友',
      rule: { op: 'and', conditions: [{ field: 'tag', in: ['拼团新朋友'] }] },
    });
    expect(segment.status, JSON.stringify(segment.body)).toBe(200);
    const rule = await createCareRule(
      api,
      admin,
      invitation(oranges.campaignId, {
        name: '新朋友拼团邀请',
        trigger: { kind: 'once', day: '2026-11-23' },
        audience: { kind: 'segment', segmentId: segment.body.segmentId },
      }),
    );

    stack.clock.set('2026-11-22T23:00:00.000Z'); // Monday 07:00 in Shanghai
    await planCare(stack.deps);
    expect(await deliveryOf('gus', rule.ruleId)).toMatchObject({ status: 'planned' });

    // The segment's members are not read when planning: the worker checks the choice when the message goes.
    stack.clock.set('2026-11-23T02:00:00.000Z'); // 10:00
    await sendDue();
    expect(sentTo('gus').map((message) => message.page)).toEqual([
      `groupbuy/pages/campaign/index?id=${oranges.campaignId}&from=invitation&rule=${rule.ruleId}&arm=a`,
    ]);
    expect(sentTo('fay')).toEqual([]);
    expect(await deliveryOf('fay', rule.ruleId)).toMatchObject({ status: 'skipped', reason: 'opted-out' });
  });
});
