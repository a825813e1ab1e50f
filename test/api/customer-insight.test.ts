import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsightDashboard, MemberInsightView } from '@linli/shared/insight';
import type { Segment, SegmentMemberPage, SegmentPreview } from '@linli/shared/segments';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { getOrderAggregates } from '../../functions/src/orders/aggregates-repository.ts';
import { runInsightNightly } from '../../functions/src/insight/nightly-scores.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/src/db/keys.ts';
import { TABLE_DEFINITION } from '../../functions/src/db/table.ts';
import {
  listStageChanges,
  listStageChangesOfDay,
  listFacetMembers,
  getMemberInsight,
  getInsightRun,
} from '../../functions/src/insight/repository.ts';
import { marketingAudience } from '../../functions/src/insight/segments.ts';
import { scoreRfm } from '../../functions/src/insight/rfm.ts';
import { getMember, saveMember } from '../../functions/src/members/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// 客户洞察: order aggregates kept with every order and refund, the nightly scoring, segments.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const placed: Array<{ customerId: string; paidAt: string; paidFen: number; refundedFen: number }> = [];

const order = (name: string, orderId: string, paidAt: string, paidFen: number, category = '水果', sku = 'APPLE') => ({
  orderId,
  openid: `o-ci-${name}`,
  paidFen,
  paidAt,
  items: [{ sku, name: sku === 'APPLE' ? '烟台红富士 5kg' : '东北大米 10kg', category, qty: 1, unitPriceFen: paidFen }],
});

async function place(name: string, orderId: string, paidAt: string, paidFen: number, category?: string, sku?: string) {
  expect((await api.postOrder(order(name, orderId, paidAt, paidFen, category, sku))).status).toBe(200);
  placed.push({ customerId: name, paidAt, paidFen, refundedFen: 0 });
}

async function member(name: string) {
  const session = await api.login(`ci-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  tokens[name] = session.token;
  ids[name] = session.member.memberId;
}

const get = async <T>(path: string, who = 'supervisor') => {
  const response = await api.json('GET', path, undefined, tokens[who]);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
};
const preview = async (rule: unknown, who = 'supervisor') => {
  const response = await api.json('POST', '/v1/staff/segment-previews', { rule }, tokens[who]);
  return { status: response.status, body: (await response.json()) as SegmentPreview };
};

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-26T02:00:00.000Z' });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor', 'agent'] as const) {
    await putStaff(stack.deps.db, { openid: `o-ci-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`ci-${role}`)).token;
  }
  for (const name of ['loyal', 'lapsed', 'fresh', 'browser']) await member(name);
  // loyal: five purchase days this year, the last a week ago; two orders on one day are one occasion.
  for (const [index, day] of ['2026-01-15', '2026-04-15', '2026-07-15', '2026-10-15', '2026-11-19'].entries())
    await place('loyal', `ci-l${index}`, `${day}T04:00:00.000Z`, 20_000, '粮油', 'RICE');
  await place('loyal', 'ci-l5', '2026-11-19T09:00:00.000Z', 5_000);
  // lapsed: bought twice last winter; one order refunded in full, another in part.
  await place('lapsed', 'ci-p0', '2025-12-01T04:00:00.000Z', 8_000);
  await place('lapsed', 'ci-p1', '2026-02-01T04:00:00.000Z', 6_000);
  await place('lapsed', 'ci-p2', '2026-02-20T04:00:00.000Z', 3_000);
  expect((await api.postRefund({ refundId: 'ci-r1', orderId: 'ci-p2', refundFen: 3_000 })).status).toBe(200);
  expect((await api.postRefund({ refundId: 'ci-r2', orderId: 'ci-p1', refundFen: 1_000 })).status).toBe(200);
  placed.find((row) => row.paidAt.startsWith('2026-02-20'))!.refundedFen = 3_000;
  placed.find((row) => row.paidAt.startsWith('2026-02-01'))!.refundedFen = 1_000;
  // fresh: one order at 23:59:59 Shanghai on 11-24 — a Shanghai day, not a UTC one.
  await place('fresh', 'ci-f0', '2026-11-24T15:59:59.000Z', 9_900);
  // guest orders before joining: attached (and aggregated) when they join.
  expect((await api.postOrder(order('guest', 'ci-g0', '2026-11-10T04:00:00.000Z', 4_000))).status).toBe(200);
  placed.push({ customerId: 'guest', paidAt: '2026-11-10T04:00:00.000Z', paidFen: 4_000, refundedFen: 0 });
  await member('guest');
});

afterAll(async () => {
  await stack?.close();
});

describe('order aggregates', () => {
  it('fold every credited order and refund by Shanghai day, in the same transaction as the credit', async () => {
    const lapsed = await getOrderAggregates(stack.deps.db, ids.lapsed!);
    // The fully refunded order of 02-20 is no purchase; 02-01 kept 5,000 of 6,000.
    expect(lapsed?.days).toEqual({ '2025-12-01': [1, 8_000], '2026-02-01': [1, 5_000] });
    const loyal = await getOrderAggregates(stack.deps.db, ids.loyal!);
    expect(loyal?.days['2026-11-19']).toEqual([2, 25_000]);
    expect(loyal?.categories).toMatchObject({ 粮油: { '2026-11-19': 1 }, 水果: { '2026-11-19': 1 } });
    expect((await getOrderAggregates(stack.deps.db, ids.fresh!))?.days).toEqual({ '2026-11-24': [1, 9_900] });
    expect((await getOrderAggregates(stack.deps.db, ids.guest!))?.days).toEqual({ '2026-11-10': [1, 4_000] });
  });

  it('a replayed order or refund changes nothing', async () => {
    const before = await getOrderAggregates(stack.deps.db, ids.lapsed!);
    expect((await api.postOrder(order('lapsed', 'ci-p0', '2025-12-01T04:00:00.000Z', 8_000))).status).toBe(200);
    expect((await api.postRefund({ refundId: 'ci-r2', orderId: 'ci-p1', refundFen: 1_000 })).status).toBe(200);
    expect(await getOrderAggregates(stack.deps.db, ids.lapsed!)).toEqual(before);
  });
});

describe('the nightly scoring', () => {
  beforeAll(async () => {
    await runInsightNightly(stack.deps);
  });

  it('scores RFM exactly as npm run analyze -- rfm scores the same orders', async () => {
    const expected = scoreRfm(placed, { analysisDay: '2026-11-26' });
    for (const score of expected) {
      const insight = await getMemberInsight(stack.deps.db, ids[score.customerId]!);
      expect(insight?.scores.rfm, score.customerId).toMatchObject({
        recencyDays: score.recencyDays,
        frequency: score.frequency,
        monetaryFen: score.monetaryFen,
        r: score.r,
        f: score.f,
        m: score.m,
      });
    }
    expect((await getMemberInsight(stack.deps.db, ids.browser!))?.scores.rfm).toBeNull();
  });

  it('judges each stage; the first run places members without announcing a change to the care rules', async () => {
    const stages = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([name, memberId]) => [name, (await getMemberInsight(stack.deps.db, memberId))?.scores.stage]),
      ),
    );
    // lapsed: 298 days since 02-01 — more than 180, and five members are too few for a model: the rules say lost.
    expect(stages).toEqual({ loyal: 'loyal', lapsed: 'lost', fresh: 'new', browser: 'prospect', guest: 'new' });
    // The member's history says where they start; the day's changes, which care rules react to
    // (welcome, win-back), stay empty: on a shop's first night nobody moved, they were placed.
    expect(await listStageChanges(stack.deps.db, ids.loyal!)).toEqual([{ day: '2026-11-26', from: null, to: 'loyal' }]);
    expect(await listStageChangesOfDay(stack.deps.db, '2026-11-26')).toEqual([]);
    // Run again the same day: nothing new.
    await runInsightNightly(stack.deps);
    expect(await listStageChangesOfDay(stack.deps.db, '2026-11-26')).toEqual([]);
    expect(await listStageChanges(stack.deps.db, ids.loyal!)).toHaveLength(1);
  });

  it('keeps the rule tags: 新客 on members whose first purchase is within 30 days, counted in the catalog', async () => {
    const tagged = await get<{ items: Array<{ memberId: string }> }>(`/v1/staff/tags/${encodeURIComponent('新客')}/members`, 'agent');
    expect(new Set(tagged.items.map((member) => member.memberId))).toEqual(new Set([ids.fresh, ids.guest]));
    const catalog = await get<{ items: Array<{ tag: string; kind: string; memberCount: number }> }>('/v1/staff/tags', 'agent');
    expect(catalog.items.find((entry) => entry.tag === '新客')).toMatchObject({ kind: 'rule', memberCount: 2 });
    const list = await get<{ items: Array<{ memberId: string }>; count: number }>(
      `/v1/staff/customers?tag=${encodeURIComponent('新客')}`,
      'agent',
    );
    expect(list.count).toBe(2);
    // Staff cannot take a rule's tag off by hand.
    const removal = await api.json(
      'DELETE',
      `/v1/staff/members/${ids.fresh}/tags/${encodeURIComponent('新客')}`,
      undefined,
      tokens.supervisor,
    );
    expect(removal.status).toBe(409);
  });

  it('moves a member between facets when the stage moves, and keeps the day it changed', async () => {
    stack.clock.set('2026-12-26T02:00:00.000Z'); // fresh's first purchase is now 32 days old
    for (const role of ['admin', 'supervisor', 'agent']) tokens[role] = (await api.login(`ci-${role}`)).token;
    await member('newcomer'); // joined since the last run: scored for the first time tonight
    await runInsightNightly(stack.deps);
    expect(await listFacetMembers(stack.deps.db, 'stage', 'new')).not.toContain(ids.fresh);
    expect(await listFacetMembers(stack.deps.db, 'stage', 'active')).toContain(ids.fresh);
    const changes = await listStageChangesOfDay(stack.deps.db, '2026-12-26');
    expect(changes).toContainEqual({ memberId: ids.fresh, from: 'new', to: 'active' });
    // After the first run, a member seen for the first time is a change the care rules hear of (a welcome).
    expect(changes).toContainEqual({ memberId: ids.newcomer, from: null, to: 'prospect' });
    // 新客 no longer holds for anyone: the tags come off and the catalog says so.
    const tagged = await get<{ items: unknown[] }>(`/v1/staff/tags/${encodeURIComponent('新客')}/members`, 'agent');
    expect(tagged.items).toEqual([]);
    const view = await get<MemberInsightView>(`/v1/staff/members/${ids.fresh}/insight`, 'agent');
    expect(view.scores?.stageSince).toBe('2026-12-26');
    expect(view.stageHistory.map((change) => change.to)).toEqual(['active', 'new']);
    expect(view.scores?.reasons.stage).toBe('32 天前购买过，近 365 天有 1 天购买');
    const loyal = await get<MemberInsightView>(`/v1/staff/members/${ids.loyal}/insight`);
    expect(loyal.scores?.stageSince).toBe('2026-11-26');
    expect(loyal.scores?.reasons.churn).toMatch(/仍活跃的概率/);
    expect(loyal.scores?.value?.method).toBe('rules'); // five members: far too few to fit
  });

  it("keeps the shop's figures for the dashboards, saying the rules stand in for the models", async () => {
    const dashboard = await get<InsightDashboard>('/v1/staff/insight/dashboard');
    expect(dashboard.figures?.analysisDay).toBe('2026-12-26');
    expect(dashboard.figures?.model.method).toBe('rules');
    expect(dashboard.figures?.model.notice).toMatch(/复购会员不足 200 位/);
    // browser and the newcomer have logged in and joined but never bought.
    expect(dashboard.figures?.stages).toMatchObject({ prospect: 2 });
    expect(Object.values(dashboard.figures!.stages).reduce((a, b) => a + b, 0)).toBe(6);
    expect((await api.json('GET', '/v1/staff/insight/dashboard', undefined, tokens.agent)).status).toBe(403);
  });

  it("keeps each day's run 400 days (DynamoDB's TTL removes it then), well past the month-ago comparison; the latest for good", async () => {
    const stored = async (key: { pk: string; sk: string }) =>
      (await stack.deps.db.doc.send(new GetCommand({ TableName: stack.deps.db.tableName, Key: key }))).Item;
    // 2026-12-26 + 400 days = 2028-01-30, from its start in Shanghai; the attribute the table's TTL reads.
    expect((await stored(keys.insightRun('2026-12-26')))?.expiresAtEpoch).toBe(Date.parse('2028-01-30T00:00:00+08:00') / 1000);
    expect((await stored(keys.insightRun('2026-11-26')))?.expiresAtEpoch).toBe(Date.parse('2027-12-31T00:00:00+08:00') / 1000);
    expect(TABLE_DEFINITION.ttlAttribute).toBe('expiresAtEpoch');
    expect(await stored(keys.insightRunLatest())).not.toHaveProperty('expiresAtEpoch');
    // Read back, a run is its figures only; the dashboard still compares with the run of a month ago.
    expect(await getInsightRun(stack.deps.db, '2026-12-26')).not.toHaveProperty('expiresAtEpoch');
    const dashboard = await get<InsightDashboard>('/v1/staff/insight/dashboard');
    expect(dashboard.stagesMonthAgo).toMatchObject({ loyal: 1, lost: 1, new: 2, prospect: 1 });
  });
});

describe('segments', () => {
  it('count and sample the members a rule matches, newest first, phones masked', async () => {
    const { status, body } = await preview({
      op: 'or',
      conditions: [
        { field: 'stage', in: ['loyal'] },
        { field: 'category', in: ['水果'], withinDays: 60 },
      ],
    });
    expect(status).toBe(200);
    expect(body.count).toBe(3); // loyal (and its fruit), fresh's fruit is 32 days old, guest's 46
    expect(new Set(body.sample.map((row) => row.memberId))).toEqual(new Set([ids.loyal, ids.fresh, ids.guest]));
    expect(body.asOf).toBe('2026-12-26');
  });

  it('客户列表 filters by stage and last order for every staff role; unfiltered it counts nobody and reads one page', async () => {
    // On 12-26: loyal last bought 37 days ago, fresh 32, guest 46 (both active now), lapsed is lost.
    const filtered = await get<SegmentMemberPage>('/v1/staff/customers?stage=active,loyal&lastOrderWithinDays=40', 'agent');
    expect(new Set(filtered.items.map((row) => row.memberId))).toEqual(new Set([ids.loyal, ids.fresh]));
    expect(filtered.count).toBe(2);
    expect(filtered.asOf).toBe('2026-12-26');
    const all = await get<SegmentMemberPage>('/v1/staff/customers', 'agent');
    expect(new Set(all.items.map((row) => row.memberId))).toEqual(new Set(Object.values(ids)));
    expect(all.count).toBeNull();
    expect(all.asOf).toBe('2026-12-26');
  });

  it('save, page, export and edit a segment; an edit over a stale version is refused', async () => {
    const created = await api.json(
      'POST',
      '/v1/staff/segments',
      { name: '近期买过水果', rule: { op: 'and', conditions: [{ field: 'category', in: ['水果'] }] } },
      tokens.supervisor,
    );
    expect(created.status).toBe(200);
    const segment = (await created.json()) as Segment;
    const first = await get<SegmentMemberPage>(`/v1/staff/segments/${segment.segmentId}/members?limit=2`);
    expect(first.count).toBe(4);
    expect(first.items).toHaveLength(2);
    // The page says which night's scores it shows, as the preview does.
    expect(first.asOf).toBe('2026-12-26');
    const second = await get<SegmentMemberPage>(`/v1/staff/segments/${segment.segmentId}/members?limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((row) => row.memberId)).size).toBe(4);

    const csv = await api.json('GET', `/v1/staff/segments/${segment.segmentId}/members.csv`, undefined, tokens.admin);
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('昵称,手机号,等级,生命周期,RFM 分类,流失风险,12个月价值(元),最近购买,加入日期');
    expect(text).not.toMatch(/\d{11}/);

    const taken = await api.json('POST', '/v1/staff/segments', { name: '近期买过水果', rule: segment.rule }, tokens.admin);
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe('SEGMENT_NAME_TAKEN');
    const edit = { name: '买过水果', rule: segment.rule, version: 1 };
    expect((await api.json('PUT', `/v1/staff/segments/${segment.segmentId}`, edit, tokens.admin)).status).toBe(200);
    expect((await api.json('PUT', `/v1/staff/segments/${segment.segmentId}`, edit, tokens.supervisor)).status).toBe(409);
    expect((await api.json('DELETE', `/v1/staff/segments/${segment.segmentId}`, undefined, tokens.admin)).status).toBe(204);
    expect((await api.json('GET', `/v1/staff/segments/${segment.segmentId}`, undefined, tokens.admin)).status).toBe(404);
  });

  it('agents may not build segments; a rule beyond the limits is refused', async () => {
    expect((await preview({ op: 'and', conditions: [{ field: 'stage', in: ['new'] }] }, 'agent')).status).toBe(403);
    const deep = {
      op: 'and',
      conditions: [{ op: 'or', conditions: [{ op: 'and', conditions: [{ op: 'or', conditions: [{ field: 'stage', in: ['new'] }] }] }] }],
    };
    expect((await preview(deep)).status).toBe(400);
    expect((await preview({ op: 'and', conditions: [{ field: 'pointsBalance' }] })).status).toBe(400);
  });

  it('a marketing audience never holds a member who refused personalised marketing, from the moment they refuse', async () => {
    const rule = {
      op: 'and' as const,
      conditions: [{ field: 'stage' as const, in: ['loyal' as const, 'active' as const, 'lost' as const] }],
    };
    expect(new Set(await marketingAudience(stack.deps, rule))).toEqual(new Set([ids.loyal, ids.fresh, ids.lapsed, ids.guest]));
    const lapsed = (await getMember(stack.deps.db, ids.lapsed!))!;
    expect(await saveMember(stack.deps.db, { ...lapsed, marketingOptOut: true, version: lapsed.version + 1 }, lapsed.version)).toBe(
      'saved',
    );
    expect(new Set(await marketingAudience(stack.deps, rule))).toEqual(new Set([ids.loyal, ids.fresh, ids.guest]));
  });
});

describe('insight settings', () => {
  it('admins change them, versioned; supervisors read them; bad values are refused', async () => {
    const read = await get<{ settings: Record<string, unknown>; version: number }>('/v1/staff/insight/settings');
    expect(read.version).toBe(0);
    const settings = { ...read.settings, atRiskDays: 60, monthlySalesTargetFen: 5_000_000 };
    expect((await api.json('PUT', '/v1/staff/insight/settings', { settings, version: 0 }, tokens.supervisor)).status).toBe(403);
    expect(
      (await api.json('PUT', '/v1/staff/insight/settings', { settings: { ...settings, lostDays: 30 }, version: 0 }, tokens.admin)).status,
    ).toBe(400);
    expect((await api.json('PUT', '/v1/staff/insight/settings', { settings, version: 0 }, tokens.admin)).status).toBe(200);
    expect((await api.json('PUT', '/v1/staff/insight/settings', { settings, version: 0 }, tokens.admin)).status).toBe(409);
    const dashboard = await get<InsightDashboard>('/v1/staff/insight/dashboard');
    expect(dashboard.target.targetFen).toBe(5_000_000);
  });
});
