import { Picker, Text, View } from '@tarojs/components';
import { shanghaiToday } from '@/format/time';
import './segments.css';

/* Controls the 客户列表 filters and the segment builder share. */

/** A filter's values as chips, any number on at once. */
export function ChipGroup(props: {
  title?: string;
  testId: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  chosen: readonly string[] | undefined;
  onToggle: (value: string) => void;
}) {
  return (
    <View className="segment-filter" data-testid={props.testId}>
      {props.title && <Text className="segment-filter__title">{props.title}</Text>}
      <View className="segment-chips">
        {props.options.map((option) => (
          <Text
            key={option.value}
            className={`segment-chip ${props.chosen?.includes(option.value) ? 'segment-chip--on' : ''}`}
            data-testid={`${props.testId}-${option.value}`}
            onClick={() => props.onToggle(option.value)}
          >
            {option.label}
          </Text>
        ))}
      </View>
    </View>
  );
}

/** From and to days (either may stay open), each with a way to clear it. */
export function DayRange(props: { from: string | undefined; to: string | undefined; onChange: (from?: string, to?: string) => void }) {
  const today = shanghaiToday(new Date());
  return (
    <View className="segment-days">
      <Picker
        mode="date"
        value={props.from ?? today}
        end={props.to ?? today}
        onChange={(event) => props.onChange(String(event.detail.value), props.to)}
      >
        <Text className={`segment-chip ${props.from ? 'segment-chip--on' : ''}`}>{props.from ?? '开始日期'}</Text>
      </Picker>
      <Text className="segment-days__to">至</Text>
      <Picker
        mode="date"
        value={props.to ?? today}
        start={props.from}
        end={today}
        onChange={(event) => props.onChange(props.from, String(event.detail.value))}
      >
        <Text className={`segment-chip ${props.to ? 'segment-chip--on' : ''}`}>{props.to ?? '结束日期'}</Text>
      </Picker>
      {(props.from || props.to) && (
        <Text className="segment-link" onClick={() => props.onChange(undefined, undefined)}>
          不限
        </Text>
      )}
    </View>
  );
}
