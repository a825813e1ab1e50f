import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../dev/seed-demo.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';
import type { InsightDashboard } from '@linli/shared/insight';

// `npm start` seeds the shop through the domain code; the supervisors' report must show real
// figures from it, and the desk's queue must have live work.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-23T06:00:00.000Z' });
  api = apiClient(stack);
  await seedDemoData(stack.deps, {
    members: 45,
    grantInWechat: async (openid, templateId) => {
      await stack.emulator.app.request('/__emulator/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid, templateIds: [templateId], result: 'accept' }),
      });
    },
  });
}, 120_000);
afterAll(() => stack.close());

describe('the demo member', () => {
  it('has a year of orders, numbered as a shop numbers them', async () => {
    const demo = await api.login('demo');
    const card = await (await api.json('GET', '/v1/me', undefined, demo.token)).json();
    expect(card.stats.orderCount).toBeGreaterThanOrEqual(20);
    const spanDays = (Date.parse(card.stats.lastOrderAt) - Date.parse(card.stats.firstOrderAt)) / 86_400_000;
    expect(spanDays).toBeGreaterThan(330);
    const orders = await (await api.json('GET', '/v1/me/orders?limit=50', undefined, demo.token)).json();
    for (const order of orders.items) expect(order.orderId).toMatch(/^20\d{12}$/);
  });
});

describe("the demo shop's service desk", () => {
  it('gives the supervisor a report with every figure filled in', async () => {
    const supervisor = await api.login('supervisor');
    const response = await api.json('GET', '/v1/staff/complaint-report?from=2026-09-20&to=2026-11-23', undefined, supervisor.token);
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report.overall.complaints).toBe(48);
    expect(report.overall.medianFirstResponseWorkingMinutes).toBeGreaterThan(0);
    expect(report.overall.medianResolutionWorkingMinutes).toBeGreaterThan(report.overall.medianFirstResponseWorkingMinutes);
    expect(report.overall.slaAttainment).toBeGreaterThan(0);
    expect(report.overall.slaAttainment).toBeLessThan(1);
    expect(report.overall.reopenRate).toBeGreaterThan(0);
    expect(report.overall.averageRating).toBeGreaterThanOrEqual(3);
    for (const pareto of [report.byCategory, report.byRootCause, report.byProduct]) {
      expect(pareto.length).toBeGreaterThan(2);
      expect(pareto.at(-1).cumulativeShare).toBe(1);
    }
    expect(report.byCategory[0]).toMatchObject({ key: 'quality', label: '商品质量' });
    // Products by name, as the orders named them (never a SKU such as FRUIT-APPLE-5KG).
    for (const bar of report.byProduct) expect(bar.label).toMatch(/^[^A-Z]*[\u4e00-\u9fff]/);
    expect(report.byAgent.map((a: { agentName: string }) => a.agentName)).toEqual(expect.arrayContaining(['陈晓（客服）', '赵敏（客服）']));
  });

  it('leaves open complaints in the queue, some not yet picked up', async () => {
    const agent = await api.login('agent');
    const queue = await (await api.json('GET', '/v1/staff/complaints?limit=50', undefined, agent.token)).json();
    expect(queue.items.length).toBeGreaterThan(0);
    const unclaimed = await (await api.json('GET', '/v1/staff/complaints?assignee=none&limit=50', undefined, agent.token)).json();
    expect(unclaimed.items.length).toBeGreaterThan(0);
  });
});

describe("the demo shop's overview (店铺概览)", () => {
  it('has the history the seed made, kept by the same transactions as the facts', async () => {
    const supervisor = await api.login('supervisor');
    const overview = await (await api.json('GET', '/v1/staff/overview', undefined, supervisor.token)).json();
    // Every seeded member joined through the domain code (the demo member and 45 others).
    expect(overview.members.total).toBe(46);
    expect(overview.members.totalTrend[0]).toBeGreaterThan(0);
    expect(overview.orders.ordersTrend.some((n: number) => n > 0)).toBe(true);
    expect(overview.points.outstanding).toBeGreaterThan(0);
    expect(overview.points.redeemedThisMonth + overview.points.redeemedTrend.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
    expect(overview.coupons.issuedTrend.some((n: number) => n > 0)).toBe(true);
    expect(overview.complaints.open).toBeGreaterThan(0);
    expect(overview.complaints.filedTrend.some((n: number) => n > 0)).toBe(true);
  });
});

describe("the demo shop's points mall", () => {
  it('offers goods to pick up at the shop and goods delivered, each with a picture that loads from storage', async () => {
    const admin = await api.login('admin');
    const rewards = (await (await api.json('GET', '/v1/staff/rewards', undefined, admin.token)).json()).items as Array<{
      name: string;
      kind: string;
      goods: { fulfilment: string; pickupPlace: string } | null;
      pictureUrl: string | null;
    }>;
    const goods = rewards.filter((reward) => reward.kind === 'goods');
    const pickup = goods.filter((reward) => reward.goods?.fulfilment === 'pickup');
    const delivery = goods.filter((reward) => reward.goods?.fulfilment === 'delivery');
    expect(pickup.length).toBeGreaterThan(0);
    expect(delivery.length).toBeGreaterThan(0);
    for (const reward of pickup) expect(reward.goods!.pickupPlace).toContain('文三路');
    for (const reward of goods) {
      expect(reward.name).toMatch(/[\u4e00-\u9fff]/);
      const picture = await fetch(reward.pictureUrl!);
      expect(picture.status).toBe(200);
      expect(picture.headers.get('content-type')).toBe('image/png');
      expect((await picture.arrayBuffer()).byteLength).toBeLessThan(4096);
    }
  });
});

describe("the demo shop's customer insight", () => {
  it('shows real figures on every dashboard: the first start ran the nightly scoring', async () => {
    const admin = await api.login('admin');
    const dashboard = (await (await api.json('GET', '/v1/staff/insight/dashboard', undefined, admin.token)).json()) as InsightDashboard;
    const figures = dashboard.figures!;
    expect(figures.members).toBe(46);
    expect(Object.values(figures.stages).filter((count) => count > 0).length).toBeGreaterThanOrEqual(4);
    expect(Object.values(figures.rfmClasses).filter((rfmClass) => rfmClass.members > 0).length).toBeGreaterThanOrEqual(4);
    expect(figures.risk.high + figures.risk.medium + figures.risk.low).toBe(figures.customers);
    expect(figures.clv.totalFen).toBeGreaterThan(0);
    expect(figures.cohorts.length).toBeGreaterThan(6);
    expect(figures.repurchase.rate).toBeGreaterThan(0.3);
    expect(figures.topCategories.map((row) => row.category)).toContain('水果');
    expect(figures.pairs.length).toBeGreaterThan(0);
    for (const pair of figures.pairs) expect(dashboard.pairNames[pair.skuA]).toMatch(/[\u4e00-\u9fff]/);
    expect(figures.forecast.revenueFen).toBeGreaterThan(0);
    expect(figures.quality.weeks).toHaveLength(13);
    expect(figures.model.notice).toMatch(/[\u4e00-\u9fff]/);
    expect(dashboard.target.targetFen).toBe(4_000_000);
    expect(dashboard.target.salesSoFarFen).toBeGreaterThan(0);
  });

  it('keeps the rule tags the demo settings name', async () => {
    const admin = await api.login('admin');
    const catalog = (await (await api.json('GET', '/v1/staff/tags', undefined, admin.token)).json()) as {
      items: Array<{ tag: string; kind: string; memberCount: number }>;
    };
    expect(catalog.items.find((entry) => entry.tag === '水果常客')).toMatchObject({ kind: 'rule' });
    expect(catalog.items.find((entry) => entry.tag === '水果常客')!.memberCount).toBeGreaterThan(0);
  });
});
