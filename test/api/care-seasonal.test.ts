import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareDryRun, CareEditorOptions, CarePreview, CareRule, CareRuleInputBody } from '@linli/shared/care-rules';
import type { SeasonalCalendar, SeasonalTipInput } from '@linli/shared/seasonal-tips';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { listMemberDeliveries } from '../../functions/src/automation/care-repository.ts';
import { runInsightNightly } from '../../functions/src/insight/nightly-scores.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { careMessage, careRuleBody, grantCareTemplate } from '../support/care-rules.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// 时令推荐: the seller's seasonal calendar, edited through the API, and a care rule that sends a tip to
// the recent buyers of its categories on its day — against DynamoDB Local, the SQS server and the emulator.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const PATH = '/v1/staff/care/seasonal-tips';

const sentTo = (name: string) => stack.emulator.state.messages.filter((message) => message.openid === `o-season-${name}`);

async function member(name: string, purchases: Array<[day: string, category: string]>) {
  const session = await api.login(`season-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  tokens[name] = session.token;
  ids[name] = session.member.memberId;
  expect((await api.json('PATCH', '/v1/me', { nickname: name }, session.token)).status).toBe(200);
  for (const [index, [day, category]] of purchases.entries()) {
    const order = {
      orderId: `season-${name}-${index}`,
      openid: `o-season-${name}`,
      paidFen: 3_000,
      paidAt: `${day}T04:00:00.000Z`,
      items: [{ sku: `SKU-${category}`, name: `${category}一份`, category, qty: 1, unitPriceFen: 3_000 }],
    };
    expect((await api.postOrder(order)).status).toBe(200);
  }
  // Two authorizations: a buyer of two of the tip's categories could be sent twice if the planner let it.
  await grantCareTemplate(stack, api, { openid: `o-season-${name}`, token: session.token }, 2);
}

const fruitTip: SeasonalTipInput = {
  id: 'summer-fruit',
  name: '时令水果上市',
  categories: ['水果', '冷饮'],
  monthDay: '06-01',
  boughtWithinDays: 90,
};

const seasonalRule = (tipId = 'summer-fruit'): CareRuleInputBody =>
  careRuleBody({
    name: '夏季水果',
    trigger: { kind: 'seasonal', tipId, daysBefore: 2 },
    message: careMessage('时令推荐', '{节日}，{昵称}'),
  });

async function calendar(who = 'supervisor'): Promise<SeasonalCalendar> {
  const response = await api.json('GET', PATH, undefined, tokens[who]);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as SeasonalCalendar;
}

async function put(tips: unknown[], version: number, who = 'admin') {
  const response = await api.json('PUT', PATH, { tips, version }, tokens[who]);
  const body = (await response.json()) as SeasonalCalendar & {
    error?: { code: string; issues?: Array<{ path: string; message: string }> };
  };
  return { status: response.status, body };
}

beforeAll(async () => {
  // 2026-05-30 07:00 in Shanghai: two days before the tip's 06-01.
  stack = await createTestStack({ now: '2026-05-29T23:00:00.000Z' });
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor'] as const) {
    await putStaff(stack.deps.db, { openid: `o-season-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`season-${role}`)).token;
  }
  // Buyers count from 90 days back, 2026-03-02, to the planning day.
  await member('fruit', [['2026-05-10', '水果']]);
  await member('both', [
    ['2026-04-01', '水果'],
    ['2026-05-20', '冷饮'],
  ]);
  await member('lapsed', [['2026-02-20', '水果']]);
  await member('veg', [['2026-05-25', '蔬菜']]);
  await member('none', []);
  await runInsightNightly(stack.deps);
});
afterAll(() => stack?.close());

describe('the seasonal calendar (时令日历)', () => {
  it('starts empty and offers the categories the members bought', async () => {
    const empty = await calendar();
    expect(empty).toMatchObject({ tips: [], version: 0 });
    expect(empty.categories).toEqual(expect.arrayContaining(['水果', '冷饮', '蔬菜']));
  });

  it('refuses bad tips field by field and saves nothing', async () => {
    const refusals: Array<[unknown, string]> = [
      [{ ...fruitTip, monthDay: '02-30' }, 'tips.0.monthDay'],
      [{ ...fruitTip, monthDay: undefined }, 'tips.0.monthDay'],
      [{ ...fruitTip, categories: [] }, 'tips.0.categories'],
      [{ ...fruitTip, name: '时令'.repeat(11) }, 'tips.0.name'],
      [{ ...fruitTip, boughtWithinDays: 0 }, 'tips.0.boughtWithinDays'],
    ];
    for (const [tip, path] of refusals) {
      const { status, body } = await put([tip], 0);
      expect(status, JSON.stringify(tip)).toBe(400);
      expect(body.error?.code).toBe('VALIDATION_FAILED');
      expect(body.error?.issues?.map((issue) => issue.path)).toContain(path);
    }
    const twice = await put([fruitTip, { ...fruitTip, id: 'again' }], 0);
    expect(twice.status).toBe(400);
    expect(twice.body.error?.issues).toEqual([{ path: 'tips.1.name', message: '已有名为「时令水果上市」的时令推荐' }]);
    // Supervisors read it; only admins change it.
    expect((await put([fruitTip], 0, 'supervisor')).status).toBe(403);
    expect(await calendar()).toMatchObject({ tips: [], version: 0 });
  });

  it('saves tips with their next date, and refuses an edit of a version read before another save', async () => {
    const saved = await put([fruitTip, { id: 'mooncake', name: '月饼预订', categories: ['糕点'], date: '2026-09-01' }], 0);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.version).toBe(1);
    expect(saved.body.tips).toEqual([
      { ...fruitTip, nextDate: '2026-06-01' },
      { id: 'mooncake', name: '月饼预订', categories: ['糕点'], date: '2026-09-01', boughtWithinDays: 365, nextDate: '2026-09-01' },
    ]);
    const stale = await put([fruitTip], 0);
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe('CONFLICT');
  });
});

describe('a 时令推荐 rule', () => {
  let created: CareRule;

  it('is refused for a tip the calendar does not have, and offered the tips with their next dates', async () => {
    const refused = await api.json('POST', '/v1/staff/care/rules', seasonalRule('no-such-tip'), tokens.admin);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { issues: unknown[] } }).error.issues).toEqual([
      { path: 'trigger.tipId', message: '请选择一条时令推荐' },
    ]);
    const options = (await (await api.json('GET', '/v1/staff/care/options', undefined, tokens.supervisor)).json()) as CareEditorOptions;
    expect(options.seasonalTips).toEqual([
      { tipId: 'summer-fruit', name: '时令水果上市', categories: ['水果', '冷饮'], nextDate: '2026-06-01' },
      { tipId: 'mooncake', name: '月饼预订', categories: ['糕点'], nextDate: '2026-09-01' },
    ]);
    const response = await api.json('POST', '/v1/staff/care/rules', seasonalRule(), tokens.admin);
    expect(response.status, await response.clone().text()).toBe(201);
    created = (await response.json()) as CareRule;
  });

  it("previews with the tip's name and date, and its dry run counts the recent buyers of its categories", async () => {
    const preview = (await (
      await api.json('POST', '/v1/staff/care/preview', { rule: seasonalRule() }, tokens.supervisor)
    ).json()) as CarePreview;
    expect(preview.arms[0]!.fields.map((field) => field.text)).toEqual(['时令水果上市，小林', '2026年6月1日']);
    const dry = (await (
      await api.json('POST', '/v1/staff/care/dry-run', { rule: seasonalRule() }, tokens.supervisor)
    ).json()) as CareDryRun;
    expect(dry).toMatchObject({ day: '2026-05-30', due: 2, wouldSend: 2, notInAudience: 0, skipped: {} });
  });

  it('sends once to each recent buyer of the categories on the day, and a rerun plans nothing new', async () => {
    const plan = await planCare(stack.deps);
    expect(plan).toMatchObject({ day: '2026-05-30', due: 2, planned: 2, alreadyPlanned: 0, skipped: {} });
    stack.clock.set('2026-05-30T02:00:00.000Z'); // 10:00
    expect(await dispatchDueCare(stack.deps)).toMatchObject({ queued: 2 });
    while ((await pollCareQueueOnce(stack.deps)) > 0);
    expect(sentTo('fruit').map((message) => message.data)).toEqual([
      { thing1: { value: '时令水果上市，fruit' }, date2: { value: '2026年6月1日' } },
    ]);
    // Bought both of the tip's categories: one message.
    expect(sentTo('both')).toHaveLength(1);
    for (const outside of ['lapsed', 'veg', 'none']) expect(sentTo(outside), outside).toHaveLength(0);
    const [delivery] = await listMemberDeliveries(stack.deps.db, ids.both!);
    expect(delivery).toMatchObject({ ruleId: created.ruleId, occasion: 'seasonal:summer-fruit#2026-06-01', occasionName: '时令水果上市' });

    stack.clock.set('2026-05-29T23:30:00.000Z');
    expect(await planCare(stack.deps)).toMatchObject({ due: 2, planned: 0, alreadyPlanned: 2 });
    // The day after, the tip is one day nearer than the rule's lead: no one.
    stack.clock.set('2026-05-30T23:00:00.000Z');
    expect(await planCare(stack.deps)).toMatchObject({ due: 0, planned: 0 });
  });

  it('keeps its tip on the calendar: removing it is refused until the rule is changed', async () => {
    const current = await calendar('admin');
    const removed = await put(
      current.tips.filter((tip) => tip.id !== 'summer-fruit').map(({ nextDate: _next, ...tip }) => tip),
      current.version,
    );
    expect(removed.status).toBe(400);
    expect(removed.body.error?.issues).toEqual([
      { path: 'tips', message: '「夏季水果」还在使用被删除的时令推荐，请先修改或删除这些关怀计划' },
    ]);
    expect((await calendar()).tips.map((tip) => tip.id)).toContain('summer-fruit');
  });
});
