import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { getMe, loginWithWechatCode } from '@/api/linli';
import { loadSession, saveSession, type StoredSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';

/**
 * The session and the member it is for, as the tab pages (首页, 我的) show them: read again each time
 * the page is shown again (a tab page stays alive while the member joins, edits the profile or logs
 * out elsewhere) and on pull-down; `logIn` turns a platform login code into a session.
 */
export function useSessionMember() {
  const [session, setSession] = useState<StoredSession | null>(() => loadSession());
  const me = useResource(getMe, { enabled: session !== null });
  const firstShow = useRef(true);

  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    const current = loadSession();
    setSession(current);
    if (current) void me.reload();
  });

  usePullDownRefresh(async () => {
    if (session) await me.reload();
    Taro.stopPullDownRefresh();
  });

  const logIn = async (code: string) => {
    const created = await loginWithWechatCode(code);
    setSession(saveSession(created));
    me.replace(created.member);
  };

  return { session, me, logIn };
}
