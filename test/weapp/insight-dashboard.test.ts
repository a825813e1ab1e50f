import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { dashboardWithNoOrders, demoInsightDashboard } from '../fixtures/insight-dashboards';
import { MAIN_BUDGET_BYTES, SUBPACKAGE_LIMIT_BYTES, measurePackages } from '../../miniapp/scripts/report-size.mjs';
import { WEAPP_DIST, assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

// 客户洞察 in the WeChat build. miniprogram-simulate renders WXML but has no <canvas type="2d">:
// the test stands in for WeChat's canvas node (the selector query's `node`) with a real 2D canvas
// from @napi-rs/canvas (Skia), so the F2 code inside the built subpackage draws for real and the
// test reads the pixels back. The page's own layout is WeChat's as simulated. The API answers
// the demo shop's dashboard (test/fixtures/insight-dashboards.ts, as `npm start`'s job computed it).
const DEMO_DASHBOARD = demoInsightDashboard();
const DASHBOARD_PATH = 'GET /v1/staff/insight/dashboard';
const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });

/** The canvas size WeChat would measure for a chart (a 375-wide phone, the card's padding taken off). */
const CSS_WIDTH = 311;
const CSS_HEIGHT = 210;
const PIXEL_RATIO = 2;
/** A string only the chart library's code has (AntV G's mobile canvas plugin name). */
const CHART_LIBRARY_MARK = 'mobile-canvas-context-register';

/** WeChat's canvas node for each canvas id the page asks for, backed by a Skia canvas. */
function fakeCanvasNodes() {
  const canvases = new Map<string, Canvas>();
  const nodeFor = (id: string) => {
    const canvas = canvases.get(id) ?? createCanvas(1, 1);
    canvases.set(id, canvas);
    return {
      get width() {
        return canvas.width;
      },
      set width(value: number) {
        canvas.width = value;
      },
      get height() {
        return canvas.height;
      },
      set height(value: number) {
        canvas.height = value;
      },
      getContext: () => canvas.getContext('2d'),
      requestAnimationFrame: (callback: () => void) => setTimeout(callback, 16) as unknown as number,
      cancelAnimationFrame: (handle: number) => clearTimeout(handle),
      createImage: () => ({}),
    };
  };
  const createSelectorQuery = () => {
    const selected: string[] = [];
    const query = {
      in: () => query,
      select(selector: string) {
        selected.push(selector.replace(/^#/, ''));
        return { fields: () => query, boundingClientRect: () => query };
      },
      exec(callback: (results: unknown[]) => void) {
        setTimeout(() => callback(selected.map((id) => ({ node: nodeFor(id), width: CSS_WIDTH, height: CSS_HEIGHT }))), 0);
      },
    };
    return query;
  };
  return { canvases, createSelectorQuery };
}

/** Painted pixels of a canvas, and those in the shop green every chart uses (#1f6f4a). */
function pixels(canvas: Canvas) {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  let green = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! === 0) continue;
    painted++;
    if (Math.abs(data[i]! - 0x1f) < 8 && Math.abs(data[i + 1]! - 0x6f) < 8 && Math.abs(data[i + 2]! - 0x4a) < 8) green++;
  }
  return { painted, green };
}

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

function openDashboard(role: string, answer: CannedResponse = { statusCode: 200, body: DEMO_DASHBOARD }) {
  const nodes = fakeCanvasNodes();
  const wx = {
    createSelectorQuery: nodes.createSelectorQuery,
    getWindowInfo: () => ({ pixelRatio: PIXEL_RATIO, windowWidth: 375, windowHeight: 812 }),
    onWindowResize: () => {},
    offWindowResize: () => {},
    createOffscreenCanvas: () => createCanvas(1, 1),
  };
  page = openPage('insight/pages/dashboard/index', {
    storage: { 'linli.session': session(role) },
    wx,
    routes: { [DASHBOARD_PATH]: answer },
  });
  return { page, canvases: nodes.canvases };
}

describe('客户洞察 (weapp build, insight subpackage)', () => {
  it('draws each of the eight charts of the API’s figures with F2 on its 2D canvas, in device pixels', async () => {
    const { page: p, canvases } = openDashboard('supervisor');
    await p.waitFor(() => p.root.querySelector('.insight-page'), 'the dashboard');
    expect(texts(p, '.insight-chart__title')).toEqual([
      '会员生命周期',
      'RFM 分群人数',
      '各分群收入占比',
      '流失风险分布',
      '客户终身价值分布（元）',
      '热销品类（按购买人数）',
      '销售预测与月度目标',
      '累计复购：模型预测与实际',
    ]);
    expect(p.root.querySelectorAll('.insight-chart__canvas')).toHaveLength(8);
    await p.waitFor(
      () => canvases.size === 8 && [...canvases.values()].every((canvas) => pixels(canvas).green > 200),
      'every chart drawn in green',
      10_000,
    );
    for (const canvas of canvases.values()) {
      expect(canvas.width).toBe(CSS_WIDTH * PIXEL_RATIO);
      expect(canvas.height).toBe(CSS_HEIGHT * PIXEL_RATIO);
      expect(pixels(canvas).painted / (canvas.width * canvas.height)).toBeGreaterThan(0.02);
    }
    expect(p.root.querySelectorAll('.insight-chart__empty')).toHaveLength(0);
    expect(p.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([DASHBOARD_PATH]);
  });

  it('leads with the headline figures, the month’s target and the bought-together pairs by product name', async () => {
    const { page: p } = openDashboard('admin');
    await p.waitFor(() => p.root.querySelector('.insight-page'), 'the dashboard');
    expect(texts(p, '.insight-headline__label')).toEqual(['有购买的客户', '复购率', '未来 90 天预计订单', '未来 90 天预计销售额']);
    expect(texts(p, '.insight-headline__value')).toEqual(['201', '60.2%', '236', '¥89,779.74']);
    expect(text(p, '.insight-target__amount')).toBe('¥40,000.00');
    expect(text(p, '.insight-target__line')).toBe('已完成 ¥37,574.90（93.9%），预计月底 ¥42,546.37（106.4%）');
    // Admins set the target: the card leads to the settings.
    expect(text(p, '.insight-target__edit')).toBe('修改目标');
    expect(texts(p, '.insight-pairs__names')[0]).toBe('烟台红富士苹果 5kg + 赣南脐橙 3kg');
    expect(p.root.querySelectorAll('.insight-pairs__row')).toHaveLength(DEMO_DASHBOARD.figures!.pairs.length);
    expect(texts(p, '.insight-page__notice')[0]).toContain('复购会员不足 200 位');
  });

  it('offers supervisors no way to change the target', async () => {
    const { page: p } = openDashboard('supervisor');
    await p.waitFor(() => p.root.querySelector('.insight-target'), 'the target card');
    expect(p.root.querySelector('.insight-target__edit')).toBeFalsy();
  });

  it('shows cohort retention as a shaded table, darker where more members stayed', async () => {
    const { page: p } = openDashboard('admin');
    await p.waitFor(() => p.root.querySelector('.retention__table'), 'the retention table');
    const cells = p.root.querySelectorAll('.retention__cell').filter((cell) => !/--(head|none)/.test(cell.dom.className));
    // Twelve monthly cohorts, each a month shorter than the one before: 12 + 11 + … + 1 cells.
    expect(cells).toHaveLength(78);
    const first = DEMO_DASHBOARD.figures!.cohorts[0]!;
    expect(cells.slice(0, 3).map((cell) => cell.dom.textContent)).toEqual(
      first.retention.slice(0, 3).map((share: number) => `${Math.round(share * 100)}%`),
    );
    const backgrounds = cells.slice(0, 12).map((cell) => cell.dom.style.backgroundColor);
    expect(new Set(backgrounds).size).toBeGreaterThan(2);
    expect(texts(p, '.retention__cohort').slice(1, 3)).toEqual(['2025年12月', '2026年1月']);
    expect(texts(p, '.retention__size')[1]).toBe(String(first.size));
  });

  it('says 暂无数据 for a shop with no orders yet, and asks for no canvas', async () => {
    const empty = dashboardWithNoOrders();
    const { page: p, canvases } = openDashboard('supervisor', { statusCode: 200, body: empty });
    await p.waitFor(() => p.root.querySelector('.insight-page'), 'the dashboard');
    expect(texts(p, '.insight-chart__empty')).toEqual(Array.from({ length: 10 }, () => '暂无数据'));
    expect(p.root.querySelectorAll('.insight-chart__canvas')).toHaveLength(0);
    expect(canvases.size).toBe(0);
  });

  it('says when the figures will come before the first nightly run', async () => {
    const before = { ...DEMO_DASHBOARD, figures: null, ranAt: null, stagesMonthAgo: null, pairNames: {} };
    const { page: p, canvases } = openDashboard('admin', { statusCode: 200, body: before });
    await p.waitFor(() => p.root.querySelector('.state-box'), 'the empty state');
    expect(texts(p, '.state-box__text')).toEqual(['客户洞察每晚 02:30 计算一次，首次计算完成后这里会显示会员分析。']);
    expect(canvases.size).toBe(0);
  });

  it('says what went wrong with a retry when the dashboard cannot be loaded', async () => {
    const { page: p } = openDashboard('admin', { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } });
    const message = await p.waitFor(() => text(p, '.state-box__text'), 'the error state');
    expect(message).toBe(ERROR_TEXT_ZH.INTERNAL);
    expect(text(p, '.state-box__action')).toBe('重试');
    expect(p.root.querySelector('.insight-page')).toBeFalsy();
  });

  it('tells an agent it is for supervisors and admins, without drawing anything', async () => {
    const { page: p, canvases } = openDashboard('agent');
    await p.waitFor(() => p.root.querySelector('.state-box'), 'the refusal');
    expect(texts(p, '.state-box__text')).toEqual(['客户洞察仅限主管和管理员查看']);
    expect(canvases.size).toBe(0);
  });
});

describe('package sizes of the weapp build', () => {
  /** The JavaScript files of the build, main package first, each under its package root ('' for main). */
  const scripts = () => {
    const app = JSON.parse(readFileSync(path.join(WEAPP_DIST, 'app.json'), 'utf8')) as { subPackages: Array<{ root: string }> };
    const roots = app.subPackages.map((sub) => sub.root);
    return readdirSync(WEAPP_DIST, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .map((file) => ({ file, root: roots.find((root) => file.startsWith(`${root}/`)) ?? '' }));
  };

  it('keeps the main package within its budget and each subpackage within WeChat’s 2 MB', () => {
    const sizes = measurePackages(WEAPP_DIST);
    expect(sizes.main).toBeLessThan(MAIN_BUDGET_BYTES);
    expect(Object.keys(sizes.subpackages)).toEqual(['staff', 'insight', 'groupbuy']);
    for (const bytes of Object.values(sizes.subpackages)) expect(bytes).toBeLessThan(SUBPACKAGE_LIMIT_BYTES);
  });

  it('carries the chart library in the insight subpackage only: not in the main package, not in staff/', () => {
    const carrying = scripts().filter(({ file }) => readFileSync(path.join(WEAPP_DIST, file), 'utf8').includes(CHART_LIBRARY_MARK));
    expect(carrying.length).toBeGreaterThan(0);
    expect(carrying.map(({ root }) => root)).toEqual(carrying.map(() => 'insight'));
    const sizes = measurePackages(WEAPP_DIST);
    // The staff pages alone are about 500 KB; the chart library would add about half a megabyte more.
    expect(sizes.subpackages.staff).toBeLessThan(600 * 1024);
  });
});
