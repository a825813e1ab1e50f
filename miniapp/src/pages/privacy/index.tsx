import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Switch, Text, View } from '@tarojs/components';
import { CHILD_DATA_NOTE, KEPT_DATA_KINDS, type KeptDataKind, type MyConsents } from '@linli/shared/privacy-centre';
import { getMyConsents, unbindPhone, updateProfile } from '@/api/linli';
import { errorText } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { ErrorState, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import {
  PrivacyAuthorizationPopup,
  openPrivacyContract,
  readPrivacySetting,
  requirePrivacyAuthorize,
  type PrivacySetting,
} from '@/components/privacy-authorization';
import { formatShanghaiDateTime } from '@/format/time';
import { consentEntryText, phoneConsentText, policyConsentText, retentionSummary, subscriptionsConsentText } from '@/format/privacy-centre';
import './index.css';

type Notice = { ok: boolean; text: string } | null;

const go = (url: string) => () => void Taro.navigateTo({ url });
const ACCOUNT_DELETION_PAGE = '/pages/account-deletion/index';

/**
 * 隐私中心 (from 我的资料): first what a buyer comes to do — my rights (a copy of my data, corrections,
 * requests, deleting the account) and the consents I gave, each with its withdrawal (个性化推荐 off, the
 * phone unbound, subscribe messages in 消息设置, the policy itself by leaving) — then WeChat's privacy guide,
 * and last what Linli keeps about me and why, one folded row a kind.
 */
export default function PrivacyCentrePage() {
  const consents = useResource(getMyConsents);
  // Back from 消息设置 or 我的资料, what they changed shows here.
  useRefreshOnReturn(consents.reload);

  return (
    <View className="page privacy-centre">
      <MyRights />
      {consents.state.status === 'loading' && <Loading rows={4} />}
      {consents.state.status === 'error' && <ErrorState message={consents.state.message} onRetry={consents.reload} />}
      {consents.state.status === 'ready' && <MyConsentsSection consents={consents.state.data} onChanged={() => void consents.reload()} />}
      <WechatPrivacy />
      <KeptData />
    </View>
  );
}

/**
 * 我们保存的信息及用途: every kind of data, from the one list the README shows too. Each kind is one row
 * (its name and how long it is kept) that opens on a tap to what exactly, what for and why sensitive:
 * twelve kinds in full would push everything else a page and more down.
 */
function KeptData() {
  return (
    <View className="privacy-section" data-testid="kept-data">
      <Text className="cells__title">我们保存的信息及用途</Text>
      <View className="cells">
        {KEPT_DATA_KINDS.map((kind) => (
          <KeptKindRow key={kind.kind} kind={kind} />
        ))}
      </View>
      {/* Below the list: the note speaks of the purposes written above it. */}
      <Text className="muted privacy-section__intro">{CHILD_DATA_NOTE}</Text>
    </View>
  );
}

function KeptKindRow({ kind }: { kind: KeptDataKind }) {
  const [open, setOpen] = useState(false);
  return (
    <View className={`kept-kind ${open ? 'kept-kind--open' : ''}`} data-testid="kept-kind">
      <View className="kept-kind__head" data-testid="kept-kind-head" onClick={() => setOpen(!open)}>
        <View className="kept-kind__summary">
          <View className="kept-kind__name">
            <Text className="kept-kind__title">{kind.title}</Text>
            {kind.sensitive && (
              <Text className="kept-kind__badge" data-testid="kept-kind-sensitive">
                敏感信息
              </Text>
            )}
          </View>
          <Text className="muted kept-kind__kept">{retentionSummary(kind)}</Text>
        </View>
        <Text className="kept-kind__toggle">{open ? '收起' : '详情'}</Text>
      </View>
      {open && (
        <View className="kept-kind__details" data-testid="kept-kind-details">
          <KeptKindLine label="内容" text={kind.items} />
          <KeptKindLine label="用途" text={kind.purpose} />
          <KeptKindLine label="保存期限" text={kind.retention} />
          {kind.sensitive && <KeptKindLine label="敏感信息" text={kind.sensitive} sensitive />}
        </View>
      )}
    </View>
  );
}

function KeptKindLine({ label, text, sensitive = false }: { label: string; text: string; sensitive?: boolean }) {
  return (
    <Text className={`kept-kind__line ${sensitive ? 'kept-kind__sensitive' : ''}`}>
      <Text className="kept-kind__label">{`${label}：`}</Text>
      {text}
    </Text>
  );
}

/** 我的授权: what I consented to, each with its withdrawal, and the ledger of every change. */
function MyConsentsSection({ consents, onChanged }: { consents: MyConsents; onChanged: () => void }) {
  const [busy, setBusy] = useState<'phone' | 'marketing' | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const run = async (what: 'phone' | 'marketing', change: () => Promise<unknown>, okText: string) => {
    setBusy(what);
    setNotice(null);
    try {
      await change();
      setNotice({ ok: true, text: okText });
      onChanged();
    } catch (error) {
      setNotice({ ok: false, text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  const unbind = async () => {
    const { confirm } = await Taro.showModal({
      title: '解除绑定手机号',
      content:
        '解除后我们会删除你的手机号，员工无法再用它找到你，店铺用这个手机号导入的新订单也不会再计入你的积分。已计入的订单不受影响，之后可以重新绑定。',
      confirmText: '解除绑定',
      confirmColor: '#c0392b',
    });
    if (confirm) await run('phone', unbindPhone, '已解除绑定，手机号已删除');
  };

  const marketingOn = consents.personalisedMarketing.on;
  return (
    <View className="privacy-section" data-testid="my-consents">
      <Text className="cells__title">我的授权</Text>
      <View className="cells">
        <View className="cell consent-row" data-testid="consent-policy" onClick={go('/pages/privacy-policy/index')}>
          <View className="consent-row__text">
            <Text className="cell__label">隐私政策</Text>
            <Text className="muted" data-testid="consent-policy-value">
              {policyConsentText(consents.policy)}
            </Text>
          </View>
          <Text className="cell__value cell__arrow">查看</Text>
        </View>

        <View className="cell consent-row" data-testid="consent-phone">
          <View className="consent-row__text">
            <Text className="cell__label">手机号</Text>
            <Text className="muted" data-testid="consent-phone-value">
              {phoneConsentText(consents.phone)}
            </Text>
          </View>
          {consents.phone.phoneMasked ? (
            <Button
              className="btn btn--ghost consent-row__button"
              data-testid="phone-unbind"
              {...whileBusy(busy === 'phone')}
              onClick={unbind}
            >
              解除绑定
            </Button>
          ) : (
            <Text className="cell__value cell__arrow" data-testid="phone-bind-link" onClick={go('/pages/profile/index')}>
              去绑定
            </Text>
          )}
        </View>

        <View className="cell consent-row" data-testid="consent-marketing">
          <View className="consent-row__text">
            <Text className="cell__label">个性化推荐</Text>
            <Text className="muted">
              根据你的订单和会员信息挑选优惠、拼团和关怀消息。关闭后不再用于推荐，订单、积分和投诉等服务通知照常发送。
            </Text>
          </View>
          <Switch
            className="consent-row__switch"
            data-testid="marketing-switch"
            checked={marketingOn}
            color="#1f6f4a"
            {...disabledWhen(busy === 'marketing')}
            onChange={(event) => {
              const on = Boolean(event.detail.value);
              void run('marketing', () => updateProfile({ marketingOptOut: !on }), on ? '已开启个性化推荐' : '已关闭个性化推荐');
            }}
          />
        </View>

        <View className="cell consent-row" data-testid="consent-subscriptions" onClick={go('/pages/message-settings/index')}>
          <View className="consent-row__text">
            <Text className="cell__label">订阅消息</Text>
            <Text className="muted" data-testid="consent-subscriptions-value">
              {subscriptionsConsentText(consents.subscriptions)}
            </Text>
          </View>
          <Text className="cell__value cell__arrow">消息设置</Text>
        </View>

        <View className="cell consent-row" data-testid="withdraw-policy" onClick={go(ACCOUNT_DELETION_PAGE)}>
          <View className="consent-row__text">
            <Text className="cell__label">撤回隐私政策同意</Text>
            <Text className="muted">撤回即不再使用会员服务，需要注销账户</Text>
          </View>
          <Text className="cell__value cell__arrow">注销账户</Text>
        </View>
      </View>
      {notice && (
        <Text className={`notice ${notice.ok ? 'notice--ok' : 'notice--error'}`} data-testid="consents-notice">
          {notice.text}
        </Text>
      )}
      <Text className="cells__title">授权记录</Text>
      <View className="cells" data-testid="consent-ledger">
        {consents.ledger.length === 0 ? (
          <View className="cell">
            <Text className="muted">还没有授权记录</Text>
          </View>
        ) : (
          consents.ledger.map((entry) => (
            <View key={`${entry.at}#${entry.kind}#${entry.action}`} className="cell ledger-entry" data-testid="ledger-entry">
              <Text className="ledger-entry__what">{consentEntryText(entry)}</Text>
              <Text className="muted">{formatShanghaiDateTime(entry.at)}</Text>
            </View>
          ))
        )}
      </View>
    </View>
  );
}

/**
 * 微信隐私授权: WeChat's own privacy guide for this mini-program — whether it still waits for the user's
 * agreement, its name (which opens it), and agreeing now. Not shown where WeChat has no privacy APIs
 * (H5, or a base library before 2.32.3).
 */
function WechatPrivacy() {
  const [setting, setSetting] = useState<PrivacySetting | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const read = () => void readPrivacySetting().then(setSetting);
  useEffect(read, []);
  if (!setting) return null;

  const agreeNow = async () => {
    setNotice(null);
    // WeChat raises the popup below when the guide still waits for agreement.
    const agreed = await requirePrivacyAuthorize();
    setNotice(agreed ? { ok: true, text: '已同意隐私保护指引' } : { ok: false, text: '你没有同意，使用手机号、头像和照片前会再次询问' });
    read();
  };
  const openGuide = async () => {
    if (!(await openPrivacyContract())) setNotice({ ok: false, text: '暂时无法打开，请稍后再试' });
  };

  return (
    <View className="privacy-section" data-testid="wechat-privacy">
      <Text className="cells__title">微信隐私授权</Text>
      <View className="cells">
        <View className="cell consent-row" data-testid="privacy-guide" onClick={() => void openGuide()}>
          <View className="consent-row__text">
            <Text className="cell__label">隐私保护指引</Text>
            <Text className="privacy-link" data-testid="privacy-guide-name">
              {setting.contractName || '《用户隐私保护指引》'}
            </Text>
          </View>
          <Text className="cell__value cell__arrow">查看</Text>
        </View>
        <View className="cell consent-row" data-testid="privacy-guide-state">
          <View className="consent-row__text">
            <Text className="cell__label">授权状态</Text>
            <Text className="muted" data-testid="privacy-guide-state-value">
              {setting.needAuthorization ? '尚未同意：使用手机号、头像、照片或收货地址前会先请你同意' : '无需再次同意'}
            </Text>
          </View>
          {setting.needAuthorization && (
            <Button className="btn btn--ghost consent-row__button" data-testid="privacy-guide-agree" onClick={() => void agreeNow()}>
              去同意
            </Button>
          )}
        </View>
      </View>
      {notice && (
        <Text className={`notice ${notice.ok ? 'notice--ok' : 'notice--error'}`} data-testid="wechat-privacy-notice">
          {notice.text}
        </Text>
      )}
      <PrivacyAuthorizationPopup />
    </View>
  );
}

/** 我的权利: a copy of my data, corrections, requests that need a person, and leaving. */
function MyRights() {
  const links = [
    { testId: 'link-export', label: '导出我的数据', hint: '下载一份我的全部数据', url: '/pages/privacy-export/index' },
    { testId: 'link-correct', label: '更正我的资料', hint: '昵称、头像、生日、手机号', url: '/pages/profile/index' },
    { testId: 'link-requests', label: '数据请求', hint: '需要人工处理的查询、更正或删除', url: '/pages/privacy-requests/index' },
    { testId: 'link-delete', label: '注销账户', hint: '删除我的个人信息', url: ACCOUNT_DELETION_PAGE },
  ];
  return (
    <View className="privacy-section" data-testid="my-rights">
      <Text className="cells__title">我的权利</Text>
      <View className="cells">
        {links.map((link) => (
          <View key={link.testId} className="cell" data-testid={link.testId} onClick={go(link.url)}>
            <Text className="cell__label">{link.label}</Text>
            <Text className="cell__value cell__arrow">{link.hint}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
