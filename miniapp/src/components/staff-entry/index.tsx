import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { StoredSession } from '@/api/session';
import { staffNavOf } from '@/staff/registered-pages';

/** The staff menu in 我的: every staff page the roles may open (the list and its roles live in staff/staff-nav.ts). */
export function StaffEntry({ roles }: { roles: StoredSession['roles'] }) {
  const go = (url: string) => () => Taro.navigateTo({ url });
  return (
    <View className="cells" data-testid="home-staff-menu">
      {staffNavOf(roles).map((entry) => (
        <View
          key={entry.key}
          className="cell"
          // 会员列表 keeps the test id the staff entry always had.
          data-testid={entry.key === 'members' ? 'home-staff-entry' : `home-staff-${entry.key}`}
          onClick={go(entry.path)}
        >
          <Text className="cell__label">{entry.label}</Text>
          <Text className="cell__value cell__arrow">{entry.hint}</Text>
        </View>
      ))}
    </View>
  );
}
