import { formatMemberCode } from '@linli/shared/member-code';
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { MemberView } from '@linli/shared/members';
import { getMe, updateProfile } from '@/api/linli';
import { errorText } from '@/api/errors';
import { clearSession, hasStaffRole, loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import { BirthdayField, PhoneField } from '@/components/member-extras';
import { formatShanghaiDate } from '@/format/time';
import { whileBusy } from '@/components/button-state';
import './index.css';

export default function ProfilePage() {
  const me = useResource(getMe);
  const [isStaff] = useState(() => hasStaffRole(loadSession()?.roles ?? []));

  if (me.state.status === 'loading') return <Loading rows={5} />;
  if (me.state.status === 'error') return <ErrorState message={me.state.message} onRetry={me.reload} />;

  const member = me.state.data;
  const logout = () => {
    clearSession();
    Taro.reLaunch({ url: '/pages/index/index' });
  };

  return (
    <View className="page">
      {member.status === 'member' ? (
        <>
          <View className="cells">
            <NicknameField member={member} onSaved={me.replace} />
            <BirthdayField member={member} onSaved={me.replace} />
            <PhoneField member={member} onSaved={me.replace} />
          </View>
          <View className="cells">
            <View className="cell">
              <Text className="cell__label">会员等级</Text>
              <Text className="cell__value">{member.tier.name}</Text>
            </View>
            <View className="cell">
              <Text className="cell__label">会员码</Text>
              <Text className="cell__value">{formatMemberCode(member.memberCode)}</Text>
            </View>
            <View className="cell">
              <Text className="cell__label">隐私政策</Text>
              <Text className="cell__value" data-testid="policy-version">
                {member.policyVersion ? `已同意 ${member.policyVersion} 版` : '未同意'}
              </Text>
            </View>
            {member.joinedAt && (
              <View className="cell">
                <Text className="cell__label">入会日期</Text>
                <Text className="cell__value">{formatShanghaiDate(member.joinedAt)}</Text>
              </View>
            )}
          </View>
        </>
      ) : (
        <View className="card">
          <Text className="card__title">你还不是会员</Text>
          <Button className="btn btn--primary" onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
            阅读隐私政策并加入
          </Button>
        </View>
      )}

      {isStaff && (
        <View className="cells">
          <View className="cell" data-testid="staff-entry" onClick={() => Taro.navigateTo({ url: '/staff/pages/members/index' })}>
            <Text className="cell__label">员工入口</Text>
            <Text className="cell__value cell__arrow">会员列表</Text>
          </View>
        </View>
      )}

      <Button className="btn btn--plain" data-testid="logout" onClick={logout}>
        退出登录
      </Button>
    </View>
  );
}

function NicknameField({ member, onSaved }: { member: MemberView; onSaved: (member: MemberView) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const save = async () => {
    const nickname = (draft ?? '').trim();
    if (!nickname) {
      setFailure('昵称不能为空');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      onSaved(await updateProfile({ nickname }));
      setDraft(null);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  if (draft === null) {
    return (
      <View className="cell" data-testid="nickname" onClick={() => setDraft(member.nickname ?? '')}>
        <Text className="cell__label">昵称</Text>
        <Text className="cell__value cell__arrow" data-testid="nickname-value">
          {member.nickname ?? '未设置'}
        </Text>
      </View>
    );
  }
  return (
    <View className="nickname-edit">
      <Input
        className="field"
        data-testid="nickname-input"
        type="nickname"
        focus
        maxlength={30}
        value={draft}
        placeholder="输入昵称"
        onInput={(event) => setDraft(event.detail.value)}
      />
      {failure && <Text className="notice notice--error">{failure}</Text>}
      <View className="nickname-edit__actions">
        <Button className="btn btn--plain nickname-edit__button" onClick={() => setDraft(null)}>
          取消
        </Button>
        <Button className="btn btn--primary nickname-edit__button" data-testid="nickname-save" {...whileBusy(busy)} onClick={save}>
          保存
        </Button>
      </View>
    </View>
  );
}
