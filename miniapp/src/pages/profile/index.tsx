import { formatMemberCode } from '@linli/shared/member-code';
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import { NICKNAME_MAX_CHARS } from '@linli/shared/members';
import type { MemberView } from '@linli/shared/members';
import { getMe, requestPhotoUpload, updateProfile } from '@/api/linli';
import { errorText } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import { BirthdayField, PhoneField } from '@/components/member-extras';
import { formatShanghaiDate } from '@/format/time';
import { whileBusy } from '@/components/button-state';
import { platform } from '@/platform';
import type { ChosenPhoto } from '@/platform/contract';
import { isPhotoContentType, photoRefusal } from '@/components/photo-picker/photo-uploads';
import { PrivacyAuthorizationPopup } from '@/components/privacy-authorization';
import './index.css';

export default function ProfilePage() {
  const me = useResource(getMe);

  if (me.state.status === 'loading') return <Loading rows={5} />;
  if (me.state.status === 'error') return <ErrorState message={me.state.message} onRetry={me.reload} />;

  const member = me.state.data;

  return (
    <View className="page">
      {member.status === 'member' ? (
        <>
          <View className="cells">
            <AvatarField member={member} onSaved={me.replace} />
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
          <View className="cells">
            <View className="cell" data-testid="link-privacy-centre" onClick={() => Taro.navigateTo({ url: '/pages/privacy/index' })}>
              <Text className="cell__label">隐私中心</Text>
              <Text className="cell__value cell__arrow">我的信息、授权和数据</Text>
            </View>
            <View
              className="cell"
              data-testid="link-account-deletion"
              onClick={() => Taro.navigateTo({ url: '/pages/account-deletion/index' })}
            >
              <Text className="cell__label">注销账户</Text>
              <Text className="cell__value cell__arrow" />
            </View>
          </View>
          {/* The avatar sheet and the phone number button need the privacy guide agreed to: this asks when they must. */}
          <PrivacyAuthorizationPopup />
        </>
      ) : (
        <View className="card">
          <Text className="card__title">你还不是会员</Text>
          <Button className="btn btn--primary" onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
            阅读隐私政策并加入
          </Button>
        </View>
      )}
    </View>
  );
}

/**
 * 头像: WeChat's avatar sheet (or a file on H5), uploaded straight to storage like complaint
 * photos (an upload grant with purpose "avatar"), then named on the member.
 */
function AvatarField({ member, onSaved }: { member: MemberView; onSaved: (member: MemberView) => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const chosen = async (photo: ChosenPhoto) => {
    const refusal = photoRefusal(photo);
    if (refusal || !isPhotoContentType(photo.mimeType)) return setFailure(refusal ?? '请选择 JPG、PNG 或 WebP 图片');
    setBusy(true);
    setFailure(null);
    try {
      const grant = await requestPhotoUpload({ contentType: photo.mimeType, sizeBytes: photo.sizeBytes, purpose: 'avatar' });
      await platform.uploadPhoto(grant, photo, () => undefined);
      onSaved(await updateProfile({ avatarKey: grant.key }));
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="cell avatar-cell" data-testid="avatar">
      <Text className="cell__label">头像</Text>
      <View className="avatar-cell__right">
        {failure && <Text className="avatar-cell__error">{failure}</Text>}
        <platform.AvatarChooser className="avatar-cell__button" onChosen={(photo) => void chosen(photo)} disabled={busy}>
          {member.avatarUrl ? (
            <Image className="avatar-cell__image" data-testid="avatar-image" src={member.avatarUrl} mode="aspectFill" />
          ) : (
            <Text className="avatar-cell__placeholder">{busy ? '上传中' : '选择头像'}</Text>
          )}
        </platform.AvatarChooser>
      </View>
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
        maxlength={NICKNAME_MAX_CHARS}
        value={draft}
        placeholder="输入昵称，或使用微信昵称"
        onInput={(event) => setDraft(event.detail.value)}
        // WeChat's nickname keyboard fills the field without an input event: its value arrives on blur.
        onBlur={(event) => setDraft(event.detail.value)}
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
