import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { parseInvitationCode } from '@linli/shared/staff';
import { acceptInvitation, loginWithWechatCode, previewInvitation } from '@/api/linli';
import { errorText } from '@/api/errors';
import { loadSession, saveSession } from '@/api/session';
import { platform } from '@/platform';
import { useResource } from '@/hooks/useResource';
import { Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { STAFF_ROLE_HINT_ZH, STAFF_ROLE_ZH } from '@/format/staff';
import { formatShanghaiDateTime } from '@/format/time';
import '@/staff/pages/staff.css';
import './index.css';

/** The staff menu lives on the home page. */
// The staff workbench lives in 我的 (a tab page: reLaunch may open it).
const STAFF_HOME = '/pages/me/index';

/**
 * Opened from an invitation (its 小程序码, a shared link or staff/pages/accept/index?code=…), or
 * directly to type a code: logs in if needed, shows who invites and into which role, accepts.
 */
export default function AcceptInvitationPage() {
  const { code: linkedCode, scene } = useRouter().params;
  // Scanning the 小程序码 opens the page with the code as `scene`, URL-encoded by WeChat;
  // parseInvitationCode decodes it. A link carries it as `code`.
  const linked = linkedCode || scene || '';
  const [code, setCode] = useState<string | null>(() => parseInvitationCode(linked));
  // Someone opening an invitation may never have used the mini-program: log them in here, so
  // the code is not lost on the way to the home page.
  const [loggedIn, setLoggedIn] = useState(() => loadSession() !== null);

  if (!loggedIn) {
    const onCode = async (loginCode: string) => {
      saveSession(await loginWithWechatCode(loginCode));
      setLoggedIn(true);
    };
    return (
      <View className="page">
        <View className="card">
          <Text className="card__title">加入店铺团队</Text>
          <Text className="accept-text">登录后查看邀请</Text>
        </View>
        <platform.LoginPanel onCode={onCode} />
      </View>
    );
  }
  return code ? (
    <InvitationOffer key={code} code={code} onOtherCode={() => setCode(null)} />
  ) : (
    <CodeEntry linked={linked} onCode={setCode} />
  );
}

function CodeEntry({ linked, onCode }: { linked: string; onCode: (code: string) => void }) {
  const [typed, setTyped] = useState('');
  // A link whose code did not parse says so at once.
  const [failure, setFailure] = useState<string | null>(linked ? '链接中的邀请码不完整，请重新输入' : null);
  const submit = () => {
    const code = parseInvitationCode(typed);
    if (code) onCode(code);
    else setFailure('邀请码为 26 位字母和数字，请检查后重新输入');
  };
  return (
    <View className="page">
      <View className="card" data-testid="accept-code-entry">
        <Text className="card__title">输入邀请码</Text>
        <Text className="accept-text">请输入管理员发给你的邀请码，或粘贴邀请链接。</Text>
        <Input
          className="field accept-code-input"
          data-testid="accept-code-input"
          placeholder="26 位邀请码"
          maxlength={200}
          value={typed}
          onInput={(event) => {
            setTyped(event.detail.value);
            setFailure(null);
          }}
        />
        {failure && (
          <Text className="notice notice--error" data-testid="accept-error">
            {failure}
          </Text>
        )}
        <Button className="btn btn--primary" data-testid="accept-code-submit" onClick={submit}>
          查看邀请
        </Button>
      </View>
    </View>
  );
}

function InvitationOffer({ code, onOtherCode }: { code: string; onOtherCode: () => void }) {
  const preview = useResource(() => previewInvitation(code));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  if (preview.state.status === 'loading') return <Loading rows={3} />;
  if (preview.state.status === 'error') {
    return (
      <View className="page">
        <View className="state-box" data-testid="accept-unavailable">
          <Text className="state-box__title">无法加入</Text>
          <Text className="state-box__text" data-testid="accept-error">
            {preview.state.message}
          </Text>
          <Button className="btn btn--ghost state-box__action" data-testid="accept-other-code" onClick={onOtherCode}>
            输入其他邀请码
          </Button>
        </View>
      </View>
    );
  }

  const invitation = preview.state.data;
  const accept = async () => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    let session;
    try {
      session = await acceptInvitation(code);
    } catch (error) {
      setFailure(errorText(error));
      setBusy(false);
      return;
    }
    // Stored like a login: the new token carries the staff role, so the staff menu opens at once.
    saveSession(session);
    Taro.showToast({ title: '已加入团队', icon: 'success' }).catch(() => undefined);
    Taro.reLaunch({ url: STAFF_HOME }).catch(() => undefined);
  };

  return (
    <View className="page">
      <View className="card accept-offer" data-testid="accept-offer">
        <Text className="card__title">加入店铺团队</Text>
        <Text className="accept-text" data-testid="accept-inviter">
          {invitation.invitedBy} 邀请你以「{STAFF_ROLE_ZH[invitation.role]}」身份加入
        </Text>
        <View className="scan-coupon__row">
          <Text className="scan-coupon__label">称呼</Text>
          <Text className="scan-coupon__value">{invitation.name}</Text>
        </View>
        <View className="scan-coupon__row">
          <Text className="scan-coupon__label">角色</Text>
          <Text className="scan-coupon__value" data-testid="accept-role">
            {STAFF_ROLE_ZH[invitation.role]}
          </Text>
        </View>
        <Text className="muted accept-hint">{STAFF_ROLE_HINT_ZH[invitation.role]}</Text>
        <View className="scan-coupon__row">
          <Text className="scan-coupon__label">有效期至</Text>
          <Text className="scan-coupon__value">{formatShanghaiDateTime(invitation.expiresAt)}</Text>
        </View>
        {failure && (
          <Text className="notice notice--error" data-testid="accept-error">
            {failure}
          </Text>
        )}
        <Button className="btn btn--primary accept-button" data-testid="accept-submit" {...whileBusy(busy)} onClick={accept}>
          接受邀请
        </Button>
      </View>
    </View>
  );
}
