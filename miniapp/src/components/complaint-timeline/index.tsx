import { Text, View } from '@tarojs/components';
import type { ComplaintTimelineEntry } from '@linli/shared/complaints';
import { timelineEntryText } from '@/format/complaints';
import { PhotoGrid } from '@/components/photo-grid';
import './index.css';

/** The complaint's history, oldest first, as the buyer or the desk reads it. */
export function ComplaintTimeline({
  entries,
  viewer,
  testPrefix,
}: {
  entries: ComplaintTimelineEntry[];
  viewer: 'buyer' | 'staff';
  testPrefix: string;
}) {
  if (entries.length === 0) return <Text className="muted">暂无处理记录</Text>;
  return (
    <View className="complaint-timeline">
      {entries.map((entry) => {
        const { title, body, at } = timelineEntryText(entry, viewer);
        return (
          <View key={entry.entryId} className={`timeline-entry timeline-entry--${entry.type}`} data-testid={`${testPrefix}-timeline-entry`}>
            <View className="timeline-entry__head">
              <Text className="timeline-entry__title">{title}</Text>
              <Text className="timeline-entry__at">{at}</Text>
            </View>
            {body && <Text className="timeline-entry__body">{body}</Text>}
            {entry.type === 'reply' && <PhotoGrid photos={entry.photos} testPrefix={`${testPrefix}-reply`} />}
          </View>
        );
      })}
    </View>
  );
}
