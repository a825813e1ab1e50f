import { window as taroWindow } from '@tarojs/runtime';
import { pageRegistry, staffNavFor, type RegisteredAppConfig, type StaffNavEntry } from './staff-nav';
import type { Role } from '@linli/shared/auth';

/** The staff pages these roles may open that this build has (Taro keeps the app config on its window in both builds). */
export function staffNavOf(roles: readonly Role[]): StaffNavEntry[] {
  const config = (taroWindow as unknown as { __taroAppConfig?: RegisteredAppConfig }).__taroAppConfig;
  return staffNavFor(roles, pageRegistry(config));
}

/** Whether this build has the page `path` ('/staff/pages/x/index?…'). */
export function isRegisteredPage(path: string): boolean {
  const config = (taroWindow as unknown as { __taroAppConfig?: RegisteredAppConfig }).__taroAppConfig;
  return pageRegistry(config)(path);
}
