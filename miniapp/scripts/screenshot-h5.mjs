// Screenshots of the H5 build (dist-h5) against canned API answers, for a human to look at.
// Walks the buyer's path: dev login → join → member card → points → profile → staff list →
// daily check-in.
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
  'access-control-allow-methods': 'GET, POST, PATCH, OPTIONS',
};

// --- canned API state -------------------------------------------------------------------
let joined = false;
let birthday = null;
let staffForbidden = false;
let meFails = false;
let checkinFails = false;
let balance = 1280;
// Check-ins: today is 2026-11-20 in Shanghai; six days in a row up to yesterday, so today's
// check-in is the 7th and earns the streak bonus.
const TODAY = '2026-11-20';
const CHECKIN_RULES = { dailyPoints: 5, streakBonuses: [{ day: 7, bonus: 20 }, { day: 30, bonus: 100 }] };
const checkins = new Set(['2026-10-08', '2026-10-09', '2026-10-21', '2026-10-30', '2026-11-02', '2026-11-03', '2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);
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
const member = () => ({
  memberId: 'mem-001',
  status: joined ? 'member' : 'visitor',
  nickname: joined ? '林小满' : null,
  tier: { code: 'silver', name: '银卡会员' },
  points: joined
    ? { balance, pending: 120, expiringSoon: { points: 300, before: '2026-12-05T15:59:59.999Z' } }
    : { balance: 0, pending: 0, expiringSoon: { points: 0, before: null } },
  birthday,
  phoneMasked: null,
  joinedAt: joined ? '2026-11-01T02:00:00.000Z' : null,
  policyVersion: joined ? '2026-11-01' : null,
  memberCode: 'LM-8H3K2Q9T',
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

function api(method, path, query, body) {
  if (method === 'POST' && path === '/v1/auth/wechat') {
    return [200, { token: 'tok-h5', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', 'agent'], member: member() }];
  }
  if (method === 'GET' && path === '/v1/me') {
    return meFails ? [500, { error: { code: 'INTERNAL', message: 'simulated outage' } }] : [200, member()];
  }
  if (method === 'GET' && path === '/v1/privacy-policy') return [200, policy];
  if (method === 'GET' && path === '/v1/client-config') return [200, { policyVersion: '2026-11-01', templates: { birthdayGreeting: 'tmpl-birthday-001' } }];
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
    return staffForbidden ? [403, { error: { code: 'FORBIDDEN', message: 'not staff' } }] : [200, { items: staffMembers, nextCursor: null }];
  }
  return [404, { error: { code: 'NOT_FOUND', message: `${method} ${path}` } }];
}

// --- browser ------------------------------------------------------------------------------
// Playwright's launch() already runs on a fresh temporary profile (it refuses --user-data-dir).
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true, locale: 'zh-CN' });
const page = await context.newPage();
const problems = [];
// The browser logs every 4xx/5xx as a failed resource; the error screens provoke those on purpose.
page.on('console', (message) => ['error', 'warning'].includes(message.type()) && !message.text().startsWith('Failed to load resource') && problems.push(`console.${message.type()}: ${message.text()}`));
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
await page.waitForFunction(() => document.querySelectorAll('[data-testid="points-entry"]').length === 25, null, { timeout: 5000 }).catch(() => problems.push('infinite scroll did not load page 2'));
await page.mouse.wheel(0, 5000);
await shot('07-points-end');
await page.goBack();
await page.getByTestId('link-profile').tap();
await page.getByTestId('staff-entry').waitFor();
await shot('08-profile');
await page.getByTestId('staff-entry').tap();
await page.getByTestId('staff-member').first().waitFor();
await shot('09-staff-members');
staffForbidden = true;
await page.goBack();
await page.getByTestId('staff-entry').tap();
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
await page.waitForFunction(() => document.querySelectorAll('[data-testid="checkin-day-checked"]').length === 9, null, { timeout: 5000 }).catch(() => problems.push('today was not highlighted after the check-in'));
await shot('14-checkin-done', { fullPage: true });
await page.getByTestId('checkin-prev-month').tap();
await page.waitForFunction(() => document.querySelector('[data-testid="checkin-month"]')?.textContent === '2026年10月', null, { timeout: 5000 }).catch(() => problems.push('previous month did not load'));
await shot('15-checkin-prev-month');
await page.goBack();
await page.getByTestId('points-balance').waitFor();
await page.waitForFunction(() => document.querySelector('[data-testid="points-balance"]')?.textContent === '1305', null, { timeout: 5000 }).catch(() => problems.push('the card did not show the new balance'));
await shot('16-member-card-after-checkin');
checkinFails = true;
await page.goto(`${APP}/index.html#/pages/checkin/index`);
await page.reload();
await page.getByTestId('error-state').waitFor();
await shot('17-checkin-error');
checkinFails = false;
await page.getByTestId('retry').tap();
await page.getByTestId('checkin-button').waitFor();

await browser.close();
console.log(shots.join('\n'));
if (problems.length) console.log(`\nProblems seen in the page:\n${problems.join('\n')}`);
