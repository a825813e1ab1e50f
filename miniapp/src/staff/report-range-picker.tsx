import { Picker, Text, View } from '@tarojs/components';
import { presetRange, RANGE_PRESET_ZH, RANGE_PRESETS, type RangePreset, type ReportRange } from './report-range';

/**
 * A period of Shanghai days: the presets (近7天, 近30天, 本月, 上月) and two date pickers, never past
 * `today`. Picking a date by hand clears the preset.
 */
export function ReportRangePicker({
  today,
  range,
  preset,
  onChange,
}: {
  today: string;
  range: ReportRange;
  preset: RangePreset | null;
  onChange: (range: ReportRange, preset: RangePreset | null) => void;
}) {
  return (
    <View className="card report-range">
      <View className="desk-chips" data-testid="report-presets">
        {RANGE_PRESETS.map((value) => (
          <Text
            key={value}
            className={`desk-chip ${preset === value ? 'desk-chip--on' : ''}`}
            data-testid={`report-preset-${value}`}
            onClick={() => onChange(presetRange(value, today), value)}
          >
            {RANGE_PRESET_ZH[value]}
          </Text>
        ))}
      </View>
      <View className="report-range__dates">
        <Picker
          mode="date"
          value={range.from}
          end={range.to}
          onChange={(event) => onChange({ ...range, from: String(event.detail.value) }, null)}
        >
          <Text className="report-range__date" data-testid="report-from">
            {range.from}
          </Text>
        </Picker>
        <Text>至</Text>
        <Picker
          mode="date"
          value={range.to}
          start={range.from}
          end={today}
          onChange={(event) => onChange({ ...range, to: String(event.detail.value) }, null)}
        >
          <Text className="report-range__date" data-testid="report-to">
            {range.to}
          </Text>
        </Picker>
      </View>
    </View>
  );
}
