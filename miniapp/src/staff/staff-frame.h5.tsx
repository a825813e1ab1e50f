import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { loadSession } from '@/api/session';
import { staffNavOf } from './registered-pages';
import type { StaffFrameProps } from './staff-frame.weapp';
import './staff-frame.h5.css';

export type { StaffFrameProps } from './staff-frame.weapp';

/** From this width the staff area lays out for a desktop browser; narrower screens keep the phone layout. */
const DESKTOP_QUERY = '(min-width: 1280px)';
const HOME = '/pages/index/index';

function matchesDesktop(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(DESKTOP_QUERY).matches;
}

/** Whether the browser is desktop-wide now; follows the window as it is resized. */
export function useDesktop(): boolean {
  const [desktop, setDesktop] = useState(matchesDesktop);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DESKTOP_QUERY);
    const update = () => setDesktop(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return desktop;
}

const pathOf = (path: string | undefined) => `/${(path ?? '').replace(/^\//, '').split('?')[0]}`;

/**
 * A staff page in a desktop browser: a sidebar with every staff page the role may open, and
 * above the page's own content its title and a way back. On a phone-sized screen the page is
 * shown as it is.
 */
export function StaffFrame({ title, children }: StaffFrameProps) {
  const desktop = useDesktop();
  const router = useRouter();
  if (!desktop) return <>{children}</>;

  const current = pathOf(router.path);
  const entries = staffNavOf(loadSession()?.roles ?? []);
  // The sidebar swaps pages in place, so the page stack stays [home, staff page] however far one clicks.
  const open = (path: string) => () => {
    if (path !== current) void Taro.redirectTo({ url: path });
  };
  const back = () => {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
    else void Taro.reLaunch({ url: HOME });
  };

  return (
    <View className="staff-frame">
      <View className="staff-frame__side" data-testid="staff-sidebar">
        <Text className="staff-frame__brand">邻里 · 员工后台</Text>
        {entries.map((entry) => (
          <Text
            key={entry.key}
            className={`staff-frame__link ${entry.path === current ? 'staff-frame__link--on' : ''}`}
            data-testid={`staff-nav-${entry.key}`}
            data-path={entry.path}
            onClick={open(entry.path)}
          >
            {entry.label}
          </Text>
        ))}
        <Text
          className="staff-frame__link staff-frame__home"
          data-testid="staff-nav-home"
          onClick={() => void Taro.reLaunch({ url: HOME })}
        >
          返回会员首页
        </Text>
      </View>
      <View className="staff-frame__main">
        <View className="staff-frame__head">
          <Text className="staff-frame__back" data-testid="staff-frame-back" onClick={back}>
            ‹ 返回
          </Text>
          <Text className="staff-frame__title" data-testid="staff-frame-title">
            {title}
          </Text>
        </View>
        <View className="staff-frame__body">{children}</View>
      </View>
    </View>
  );
}
