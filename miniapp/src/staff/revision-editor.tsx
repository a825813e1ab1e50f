import { useEffect, useRef, useState, type ComponentType } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import type { SaveFailure } from './versioned-settings-editor';

/*
 * The page around an editor of one saved thing guarded by a revision (a 问卷, a 拼团活动): it loads the
 * thing (or none, for a new one), says so when the staff member may not see it, lets only admins
 * change, and starts the editor again from every newer revision (a save, a publish, a reload after
 * someone else's change). The editor runs its actions one at a time and says why one failed, with
 * 重新加载 when someone else saved first.
 */

/** What the page hands its editor. */
export interface RevisionEditorProps<Saved> {
  /** null: a new one, not saved yet. */
  saved: Saved | null;
  /** Admins change; others read. */
  canEdit: boolean;
  onSaved: (next: Saved) => void;
  onReload: () => void;
}

export function RevisionEditorPage<Saved extends { revision: number }>(props: {
  /** The saved one's id (the page's `?id=`), or undefined for a new one. */
  id: string | undefined;
  load: (id: string) => Promise<Saved>;
  /** The navigation bar's title for a new one and a saved one. */
  titles: { create: string; edit: string };
  /** Said when the API refuses the staff member (403). */
  forbiddenText: string;
  /** Said to a non-admin who opens the page to create one. */
  createForbiddenText: string;
  Editor: ComponentType<RevisionEditorProps<Saved>>;
}) {
  const { id, Editor } = props;
  const canEdit = (loadSession()?.roles ?? []).includes('admin');
  const saved = useResource(() => (id ? props.load(id) : Promise.resolve(null)));
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id ? props.titles.edit : props.titles.create }).catch(() => undefined);
  }, [id, props.titles.create, props.titles.edit]);

  if (saved.state.status === 'loading') return <Loading rows={6} />;
  if (saved.state.status === 'error') {
    return isForbidden(saved.state.error) ? (
      <Forbidden text={props.forbiddenText} />
    ) : (
      <ErrorState message={saved.state.message} onRetry={() => void saved.reload()} />
    );
  }
  if (!id && !canEdit) return <Forbidden text={props.createForbiddenText} />;
  const current = saved.state.data;
  return (
    <Editor
      // A save, a publish or a reload brings a newer revision: the form starts again from it.
      key={current?.revision ?? 'new'}
      saved={current}
      canEdit={canEdit}
      onSaved={(next) => saved.replace(next)}
      onReload={() => void saved.reload()}
    />
  );
}

/**
 * An editor's actions (保存, 发布, 结束…), one at a time: which one is running, and why the last one
 * failed. `onIssues` places the server's VALIDATION_FAILED problems on the form.
 */
export function useEditorActions<Kind extends string>(options: {
  /** Said when someone else saved first, e.g. 这份问卷已被他人修改，请重新加载后再改. */
  conflictText: string;
  onIssues: (issues: ApiError['issues']) => void;
}) {
  const [busy, setBusy] = useState<Kind | null>(null);
  // State lags a render behind: a second tap in the same frame must still see the first action running.
  const busyRef = useRef(false);
  const [failure, setFailure] = useState<SaveFailure | null>(null);

  const run = async (kind: Kind, action: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(kind);
    try {
      await action();
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  /** Says why an action failed; a conflict offers 重新加载 instead of trying again. */
  const showFailure = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'VALIDATION_FAILED' && error.issues.length > 0) options.onIssues(error.issues);
    const conflict = error instanceof ApiError && error.code === 'CONFLICT';
    setFailure({ text: conflict ? options.conflictText : errorText(error), conflict });
  };

  /** The form has problems, shown by their fields. */
  const showProblems = () => setFailure({ text: '请检查标红的项目', conflict: false });

  return { busy, run, failure, clearFailure: () => setFailure(null), showFailure, showProblems };
}

/** Why the last action failed, and 重新加载 when someone else saved first; `<testId>-failure` and `<testId>-reload` to tests. */
export function SaveFailureNotice({ failure, testId, onReload }: { failure: SaveFailure | null; testId: string; onReload: () => void }) {
  if (!failure) return null;
  return (
    <View className="segment-failure">
      <Text className={`notice notice--error ${testId}-failure`} data-testid={`${testId}-failure`}>
        {failure.text}
      </Text>
      {failure.conflict && (
        <Button className={`btn btn--ghost ${testId}-reload`} data-testid={`${testId}-reload`} onClick={onReload}>
          重新加载
        </Button>
      )}
    </View>
  );
}

/** The toast after a change went through. */
export function toastDone(title: string): void {
  Taro.showToast({ title, icon: 'success' }).catch(() => undefined);
}
