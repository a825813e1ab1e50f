import { useState, type ComponentType } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';

/** What a settings page hands its editor. */
export type VersionedSettingsEditorProps<Stored> = {
  stored: Stored;
  readOnly: boolean;
  onSaved: (next: Stored) => void;
  onReload: () => void;
};

/**
 * The page around an editor of settings stored with a version (发送设置, 时令日历): loads them, says so
 * when the staff member may not see them, tells supervisors they only read (admins change), and
 * starts the editor again from the server's copy after a save, a reload or a pull-down.
 */
export function VersionedSettingsPage<Stored extends { version?: number }>(props: {
  load: () => Promise<Stored>;
  loadingRows: number;
  forbiddenText: string;
  testId: string;
  intro: string;
  readOnlyTestId: string;
  readOnlyText: string;
  Editor: ComponentType<VersionedSettingsEditorProps<Stored>>;
}) {
  const { Editor } = props;
  const canEdit = (loadSession()?.roles ?? []).includes('admin');
  const settings = useResource(props.load);
  /** Bumped whenever the form must start again from what the server holds (reload, save). */
  const [generation, setGeneration] = useState(0);
  const reload = async () => {
    await settings.reload();
    setGeneration((n) => n + 1);
  };
  usePullDownRefresh(async () => {
    await reload();
    Taro.stopPullDownRefresh();
  });

  if (settings.state.status === 'loading') return <Loading rows={props.loadingRows} />;
  if (settings.state.status === 'error') {
    return isForbidden(settings.state.error) ? (
      <Forbidden text={props.forbiddenText} />
    ) : (
      <ErrorState message={settings.state.message} onRetry={() => void reload()} />
    );
  }
  const current = settings.state.data;
  return (
    <View className="page care-settings" data-testid={props.testId}>
      <View className="card tiers-intro">
        <Text className="tiers-intro__text">{props.intro}</Text>
        {!canEdit && (
          <Text className="notice care-readonly" data-testid={props.readOnlyTestId}>
            {props.readOnlyText}
          </Text>
        )}
      </View>
      <Editor
        key={`${generation}-${current.version ?? ''}`}
        stored={current}
        readOnly={!canEdit}
        onSaved={(next) => {
          settings.replace(next);
          setGeneration((n) => n + 1);
          Taro.showToast({ title: '已保存', icon: 'success' }).catch(() => undefined);
        }}
        onReload={() => void reload()}
      />
    </View>
  );
}
