import { Text, View } from '@tarojs/components';
import { axisDay, trendLayout } from './trend-layout';
import './trend-chart.css';

/**
 * A small daily bar chart drawn with Views (the same on WeChat and H5): one bar a day, the
 * tallest labelled with its value, the first and last day under the axis.
 */
export function TrendChart(props: {
  title: string;
  days: readonly string[];
  values: readonly number[];
  testId: string;
  /** How a value reads (money as ¥, counts as they are). */
  format?: (value: number) => string;
}) {
  const { bars, max, empty } = trendLayout(props.days, props.values);
  const format = props.format ?? String;
  return (
    <View className="trend" data-testid={props.testId}>
      <View className="trend__head">
        <Text className="trend__title">{props.title}</Text>
        {!empty && <Text className="trend__max">最高 {format(max)}</Text>}
      </View>
      {empty ? (
        <Text className="trend__empty muted" data-testid={`${props.testId}-empty`}>
          近{props.days.length}天暂无数据
        </Text>
      ) : (
        <>
          <View className="trend__plot">
            {bars.map((bar) => (
              <View key={bar.day} className="trend__slot">
                <View
                  className="trend__bar"
                  data-testid={`${props.testId}-bar`}
                  data-day={bar.day}
                  data-value={bar.value}
                  style={{ height: `${bar.heightPct}%` }}
                />
              </View>
            ))}
          </View>
          <View className="trend__axis">
            <Text>{axisDay(props.days[0] ?? '')}</Text>
            <Text>{axisDay(props.days[props.days.length - 1] ?? '')}</Text>
          </View>
        </>
      )}
    </View>
  );
}
