// Screenshots of the H5 build (dist-h5) against canned API answers, for a human to look at.
// Walks the buyer's path: dev login → join → member card → points → 我的 → profile → staff list →
// daily check-in → 积分商城 (redeem) → 我的券; then the staff side: 核销 and 礼品管理; then
// 会员等级 (from the card's progress block) and the admin's 等级设置 (an error, a save, a conflict);
// then 客户查询 and 客户画像 (tags added and removed), 客户洞察's charts, on a phone and on a desktop, and
// last 洞察设置 (a refused value, then a save).
// Usage: node scripts/screenshot-h5.mjs [outDir]   (needs `npm run build:h5` and /usr/bin/chromium)
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const distDir = fileURLToPath(new URL('../dist-h5', import.meta.url));
const outDir = process.argv[2] ?? join(tmpdir(), 'linli-h5-shots');
const APP = 'http://linli.test';
const API = process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000';
const EMULATOR = process.env.TARO_APP_WECHAT_EMULATOR || 'http://127.0.0.1:3100';
if (!existsSync(join(distDir, 'index.html'))) throw new Error(`No H5 build in ${distDir}; run npm run build:h5`);
mkdirSync(outDir, { recursive: true });

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, x-http-method-override',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
};

// --- canned API state -------------------------------------------------------------------
let joined = false;
let birthday = null;
let staffForbidden = false;
let meFails = false;
let checkinFails = false;
let balance = 1280;
// 客户洞察: the demo shop's dashboard as the API answered it (the fixture the tests draw); null
// stands for a shop before its first nightly run.
const INSIGHT_DASHBOARD = JSON.parse(readFileSync(new URL('../../test/fixtures/insight-dashboard.json', import.meta.url), 'utf8'));
let insightScored = true;
// Check-ins: today is 2026-11-20 in Shanghai; six days in a row up to yesterday, so today's
// check-in is the 7th and earns the streak bonus.
const TODAY = '2026-11-20';
const CHECKIN_RULES = {
  dailyPoints: 5,
  streakBonuses: [
    { day: 7, bonus: 20 },
    { day: 30, bonus: 100 },
  ],
};
const checkins = new Set([
  '2026-10-08',
  '2026-10-09',
  '2026-10-21',
  '2026-10-30',
  '2026-11-02',
  '2026-11-03',
  '2026-11-14',
  '2026-11-15',
  '2026-11-16',
  '2026-11-17',
  '2026-11-18',
  '2026-11-19',
]);
const dayBefore = (date) => new Date(Date.parse(`${date}T00:00:00Z`) - 864e5).toISOString().slice(0, 10);
function streak() {
  let day = checkins.has(TODAY) ? TODAY : dayBefore(TODAY);
  let n = 0;
  while (checkins.has(day)) {
    n++;
    day = dayBefore(day);
  }
  return n;
}
// --- tiers: the built-in ladder (shared/src/tiers.ts DEFAULT_TIERS), as the admin may change it
const rights = (pointsMultiplier, freeShipping, priorityService, birthdayGiftPoints, exclusiveRewards) => ({
  pointsMultiplier,
  freeShipping,
  priorityService,
  birthdayGiftPoints,
  exclusiveRewards,
});
let tierConfig = {
  tiers: [
    { code: 'regular', name: '普通会员', minGrowth: 0, rights: rights(1, false, false, 50, false) },
    { code: 'silver', name: '银卡会员', minGrowth: 1000, rights: rights(1.2, false, false, 100, false) },
    { code: 'gold', name: '金卡会员', minGrowth: 5000, rights: rights(1.5, true, false, 300, true) },
    { code: 'diamond', name: '钻石会员', minGrowth: 20000, rights: rights(2, true, true, 800, true) },
  ],
  downgradeGraceDays: 30,
  version: 0,
  updatedAt: null,
};
const GROWTH = 1280;
function tierProgress() {
  const tiers = tierConfig.tiers;
  const index = Math.max(
    0,
    tiers.findIndex((t) => t.code === 'silver'),
  );
  const next = tiers[index + 1] ?? null;
  return {
    growth: GROWTH,
    nextTier: next && { code: next.code, name: next.name, minGrowth: next.minGrowth, rights: next.rights },
    growthToNext: next ? Math.max(0, next.minGrowth - GROWTH) : 0,
    rights: tiers[index].rights,
  };
}
const member = () => ({
  memberId: 'mem-001',
  status: joined ? 'member' : 'visitor',
  nickname: joined ? '林小满' : null,
  tier: { code: 'silver', name: '银卡会员' },
  tierProgress: tierProgress(),
  points: joined
    ? { balance, pending: 120, expiringSoon: { points: 300, before: '2026-12-05T15:59:59.999Z' } }
    : { balance: 0, pending: 0, expiringSoon: { points: 0, before: null } },
  birthday,
  phoneMasked: null,
  joinedAt: joined ? '2026-11-01T02:00:00.000Z' : null,
  policyVersion: joined ? '2026-11-01' : null,
  memberCode: '8H3K2Q9T',
  stats: joined
    ? { orderCount: 3, totalSpentFen: 128_000, firstOrderAt: '2026-11-02T03:00:00.000Z', lastOrderAt: '2026-11-20T03:00:00.000Z' }
    : { orderCount: 0, totalSpentFen: 0, firstOrderAt: null, lastOrderAt: null },
});
const TYPES_CYCLE = ['order', 'checkin', 'birthday', 'redemption', 'refund', 'survey', 'adjustment', 'expiry'];
const ledger = Array.from({ length: 25 }, (_, i) => {
  const type = TYPES_CYCLE[i % TYPES_CYCLE.length];
  const delta = ['redemption', 'refund', 'expiry'].includes(type) ? -(10 + i) : 20 + i * 3;
  return {
    entryId: `e${String(25 - i).padStart(3, '0')}`,
    type,
    delta,
    balanceAfter: 1280 - i * 7,
    refId: type === 'order' ? `ORD-2026-${1000 + i}` : null,
    lots: [{ lotId: `lot-${i}`, delta }],
    note: type === 'order' ? `订单 ORD-2026-${1000 + i}` : type === 'adjustment' ? '客服补偿：配送延误' : null,
    createdAt: new Date(Date.UTC(2026, 10, 20, 12, 0) - i * 36e5 * 7).toISOString(),
  };
});
const policy = {
  version: '2026-11-01',
  title: '邻里会员隐私政策',
  sections: [
    { heading: '我们收集哪些信息', body: '微信身份标识（openid）、你主动填写的生日和手机号、你在本店的订单记录。' },
    { heading: '我们如何使用', body: '计算积分与会员等级、发送你订阅的生日祝福、处理售后与投诉。不会用于其他目的。' },
    { heading: '你的权利', body: '你可以随时查阅、复制、更正或删除你的个人信息，也可以撤回同意并退出会员。' },
  ],
};
const staffMembers = Array.from({ length: 6 }, (_, i) => ({
  memberId: `mem-${100 + i}`,
  nickname: i === 2 ? null : ['林小满', '周大福', null, '陈阿姨', '王师傅', '李同学'][i],
  phoneMasked: i % 3 === 0 ? null : `13${i}****${1000 + i * 37}`,
  tier: i < 2 ? { code: 'gold', name: '金卡会员' } : { code: 'regular', name: '普通会员' },
  pointsBalance: 5000 - i * 640,
  orderCount: 20 - i * 3,
  totalSpentFen: 600_000 - i * 73_321,
  lastOrderAt: '2026-11-18T09:30:00.000Z',
  joinedAt: '2026-10-01T02:00:00.000Z',
}));

// ClientConfig.templates must name every template in MESSAGE_TEMPLATES (a zod record over an enum
// is exhaustive), and that list grows; read it from the shared source rather than copy it here.
const templateNames = (() => {
  const source = readFileSync(fileURLToPath(new URL('../../shared/src/subscriptions.ts', import.meta.url)), 'utf8');
  const list = /MESSAGE_TEMPLATES = \[([^\]]*)\]/.exec(source)?.[1] ?? "'birthdayGreeting'";
  return [...list.matchAll(/'([^']+)'/g)].map((match) => match[1]);
})();
const TEMPLATES = Object.fromEntries(
  templateNames.map((name) => [name, name === 'birthdayGreeting' ? 'tmpl-birthday-001' : `tmpl-${name}`]),
);

// --- 积分商城 / 我的券 / staff coupons and rewards -------------------------------------------
let rewardsForbidden = false;
const FAR = '2027-03-31T16:00:00.000Z';
const rewardBase = {
  kind: 'coupon',
  description: '',
  stock: 120,
  perMemberLimit: 2,
  tierCodes: [],
  availableFrom: '2026-11-01T00:00:00.000Z',
  availableUntil: FAR,
  goods: null,
  active: true,
  version: 1,
};
const rewards = [
  {
    ...rewardBase,
    rewardId: 'rw-1',
    name: '满100减10元券',
    description: '全店通用，生鲜除外。',
    pointsPrice: 300,
    coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 10000, validDays: 30 },
  },
  {
    ...rewardBase,
    rewardId: 'rw-2',
    name: '满100享85折券',
    pointsPrice: 2000,
    coupon: { type: 'discount', discountPercent: 85, minSpendFen: 10000, validDays: 15 },
  },
  {
    ...rewardBase,
    rewardId: 'rw-3',
    name: '金卡专享 满200减40',
    pointsPrice: 800,
    tierCodes: ['gold', 'diamond'],
    coupon: { type: 'amount_off', amountOffFen: 4000, minSpendFen: 20000, validDays: 30 },
  },
  {
    ...rewardBase,
    rewardId: 'rw-4',
    name: '限量 无门槛5元券',
    pointsPrice: 100,
    stock: 0,
    coupon: { type: 'amount_off', amountOffFen: 500, minSpendFen: 0, validDays: 7 },
  },
  {
    ...rewardBase,
    rewardId: 'rw-5',
    name: '邻里环保袋',
    kind: 'goods',
    pointsPrice: 500,
    perMemberLimit: 1,
    coupon: null,
    goods: { fulfilment: 'pickup' },
  },
  {
    ...rewardBase,
    rewardId: 'rw-6',
    name: '双十二 满50减12',
    pointsPrice: 200,
    availableFrom: '2026-12-11T16:00:00.000Z',
    coupon: { type: 'amount_off', amountOffFen: 1200, minSpendFen: 5000, validDays: 3 },
  },
];
const redeemedByMe = new Map([['rw-5', 1]]);
// rw-2 answers "out of stock" when redeemed, as if the last one went a moment ago.
const outOfStockOnRedeem = new Set(['rw-2']);
function mallItems() {
  const now = new Date().toISOString();
  return rewards
    .filter((r) => r.active && now < r.availableUntil)
    .map((r) => {
      const mine = redeemedByMe.get(r.rewardId) ?? 0;
      let ineligible = null;
      if (now < r.availableFrom) ineligible = 'not_available';
      else if (r.tierCodes.length && !r.tierCodes.includes('silver')) ineligible = 'tier_restricted';
      else if (mine >= r.perMemberLimit) ineligible = 'limit_reached';
      else if (r.stock <= 0) ineligible = 'out_of_stock';
      else if (balance < r.pointsPrice && !outOfStockOnRedeem.has(r.rewardId)) ineligible = 'points_insufficient';
      return { ...r, redeemedByMe: mine, ineligible };
    });
}
const coupons = [
  {
    code: 'Q8KM3ZT7WXP4',
    rewardId: 'rw-5',
    kind: 'goods',
    name: '邻里环保袋',
    terms: null,
    fulfilment: 'pickup',
    status: 'unused',
    issuedAt: '2026-11-10T02:00:00.000Z',
    validUntil: '2026-12-10T15:59:59.999Z',
    usedAt: null,
  },
  {
    code: 'H2N6RVC9YD3E',
    rewardId: 'rw-1',
    kind: 'coupon',
    name: '满100减10元券',
    terms: rewards[0].coupon,
    fulfilment: null,
    status: 'used',
    issuedAt: '2026-11-02T02:00:00.000Z',
    validUntil: '2026-12-02T15:59:59.999Z',
    usedAt: '2026-11-08T10:21:00.000Z',
  },
];
// --- 客户画像: one customer with a bit of everything, a manual tag and a rule's tag
let customerTags = [
  { tag: '团购常客', kind: 'manual', ruleId: null, addedAt: '2026-10-02T02:00:00.000Z', addedBy: '李强（客服主管）' },
  { tag: '近30天新客', kind: 'rule', ruleId: 'first-order-30d', addedAt: '2026-11-01T18:00:00.000Z', addedBy: null },
];
const customerOrder = (n, name, fen, paidAt, status = 'paid') => ({
  orderId: `2026112000${n}`,
  paidAt,
  paidFen: fen,
  refundedFen: status === 'paid' ? 0 : fen,
  status,
  items: [{ sku: `SKU-${n}`, name, qty: 1, unitPriceFen: fen }],
  points: { earned: Math.floor(fen / 100), takenBack: 0, state: 'available', availableAt: null },
});
function customerProfile() {
  return {
    memberId: 'mem-001',
    identity: {
      nickname: '林小满',
      avatarUrl: null,
      phoneMasked: '138****1234',
      memberCode: '7KQ2M9XD',
      birthday: '03-08',
      joinedAt: '2025-12-01T02:00:00.000Z',
      policyVersion: '2026-11-01',
    },
    tier: { code: 'gold', name: '金卡会员' },
    points: { balance: 1280, pending: 69, expiringSoon: { points: 120, before: '2026-12-31T15:59:59.999Z' } },
    stats: { orderCount: 23, totalSpentFen: 356_800, firstOrderAt: '2025-12-03T02:00:00.000Z', lastOrderAt: '2026-11-19T04:12:00.000Z' },
    orders: {
      items: [
        customerOrder(1, '烟台红富士苹果 5kg', 6_990, '2026-11-19T04:12:00.000Z'),
        customerOrder(2, '鲜牛奶 950ml×12', 15_600, '2026-11-12T01:30:00.000Z'),
        customerOrder(3, '智利车厘子 1kg', 12_800, '2026-11-02T09:45:00.000Z', 'refunded'),
      ],
      nextCursor: 'page-2',
    },
    complaints: {
      items: [
        {
          complaintId: 'c-001',
          category: 'quality',
          categoryName: '商品质量',
          status: 'resolved',
          orderId: '20261120003',
          description: '车厘子有几颗坏了',
          contactPreference: 'wechat',
          submittedAt: '2026-11-03T02:00:00.000Z',
          resolvedAt: '2026-11-03T08:00:00.000Z',
          reopenableUntil: null,
          rating: 5,
        },
      ],
      more: false,
    },
    messages: {
      items: [
        { kind: 'complaint', at: '2026-11-03T08:00:05.000Z', status: 'sent' },
        { kind: 'tier-change', at: '2026-10-15T18:00:00.000Z', status: 'sent' },
        { kind: 'birthday', at: '2026-03-08T01:00:00.000Z', status: 'refused' },
      ],
      more: false,
    },
    tags: customerTags,
    consent: { policyVersion: '2026-11-01', acceptedAt: '2025-12-01T02:00:00.000Z', current: true, withdrawals: [] },
    scores: null,
  };
}
const tagCatalog = () => ({
  items: [
    { tag: '团购常客', kind: 'manual', ruleId: null, memberCount: 38 },
    { tag: '近30天新客', kind: 'rule', ruleId: 'first-order-30d', memberCount: 21 },
    { tag: '宝妈', kind: 'manual', ruleId: null, memberCount: 12 },
    { tag: '爱吃水果', kind: 'manual', ruleId: null, memberCount: 9 },
  ],
});

// --- 洞察设置: the defaults (shared/src/insight.ts DEFAULT_INSIGHT_SETTINGS) with a target and a category rule
let insightSettings = {
  settings: {
    rfmWindowDays: 365,
    rfmThresholds: null,
    newDays: 30,
    loyalOccasions: 4,
    atRiskDays: 90,
    lostDays: 180,
    atRiskPAlive: 0.5,
    lostPAlive: 0.15,
    monthlyDiscountRate: 0.01,
    minRepeatBuyersToFit: 200,
    monthlySalesTargetFen: 8_000_000,
    tagRules: [
      { tag: '新客', kind: 'first-order-within', days: 30 },
      { tag: '爱喝牛奶', kind: 'category-within', category: '乳品', days: 60 },
    ],
  },
  version: 2,
  updatedAt: '2026-11-18T02:00:00.000Z',
};

let couponSeq = 0;
function staffCoupon(code) {
  const c = coupons.find((x) => x.code === code);
  return c && { ...c, memberId: 'mem-001', memberNickname: '林小满', memberPhoneMasked: '138****1234' };
}

function api(method, path, query, body) {
  if (method === 'POST' && path === '/v1/auth/wechat') {
    return [200, { token: 'tok-h5', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', 'supervisor', 'admin'], member: member() }];
  }
  if (method === 'GET' && path === '/v1/me') {
    return meFails ? [500, { error: { code: 'INTERNAL', message: 'simulated outage' } }] : [200, member()];
  }
  if (method === 'GET' && path === '/v1/privacy-policy') return [200, policy];
  if (method === 'GET' && path === '/v1/client-config') return [200, { policyVersion: '2026-11-01', templates: TEMPLATES }];
  if (method === 'POST' && path === '/v1/me/consent') {
    joined = true;
    return [200, member()];
  }
  if (method === 'POST' && path === '/v1/me' && body?.birthday !== undefined) {
    birthday = body.birthday;
    return [200, member()];
  }
  if (method === 'POST' && path === '/v1/me/subscriptions') {
    return [200, { items: [{ template: 'birthdayGreeting', templateId: 'tmpl-birthday-001', remaining: 1 }] }];
  }
  if (method === 'GET' && path === '/v1/me/points') {
    const start = query.get('cursor') ? Number(query.get('cursor')) : 0;
    const end = start + Number(query.get('limit') ?? 20);
    return [200, { items: ledger.slice(start, end), nextCursor: end < ledger.length ? String(end) : null }];
  }
  if (path === '/v1/me/checkins' && checkinFails) return [500, { error: { code: 'INTERNAL', message: 'simulated outage' } }];
  if (method === 'GET' && path === '/v1/me/checkins') {
    const month = query.get('month') ?? TODAY.slice(0, 7);
    const days = [...checkins].filter((day) => day.startsWith(`${month}-`)).sort();
    return [200, { today: TODAY, month, checkedInToday: checkins.has(TODAY), streak: streak(), days, rules: CHECKIN_RULES }];
  }
  if (method === 'POST' && path === '/v1/me/checkins') {
    if (checkins.has(TODAY)) return [200, { date: TODAY, alreadyCheckedIn: true, points: 0, bonus: 0, streak: streak() }];
    checkins.add(TODAY);
    const bonus = CHECKIN_RULES.streakBonuses.find((rule) => rule.day === streak())?.bonus ?? 0;
    balance += CHECKIN_RULES.dailyPoints + bonus;
    return [200, { date: TODAY, alreadyCheckedIn: false, points: CHECKIN_RULES.dailyPoints + bonus, bonus, streak: streak() }];
  }
  if (method === 'GET' && path === '/v1/staff/members') {
    return staffForbidden
      ? [403, { error: { code: 'FORBIDDEN', message: 'not staff' } }]
      : [200, { items: staffMembers, nextCursor: null }];
  }
  if (method === 'GET' && path === '/v1/staff/insight/dashboard') {
    return [
      200,
      insightScored ? INSIGHT_DASHBOARD : { ...INSIGHT_DASHBOARD, figures: null, ranAt: null, stagesMonthAgo: null, pairNames: {} },
    ];
  }
  if (method === 'GET' && path === '/v1/staff/member-search') {
    const q = query.get('q') ?? '';
    const hits = [
      {
        memberId: 'mem-001',
        nickname: '林小满',
        phoneMasked: '138****1234',
        tier: { code: 'gold', name: '金卡会员' },
        lastOrderAt: '2026-11-19T04:12:00.000Z',
        matched: ['nickname'],
      },
      {
        memberId: 'mem-002',
        nickname: '小满爸爸',
        phoneMasked: null,
        tier: { code: 'regular', name: '普通会员' },
        lastOrderAt: null,
        matched: ['nickname'],
      },
    ];
    return [200, { items: q.includes('小满') ? hits : [], more: false }];
  }
  if (method === 'GET' && path === '/v1/staff/members/mem-001/profile') return [200, customerProfile()];
  if (method === 'GET' && path === '/v1/staff/members/mem-001/orders') {
    return [200, { items: [customerOrder(4, '五常大米 10kg', 12_900, '2026-10-20T03:00:00.000Z')], nextCursor: null }];
  }
  if (method === 'GET' && path === '/v1/staff/tags') return [200, tagCatalog()];
  const tagPath = /^\/v1\/staff\/members\/mem-001\/tags\/([^/]+)$/.exec(path);
  if (tagPath && (method === 'PUT' || method === 'DELETE')) {
    const tag = decodeURIComponent(tagPath[1]);
    customerTags = customerTags.filter((t) => t.tag !== tag);
    if (method === 'PUT')
      customerTags = [{ tag, kind: 'manual', ruleId: null, addedAt: '2026-11-20T02:00:00.000Z', addedBy: '王芳（店主）' }, ...customerTags];
    return [200, { items: customerTags }];
  }
  if (method === 'GET' && path === '/v1/mall/rewards') return [200, { points: balance, items: mallItems() }];
  const redeem = /^\/v1\/mall\/rewards\/([^/]+)\/redemptions$/.exec(path);
  if (method === 'POST' && redeem) {
    const reward = rewards.find((r) => r.rewardId === redeem[1]);
    if (!reward) return [404, { error: { code: 'REWARD_NOT_FOUND', message: 'no reward' } }];
    if (outOfStockOnRedeem.has(reward.rewardId)) {
      reward.stock = 0;
      return [409, { error: { code: 'REWARD_OUT_OF_STOCK', message: 'stock 0' } }];
    }
    if (balance < reward.pointsPrice) return [409, { error: { code: 'POINTS_INSUFFICIENT', message: 'points' } }];
    balance -= reward.pointsPrice;
    reward.stock -= 1;
    redeemedByMe.set(reward.rewardId, (redeemedByMe.get(reward.rewardId) ?? 0) + 1);
    const at = new Date();
    const coupon = {
      code: ['K7MX2QHP9RTA', 'B4VZ8NC2JKQ7', 'T9PW5EX3MHR6'][couponSeq++ % 3],
      rewardId: reward.rewardId,
      kind: reward.kind,
      name: reward.name,
      terms: reward.coupon,
      fulfilment: reward.goods?.fulfilment ?? null,
      status: 'unused',
      issuedAt: at.toISOString(),
      validUntil: new Date(at.getTime() + (reward.coupon?.validDays ?? 30) * 864e5).toISOString(),
      usedAt: null,
    };
    coupons.unshift(coupon);
    return [
      200,
      { redemptionId: `rd-${couponSeq}`, rewardId: reward.rewardId, points: reward.pointsPrice, redeemedAt: at.toISOString(), coupon },
    ];
  }
  if (method === 'GET' && path === '/v1/me/coupons') {
    const status = query.get('status');
    return [200, { items: coupons.filter((c) => !status || c.status === status) }];
  }
  const staffCode = /^\/v1\/staff\/coupons\/([^/]+?)(\/use)?$/.exec(path);
  if (staffCode) {
    const found = staffCoupon(staffCode[1]);
    if (!found) return [404, { error: { code: 'COUPON_NOT_FOUND', message: 'no coupon' } }];
    if (method === 'GET') return [200, found];
    if (found.status === 'used') return [409, { error: { code: 'COUPON_ALREADY_USED', message: 'used' } }];
    const c = coupons.find((x) => x.code === found.code);
    c.status = 'used';
    c.usedAt = new Date().toISOString();
    return [200, staffCoupon(c.code)];
  }
  if (path.startsWith('/v1/staff/rewards') && rewardsForbidden)
    return [403, { error: { code: 'FORBIDDEN', message: 'admin or supervisor' } }];
  if (method === 'GET' && path === '/v1/staff/rewards') return [200, { items: rewards }];
  if (method === 'POST' && path === '/v1/staff/rewards') {
    const created = { ...body, rewardId: `rw-${rewards.length + 1}`, coupon: body.coupon ?? null, goods: body.goods ?? null, version: 1 };
    rewards.push(created);
    return [200, created];
  }
  const put = /^\/v1\/staff\/rewards\/([^/]+)$/.exec(path);
  if (method === 'PUT' && put) {
    const index = rewards.findIndex((r) => r.rewardId === put[1]);
    if (index < 0) return [404, { error: { code: 'REWARD_NOT_FOUND', message: 'no reward' } }];
    if (String(rewards[index].version) !== query.get('version')) return [409, { error: { code: 'CONFLICT', message: 'stale' } }];
    rewards[index] = {
      ...body,
      rewardId: put[1],
      coupon: body.coupon ?? null,
      goods: body.goods ?? null,
      version: rewards[index].version + 1,
    };
    return [200, rewards[index]];
  }
  if (method === 'GET' && path === '/v1/tiers') {
    return [200, { tiers: tierConfig.tiers, growthWindowMonths: 12, downgradeGraceDays: tierConfig.downgradeGraceDays }];
  }
  if (method === 'GET' && path === '/v1/staff/tiers') return [200, tierConfig];
  if (method === 'PUT' && path === '/v1/staff/tiers') {
    if (body.version !== tierConfig.version)
      return [409, { error: { code: 'CONFLICT', message: `The tier configuration changed since version ${body.version}` } }];
    tierConfig = {
      tiers: body.tiers,
      downgradeGraceDays: body.downgradeGraceDays,
      version: tierConfig.version + 1,
      updatedAt: new Date().toISOString(),
    };
    return [200, tierConfig];
  }
  if (method === 'GET' && path === '/v1/staff/insight/settings') return [200, insightSettings];
  if (method === 'PUT' && path === '/v1/staff/insight/settings') {
    if (body.version !== insightSettings.version)
      return [409, { error: { code: 'CONFLICT', message: 'The settings were changed by someone else; reload them' } }];
    insightSettings = { settings: body.settings, version: insightSettings.version + 1, updatedAt: new Date().toISOString() };
    return [200, insightSettings];
  }
  return [404, { error: { code: 'NOT_FOUND', message: `${method} ${path}` } }];
}

// --- browser ------------------------------------------------------------------------------
// Playwright's launch() already runs on a fresh temporary profile (it refuses --user-data-dir).
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const context = await browser.newContext({
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  hasTouch: true,
  isMobile: true,
  locale: 'zh-CN',
});
const page = await context.newPage();
const problems = [];
// The browser logs every 4xx/5xx as a failed resource; the error screens provoke those on purpose.
page.on(
  'console',
  (message) =>
    ['error', 'warning'].includes(message.type()) &&
    !message.text().startsWith('Failed to load resource') &&
    problems.push(`console.${message.type()}: ${message.text()}`),
);
page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));

await page.route(`${APP}/**`, (route) => {
  const path = new URL(route.request().url()).pathname.replace(/^\/$/, '/index.html');
  const file = join(distDir, path);
  if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
  return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
});
await page.route(`${API}/**`, (route) => {
  const request = route.request();
  if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS });
  const url = new URL(request.url());
  const override = request.headers()['x-http-method-override'];
  const body = request.postData() ? JSON.parse(request.postData()) : undefined;
  const [status, json] = api(override ?? request.method(), url.pathname, url.searchParams, body);
  return route.fulfill({ status, headers: CORS, contentType: 'application/json', body: JSON.stringify(json) });
});
await page.route(`${EMULATOR}/**`, (route) => {
  if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS });
  const { templateIds } = JSON.parse(route.request().postData() ?? '{}');
  const answer = { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(templateIds.map((id) => [id, 'accept'])) };
  return route.fulfill({ status: 200, headers: CORS, contentType: 'application/json', body: JSON.stringify(answer) });
});

const shots = [];
async function shot(name, options = {}) {
  const file = join(outDir, `${name}.png`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: file, ...options });
  shots.push(file);
}

await page.goto(`${APP}/index.html`);
await page.getByTestId('dev-login-name').waitFor();
await shot('01-login');
await page.getByTestId('dev-login-name').locator('input').fill('demo');
await page.getByTestId('dev-login-submit').tap();
await page.getByTestId('join-invite').waitFor();
await shot('02-visitor-invitation');
await page.getByTestId('join-invite').tap();
await page.getByTestId('join-accept').waitFor();
await shot('03-join-policy');
await page.getByTestId('join-accept').tap();
await page.getByTestId('join-welcome').waitFor();
await page.getByTestId('subscribe-birthday').tap();
await page.getByTestId('subscribe-notice').waitFor();
await shot('04-join-extras');
await page.getByTestId('join-done').tap();
await page.getByTestId('points-balance').waitFor();
await page.getByTestId('member-qr').waitFor();
await shot('05-member-card', { fullPage: true });
await page.getByTestId('link-points').tap();
await page.getByTestId('points-entry').first().waitFor();
await shot('06-points');
await page.mouse.wheel(0, 5000);
await page
  .waitForFunction(() => document.querySelectorAll('[data-testid="points-entry"]').length === 25, null, { timeout: 5000 })
  .catch(() => problems.push('infinite scroll did not load page 2'));
await page.mouse.wheel(0, 5000);
await shot('07-points-end');
await page.goBack();
// 我的 (a tab): the account, and the staff workbench for staff.
await page.goto(`${APP}/index.html#/pages/me/index`);
await page.getByTestId('home-staff-entry').waitFor();
await shot('08-me', { fullPage: true });
await page.getByTestId('link-profile').tap();
await page.getByTestId('nickname').waitFor();
await shot('08-profile');
await page.goBack();
await page.getByTestId('home-staff-entry').tap();
await page.getByTestId('staff-member').first().waitFor();
await shot('09-staff-members');
staffForbidden = true;
await page.goBack();
await page.getByTestId('home-staff-entry').tap();
await page.getByTestId('forbidden').waitFor();
await shot('10-staff-forbidden');
meFails = true;
await page.goto(`${APP}/index.html#/pages/index/index`);
await page.reload();
await page.getByTestId('error-state').waitFor();
await shot('11-member-card-error');
meFails = false;
await page.getByTestId('retry').tap();
await page.getByTestId('points-balance').waitFor();
await shot('12-member-card-top');

// Daily check-in: the month, the 7th day in a row (with its bonus), the month before, an outage.
await page.getByTestId('link-checkin').tap();
await page.getByTestId('checkin-button').waitFor();
await shot('13-checkin', { fullPage: true });
await page.getByTestId('checkin-button').tap();
await page.getByTestId('checkin-result').waitFor();
await page
  .waitForFunction(() => document.querySelectorAll('[data-testid="checkin-day-checked"]').length === 9, null, { timeout: 5000 })
  .catch(() => problems.push('today was not highlighted after the check-in'));
await shot('14-checkin-done', { fullPage: true });
await page.getByTestId('checkin-prev-month').tap();
await page
  .waitForFunction(() => document.querySelector('[data-testid="checkin-month"]')?.textContent === '2026年10月', null, { timeout: 5000 })
  .catch(() => problems.push('previous month did not load'));
await shot('15-checkin-prev-month');
await page.goBack();
await page.getByTestId('points-balance').waitFor();
await page
  .waitForFunction(() => document.querySelector('[data-testid="points-balance"]')?.textContent === '1305', null, { timeout: 5000 })
  .catch(() => problems.push('the card did not show the new balance'));
await shot('16-member-card-after-checkin');
checkinFails = true;
await page.goto(`${APP}/index.html#/pages/checkin/index`);
await page.reload();
await page.getByTestId('error-state').waitFor();
await shot('17-checkin-error');
checkinFails = false;
await page.getByTestId('retry').tap();
await page.getByTestId('checkin-button').waitFor();

// 积分商城: eligible and ineligible rewards, a redemption, a refusal, then 我的券.
await page.goto(`${APP}/index.html#/pages/index/index`);
await page.reload();
await page.getByTestId('link-mall').waitFor();
await shot('18-member-card-links', { fullPage: true });
await page.getByTestId('link-mall').tap();
await page.getByTestId('mall-reward').first().waitFor();
await shot('19-mall', { fullPage: true });
await page.mouse.wheel(0, 5000);
await shot('19-mall-end');
await page.mouse.wheel(0, -5000);
await page.locator('[data-testid="mall-reward"][data-reward-id="rw-1"] [data-testid="mall-reward-redeem"]').tap();
await page.getByTestId('redeem-confirm').waitFor();
await shot('20-redeem-confirm');
await page.getByTestId('redeem-confirm').tap();
await page.getByTestId('redeem-success').waitFor();
await shot('21-redeem-success');
await page.getByTestId('redeem-close').tap();
await page
  .waitForFunction(() => document.querySelector('[data-testid="mall-points"]')?.textContent === '1005', null, { timeout: 5000 })
  .catch(() => problems.push('the mall did not show the new balance'));
await page.locator('[data-testid="mall-reward"][data-reward-id="rw-2"] [data-testid="mall-reward-redeem"]').tap();
await page.getByTestId('redeem-confirm').tap();
await page.getByTestId('redeem-error').waitFor();
await shot('22-redeem-error');
await page.getByTestId('redeem-cancel').tap();
await page.locator('[data-testid="mall-reward"][data-reward-id="rw-1"] [data-testid="mall-reward-redeem"]').tap();
await page.getByTestId('redeem-confirm').tap();
await page.getByTestId('link-my-coupons').tap();
await page.getByTestId('coupon').first().waitFor();
await shot('23-coupons-unused', { fullPage: true });
await page.getByTestId('coupons-tab-used').tap();
await page
  .waitForFunction(() => document.querySelector('[data-testid="coupon"]')?.getAttribute('data-code') === 'H2N6RVC9YD3E', null, {
    timeout: 5000,
  })
  .catch(() => problems.push('the used tab did not load'));
await shot('24-coupons-used');
await page.getByTestId('coupons-tab-expired').tap();
await page.getByTestId('empty-state').waitFor();
await shot('25-coupons-expired-empty');

// Staff: 核销 a coupon typed in (H5 has no camera), then a used one, then a bad code.
await page.goto(`${APP}/index.html#/pages/me/index`);
await page.reload();
await page.getByTestId('home-staff-scan').waitFor();
await shot('26-home-staff-menu', { fullPage: true });
await page.getByTestId('home-staff-scan').tap();
await page.getByTestId('scan-code-input').waitFor();
await shot('27-scan');
await page.getByTestId('scan-code-input').locator('input').fill('k7mx 2qhp 9rta');
await page.getByTestId('scan-lookup').tap();
await page.getByTestId('scan-coupon').waitFor();
await shot('28-scan-coupon');
await page.getByTestId('scan-use').tap();
await page.getByTestId('scan-used').waitFor();
await shot('29-scan-used');
await page.getByTestId('scan-code-input').locator('input').fill('H2N6RVC9YD3E');
await page.getByTestId('scan-lookup').tap();
await page
  .waitForFunction(
    () =>
      document.querySelector('[data-testid="scan-coupon-status"]')?.textContent === '已使用' &&
      !document.querySelector('[data-testid="scan-used"]'),
    null,
    { timeout: 5000 },
  )
  .catch(() => problems.push('the used coupon did not show'));
await shot('30-scan-already-used');
await page.getByTestId('scan-code-input').locator('input').fill('ZZZZZZZZZZZZ');
await page.getByTestId('scan-lookup').tap();
await page.getByTestId('scan-error').waitFor();
await shot('31-scan-not-found');

// Staff: 礼品管理 — the list, the empty form's checks, a new coupon reward, an edit, a withdrawal.
await page.goBack();
await page.getByTestId('home-staff-rewards').tap();
await page.getByTestId('staff-reward').first().waitFor();
await shot('32-rewards', { fullPage: true });
await page.getByTestId('reward-form-open').tap();
await page.getByTestId('reward-form-submit').tap();
await page.getByTestId('reward-form-error').waitFor();
await shot('33-reward-form-errors', { fullPage: true });
await page.getByTestId('reward-form-name').locator('input').fill('满60减8元券');
await page.getByTestId('reward-form-pointsPrice').locator('input').fill('250');
await page.getByTestId('reward-form-stock').locator('input').fill('80');
await page.getByTestId('reward-form-amountOff').locator('input').fill('8');
await page.getByTestId('reward-form-minSpend').locator('input').fill('60');
await page.getByTestId('reward-form-description').locator('textarea').fill('周末可用');
await shot('34-reward-form-filled', { fullPage: true });
await page.getByTestId('reward-form-submit').tap();
await page.getByTestId('reward-form-saved').waitFor();
await page
  .waitForFunction(() => document.querySelectorAll('[data-testid="staff-reward"]').length === 7, null, { timeout: 5000 })
  .catch(() => problems.push('the new reward is not listed'));
await shot('35-reward-added', { fullPage: true });
await page.locator('[data-testid="staff-reward"][data-reward-id="rw-2"] [data-testid="staff-reward-edit"]').tap();
await page.getByTestId('reward-form-discountPercent').waitFor();
await shot('36-reward-edit');
await page.getByTestId('reward-form-cancel').tap();
await page.locator('[data-testid="staff-reward"][data-reward-id="rw-4"] [data-testid="staff-reward-toggle"]').tap();
await page
  .waitForFunction(
    () => document.querySelector('[data-reward-id="rw-4"] [data-testid="staff-reward-status"]')?.textContent === '已下架',
    null,
    { timeout: 5000 },
  )
  .catch(() => problems.push('the withdrawn reward did not show 已下架'));
await shot('37-reward-withdrawn', { fullPage: true });
rewardsForbidden = true;
await page.goto(`${APP}/index.html#/staff/pages/rewards/index`);
await page.reload();
await page.getByTestId('forbidden').waitFor();
await shot('38-rewards-forbidden');

// 会员等级: from the card's progress block.
await page.goto(`${APP}/index.html#/pages/index/index`);
await page.reload();
await page.getByTestId('tier-progress').waitFor();
await page.getByTestId('tier-progress').scrollIntoViewIfNeeded();
await shot('39-member-card-progress');
await page.getByTestId('tier-progress').tap();
await page.getByTestId('tier-row').first().waitFor();
await shot('40-tiers', { fullPage: true });
await page.getByTestId('tier-rules').scrollIntoViewIfNeeded();
await shot('40-tiers-rules');

// 等级设置 (admin): an overlapping threshold, a save with a new tier, then a conflict.
await page.goto(`${APP}/index.html#/pages/me/index`);
await page.getByTestId('home-staff-tiers').tap();
await page.getByTestId('tiers-form').waitFor();
await shot('41-staff-tiers', { fullPage: true });
const row = (index) => page.locator(`[data-testid="tiers-row"][data-index="${index}"]`);
await row(2).getByTestId('tiers-field-minGrowth').locator('input').fill('800');
await page.getByTestId('tiers-save').tap();
await page.getByTestId('tiers-field-error').first().waitFor();
await row(2).scrollIntoViewIfNeeded();
await shot('42-staff-tiers-error');
await row(2).getByTestId('tiers-field-minGrowth').locator('input').fill('6000');
await page.getByTestId('tiers-add').tap();
await row(4).getByTestId('tiers-field-name').locator('input').fill('黑卡会员');
await row(4).getByTestId('tiers-field-minGrowth').locator('input').fill('50000');
await row(4).getByTestId('tiers-field-pointsMultiplier').locator('input').fill('3');
await row(4).getByTestId('tiers-field-birthdayGiftPoints').locator('input').fill('2000');
await page.getByTestId('tiers-save').tap();
await page.getByTestId('tiers-saved').waitFor();
await page
  .waitForFunction(() => document.querySelectorAll('[data-testid="tiers-row"]').length === 5, null, { timeout: 5000 })
  .catch(() => problems.push('the saved ladder does not show 5 tiers'));
await page.getByTestId('tiers-saved').scrollIntoViewIfNeeded();
await shot('43-staff-tiers-saved');
// Another admin saves meanwhile.
tierConfig = { ...tierConfig, version: tierConfig.version + 1, updatedAt: new Date().toISOString() };
await page.getByTestId('tiers-field-downgradeGraceDays').locator('input').fill('45');
await page.getByTestId('tiers-save').tap();
await page.getByTestId('tiers-reload').waitFor();
await page.getByTestId('tiers-reload').scrollIntoViewIfNeeded();
await shot('44-staff-tiers-conflict');
await page.getByTestId('tiers-reload').tap();
await page
  .waitForFunction(() => !document.querySelector('[data-testid="tiers-reload"]'), null, { timeout: 5000 })
  .catch(() => problems.push('重新加载 did not reload'));
await page.getByTestId('tiers-row').first().waitFor();
// Back on the buyer side, the mall names tiers as configured; the 会员等级 page shows the new ladder.
await page.goto(`${APP}/index.html#/pages/tiers/index`);
await page.reload();
await page.locator('[data-testid="tier-row"]', { hasText: '黑卡会员' }).waitFor();
await shot('45-tiers-after-save', { fullPage: true });

// Staff: 客户查询 → 客户画像, a tag added from the catalog's suggestions and one removed; then a desktop.
await page.goto(`${APP}/index.html#/staff/pages/customers/index`);
await page.reload();
await page.getByTestId('customer-search-input').waitFor();
await shot('46-customer-search');
await page.getByTestId('customer-search-input').locator('input').fill('小满');
await page.getByTestId('customer-search-submit').tap();
await page.getByTestId('customer-result').first().waitFor();
await shot('47-customer-results');
await page.getByTestId('customer-result').first().tap();
await page.getByTestId('customer-identity').waitFor();
await shot('48-customer-profile', { fullPage: true });
await page.getByTestId('customer-tag-input').locator('input').fill('爱喝牛奶');
await page.getByTestId('customer-tag-add').tap();
await page.locator('[data-testid="customer-tag"]', { hasText: '爱喝牛奶' }).waitFor();
await page.getByTestId('customer-tag-remove').last().tap();
await page
  .waitForFunction(
    () => !document.body.textContent.includes('团购常客 ×') && document.querySelectorAll('[data-testid="customer-tag"]').length === 2,
    null,
    { timeout: 5000 },
  )
  .catch(() => problems.push('the tag was not removed'));
await page.getByTestId('customer-tags').scrollIntoViewIfNeeded();
await shot('49-customer-tags-edited');
await page.setViewportSize({ width: 1280, height: 900 });
await page.waitForTimeout(500);
await shot('50-customer-profile-desktop', { fullPage: true });
// 客户洞察 (the demo shop's figures): every chart kind on a phone, the shop before its first nightly run, then a desktop window.
// The page scrolls inside Taro's page box, which a full-page shot does not follow: a tall window does.
await page.setViewportSize({ width: 375, height: 3400 });
await page.goto(`${APP}/index.html#/pages/me/index`);
await page.getByTestId('home-staff-insight').tap();
await page.getByTestId('insight-dashboard').waitFor();
await shot('51-insight-dashboard', { fullPage: true });
insightScored = false;
await page.goto(`${APP}/index.html#/insight/pages/dashboard/index?before=first-run`);
await page.reload();
await page.getByTestId('empty-state').filter({ visible: true }).waitFor();
await shot('52-insight-before-first-run', { fullPage: true });
insightScored = true;
await page.setViewportSize({ width: 1440, height: 2400 });
await page.goto(`${APP}/index.html#/insight/pages/dashboard/index`);
await page.reload();
await page.getByTestId('insight-dashboard').waitFor();
await shot('53-insight-desktop', { fullPage: true });
// 洞察设置 (admin): the form, a refused 已流失 days (not above 流失风险), then a save.
await page.setViewportSize({ width: 375, height: 3000 });
await page.goto(`${APP}/index.html#/staff/pages/insight-settings/index`);
await page.reload();
await page.getByTestId('insight-settings-form').waitFor();
await shot('54-insight-settings', { fullPage: true });
await page.getByTestId('insight-settings-field-lostDays').locator('input').fill('60');
await page.getByTestId('insight-settings-save').tap();
await page.getByTestId('insight-settings-field-error').first().waitFor();
await shot('55-insight-settings-error', { fullPage: true });
await page.getByTestId('insight-settings-field-lostDays').locator('input').fill('200');
await page.getByTestId('insight-settings-field-target').locator('input').fill('100000');
await page.getByTestId('insight-settings-save').tap();
await page.getByTestId('insight-settings-saved').waitFor();
await shot('56-insight-settings-saved', { fullPage: true });

await browser.close();
console.log(shots.join('\n'));
if (problems.length) console.log(`\nProblems seen in the page:\n${problems.join('\n')}`);
