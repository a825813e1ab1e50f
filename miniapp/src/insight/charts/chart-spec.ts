import { formatFen } from '@/format/money';

/**
 * What a dashboard chart shows, as plain data: the page (and later the API) fills it in, the
 * chart layer decides how it is drawn. Labels are Chinese, as people read them; money is fen.
 */
export interface InsightChartSpec {
  /**
   * column: vertical bars (a histogram, a distribution); bar: horizontal bars (long category
   * names such as RFM classes); line: one line a series over the labels; funnel: one series,
   * stages top to bottom; pie: one series, a donut of shares.
   */
  kind: 'column' | 'bar' | 'line' | 'funnel' | 'pie';
  /** The categories along the axis (or the funnel stages, the pie slices), in order. */
  labels: readonly string[];
  /**
   * One or more series over `labels` (a value per label; null where a series has no value, e.g.
   * months an actual is not known yet). Funnel and pie draw the first series only.
   */
  series: readonly InsightSeries[];
  /** How values read: counts as they are, fen as ¥, percent as 12.5% (the value is the percent). */
  format: ValueFormat;
  /**
   * Funnel only: what each stage's label says after its value, by label index (e.g. 「参团率 40%」,
   * a conversion from the stage before); null for nothing. Without it a stage shows its share of
   * the first stage.
   */
  stageNotes?: readonly (string | null)[];
}

export interface InsightSeries {
  /** The series' name in the legend (shown when there are two or more). */
  name: string;
  values: readonly (number | null)[];
  /** A line drawn dashed: a target or a model's forecast beside the actual figures. */
  dashed?: boolean;
}

export type ValueFormat = 'count' | 'fen' | 'percent';

/** One drawn value: the rows handed to the chart library. */
export interface ChartRow {
  label: string;
  series: string;
  value: number;
}

/**
 * The rows to draw, label by label and series by series; null values and values past the end of
 * `labels` are left out (a line then has a gap there).
 */
export function chartRows(spec: InsightChartSpec): ChartRow[] {
  const series = spec.kind === 'funnel' || spec.kind === 'pie' ? spec.series.slice(0, 1) : spec.series;
  const rows: ChartRow[] = [];
  for (const s of series) {
    spec.labels.forEach((label, i) => {
      const value = s.values[i];
      if (value !== null && value !== undefined && Number.isFinite(value)) rows.push({ label, series: s.name, value });
    });
  }
  return rows;
}

/**
 * Whether there is nothing to draw: no values at all, or only zeros (an all-zero bar chart or an
 * empty pie says nothing; the page shows 暂无数据 instead of a blank canvas).
 */
export function isEmptyChart(spec: InsightChartSpec): boolean {
  return chartRows(spec).every((row) => row.value === 0);
}

/**
 * A funnel stage's label: its name and value, then its note (stageNotes) or, without notes, its
 * share of the first stage drawn (「浏览 120 · 50%」; nothing for the first stage or a first of 0).
 */
export function funnelStageText(spec: InsightChartSpec, rows: readonly ChartRow[], row: ChartRow): string {
  const head = `${row.label} ${formatValue(row.value, spec.format)}`;
  if (spec.stageNotes) {
    const note = spec.stageNotes[spec.labels.indexOf(row.label)];
    return note ? `${head} · ${note}` : head;
  }
  const first = rows[0]?.value ?? 0;
  return row.label === rows[0]?.label || first <= 0 ? head : `${head} · ${Math.round((row.value / first) * 100)}%`;
}

const groupThousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * A value as a label beside a bar or a funnel stage reads it: counts in full, money in whole
 * yuan up to ¥10,000 (¥9,870) and in 万 above (¥42.4万), so that a label fits a phone.
 */
export function formatValue(value: number, format: ValueFormat): string {
  if (format === 'fen')
    return Math.abs(value) >= 1_000_000 ? formatAxisValue(value, 'fen') : formatFen(Math.round(value / 100) * 100).replace(/\.00$/, '');
  if (format === 'percent') return `${trimmed(value, 1)}%`;
  return Number.isInteger(value) ? `${value < 0 ? '-' : ''}${groupThousands(Math.abs(value))}` : trimmed(value, 1);
}

/**
 * A value on an axis tick, short enough for a phone: money in whole yuan, 万 from ten thousand
 * (¥12.5万, 3.2万), as Chinese dashboards write it.
 */
export function formatAxisValue(value: number, format: ValueFormat): string {
  if (format === 'percent') return `${trimmed(value, 1)}%`;
  const amount = format === 'fen' ? value / 100 : value;
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const text = abs >= 10_000 ? `${trimmed(abs / 10_000, 1)}万` : groupThousands(Math.round(abs));
  return `${sign}${format === 'fen' ? '¥' : ''}${text}`;
}

/** Up to `digits` decimals, without trailing zeros: 12.50 → "12.5", 3.0 → "3". */
function trimmed(n: number, digits: number): string {
  return String(Number(n.toFixed(digits)));
}
