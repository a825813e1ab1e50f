import { ScrollView, Text, View } from '@tarojs/components';
import { formatValue } from './chart-spec';
import { isEmptyRetention, retentionShade, type CohortRetention } from './retention-shade';
import './retention-grid.css';

/**
 * Monthly cohort retention as a shaded table (a heatmap drawn with views, not on a canvas: F2
 * has no heatmap geometry, and a table keeps every figure legible and selectable). Wider than a
 * phone when there are many months: it scrolls sideways, the cohort column scrolling with it.
 */
export function RetentionGrid({ title, data, testId }: { title: string; data: CohortRetention; testId: string }) {
  const empty = isEmptyRetention(data);
  return (
    <View className="card retention" data-testid={testId}>
      <Text className="card__title">{title}</Text>
      {empty ? (
        <Text className="insight-chart__empty muted" data-testid={`${testId}-empty`}>
          暂无数据
        </Text>
      ) : (
        <ScrollView scrollX className="retention__scroll">
          <View className="retention__table">
            <View className="retention__row retention__row--head">
              <Text className="retention__cohort">首购月份</Text>
              <Text className="retention__size">人数</Text>
              {data.periods.map((period) => (
                <Text key={period} className="retention__cell retention__cell--head">
                  {period}
                </Text>
              ))}
            </View>
            {data.cohorts.map((cohort) => (
              <View key={cohort.label} className="retention__row" data-testid={`${testId}-row`}>
                <Text className="retention__cohort">{cohort.label}</Text>
                <Text className="retention__size">{formatValue(cohort.size, 'count')}</Text>
                {data.periods.map((period, i) => {
                  const value = cohort.retention[i];
                  if (value === null || value === undefined) return <Text key={period} className="retention__cell retention__cell--none" />;
                  const shade = retentionShade(value);
                  return (
                    <Text
                      key={period}
                      className="retention__cell"
                      data-testid={`${testId}-cell`}
                      style={{ backgroundColor: shade.background, color: shade.color }}
                    >
                      {`${Math.round(value)}%`}
                    </Text>
                  );
                })}
              </View>
            ))}
          </View>
        </ScrollView>
      )}
      {!empty && <Text className="insight-chart__note muted">每格为该月首购的会员在其后第 N 个月仍有购买的比例，颜色越深留存越高。</Text>}
    </View>
  );
}
