import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { insightDashboard } from '../../functions/src/insight/dashboard.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, seedScoredDemoShop, useBrowserStack } from '../support/browser-stack.ts';

// 客户洞察 in the real H5 build against the real stack: before the first nightly run it says when
// the figures come; after the job has scored the demo shop the charts are really drawn (F2 on a
// canvas, read back pixel by pixel) from the API's figures and follow the card's width; agents are
// not led there.
const env = useBrowserStack();

/** The dashboard's canvas charts (dashboard.ts), each a card with this data-testid. */
const CHARTS = ['lifecycle', 'rfm', 'rfm-revenue', 'churn', 'clv', 'categories', 'forecast', 'repeat'];
const DASHBOARD = '#/insight/pages/dashboard/index';
/** Enough members for every chart to have something to draw; fewer than the demo's 200, for time. */
const DEMO_MEMBERS = 40;
/** Screenshots kept as test artifacts, for a person to look at the charts. */
const SCREENSHOTS = resolve(import.meta.dirname, '../../.test-results/screenshots/insight');

/** Only what the current page shows: H5 keeps earlier pages of the stack in the document, hidden. */
const shown = (page: Page, testId: string) => page.getByTestId(testId).filter({ visible: true });

/**
 * What a card's canvas holds: its size in device pixels, how many pixels are painted at all, and
 * how many are the shop green every chart draws its first series or stage in (#1f6f4a).
 */
function canvasPixels(card: Locator) {
  return card.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    let green = 0;
    let right = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! === 0) continue;
      painted++;
      right = Math.max(right, (i / 4) % canvas.width);
      if (Math.abs(data[i]! - 0x1f) < 8 && Math.abs(data[i + 1]! - 0x6f) < 8 && Math.abs(data[i + 2]! - 0x4a) < 8) green++;
    }
    const cssWidth = canvas.getBoundingClientRect().width;
    const boxWidth = canvas.parentElement!.getBoundingClientRect().width;
    // How far right the drawing reaches, as a share of the canvas: a chart drawn for a narrower
    // canvas than it is shown in leaves the right of it blank.
    const reach = (right + 1) / canvas.width;
    return { width: canvas.width, height: canvas.height, painted, green, reach, cssWidth, boxWidth, dpr: window.devicePixelRatio };
  });
}

it('says when the figures will come before the first nightly run, and draws no canvas', async () => {
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-insight-admin', role: 'admin', name: '店主', at: new Date().toISOString() });
  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(page, env.h5.url, 'e2e-insight-admin');
  await page.goto(`${env.h5.url}${DASHBOARD}`);
  await expect.poll(() => shown(page, 'empty-state').textContent(), { timeout: 15_000 }).toContain('客户洞察每晚 02:30 计算一次');
  expect(await page.locator('canvas').count()).toBe(0);
  await page.context().close();
}, 90_000);

it('draws every chart of the scored demo shop on its canvas, redraws at the new width when the window widens, and shows the retention table', async () => {
  await seedScoredDemoShop(env.stack, DEMO_MEMBERS);
  const api = await insightDashboard(env.stack.deps);
  const cohorts = api.figures!.cohorts;
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-insight-sup', role: 'supervisor', name: '王主管', at: new Date().toISOString() });
  // A phone with a 2× screen, as most are: the charts must be drawn in device pixels to be sharp.
  const context = await env.browser.newContext({
    hasTouch: true,
    isMobile: true,
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await logInAs(page, env.h5.url, 'e2e-insight-sup');
  await openTab(page, '我的');
  await page.getByTestId('home-staff-insight').tap();
  await shown(page, 'insight-dashboard').waitFor({ timeout: 15_000 });

  const before: Record<string, Awaited<ReturnType<typeof canvasPixels>>> = {};
  for (const key of CHARTS) {
    const card = shown(page, `insight-${key}`);
    await card.scrollIntoViewIfNeeded();
    // Painted: a real share of the canvas, and the chart's own green among it (not just a clear or a frame).
    await expect.poll(async () => (await canvasPixels(card)).green, { timeout: 15_000, message: key }).toBeGreaterThan(200);
    const pixels = await canvasPixels(card);
    expect(pixels.painted / (pixels.width * pixels.height), key).toBeGreaterThan(0.02);
    // Sharp: the canvas has a device pixel for each of the screen's, across the card's width.
    expect(pixels.dpr).toBe(2);
    expect(pixels.width, key).toBe(Math.round(pixels.cssWidth * 2));
    expect(pixels.cssWidth, key).toBeGreaterThan(250);
    expect(pixels.reach, key).toBeGreaterThan(0.6);
    expect(await card.getByTestId(`insight-${key}-empty`).count()).toBe(0);
    before[key] = pixels;
  }
  // The headline is the API's: members who bought, and the bought-together pairs by product name.
  expect(await shown(page, 'insight-headline-customers').textContent()).toContain(String(api.figures!.customers));
  expect(await shown(page, 'insight-pair').count()).toBe(api.figures!.pairs.length);
  // The heat map of monthly cohorts is a table: a row per cohort, a cell for each of its months.
  const retention = shown(page, 'insight-retention');
  await expect.poll(() => retention.getByTestId('insight-retention-row').count()).toBe(cohorts.length);
  const cells = cohorts.reduce((sum, cohort) => sum + cohort.retention.length, 0);
  expect(await retention.getByTestId('insight-retention-cell').count()).toBe(cells);
  expect(await retention.getByTestId('insight-retention-cell').first().textContent()).toBe('100%');

  // Wider window: the desktop layout puts the cards side by side; each chart is drawn again at its card's new width.
  await page.setViewportSize({ width: 1440, height: 900 });
  await shown(page, 'staff-sidebar').waitFor({ timeout: 15_000 });
  for (const key of CHARTS) {
    const card = shown(page, `insight-${key}`);
    await expect.poll(async () => (await canvasPixels(card)).width, { timeout: 15_000, message: key }).not.toBe(before[key]!.width);
    await expect.poll(async () => (await canvasPixels(card)).green, { timeout: 15_000, message: key }).toBeGreaterThan(200);
    // Shown across its card (the desktop frame zooms pages to 55 %) and drawn across all of it.
    const pixels = await canvasPixels(card);
    expect(Math.abs(pixels.cssWidth - pixels.boxWidth), key).toBeLessThan(2);
    expect(pixels.reach, key).toBeGreaterThan(0.6);
  }
  expect(errors).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, 'widened.png') });
  await page.context().close();
}, 300_000);

it('is not offered to an agent, and an agent who opens it anyway is told it is for supervisors', async () => {
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-insight-agent', role: 'agent', name: '客服小周', at: new Date().toISOString() });
  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(page, env.h5.url, 'e2e-insight-agent');
  await openTab(page, '我的');
  await shown(page, 'home-staff-complaints').waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('home-staff-insight').count()).toBe(0);
  await page.goto(`${env.h5.url}${DASHBOARD}`);
  await expect.poll(() => shown(page, 'forbidden').textContent(), { timeout: 15_000 }).toContain('客户洞察仅限主管和管理员查看');
  expect(await page.locator('canvas').count()).toBe(0);
  await page.context().close();
}, 90_000);
