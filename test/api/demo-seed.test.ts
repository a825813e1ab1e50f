import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../dev/seed-demo.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';
import type { InsightDashboard } from '@linli/shared/insight';
import type { SurveyInsight } from '@linli/shared/survey-stats';
import type { FollowUpPage, Survey } from '@linli/shared/surveys';

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

describe("the demo shop's 拼团", () => {
  it('runs campaigns the demo member can open a group in, each with its picture, ordered for what they buy', async () => {
    const demo = await api.login('demo');
    const list = (await (await api.json('GET', '/v1/groupbuy/campaigns', undefined, demo.token)).json()) as {
      items: Array<{ campaignId: string; name: string; coverUrl: string | null; soldOut: boolean }>;
      ordering: string;
    };
    expect(list.items.map((item) => item.name).sort()).toEqual(['散养土鸡蛋 2 人团', '赣南脐橙 3 人团']);
    // The demo member has a year of orders: the list is ranked for them.
    expect(list.ordering).toBe('personalised');
    for (const item of list.items) {
      expect(item.soldOut).toBe(false);
      expect((await fetch(item.coverUrl!)).status).toBe(200);
      const page = await (await api.json('GET', `/v1/groupbuy/campaigns/${item.campaignId}`, undefined, demo.token)).json();
      expect(page).toMatchObject({ canOpen: true, cannotOpenReason: null });
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

describe("the demo shop's surveys (满意度)", () => {
  const surveysOf = async (token: string) =>
    (await (await api.json('GET', '/v1/staff/surveys', undefined, token)).json()).items as Survey[];

  it('has the NPS and delivery surveys published, a draft, and the built-in complaint survey', async () => {
    const admin = await api.login('admin');
    const surveys = await surveysOf(admin.token);
    const byName = new Map(surveys.map((survey) => [survey.definition.name, survey]));
    expect(byName.get('投诉处理满意度')).toMatchObject({ builtIn: true, status: 'published' });
    // The NPS survey was edited after publishing: version 2, the answers before it kept on version 1.
    expect(byName.get('购物体验 NPS')).toMatchObject({ status: 'published', version: 2 });
    expect(byName.get('购物体验 NPS')!.definition.homeCard).toBe(true);
    expect(byName.get('配送满意度')).toMatchObject({ status: 'published', version: 1 });
    expect(byName.get('新品试吃调研')).toMatchObject({ status: 'draft', version: 0 });
  });

  it('fills the NPS dashboard: headline with its margin, the trend by week and month, breakdowns, text answers, follow-up outcomes', async () => {
    const supervisor = await api.login('supervisor');
    const nps = (await surveysOf(supervisor.token)).find((survey) => survey.definition.name === '购物体验 NPS')!;
    const response = await api.json('GET', `/v1/staff/surveys/${nps.surveyId}/insight`, undefined, supervisor.token);
    expect(response.status).toBe(200);
    const insight = (await response.json()) as SurveyInsight;
    // 45 members here answer after their orders of the last four months (the 200 of `npm start` about four times as many).
    expect(insight.responses).toBeGreaterThanOrEqual(20);
    expect(insight.headline!.n).toBe(insight.responses);
    expect(insight.classes!.promoters).toBeGreaterThan(insight.classes!.detractors);
    expect(insight.classes!.detractors).toBeGreaterThan(0);
    expect(insight.trend.weeks.filter((week) => week.n > 0).length).toBeGreaterThanOrEqual(8);
    expect(insight.trend.months.filter((month) => month.n > 0).length).toBeGreaterThanOrEqual(3);
    expect(insight.versions.map((entry) => entry.version)).toEqual([1, 2]);
    for (const source of ['invitation', 'card']) expect(insight.sources.find((entry) => entry.source === source)!.count).toBeGreaterThan(0);
    const region = insight.breakdowns.find((breakdown) => breakdown.dimension === 'region')!;
    expect(region.rows.length).toBeGreaterThanOrEqual(3);
    expect(insight.textAnswers.find((entry) => entry.questionId === 'q2')!.count).toBeGreaterThan(0);
    expect(insight.followUps.outcomes.reduce((sum, entry) => sum + entry.count, 0)).toBeGreaterThan(0);
  });

  it('fills the delivery CSAT with its choices', async () => {
    const supervisor = await api.login('supervisor');
    const csat = (await surveysOf(supervisor.token)).find((survey) => survey.definition.name === '配送满意度')!;
    const insight = (await (
      await api.json('GET', `/v1/staff/surveys/${csat.surveyId}/insight`, undefined, supervisor.token)
    ).json()) as SurveyInsight;
    expect(insight.question!.metric).toBe('csat');
    expect(insight.headline!.value).toBeLessThan(100);
    expect(insight.responses).toBeGreaterThanOrEqual(10);
    expect(insight.choices[0]!.answered).toBe(insight.responses);
  });

  it('gives the desk 回访 tasks: worked ones with outcomes and notes, and open ones', async () => {
    const agent = await api.login('agent');
    const done = (await (await api.json('GET', '/v1/staff/follow-ups?view=done&limit=50', undefined, agent.token)).json()) as FollowUpPage;
    const open = (await (await api.json('GET', '/v1/staff/follow-ups?view=open&limit=50', undefined, agent.token)).json()) as FollowUpPage;
    expect(done.items.length).toBeGreaterThan(5);
    for (const task of done.items) {
      expect(task.outcome).not.toBeNull();
      expect(task.outcomeNote).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(open.items.length).toBeGreaterThan(0);
  });

  it('invites to the NPS survey after a purchase, and offers it on the demo member’s home page', async () => {
    const admin = await api.login('admin');
    const nps = (await surveysOf(admin.token)).find((survey) => survey.definition.name === '购物体验 NPS')!;
    const rules = (await (await api.json('GET', '/v1/staff/care/rules', undefined, admin.token)).json()).items as Array<{
      name: string;
      trigger: { kind: string };
      survey: string | null;
      enabled: boolean;
    }>;
    expect(rules.find((rule) => rule.survey === nps.surveyId)).toMatchObject({ trigger: { kind: 'post-purchase' }, enabled: true });
    const demo = await api.login('demo');
    const card = (await (await api.json('POST', '/v1/me/survey-card', {}, demo.token)).json()).card;
    expect(card).toMatchObject({ surveyId: nps.surveyId, title: '邀请你评价这次购物体验' });
  });
});
