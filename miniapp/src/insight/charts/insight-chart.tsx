import { useEffect, useMemo, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Canvas as F2Canvas } from '@antv/f2';
import { ChartCanvas } from './chart-canvas';
import { nextCanvasId, type ChartSurface } from './chart-surface';
import { isEmptyChart, type InsightChartSpec } from './chart-spec';
import { CHART_THEME, chartElement, px2hdFor, type F2Element } from './f2-chart';
import './insight-chart.css';

export interface InsightChartProps {
  title: string;
  spec: InsightChartSpec;
  /** data-testid of the card (H5); the empty state is `<testId>-empty`. */
  testId: string;
  /** A line under the chart saying how to read it (e.g. what a class means), when needed. */
  note?: string;
  /** What the empty state says; 暂无数据 unless the page knows better. */
  emptyText?: string;
}

/**
 * One dashboard chart in a card: a title, the chart drawn by F2 on the platform's canvas (as wide
 * as the card; redrawn when the data or the width changes), or a line of text when there is
 * nothing to draw.
 */
export function InsightChart({ title, spec, testId, note, emptyText = '暂无数据' }: InsightChartProps) {
  const empty = isEmptyChart(spec);
  const element = useMemo(() => (empty ? null : chartElement(spec)), [spec, empty]);
  const [failed, setFailed] = useState(false);
  return (
    <View className="card insight-chart" data-testid={testId} data-kind={spec.kind}>
      <Text className="card__title insight-chart__title">{title}</Text>
      {empty || !element ? (
        <Text className="insight-chart__empty muted" data-testid={`${testId}-empty`}>
          {emptyText}
        </Text>
      ) : failed ? (
        <Text className="insight-chart__empty muted" data-testid={`${testId}-failed`}>
          图表暂时无法显示
        </Text>
      ) : (
        <F2Plot kind={spec.kind} element={element} onFailed={() => setFailed(true)} />
      )}
      {note && <Text className="insight-chart__note muted">{note}</Text>}
    </View>
  );
}

/** The canvas and the F2 chart on it, from the first surface to unmount. */
function F2Plot(props: { kind: InsightChartSpec['kind']; element: F2Element; onFailed: () => void }) {
  const [id] = useState(nextCanvasId);
  const [surface, setSurface] = useState<ChartSurface | null>(null);
  const chart = useRef<F2Canvas | null>(null);
  const latest = useRef(props);
  latest.current = props;

  const failed = (error: unknown) => {
    console.error('F2 chart could not be drawn', error);
    latest.current.onFailed();
  };
  // F2's render, resize and update are asynchronous, and two of them running over each other on
  // one canvas leave stale shapes drawn: each waits for the one before. A step meant for a canvas
  // since replaced or destroyed is dropped.
  const drawing = useRef<Promise<void>>(Promise.resolve());
  const draw = (canvas: F2Canvas, step: () => Promise<void>) => {
    drawing.current = drawing.current.then(() => (chart.current === canvas ? step() : undefined)).catch(failed);
  };

  // The first surface: an F2 canvas on it. A new size of the same canvas at the same design
  // scale: the same F2 canvas resized. Otherwise (another canvas, or text sizes to change with a
  // new design scale, which F2 fixes when it creates a canvas): a new F2 canvas.
  const drawnOn = useRef<{ context: CanvasRenderingContext2D; designPx: number } | null>(null);
  useEffect(() => {
    if (!surface) return;
    const current = chart.current;
    if (current && drawnOn.current?.context === surface.context && drawnOn.current.designPx === surface.designPx) {
      draw(current, () => current.resize(surface.width, surface.height));
      return;
    }
    current?.destroy();
    chart.current = null;
    try {
      const canvas = new F2Canvas({
        context: surface.context,
        width: surface.width,
        height: surface.height,
        pixelRatio: surface.pixelRatio,
        px2hd: px2hdFor(surface.designPx),
        theme: CHART_THEME,
        // A dashboard is read, not watched: no entry animations (they also cost a phone frames).
        animate: false,
        children: latest.current.element,
        ...surface.extras,
      } as ConstructorParameters<typeof F2Canvas>[0]);
      chart.current = canvas;
      drawnOn.current = { context: surface.context, designPx: surface.designPx };
      draw(canvas, () => canvas.render());
    } catch (error) {
      failed(error);
    }
    // draw and failed only read refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [surface]);

  // Unmounted: the F2 canvas goes with it.
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  // New data on the same surface: F2 updates the chart in place.
  useEffect(() => {
    const canvas = chart.current;
    if (canvas) draw(canvas, () => canvas.update({ ...canvas.props, children: props.element }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.element]);

  return (
    <View className={`insight-chart__plot insight-chart__plot--${props.kind}`}>
      <ChartCanvas id={id} onSurface={setSurface} />
    </View>
  );
}
