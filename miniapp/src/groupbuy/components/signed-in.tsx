import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { loginWithWechatCode } from '@/api/linli';
import { loadSession, saveSession } from '@/api/session';
import { platform } from '@/platform';

/**
 * Shows `children` once there is a session, logging in right here otherwise: a friend opening a
 * shared group card may never have opened the mini-program, and the card must still land on its
 * group (the API's own redirect to 首页 would lose it).
 */
export function SignedIn({ children }: { children: ReactNode }) {
  const [signedIn, setSignedIn] = useState(() => loadSession() !== null);
  if (signedIn) return <>{children}</>;
  const logIn = async (code: string) => {
    saveSession(await loginWithWechatCode(code));
    setSignedIn(true);
  };
  return (
    <View className="page">
      <platform.LoginPanel onCode={logIn} />
    </View>
  );
}
