// The chart specs as AntV F2 element trees. F2 (v5) describes a chart with its own JSX; this file
// calls F2's `jsx` function directly instead, so there is no second JSX pragma next to React's
// in the build (Taro compiles every .tsx with React's runtime).
import { Axis, Chart, Interval, Legend, Line, Point, TextGuide, jsx } from '@antv/f2';
import { chartRows, formatAxisValue, formatValue, funnelStageText, type ChartRow, type InsightChartSpec } from './chart-spec';

/** An F2 element, as F2's `jsx` returns it (the Canvas takes these as its children). */
export type F2Element = ReturnType<typeof jsx>;

/**
 * F2's `jsx` for F2's chart components. Its declared `ElementType` takes only components whose
 * props are all optional, which F2's own generic chart components (Chart needs `data`, Axis
 * `field`) do not satisfy as declared; the props are checked by F2 when it draws.
 */
function el(type: unknown, props: Record<string, unknown>, ...children: unknown[]): F2Element {
  return jsx(type as Parameters<typeof jsx>[0], props, ...children);
}

/** Series colours: the shop's green first, then colours that stay apart for colour-blind eyes. */
export const SERIES_COLORS = ['#1f6f4a', '#e0a526', '#4f7fd1', '#d9481c', '#7fb89a', '#8a63d2'];
/** Funnel stages and pie slices, darkest first. */
const STAGE_COLORS = ['#1f6f4a', '#3d8a63', '#5fa37f', '#86bb9d', '#b0d3bd', '#d3e8da'];

const AXIS_LABEL = { fill: '#888888', fontSize: '20px' };
const VALUE_LABEL = { fill: '#555555', fontSize: '20px' };

/**
 * How F2 turns the sizes below (in the 750-wide design, as the rest of the mini-program is
 * written: "24px") into CSS pixels on this screen. F2's own default guesses from the page's root
 * font size by a rule of its own, not Taro's.
 */
export const px2hdFor = (designPx: number) => (px: number) => px * designPx;

/** The theme every chart shares: one plain font family (several in a list break text on iOS WeChat). */
export const CHART_THEME = { fontSize: '22px', fontFamily: 'sans-serif', padding: [0, 0, 0, 0] };

/** Room around the plot inside the canvas (F2's default is 30px all round), per kind. */
const PADDING = {
  axes: ['24px', '44px', '12px', '12px'],
  funnel: ['16px', '260px', '24px', '8px'],
  pie: ['8px', '8px', '8px', '8px'],
};

/** The F2 element for a spec that is not empty (see isEmptyChart). */
export function chartElement(spec: InsightChartSpec): F2Element {
  const rows = chartRows(spec);
  switch (spec.kind) {
    case 'column':
    case 'bar':
      return barChart(spec, rows);
    case 'line':
      return lineChart(spec, rows);
    case 'funnel':
      return funnelChart(spec, rows);
    case 'pie':
      return pieChart(spec, rows);
  }
}

const multiSeries = (spec: InsightChartSpec) => spec.series.length > 1;
const seriesColor = { field: 'series', range: SERIES_COLORS };
const valueScale = (spec: InsightChartSpec) => ({
  min: 0,
  nice: true,
  tickCount: 4,
  formatter: (value: number) => formatAxisValue(value, spec.format),
});
const legend = () => el(Legend, { position: 'top', marker: 'square', nameStyle: { fill: '#555555', fontSize: '20px' } });

function barChart(spec: InsightChartSpec, rows: ChartRow[]): F2Element {
  const horizontal = spec.kind === 'bar';
  // One series: a value label at the end of each bar. Several (side by side): the legend names
  // them and the axis reads the values; labels would crowd the narrow bars.
  const labels = multiSeries(spec)
    ? []
    : rows.map((row) =>
        el(TextGuide, {
          records: [row],
          content: formatValue(row.value, spec.format),
          offsetX: horizontal ? '8px' : 0,
          offsetY: horizontal ? 0 : '-14px',
          style: { ...VALUE_LABEL, textAlign: horizontal ? 'start' : 'center', textBaseline: 'middle' },
        }),
      );
  // Horizontal bars end in their value label: leave it room past the longest bar.
  const max = Math.max(...rows.map((row) => row.value));
  const value = horizontal && labels.length > 0 ? { ...valueScale(spec), max: max * 1.3 } : valueScale(spec);
  return el(
    Chart,
    {
      data: rows,
      coord: { transposed: horizontal },
      style: { padding: PADDING.axes },
      // The first label at the top of a horizontal chart, as it is read.
      scale: { value, label: horizontal ? { values: [...spec.labels].reverse() } : {} },
    },
    el(Axis, { field: 'label', style: { label: AXIS_LABEL } }),
    el(Axis, { field: 'value', style: { label: AXIS_LABEL } }),
    el(Interval, {
      x: 'label',
      y: 'value',
      color: multiSeries(spec) ? seriesColor : SERIES_COLORS[0],
      adjust: multiSeries(spec) ? { type: 'dodge', marginRatio: 0.1 } : undefined,
      style: { radius: horizontal ? [0, '6px', '6px', 0] : ['6px', '6px', 0, 0] },
    }),
    ...labels,
    multiSeries(spec) ? legend() : null,
  );
}

function lineChart(spec: InsightChartSpec, rows: ChartRow[]): F2Element {
  const dashed = new Set(spec.series.filter((s) => s.dashed).map((s) => s.name));
  return el(
    Chart,
    {
      data: rows,
      style: { padding: PADDING.axes },
      // A label every few points when there are many (12 months do not fit a phone's width).
      scale: { value: { ...valueScale(spec), min: undefined }, label: { range: [0.04, 0.96], tickCount: Math.min(spec.labels.length, 6) } },
    },
    el(Axis, { field: 'label', style: { label: { ...AXIS_LABEL, align: 'between' } } }),
    el(Axis, { field: 'value', style: { label: AXIS_LABEL } }),
    el(Line, {
      x: 'label',
      y: 'value',
      color: seriesColor,
      lineWidth: '4px',
      shape: { field: 'series', callback: (name: string) => (dashed.has(name) ? 'dash' : 'line') },
    }),
    el(Point, { x: 'label', y: 'value', color: seriesColor, size: '5px' }),
    multiSeries(spec) ? legend() : null,
  );
}

function funnelChart(spec: InsightChartSpec, rows: ChartRow[]): F2Element {
  return el(
    Chart,
    {
      data: rows,
      coord: { transposed: true },
      // The funnel on the left, its stage labels in the room on the right.
      style: { padding: PADDING.funnel },
      // The first (widest) stage at the top; each stage a band of 1/n of the height around its
      // point, so the points sit half a band in from either end.
      scale: {
        value: { min: 0 },
        label: { range: [1 / (2 * rows.length), 1 - 1 / (2 * rows.length)], values: [...spec.labels].reverse() },
      },
    },
    el(Interval, {
      x: 'label',
      y: 'value',
      adjust: 'symmetric',
      shape: 'funnel',
      // Darkest at the top: the colours follow the reversed stage order above.
      color: { field: 'label', range: STAGE_COLORS.slice(0, rows.length).reverse() },
      showLabel: true,
      // offsetX is CSS pixels here (F2 adds it to the position as it is).
      labelCfg: {
        offsetX: 8,
        label: (row: ChartRow) => ({
          text: funnelStageText(spec, rows, row),
          fill: '#555555',
          fontSize: '20px',
          textAlign: 'start',
        }),
      },
    }),
  );
}

function pieChart(spec: InsightChartSpec, rows: ChartRow[]): F2Element {
  const total = rows.reduce((sum, row) => sum + row.value, 0);
  const byLabel = new Map(rows.map((row) => [row.label, row.value]));
  const share = (label: string) => `${Math.round(((byLabel.get(label) ?? 0) / total) * 100)}%`;
  return el(
    Chart,
    {
      data: rows.map((row) => ({ ...row, whole: '全部' })),
      coord: { type: 'polar', transposed: true, innerRadius: 0.6, radius: 0.85 },
      style: { padding: PADDING.pie },
      scale: { value: { min: 0 } },
    },
    el(Interval, { x: 'whole', y: 'value', adjust: 'stack', color: { field: 'label', range: STAGE_COLORS } }),
    el(Legend, {
      position: 'right',
      marker: 'circle',
      nameStyle: { fill: '#555555', fontSize: '20px' },
      valueStyle: { fill: '#555555', fontSize: '20px' },
      itemFormatter: (_value: unknown, name: string) => share(name),
    }),
  );
}
