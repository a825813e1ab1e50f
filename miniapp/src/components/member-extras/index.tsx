import { useState } from 'react';
import { Button, Picker, Text, View } from '@tarojs/components';
import type { MemberView } from '@linli/shared/members';
import { bindPhone, reportSubscriptions, updateProfile } from '@/api/linli';
import { errorText } from '@/api/errors';
import { platform } from '@/platform';
import { birthdayFromPicker, formatBirthday } from '@/format/birthday';
import { shanghaiToday } from '@/format/time';
import { disabledWhen, whileBusy } from '@/components/button-state';
import './index.css';

type Notice = { tone: 'ok' | 'error'; text: string } | null;

function NoticeText({ notice, testId }: { notice: Notice; testId: string }) {
  if (!notice) return null;
  return (
    <Text className={`notice notice--${notice.tone}`} data-testid={testId}>
      {notice.text}
    </Text>
  );
}

/** Runs one profile change at a time and says how it went, in Chinese. */
function useProfileSave(onSaved: (member: MemberView) => void) {
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const run = async (change: () => Promise<MemberView>, okText: string) => {
    setBusy(true);
    setNotice(null);
    try {
      onSaved(await change());
      setNotice({ tone: 'ok', text: okText });
    } catch (error) {
      setNotice({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  return { notice, busy, run };
}

/** Birthday as a date picker; only MM-DD is sent (see birthdayFromPicker). */
export function BirthdayField({ member, onSaved }: { member: MemberView; onSaved: (member: MemberView) => void }) {
  const { notice, busy, run } = useProfileSave(onSaved);
  const pickerValue = member.birthday ? (member.birthday.length === 5 ? `2000-${member.birthday}` : member.birthday) : '2000-01-01';

  const save = (value: string) => run(() => updateProfile({ birthday: birthdayFromPicker(value) }), '生日已保存');

  return (
    <View>
      <Picker
        mode="date"
        value={pickerValue}
        start="1900-01-01"
        end={shanghaiToday(new Date())}
        {...disabledWhen(busy)}
        onChange={(event) => void save(String(event.detail.value))}
      >
        <View className="cell" data-testid="birthday-picker">
          <Text className="cell__label">生日</Text>
          <Text className="cell__value cell__arrow" data-testid="birthday-value">
            {member.birthday ? formatBirthday(member.birthday) : '未填写'}
          </Text>
        </View>
      </Picker>
      <NoticeText notice={notice} testId="birthday-notice" />
    </View>
  );
}

/** The masked phone, or the platform's way to bind one. */
export function PhoneField({ member, onSaved }: { member: MemberView; onSaved: (member: MemberView) => void }) {
  const { notice, busy, run } = useProfileSave(onSaved);
  const onCode = (code: string) => run(() => bindPhone(code), '手机号已绑定');

  return (
    <View>
      <View className="cell">
        <Text className="cell__label">手机号</Text>
        <Text className="cell__value" data-testid="phone-value">
          {member.phoneMasked ?? '未绑定'}
        </Text>
      </View>
      {!member.phoneMasked && (
        <View className="extras__action">
          <platform.PhoneCapture onCode={onCode} disabled={busy} />
        </View>
      )}
      <NoticeText notice={notice} testId="phone-notice" />
    </View>
  );
}

/** Asks for the birthday-greeting subscribe message and reports the answer to the API. */
export function BirthdayReminder({ templateId }: { templateId: string | undefined }) {
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  if (!templateId) return null;

  const subscribe = async () => {
    // WeChat only shows the dialog from a tap: ask before anything else is awaited.
    const results = await platform.requestSubscribe([templateId]);
    if (results.length === 0) {
      setNotice({ tone: 'error', text: '未能开启提醒，请稍后再试' });
      return;
    }
    setBusy(true);
    try {
      await reportSubscriptions(results);
      const accepted = results.some((entry) => entry.result === 'accept');
      setNotice(
        accepted
          ? { tone: 'ok', text: '已开启生日提醒，生日当天会收到祝福' }
          : { tone: 'error', text: '你没有允许生日提醒，可随时再次开启' },
      );
    } catch (error) {
      setNotice({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="extras__reminder">
      <Text className="cell__label">生日提醒</Text>
      <Text className="muted extras__explain">生日当天通过微信服务通知送上祝福和生日礼。每次允许可收到一次提醒。</Text>
      <Button className="btn btn--ghost" data-testid="subscribe-birthday" {...whileBusy(busy)} onClick={subscribe}>
        生日当天提醒我
      </Button>
      <NoticeText notice={notice} testId="subscribe-notice" />
    </View>
  );
}
