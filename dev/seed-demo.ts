import { CareRuleInput, type CareRuleInputBody } from '@linli/shared/care-rules';
import { createCareRule } from '../functions/src/automation/care-rule-admin.ts';
import { listRewards } from '../functions/src/mall/repository.ts';

import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../functions/src/deps.ts';
import { createVisitorWithCode } from '../functions/src/members/member-code.ts';
import { acceptPrivacyPolicy, bindPhoneNumber, updateProfile } from '../functions/src/accounts/membership.ts';
import { findMemberIdByOpenid } from '../functions/src/members/repository.ts';
import { putStaff } from '../functions/src/staff/repository.ts';
import { receiveOrder } from '../functions/src/orders/receive-order.ts';
import { newId } from '../functions/src/platform/ids.ts';
import { recordSubscriptionReport } from '../functions/src/subscriptions/subscriptions.ts';
import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import type { OrderWebhookBody } from '@linli/shared/orders';
import type { RewardInput } from '@linli/shared/mall';
import { addReward } from '../functions/src/mall/rewards.ts';
import { grantPhotoUpload } from '../functions/src/photos/uploads.ts';
import { rewardPictureAttachItem } from '../functions/src/photos/attach.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedComplaints } from './seed-complaints.ts';
import { DEFAULT_INSIGHT_SETTINGS } from '@linli/shared/insight';
import { replaceInsightSettings } from '../functions/src/insight/repository.ts';
import { runInsightNightly } from '../functions/src/insight/nightly-scores.ts';
import { seedMallActivity } from './seed-mall-activity.ts';
import { INVITE_DAYS_AFTER, seedSurveys } from './seed-surveys.ts';
import { seedGroupBuys } from './seed-groupbuys.ts';
import { inPool, seededRandom, type SeededRandom } from './seeded-random.ts';

/**
 * Demo data for `npm start`: staff, ~200 members with a year of orders in recognisable
 * patterns (loyal regulars, lapsed big spenders, newcomers, one-off buyers), some birthdays
 * today, and a few orders from buyers who have not joined yet. Everything goes through the
 * same domain functions the API uses, so the data obeys the same rules.
 */
export interface SeedOptions {
  members?: number;
  /** Grants one subscribe authorization in the WeChat emulator, as the phone would. */
  grantInWechat: (openid: string, templateId: string) => Promise<void>;
  log?: (line: string) => void;
}

export const DEMO_STAFF = [
  { openid: 'o-admin', role: 'admin', name: '王芳（店主）' },
  { openid: 'o-supervisor', role: 'supervisor', name: '李强（客服主管）' },
  { openid: 'o-agent', role: 'agent', name: '陈晓（客服）' },
  { openid: 'o-agent2', role: 'agent', name: '赵敏（客服）' },
] as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = [
  '芳',
  '伟',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '晓燕',
  '子涵',
  '雨桐',
];
const CATALOG = [
  { sku: 'FRUIT-APPLE-5KG', name: '烟台红富士苹果 5kg', category: '水果', unitPriceFen: 6_990 },
  { sku: 'FRUIT-ORANGE-3KG', name: '赣南脐橙 3kg', category: '水果', unitPriceFen: 4_580 },
  { sku: 'FRUIT-CHERRY-1KG', name: '智利车厘子 1kg', category: '水果', unitPriceFen: 12_800 },
  { sku: 'VEG-BOX-WEEK', name: '时令蔬菜周箱', category: '蔬菜', unitPriceFen: 8_800 },
  { sku: 'DAIRY-MILK-12', name: '鲜牛奶 950ml×12', category: '乳品', unitPriceFen: 15_600 },
  { sku: 'GRAIN-RICE-10KG', name: '五常大米 10kg', category: '粮油', unitPriceFen: 12_900 },
  { sku: 'FORMULA-S2-800G', name: '婴幼儿配方奶粉 2段 800g', category: '母婴', unitPriceFen: 29_800 },
  { sku: 'FORMULA-S3-800G', name: '婴幼儿配方奶粉 3段 800g', category: '母婴', unitPriceFen: 27_800 },
  { sku: 'EGG-FREE-RANGE-30', name: '散养土鸡蛋 30枚', category: '禽蛋', unitPriceFen: 5_990 },
];

/** What buyers often add to an order of each product (by catalog index): "frequently bought together" has pairs to find. */
const COMPANIONS: Record<number, number[]> = { 0: [1, 8], 1: [0], 2: [0, 4], 3: [8, 5], 4: [8, 3], 5: [8, 3], 6: [4], 7: [4], 8: [3, 4] };
/** The share of orders that carry a companion item. */
const COMPANION_SHARE = 0.35;
/** Where the demo's buyers live: the region their orders are sent to. */
const REGIONS = ['浙江省', '浙江省', '浙江省', '江苏省', '江苏省', '上海市', '上海市', '安徽省', '广东省', '四川省'];

export type RewardPicture = 'eggs' | 'rice' | 'oranges' | 'tote';

/** The points mall on opening day: everyday coupons, a members-only one, goods to pick up at the shop or have delivered. */
function demoRewards(now: Date): Array<RewardInput & { picture?: RewardPicture }> {
  const from = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const until = new Date(now.getTime() + 180 * DAY_MS).toISOString();
  const base = { description: '', tierCodes: [] as string[], availableFrom: from, availableUntil: until, active: true };
  const shop = '邻里鲜选 文三路店（文三路 88 号，每天 8:30–21:00）';
  return [
    {
      ...base,
      kind: 'coupon',
      name: '满100减10元券',
      description: '全场通用，每单限用一张',
      pointsPrice: 300,
      stock: 500,
      perMemberLimit: 5,
      coupon: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 },
    },
    {
      ...base,
      kind: 'coupon',
      name: '生鲜满200享9折券',
      description: '水果、蔬菜、蛋奶可用',
      pointsPrice: 800,
      stock: 200,
      perMemberLimit: 2,
      coupon: { type: 'discount', discountPercent: 90, minSpendFen: 20_000, validDays: 30 },
    },
    {
      ...base,
      kind: 'coupon',
      name: '金卡专享 满300减50',
      pointsPrice: 1_500,
      stock: 50,
      perMemberLimit: 1,
      tierCodes: ['gold', 'diamond'],
      coupon: { type: 'amount_off', amountOffFen: 5_000, minSpendFen: 30_000, validDays: 60 },
    },
    {
      ...base,
      kind: 'goods',
      name: '散养土鸡蛋 10枚',
      description: '农场直供，到店凭券码领取',
      pointsPrice: 600,
      stock: 80,
      perMemberLimit: 2,
      goods: { fulfilment: 'pickup', pickupPlace: shop },
      picture: 'eggs',
    },
    {
      ...base,
      kind: 'goods',
      name: '邻里环保购物袋',
      description: '加厚帆布，可折叠',
      pointsPrice: 500,
      stock: 100,
      perMemberLimit: 1,
      goods: { fulfilment: 'pickup', pickupPlace: shop },
      picture: 'tote',
    },
    {
      ...base,
      kind: 'goods',
      name: '五常稻花香大米 2.5kg',
      description: '当季新米，包邮到家（偏远地区除外）',
      pointsPrice: 1_200,
      stock: 30,
      perMemberLimit: 1,
      goods: { fulfilment: 'delivery' },
      picture: 'rice',
    },
    {
      ...base,
      kind: 'goods',
      name: '赣南脐橙尝鲜装 2.5kg',
      description: '产地直发，3 天内发货',
      pointsPrice: 2_000,
      stock: 3,
      perMemberLimit: 1,
      tierCodes: ['silver', 'gold', 'diamond'],
      goods: { fulfilment: 'delivery' },
      picture: 'oranges',
    },
  ];
}

/**
 * Uploads a drawn picture (dev/reward-pictures) for the shop owner the way 礼品管理 and 拼团活动 do (an
 * upload grant for `purpose`, then the presigned POST) and answers the key; null when storage is not reachable.
 */
export async function uploadDemoPicture(
  deps: Deps,
  owner: { memberId: string; openid: string },
  picture: RewardPicture,
  purpose: 'reward' | 'groupbuy' = 'reward',
): Promise<string | null> {
  const bytes = readFileSync(join(import.meta.dirname, 'reward-pictures', `${picture}.png`));
  try {
    const grant = await grantPhotoUpload(
      deps,
      { memberId: owner.memberId, openid: owner.openid, roles: ['admin'] },
      { contentType: 'image/png', sizeBytes: bytes.length, purpose },
    );
    const form = new FormData();
    for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), `${picture}.png`);
    const stored = await fetch(grant.url, { method: 'POST', body: form });
    return stored.ok ? grant.key : null;
  } catch {
    return null;
  }
}

/** The opening-day rewards, each goods reward with its picture. */
async function seedRewards(deps: Deps, now: Date, log: (line: string) => void): Promise<void> {
  const owner = DEMO_STAFF.find((staff) => staff.role === 'admin')!;
  const memberId = (await findMemberIdByOpenid(deps.db, owner.openid))!.memberId;
  for (const { picture, ...reward } of demoRewards(now)) {
    const pictureKey = picture ? await uploadDemoPicture(deps, { memberId, openid: owner.openid }, picture) : null;
    if (picture && !pictureKey) log(`reward picture ${picture}: storage not reachable, the reward has none`);
    await addReward(deps, { ...reward, pictureKey }, ({ objectKey, rewardId }) =>
      rewardPictureAttachItem(deps, { memberId, objectKey, rewardId, at: now.toISOString() }),
    );
  }
}

type Pattern = 'demo' | 'regular' | 'lapsed' | 'newcomer' | 'one-off' | 'formula-parent';

const DAY_MS = 24 * 3600 * 1000;

function orderDaysAgo(pattern: Pattern, random: SeededRandom): number[] {
  switch (pattern) {
    case 'demo':
      // The member to try the product as: about two orders a month over the whole past year.
      return Array.from({ length: 24 }, (_, half) => half * 15 + random.int(1, 12));
    case 'regular':
      return Array.from({ length: random.int(6, 14) }, () => random.int(1, 360));
    case 'lapsed':
      return Array.from({ length: random.int(5, 12) }, () => random.int(150, 365));
    case 'newcomer':
      return Array.from({ length: random.int(1, 2) }, () => random.int(1, 30));
    case 'one-off':
      return [random.int(60, 365)];
    case 'formula-parent':
      return Array.from({ length: 12 }, (_, month) => month * 30 + random.int(1, 5));
  }
}

/**
 * A buyer's orders. Order numbers look like a shop's (the payment's Shanghai date, then the buyer's
 * and the order's sequence: 20261120 0042 07), unique across the demo.
 */
function ordersFor(openid: string, buyerNo: number, pattern: Pattern, now: Date, random: SeededRandom): OrderWebhookBody[] {
  // Companions and regions draw from their own sequence, so the orders' days and products stay what they were.
  const extras = seededRandom(20261126 + buyerNo);
  const region = extras.pick(REGIONS);
  return orderDaysAgo(pattern, random).map((daysAgo, index) => {
    const productIndex = pattern === 'formula-parent' ? (daysAgo > 180 ? 6 : 7) : random.int(0, CATALOG.length - 1);
    const product = CATALOG[productIndex]!;
    const qty = random.int(1, 3);
    const paidAt = new Date(now.getTime() - daysAgo * DAY_MS - random.int(0, 12 * 3600) * 1000);
    const companion = extras.next() < COMPANION_SHARE ? CATALOG[extras.pick(COMPANIONS[productIndex]!)]! : null;
    const items = [
      { sku: product.sku, name: product.name, category: product.category, qty, unitPriceFen: product.unitPriceFen },
      ...(companion
        ? [{ sku: companion.sku, name: companion.name, category: companion.category, qty: 1, unitPriceFen: companion.unitPriceFen }]
        : []),
    ];
    return {
      orderId: `${shanghaiDay(paidAt).date.replaceAll('-', '')}${String(buyerNo).padStart(4, '0')}${String(index + 1).padStart(2, '0')}`,
      openid,
      paidFen: items.reduce((sum, item) => sum + item.qty * item.unitPriceFen, 0),
      paidAt: paidAt.toISOString(),
      region,
      items,
    };
  });
}

export async function seedDemoData(deps: Deps, options: SeedOptions): Promise<{ members: number; orders: number; pendingOrders: number }> {
  const log = options.log ?? (() => {});
  const random = seededRandom(20261123);
  const now = deps.clock();
  const today = shanghaiDay(now);
  const templateId = deps.config.wechat.templates.birthdayGreeting;

  for (const staff of DEMO_STAFF) {
    await putStaff(deps.db, { ...staff, at: now.toISOString() });
    // Staff are WeChat users too: their member record is what the desk records as the owner.
    if (!(await findMemberIdByOpenid(deps.db, staff.openid))) {
      await createVisitorWithCode(deps.db, { memberId: newId('m', now), openid: staff.openid, unionid: null, now });
    }
  }
  await seedRewards(deps, now, log);
  // The shop's insight settings: a monthly sales target for the forecast, and a rule tag for fruit lovers.
  const owner = await findMemberIdByOpenid(deps.db, DEMO_STAFF.find((staff) => staff.role === 'admin')!.openid);
  await replaceInsightSettings(deps.db, {
    settings: {
      ...DEFAULT_INSIGHT_SETTINGS,
      monthlySalesTargetFen: 4_000_000,
      tagRules: [...DEFAULT_INSIGHT_SETTINGS.tagRules, { tag: '水果常客', kind: 'category-within', category: '水果', days: 90 }],
    },
    expectedVersion: 0,
    at: now.toISOString(),
    by: owner!.memberId,
  });

  const patterns: Pattern[] = ['regular', 'regular', 'lapsed', 'newcomer', 'one-off', 'one-off', 'formula-parent'];
  const people = [
    { name: 'demo', pattern: 'demo' as Pattern, birthday: today.monthDay, nickname: '邻里体验官' },
    ...Array.from({ length: options.members ?? 200 }, (_, i) => {
      const pattern = random.pick(patterns);
      // A handful share today's birthday so the birthday job has someone to greet.
      const birthday =
        i < 4
          ? `19${random.int(60, 99)}-${today.monthDay}`
          : `${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
      return { name: `member${String(i + 1).padStart(3, '0')}`, pattern, birthday, nickname: random.pick(SURNAMES) + random.pick(GIVEN) };
    }),
  ];
  // Every random choice is drawn up front, in order, so the concurrent writes below can't reorder them.
  const plans = people.map((person, buyerNo) => ({
    ...person,
    openid: `o-${person.name}`,
    phone: random.next() < 0.7 ? `1${random.int(3, 9)}${String(random.int(0, 999_999_999)).padStart(9, '0')}` : null,
    grants: person.name === 'demo' || random.next() < 0.5,
    orders: ordersFor(`o-${person.name}`, buyerNo, person.pattern, now, random).sort((a, b) => a.paidAt.localeCompare(b.paidAt)),
    joinedDaysBeforeFirstOrder: random.int(0, 20),
  }));
  // Each write happens "at" the time it would have in the shop's history, so the ledger and join
  // dates read like a real year rather than all today.
  const at = (when: Date): Deps => ({ ...deps, clock: () => when });
  let orders = 0;
  const joined: Array<{ memberId: string; lastOrderAt: string | null; openid: string }> = [];
  await inPool(plans, 12, async (plan) => {
    const firstOrderAt = plan.orders[0] ? new Date(plan.orders[0].paidAt).getTime() : now.getTime();
    const joinedAt = new Date(firstOrderAt - plan.joinedDaysBeforeFirstOrder * DAY_MS - 3600_000);
    const existing = await findMemberIdByOpenid(deps.db, plan.openid);
    const memberId = existing?.memberId ?? newId('m', joinedAt);
    if (!existing) await createVisitorWithCode(deps.db, { memberId, openid: plan.openid, unionid: `u-${plan.name}`, now: joinedAt });
    await acceptPrivacyPolicy(at(joinedAt), memberId, { policyVersion: PRIVACY_POLICY_VERSION, accepted: true }, 'demo-seed');
    await updateProfile(at(joinedAt), memberId, { nickname: plan.nickname, birthday: plan.birthday });
    if (plan.phone) await bindPhoneNumber(at(joinedAt), memberId, `dev-phone-${plan.phone}`);
    if (plan.grants) {
      await options.grantInWechat(plan.openid, templateId);
      await recordSubscriptionReport(deps, memberId, { results: [{ templateId, result: 'accept' }] });
    }
    for (const order of plan.orders) {
      // The shop's webhook arrives a couple of minutes after payment.
      await receiveOrder(at(new Date(Date.parse(order.paidAt) + 120_000)), order);
      orders++;
    }
    joined.push({ memberId, openid: plan.openid, lastOrderAt: plan.orders.at(-1)?.paidAt ?? null });
  });
  // A month of the points mall (redemptions and coupons used at the till), for the shop overview.
  joined.sort((a, b) => a.openid.localeCompare(b.openid));
  const agent = await findMemberIdByOpenid(deps.db, 'o-agent');
  const mall = await seedMallActivity(deps, { members: joined, staffId: agent!.memberId, random: seededRandom(20261125) });
  // Buyers who ordered in the shop but never opened the mini-program: their points wait for them.
  const guests = ['guest01', 'guest02', 'guest03'];
  let pendingOrders = 0;
  for (const [i, guest] of guests.entries()) {
    for (const order of ordersFor(`o-${guest}`, 9000 + i, 'newcomer', now, random)) {
      await receiveOrder(deps, order);
      pendingOrders++;
    }
  }
  const complaints = await seedComplaints(deps, {
    buyerOpenids: plans.slice(1, 41).map((plan) => plan.openid),
    agentOpenids: ['o-agent', 'o-agent2', 'o-supervisor'],
    random: seededRandom(20261124),
  });
  log(
    `seeded ${people.length} members, ${orders} orders, ${pendingOrders} orders waiting for guests to join, ${complaints} complaints, ` +
      `${mall.redeemed} coupons redeemed (${mall.used} used)`,
  );
  // The insight dashboards and segments read the nightly scoring: run it once now rather than wait for 02:30.
  const insight = await runInsightNightly(deps);
  log(
    `customer insight scored ${insight.scored} members (${insight.method === 'model' ? 'fitted models' : 'rules: too few repeat buyers to fit'})`,
  );
  // Surveys after the scoring: each response keeps the member's RFM class, stage and region as the last run saw them.
  const memberIds = new Map(joined.map((member) => [member.openid, member.memberId]));
  const surveyStarted = performance.now();
  const surveys = await seedSurveys(deps, {
    buyers: plans.map((plan) => ({
      memberId: memberIds.get(plan.openid)!,
      pattern: plan.pattern,
      orders: plan.orders.map((order) => ({
        orderId: order.orderId,
        paidAt: order.paidAt,
        category: order.items[0]!.category,
        region: order.region ?? null,
      })),
      // The demo member was last asked over a month ago, so their home page offers the survey card.
      ...(plan.name === 'demo' ? { quietDays: 35 } : {}),
    })),
    agentOpenids: ['o-agent', 'o-agent2'],
  });
  log(
    `seeded ${surveys.responses} survey responses, ${surveys.followUps} 回访 tasks (${surveys.worked} with an outcome) ` +
      `in ${((performance.now() - surveyStarted) / 1000).toFixed(1)} s`,
  );
  await seedCareRules(deps, surveys.npsSurveyId);
  const ownerOpenid = DEMO_STAFF.find((staff) => staff.role === 'admin')!.openid;
  const campaigns = await seedGroupBuys(deps, { openid: ownerOpenid, memberId: owner!.memberId });
  log(`seeded ${campaigns} running 拼团 campaigns`);
  return { members: people.length, orders, pendingOrders };
}

/**
 * The care rules an operator would start with (关怀计划): a birthday gift, a festival greeting, a win-back
 * coupon, and the invitation to rate the shopping a few days after an order (the NPS survey).
 */
async function seedCareRules(deps: Deps, npsSurveyId: string): Promise<void> {
  const templateId = deps.config.wechat.templates.birthdayGreeting;
  const coupon = (await listRewards(deps.db)).find((reward) => reward.kind === 'coupon');
  const rules: CareRuleInputBody[] = [
    {
      name: '生日祝福',
      trigger: { kind: 'birthday', daysBefore: 0 },
      audience: { kind: 'everyone' },
      message: {
        templateId,
        title: '生日祝福',
        fields: [
          { key: 'thing1', text: '{昵称}，生日快乐' },
          { key: 'thing2', text: '生日礼{赠送积分}积分已到账' },
          { key: 'date3', text: '{日期}' },
        ],
      },
      gift: { kind: 'points', points: 100 },
      sendTime: '10:00',
      priority: 8,
      enabled: true,
    },
    {
      name: '中秋问候',
      trigger: { kind: 'holiday', holiday: 'mid-autumn-festival', daysBefore: 0 },
      audience: { kind: 'everyone' },
      message: {
        templateId,
        title: '节日问候',
        fields: [
          { key: 'thing1', text: '{节日}快乐' },
          { key: 'thing2', text: '{昵称}，{店铺名}祝您阖家团圆' },
          { key: 'date3', text: '{日期}' },
        ],
      },
      sendTime: '10:00',
      priority: 5,
      enabled: true,
    },
    ...(coupon
      ? [
          {
            name: '流失挽回',
            trigger: { kind: 'lifecycle', stages: ['at_risk'] },
            audience: { kind: 'everyone' },
            message: {
              templateId,
              title: '专属优惠',
              fields: [
                { key: 'thing1', text: '{券名}已放入卡包' },
                { key: 'thing2', text: '{昵称}，好久不见' },
                { key: 'date3', text: '{日期}' },
              ],
            },
            gift: { kind: 'coupon', rewardId: coupon.rewardId },
            holdoutPercent: 10,
            sendTime: '11:00',
            priority: 6,
            enabled: true,
          } satisfies CareRuleInputBody,
        ]
      : []),
    {
      name: '购物后评价',
      trigger: { kind: 'post-purchase', daysAfter: INVITE_DAYS_AFTER },
      audience: { kind: 'everyone' },
      message: {
        templateId,
        title: '购物体验评价',
        fields: [
          { key: 'thing1', text: '{昵称}，邀请你评价这次购物' },
          { key: 'thing2', text: '只需 1 分钟，点此填写' },
          { key: 'date3', text: '{日期}' },
        ],
      },
      survey: npsSurveyId,
      sendTime: '10:00',
      priority: 4,
      enabled: true,
    },
  ];
  for (const rule of rules) await createCareRule(deps, CareRuleInput.parse(rule));
}
