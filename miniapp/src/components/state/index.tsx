import { Button, Text, View } from '@tarojs/components';
import './index.css';

/** Skeleton blocks shown while the first answer is on its way. */
export function Loading({ rows = 3 }: { rows?: number }) {
  return (
    <View className="state-loading" data-testid="loading">
      <View className="skeleton skeleton--block" />
      {Array.from({ length: rows }, (_, index) => (
        <View key={index} className="skeleton skeleton--line" />
      ))}
      <Text className="state-loading__text">加载中…</Text>
    </View>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className="state-box" data-testid="error-state">
      <Text className="state-box__title">出错了</Text>
      <Text className="state-box__text">{message}</Text>
      {onRetry && (
        <Button className="btn btn--ghost state-box__action" data-testid="retry" onClick={onRetry}>
          重试
        </Button>
      )}
    </View>
  );
}

export function EmptyState({ text }: { text: string }) {
  return (
    <View className="state-box" data-testid="empty-state">
      <Text className="state-box__text">{text}</Text>
    </View>
  );
}

/** What a non-staff user sees on a staff page (the API answered 403). */
export function Forbidden({ text = '此页面仅限店铺员工使用' }: { text?: string }) {
  return (
    <View className="state-box" data-testid="forbidden">
      <Text className="state-box__title">没有权限</Text>
      <Text className="state-box__text">{text}</Text>
    </View>
  );
}

/**
 * The footer of an infinite list: loading more, failed (with retry) or the end. With `onMore`
 * (a desktop browser, where a short page may never scroll) it also offers 加载更多 while idle.
 */
export function ListFooter({
  status,
  onRetry,
  onMore,
}: {
  status: 'idle' | 'loading' | 'error' | 'end';
  onRetry: () => void;
  onMore?: () => void;
}) {
  if (status === 'loading') return <View className="list-footer">加载中…</View>;
  if (status === 'end') return <View className="list-footer">没有更多了</View>;
  if (status === 'error') {
    return (
      <View className="list-footer list-footer--error" onClick={onRetry}>
        加载失败，点击重试
      </View>
    );
  }
  if (onMore) {
    return (
      <View className="list-footer list-footer--more" data-testid="list-more" onClick={onMore}>
        加载更多
      </View>
    );
  }
  return null;
}
