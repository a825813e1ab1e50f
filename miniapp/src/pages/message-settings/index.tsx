import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Picker, Switch, Text, View } from '@tarojs/components';
import type { MessageSettings } from '@linli/shared/care-rules';
import type { MemberView } from '@linli/shared/members';
import { LUNAR_BIRTHDAY_RULES, lunarDateName } from '@linli/shared/lunar-birthday';
import { getClientConfig, getMe, getMessageSettings, reportSubscriptions, updateProfile } from '@/api/linli';
import { errorText } from '@/api/errors';
import { platform } from '@/platform';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { formatBirthday } from '@/format/birthday';
import {
  LUNAR_PICKER_COLUMNS,
  lunarFromPicker,
  lunarPickerValue,
  nextSubscribeBatch,
  subscriptionStatusText,
  templatesPerRequest,
} from '@/format/message-settings';
import './index.css';

type Notice = { ok: boolean; text: string } | null;
type Template = MessageSettings['templates'][number];

const KIND_TEXT: Record<Template['kind'], string> = { service: '服务通知', care: '关怀消息' };

/**
 * 消息设置: the messages the member can subscribe to (WeChat's one-time authorizations: each 允许 lets
 * the shop send that message once), 个性化推荐 on or off, and whether the birthday is kept by the
 * Gregorian or the lunar calendar.
 */
export default function MessageSettingsPage() {
  const settings = useResource(getMessageSettings);
  const me = useResource(getMe);
  const config = useResource(getClientConfig);

  if (settings.state.status === 'loading' || me.state.status === 'loading') return <Loading rows={6} />;
  if (settings.state.status === 'error') return <ErrorState message={settings.state.message} onRetry={settings.reload} />;
  if (me.state.status === 'error') return <ErrorState message={me.state.message} onRetry={me.reload} />;

  const perRequest = templatesPerRequest(config.state.status === 'ready' ? config.state.data : null);
  const onSaved = (member: MemberView) => {
    me.replace(member);
    void settings.reload();
  };

  return (
    <View className="page">
      <Subscriptions templates={settings.state.data.templates} perRequest={perRequest} onReported={() => void settings.reload()} />
      <Recommendations optedOut={settings.state.data.marketingOptOut} onSaved={onSaved} />
      <BirthdayCalendar member={me.state.data} onSaved={onSaved} />
    </View>
  );
}

function Subscriptions(props: { templates: Template[]; perRequest: number; onReported: () => void }) {
  const { templates, perRequest, onReported } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const batch = nextSubscribeBatch(templates, perRequest);

  const ask = async (templateIds: string[], busyKey: string) => {
    // WeChat only shows the dialog straight from a tap: ask before anything else is awaited.
    const results = await platform.requestSubscribe(templateIds);
    if (results.length === 0) return setNotice({ ok: false, text: '未能打开订阅，请稍后再试' });
    setBusy(busyKey);
    try {
      await reportSubscriptions(results);
      onReported();
      const accepted = results.filter((result) => result.result === 'accept').length;
      setNotice(accepted > 0 ? { ok: true, text: `已订阅 ${accepted} 条消息，每条可收到一次` } : { ok: false, text: '你没有允许这些消息' });
    } catch (error) {
      setNotice({ ok: false, text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="settings-section settings-section--subscriptions">
      <Text className="cells__title">订阅消息</Text>
      <Text className="muted settings__intro">微信服务通知每次允许只能收到一次，用完后可在这里再次订阅。</Text>
      {batch.length > 1 && (
        <Button
          className="btn btn--primary settings__all"
          data-testid="subscribe-batch"
          {...whileBusy(busy === 'batch')}
          onClick={() => void ask(batch, 'batch')}
        >
          {`一次订阅 ${batch.length} 条未订阅的消息`}
        </Button>
      )}
      <View className="cells">
        {templates.map((template) => (
          <View key={template.templateId} className="cell settings__row settings__template" data-testid="subscription-row">
            <View className="settings__text">
              <Text className="cell__label">{template.title}</Text>
              <Text className="muted">{KIND_TEXT[template.kind]}</Text>
              <Text className={`settings__left ${template.remaining > 0 ? '' : 'settings__left--off'}`} data-testid="subscription-status">
                {subscriptionStatusText(template.remaining)}
              </Text>
            </View>
            <Button
              className="btn btn--ghost settings__button"
              data-testid="subscribe-one"
              {...whileBusy(busy === template.templateId)}
              onClick={() => void ask([template.templateId], template.templateId)}
            >
              {template.remaining > 0 ? '再订阅一次' : '订阅'}
            </Button>
          </View>
        ))}
      </View>
      {notice && (
        <Text className={`notice ${notice.ok ? 'notice--ok' : 'notice--error'}`} data-testid="subscribe-notice">
          {notice.text}
        </Text>
      )}
    </View>
  );
}

/** Runs one profile change at a time and says how it went. */
function useSave(onSaved: (member: MemberView) => void) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const save = async (change: Parameters<typeof updateProfile>[0], okText: string) => {
    setBusy(true);
    setNotice(null);
    try {
      onSaved(await updateProfile(change));
      setNotice({ ok: true, text: okText });
    } catch (error) {
      setNotice({ ok: false, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, notice, save };
}

function Recommendations({ optedOut, onSaved }: { optedOut: boolean; onSaved: (member: MemberView) => void }) {
  const { busy, notice, save } = useSave(onSaved);
  return (
    <View className="settings-section settings-section--recommendations">
      <Text className="cells__title">个性化推荐</Text>
      <View className="cells">
        <View className="cell settings__row">
          <View className="settings__text">
            <Text className="cell__label">个性化推荐</Text>
            <Text className="muted settings__explain" data-testid="recommendations-explain">
              开启后，我们会根据你的消费和会员信息挑选优惠和关怀消息推荐给你；关闭后不再做这类推荐，订单、积分和投诉等服务通知照常发送。
            </Text>
          </View>
          <Switch
            className="settings__switch"
            data-testid="recommendations-switch"
            checked={!optedOut}
            color="#1f6f4a"
            {...disabledWhen(busy)}
            onChange={(event) => {
              const on = Boolean(event.detail.value);
              void save({ marketingOptOut: !on }, on ? '已开启个性化推荐' : '已关闭个性化推荐');
            }}
          />
        </View>
      </View>
      {notice && (
        <Text className={`notice ${notice.ok ? 'notice--ok' : 'notice--error'}`} data-testid="recommendations-notice">
          {notice.text}
        </Text>
      )}
    </View>
  );
}

function BirthdayCalendar({ member, onSaved }: { member: MemberView; onSaved: (member: MemberView) => void }) {
  const { busy, notice, save } = useSave(onSaved);
  const lunar = member.lunarBirthday ?? null;
  // 农历 is shown as chosen while the member picks a date, before anything is saved.
  const [choosingLunar, setChoosingLunar] = useState(false);
  const showLunar = lunar !== null || choosingLunar;

  // The handlers stay bound while saving (Taro cannot unbind a tap from a <text>): they check `busy` instead.
  const chooseGregorian = () => {
    if (busy) return;
    setChoosingLunar(false);
    if (lunar) void save({ lunarBirthday: null }, '已改为按公历过生日');
  };

  return (
    <View className="settings-section settings-section--birthday">
      <Text className="cells__title">生日</Text>
      <View className="settings__calendar" data-testid="birthday-calendar">
        <Text
          className={`settings__choice settings__gregorian ${showLunar ? '' : 'settings__choice--on'}`}
          data-testid="calendar-gregorian"
          onClick={chooseGregorian}
        >
          公历
        </Text>
        <Text
          className={`settings__choice settings__lunar ${showLunar ? 'settings__choice--on' : ''}`}
          data-testid="calendar-lunar"
          onClick={() => setChoosingLunar(true)}
        >
          农历
        </Text>
      </View>
      <View className="cells">
        {showLunar ? (
          <Picker
            className="settings__lunar-picker"
            mode="multiSelector"
            range={LUNAR_PICKER_COLUMNS}
            value={lunarPickerValue(lunar)}
            {...disabledWhen(busy)}
            onChange={(event) => {
              const chosen = lunarFromPicker(event.detail.value as Array<number | string>);
              void save({ lunarBirthday: chosen }, `已改为按农历${lunarDateName(chosen)}过生日`);
            }}
          >
            <View className="cell" data-testid="lunar-picker">
              <Text className="cell__label">农历生日</Text>
              <Text className="cell__value cell__arrow settings__lunar-value" data-testid="lunar-value">
                {lunar ? lunarDateName(lunar) : '请选择'}
              </Text>
            </View>
          </Picker>
        ) : (
          <View className="cell" data-testid="gregorian-birthday" onClick={() => void Taro.navigateTo({ url: '/pages/profile/index' })}>
            <Text className="cell__label">公历生日</Text>
            <Text className="cell__value cell__arrow">{member.birthday ? formatBirthday(member.birthday) : '去我的资料填写'}</Text>
          </View>
        )}
      </View>
      {showLunar && (
        <View className="settings__rules" data-testid="lunar-rules">
          {LUNAR_BIRTHDAY_RULES.map((rule) => (
            <Text key={rule} className="muted settings__rule">
              {rule}
            </Text>
          ))}
        </View>
      )}
      {notice && (
        <Text className={`notice ${notice.ok ? 'notice--ok' : 'notice--error'}`} data-testid="birthday-notice">
          {notice.text}
        </Text>
      )}
    </View>
  );
}
