import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ParetoBar } from '@linli/shared/complaints';
import { paretoLayout, percentText, VITAL_SHARE } from './pareto-layout';
import { useDesktop } from './staff-frame';
import './pareto-chart.css';

// Plot size in design px (750 wide): the card's inner width. Inline styles go through
// Taro.pxTransform, which gives rpx on WeChat and rem on H5, as the stylesheets' px do.
const PLOT = { width: 620, height: 280 };
// In a desktop browser the card is wider (the staff frame shows design px at 55 %, in a body of
// at least 1008 px at 1280 px wide): the chart takes the width the narrowest desktop has.
const DESKTOP_PLOT = { width: 1600, height: 360 };
const px = (value: number) => Taro.pxTransform(value);

/**
 * A Pareto chart: bars by count (largest first, the vital few stronger) and the running share as
 * a line against the right-hand 0–100% scale, with the 80% line dashed.
 */
export function ParetoChart({ title, bars, testId }: { title: string; bars: readonly ParetoBar[]; testId: string }) {
  const plot = useDesktop() ? DESKTOP_PLOT : PLOT;
  const layout = paretoLayout(bars, plot);
  return (
    <View className="card pareto" data-testid={testId}>
      <Text className="card__title">{title}</Text>
      {layout.columns.length === 0 ? (
        <Text className="muted">这段时间没有数据</Text>
      ) : (
        <>
          <View className="pareto__plot" style={{ width: px(plot.width), height: px(plot.height) }}>
            <View className="pareto__vital-line" style={{ top: px(plot.height * (1 - VITAL_SHARE)) }}>
              <Text className="pareto__vital-label">80%</Text>
            </View>
            {layout.columns.map((column) => (
              <View
                key={column.key}
                className={`pareto__bar ${column.vital ? 'pareto__bar--vital' : ''}`}
                data-testid={`${testId}-bar`}
                data-key={column.key}
                data-count={column.count}
                style={{ left: `${column.leftPct}%`, width: `${column.widthPct}%`, height: `${column.heightPct}%` }}
              >
                <Text className="pareto__count">{column.count}</Text>
              </View>
            ))}
            {layout.segments.map((segment, i) => (
              <View
                key={`s${i}`}
                className="pareto__segment"
                style={{ left: px(segment.x), top: px(segment.y), width: px(segment.length), transform: `rotate(${segment.angleDeg}deg)` }}
              />
            ))}
            {layout.points.map((point, i) => (
              <View key={`p${i}`} className="pareto__point" style={{ left: px(point.x), top: px(point.y) }} />
            ))}
          </View>
          <View className="pareto__labels" style={{ width: px(plot.width) }}>
            {layout.columns.map((column) => (
              <View key={column.key} className="pareto__label" style={{ width: `${100 / layout.columns.length}%` }}>
                <Text className="pareto__label-name">{column.label}</Text>
                <Text className="pareto__label-share">{percentText(column.cumulativeShare)}</Text>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  );
}
