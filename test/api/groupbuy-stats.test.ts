import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupBuyArrivalFigures, GroupBuyCampaignStats } from '@linli/shared/groupbuy';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { getStock } from '../../functions/src/groupbuy/campaigns-repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { apiClient } from '../support/api-client.ts';
import { careMessage, careRuleBody, createCareRule, grantCareTemplate } from '../support/care-rules.ts';
import {
  buyer,
  campaignInput,
  expectRefused,
  HOUR,
  joinGroup,
  MINUTE,
  openGroup,
  payThroughWechat,
  placed,
  publishedCampaign,
  runTimers,
  scoreMemberAs,
  staffTokens,
  type CampaignShape,
} from '../support/groupbuy.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

// The seller's view of a 拼团 campaign: who was invited (by care rule and A/B arm), who viewed it (once
// each, under how they first came: an invitation actually sent to them, a friend's share, or on their
// own), places joined, paid and succeeded with GMV, refunds WeChat Pay confirmed, and fission (shares,
// leaders' shares, visitors a share brought and the new members they became), by arrival and RFM class.
// DynamoDB Local, SQS and the WeChat emulator (messages and payments), with a hand-moved clock.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let staff: Awaited<ReturnType<typeof staffTokens>>;
let oranges: CampaignShape;
let ruleId = '';
type Buyer = Awaited<ReturnType<typeof buyer>>;
const buyers: Record<string, Buyer> = {};
/** The A/B arm of the invitation each invited buyer was sent. */
const armOf: Record<string, string> = {};

async function call<T>(method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await api.json(method, path, body, token);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T & { error: { code: string } } };
}

async function stats(campaignId = oranges.campaignId): Promise<GroupBuyCampaignStats> {
  const answer = await call<GroupBuyCampaignStats>('GET', `/v1/staff/groupbuy/campaigns/${campaignId}/stats`, staff.supervisor);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

async function view(token: string, body: Record<string, unknown>, campaignId = oranges.campaignId) {
  const answer = await call('POST', `/v1/groupbuy/campaigns/${campaignId}/views`, token, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(204);
}

async function share(token: string, groupId: string, shareId: string) {
  const answer = await call('POST', `/v1/groupbuy/groups/${groupId}/shares`, token, { shareId });
  expect(answer.status, JSON.stringify(answer.body)).toBe(204);
}

const arrivalRow = (figures: GroupBuyCampaignStats, arrival: string, arm?: string): GroupBuyArrivalFigures | undefined =>
  figures.byArrival.find((row) => row.arrival === arrival && (arm === undefined || row.arm === arm));
const segmentRow = (figures: GroupBuyCampaignStats, rfmClass: string | null) => figures.bySegment.find((row) => row.rfmClass === rfmClass);

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-20T02:00:00.000Z' }); // Friday 20 November, 10:00 in Shanghai
  api = apiClient(stack);
  staff = await staffTokens(stack, api, 'gbs');
  for (const name of ['ann', 'ben', 'cat', 'dan', 'eve']) buyers[name] = await buyer(api, `gbs-${name}`);
  // eve never allowed care messages: she is not invited.
  for (const name of ['ann', 'ben', 'cat', 'dan'])
    await grantCareTemplate(stack, api, { openid: buyers[name]!.openid, token: buyers[name]!.token }, 2);
  await scoreMemberAs(stack, buyers.ann!.memberId, 'important_value');
  await scoreMemberAs(stack, buyers.ben!.memberId, 'general_develop');
  oranges = await publishedCampaign(api, staff.admin, campaignInput(stack.clock(), { name: '脐橙两人团', groupSize: 2, perBuyerLimit: 2 }));
});
afterAll(() => stack?.close());

describe("a campaign's funnel", () => {
  it('counts each invitation sent once under its arm, and each first view once under how the person came', async () => {
    const rule = await createCareRule(
      api,
      staff.admin,
      careRuleBody({
        name: '脐橙邀请',
        trigger: { kind: 'once', day: '2026-11-21' },
        message: careMessage('拼团邀请', '脐橙两人团进行中'),
        variant: { message: careMessage('拼团邀请', '两人成团，立省 20 元') },
        groupBuy: oranges.campaignId,
      }),
    );
    ruleId = rule.ruleId;
    stack.clock.set('2026-11-20T23:00:00.000Z');
    await planCare(stack.deps);
    stack.clock.set('2026-11-21T02:00:00.000Z');
    await dispatchDueCare(stack.deps);
    while ((await pollCareQueueOnce(stack.deps)) > 0);
    for (const name of ['ann', 'ben', 'cat', 'dan']) {
      const pages = stack.emulator.state.messages.filter((message) => message.openid === buyers[name]!.openid).map((m) => m.page);
      expect(pages, name).toHaveLength(1);
      armOf[name] = new URLSearchParams(pages[0]!.split('?')[1]).get('arm')!;
    }
    const invitedByArm = (arm: string) => Object.values(armOf).filter((a) => a === arm).length;

    // ann opens the invitation (and later the campaign again); eve, never invited, opens a link that claims
    // an invitation; a visitor who has not joined yet opens the campaign on their own.
    await view(buyers.ann!.token, { from: 'invitation', ruleId, arm: armOf.ann });
    await view(buyers.ann!.token, { from: 'direct' });
    await view(buyers.eve!.token, { from: 'invitation', ruleId: 'cr_made_up', arm: 'b' });
    const visitor = await api.login('gbs-vic');
    await view(visitor.token, {});

    const figures = await stats();
    expect(figures).toMatchObject({ campaignId: oranges.campaignId, name: '脐橙两人团', status: 'published' });
    expect(figures.funnel).toEqual({ invited: 4, viewed: 3, joined: 0, paid: 0, succeeded: 0, gmvFen: 0 });
    for (const arm of ['a', 'b'].filter((a) => invitedByArm(a) > 0)) {
      expect(arrivalRow(figures, 'invitation', arm)).toMatchObject({
        ruleId,
        ruleName: '脐橙邀请',
        invited: invitedByArm(arm),
        viewed: arm === armOf.ann ? 1 : 0,
      });
    }
    expect(arrivalRow(figures, 'direct')).toMatchObject({ invited: 0, viewed: 2 });
    expect(arrivalRow(figures, 'share')).toBeUndefined();
    expect(segmentRow(figures, 'important_value')).toMatchObject({ invited: 1, viewed: 1 });
    expect(segmentRow(figures, 'general_develop')).toMatchObject({ invited: 1, viewed: 0 });
    expect(segmentRow(figures, null)).toMatchObject({ invited: 2, viewed: 2 });
  });

  it('counts places, payments and the success with its GMV under each buyer’s first touch, and tells 猜你喜欢 what each class joined', async () => {
    const anns = await placed(await openGroup(api, buyers.ann!.token, oranges.campaignId));
    // ben never opened the page: his place counts under the invitation he was sent.
    const bens = await placed(await joinGroup(api, buyers.ben!.token, anns.groupId));
    await payThroughWechat(stack, api, buyers.ann!.token, anns.orderNo);
    expect((await stats()).funnel).toMatchObject({ joined: 2, paid: 1, succeeded: 0 });
    await payThroughWechat(stack, api, buyers.ben!.token, bens.orderNo);

    const figures = await stats();
    expect(figures.groups).toEqual({ opened: 1, forming: 0, succeeded: 1, failed: 0 });
    expect(figures.funnel).toEqual({ invited: 4, viewed: 3, joined: 2, paid: 2, succeeded: 2, gmvFen: 2 * 3990 });
    expect(segmentRow(figures, 'important_value')).toMatchObject({ joined: 1, paid: 1, succeeded: 1, gmvFen: 3990 });
    expect(segmentRow(figures, 'general_develop')).toMatchObject({ joined: 1, paid: 1, succeeded: 1, gmvFen: 3990 });
    const byArm = (arm: string) => ['ann', 'ben'].filter((name) => armOf[name] === arm).length;
    for (const arm of ['a', 'b'].filter((a) => byArm(a) > 0))
      expect(arrivalRow(figures, 'invitation', arm)).toMatchObject({
        joined: byArm(arm),
        succeeded: byArm(arm),
        gmvFen: byArm(arm) * 3990,
      });
    expect((await getStock(stack.deps.db, oranges.campaignId))?.joinsByRfmClass).toEqual({ important_value: 1, general_develop: 1 });
  });
});

describe("a campaign's fission", () => {
  let catsGroup = '';

  it('counts shares once per id, a leader’s apart, and a visitor a share brought as a new member when they join', async () => {
    const cats = await placed(await openGroup(api, buyers.cat!.token, oranges.campaignId));
    catsGroup = cats.groupId;
    await share(buyers.cat!.token, cats.groupId, 'share-cat-0001');
    await share(buyers.cat!.token, cats.groupId, 'share-cat-0001'); // the same share told twice
    await share(buyers.dan!.token, cats.groupId, 'share-dan-0001'); // dan is not in the group: still a share
    await expectRefused(
      await api.json('POST', '/v1/groupbuy/groups/grp_none/shares', { shareId: 'share-none-001' }, buyers.dan!.token),
      404,
      'GROUP_NOT_FOUND',
    );
    await expectRefused(
      await api.json('POST', `/v1/groupbuy/groups/${cats.groupId}/shares`, { shareId: 'x' }, buyers.dan!.token),
      400,
      'VALIDATION_FAILED',
    );

    // wes and yan have not joined Linli: wes opens cat's card, yan a card whose share id nobody made.
    const wes = await api.login('gbs-wes');
    const yan = await api.login('gbs-yan');
    await view(wes.token, { from: 'share', shareId: 'share-cat-0001' });
    await view(yan.token, { from: 'share', shareId: 'share-made-up-1' });
    // cat opening her own card is not a visit a share brought (she came by invitation anyway).
    await view(buyers.cat!.token, { from: 'share', shareId: 'share-cat-0001' });

    let figures = await stats();
    expect(figures.fission).toEqual({
      shares: 2,
      leaderShares: 1,
      sharesPerLeader: 0.5, // two groups opened, one leader's share
      shareVisitors: 1,
      newMembers: 0,
      newMembersPerShare: 0,
    });
    expect(arrivalRow(figures, 'share')).toMatchObject({ viewed: 1, joined: 0 });

    // wes joins Linli (and later accepts the policy again), then joins cat's group; yan joins Linli too.
    expect((await api.join(wes.token)).status).toBe(200);
    expect((await api.join(wes.token)).status).toBe(200);
    expect((await api.join(yan.token)).status).toBe(200);
    await placed(await joinGroup(api, wes.token, cats.groupId));
    figures = await stats();
    expect(figures.fission).toMatchObject({ shares: 2, shareVisitors: 1, newMembers: 1, newMembersPerShare: 0.5 });
    expect(arrivalRow(figures, 'share')).toMatchObject({ viewed: 1, joined: 1, paid: 0 });
    expect(arrivalRow(figures, 'direct')).toMatchObject({ viewed: 3 }); // eve, vic and yan
  });

  it('counts refunds when WeChat Pay confirms them, by reason, and the failed group', async () => {
    // cat pays; wes never does. At the deadline wes's place is released and the group fails: cat is refunded.
    const mine = await call<{ items: Array<{ orderNo: string; groupId: string }> }>('GET', '/v1/me/group-orders', buyers.cat!.token);
    const catsOrder = mine.body.items.find((order) => order.groupId === catsGroup)!;
    await payThroughWechat(stack, api, buyers.cat!.token, catsOrder.orderNo);
    expect((await stats()).refunds).toEqual({ count: 0, fen: 0, byReason: [] });
    stack.clock.advance(25 * HOUR);
    for (let i = 0; i < 6; i++) {
      await runTimers(stack);
      stack.clock.advance(10 * MINUTE);
      await stack.emulator.pay.deliverDue();
    }
    const figures = await stats();
    expect(figures.groups).toEqual({ opened: 2, forming: 0, succeeded: 1, failed: 1 });
    expect(figures.refunds).toEqual({ count: 1, fen: 3990, byReason: [{ reason: 'group-failed', count: 1, fen: 3990 }] });
    expect(figures.funnel).toMatchObject({ joined: 4, paid: 3, succeeded: 2, gmvFen: 2 * 3990 });
  });
});

describe('who sees the figures', () => {
  it('answers supervisors and admins, refuses agents and buyers, and knows no unknown campaign', async () => {
    expect((await call('GET', `/v1/staff/groupbuy/campaigns/${oranges.campaignId}/stats`, staff.admin)).status).toBe(200);
    expect((await call('GET', `/v1/staff/groupbuy/campaigns/${oranges.campaignId}/stats`, staff.agent)).status).toBe(403);
    expect((await call('GET', `/v1/staff/groupbuy/campaigns/${oranges.campaignId}/stats`, buyers.ann!.token)).status).toBe(403);
    await expectRefused(
      await api.json('GET', '/v1/staff/groupbuy/campaigns/gbc_none/stats', undefined, staff.admin),
      404,
      'GROUP_BUY_NOT_FOUND',
    );
  });

  it('shows a draft with nothing counted, and buyers cannot view it', async () => {
    const draft = await call<CampaignShape>(
      'POST',
      '/v1/staff/groupbuy/campaigns',
      staff.admin,
      campaignInput(stack.clock(), { name: '草稿' }),
    );
    await expectRefused(
      await api.json('POST', `/v1/groupbuy/campaigns/${draft.body.campaignId}/views`, {}, buyers.ann!.token),
      404,
      'GROUP_BUY_NOT_FOUND',
    );
    const figures = await stats(draft.body.campaignId);
    expect(figures).toMatchObject({
      status: 'draft',
      groups: { opened: 0, forming: 0, succeeded: 0, failed: 0 },
      funnel: { invited: 0, viewed: 0, joined: 0, paid: 0, succeeded: 0, gmvFen: 0 },
      fission: { shares: 0, sharesPerLeader: null, newMembersPerShare: null },
      byArrival: [],
      bySegment: [],
    });
  });
});
