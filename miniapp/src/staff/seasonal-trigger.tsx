import { Text, View } from '@tarojs/components';
import type { CareEditorOptions } from '@linli/shared/care-rules';
import { leadText } from '@/format/care';
import { openSeasonalCalendar } from '@/staff/care-pages';

/**
 * The rule editor's 时令推荐 choice: a tip of the seasonal calendar (its next date and categories
 * beside it). A rule whose tip is no longer on the calendar says so: it sends nothing until another is chosen.
 */
export function SeasonalTipChoice({
  tips,
  tipId,
  daysBefore,
  error,
  onChoose,
}: {
  tips: CareEditorOptions['seasonalTips'];
  tipId: string;
  /** As typed (the lead is shown only when it reads as a number). */
  daysBefore: string;
  error?: string | undefined;
  onChoose: (tipId: string) => void;
}) {
  const chosen = tips.find((tip) => tip.tipId === tipId);
  const lead = /^\d+$/.test(daysBefore) && Number(daysBefore) > 0 ? `，${leadText(Number(daysBefore))}发送` : '';
  return (
    <View className="care-row">
      <Text className="care-row__label">时令推荐</Text>
      {tips.length === 0 ? (
        <Text className="muted care-hint" data-testid="care-seasonal-empty">
          时令日历里还没有推荐，请先在「时令日历」中添加（如 时令水果上市）。
        </Text>
      ) : (
        <View className="segment-chips" data-testid="care-seasonal">
          {tips.map((tip) => (
            <Text
              key={tip.tipId}
              className={`segment-chip care-seasonal-choice__tip ${tip.tipId === tipId ? 'segment-chip--on' : ''}`}
              data-testid="care-seasonal-tip"
              onClick={() => onChoose(tip.tipId)}
            >
              {tip.name}
            </Text>
          ))}
        </View>
      )}
      {chosen && (
        <Text className="care-hint care-seasonal-choice__next" data-testid="care-seasonal-next">
          {chosen.nextDate ? `下一次：${dayText(chosen.nextDate)}${lead}` : '这条推荐的日期已过，不会再发送'}
          {`；发给近期买过${chosen.categories.join('、')}的会员`}
        </Text>
      )}
      {tipId !== '' && !chosen && (
        <Text className="notice notice--error care-seasonal-choice__missing" data-testid="care-seasonal-missing">
          所选时令推荐已从时令日历删除，这条关怀计划不会发给任何人，请重新选择。
        </Text>
      )}
      {error && <Text className="care-error">{error}</Text>}
      <Text className="segment-action" data-testid="care-seasonal-open" onClick={openSeasonalCalendar}>
        编辑时令日历
      </Text>
    </View>
  );
}

/** "2026-10-06" → "2026年10月6日". */
function dayText(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}
