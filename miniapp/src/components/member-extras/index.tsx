import { useState } from 'react';
import { Button, Picker, Text, View } from '@tarojs/components';
import type { MemberView } from '@linli/shared/members';
import { bindPhone, reportSubscriptions, updateProfile } from '@/api/linli';
import { errorText } from '@/api/errors';
import { platform } from '@/platform';
import { birthdayFromPicker, formatBirthday } from '@/format/birthday';
import { shanghaiToday } from '@/format/time';
import {
  GUARDIAN_CONSENT_EXPLANATION,
  GUARDIAN_RELATIONS,
  GUARDIAN_RELATION_ZH,
  isUnderGuardianAge,
  type GuardianRelation,
} from '@linli/shared/minors';
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

/**
 * Birthday as a date picker; only MM-DD is sent (see birthdayFromPicker) — unless the date shows a child
 * under 14 (PIPL Arts. 28, 31): then the whole date is needed to know when the child turns 14, and it is
 * saved only once a parent or guardian confirms their consent in the step this opens.
 */
export function BirthdayField({ member, onSaved }: { member: MemberView; onSaved: (member: MemberView) => void }) {
  const { notice, busy, run } = useProfileSave(onSaved);
  // A child's date waiting for the guardian's confirmation: nothing is saved until then.
  const [childDate, setChildDate] = useState<string | null>(null);
  const pickerValue = member.birthday ? (member.birthday.length === 5 ? `2000-${member.birthday}` : member.birthday) : '2000-01-01';

  const save = (value: string) => {
    if (isUnderGuardianAge(value, shanghaiToday(new Date()))) return setChildDate(value);
    setChildDate(null);
    return run(() => updateProfile({ birthday: birthdayFromPicker(value) }), '生日已保存');
  };

  return (
    <View>
      <Picker
        className="extras__birthday-picker"
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
      {member.minor && !childDate && (
        <Text className="muted extras__explain extras__minor" data-testid="birthday-minor">
          已获监护人同意，孩子的信息按敏感个人信息保护
        </Text>
      )}
      {childDate && (
        <GuardianConsentStep
          busy={busy}
          onCancel={() => setChildDate(null)}
          onConfirm={(guardianRelation) =>
            run(async () => {
              const saved = await updateProfile({ birthday: childDate, guardianConsent: { confirmed: true, guardianRelation } });
              setChildDate(null);
              return saved;
            }, '生日已保存，已记录监护人同意')
          }
        />
      )}
      <NoticeText notice={notice} testId="birthday-notice" />
    </View>
  );
}

/** The guardian's separate confirmation for a child's birthday: who they are, and that they agree. */
function GuardianConsentStep({
  busy,
  onConfirm,
  onCancel,
}: {
  busy: boolean;
  onConfirm: (relation: GuardianRelation) => void;
  onCancel: () => void;
}) {
  const [relation, setRelation] = useState<GuardianRelation | null>(null);
  const [agreed, setAgreed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const confirm = () => {
    if (!relation) return setProblem('请选择你与孩子的关系');
    if (!agreed) return setProblem('请由监护人勾选同意后再保存');
    setProblem(null);
    onConfirm(relation);
  };
  return (
    <View className="extras__guardian" data-testid="guardian-step">
      <Text className="extras__guardian-title">需要监护人同意</Text>
      <Text className="muted extras__explain">{GUARDIAN_CONSENT_EXPLANATION}</Text>
      <View className="extras__guardian-choices">
        {GUARDIAN_RELATIONS.map((option) => (
          <Text
            key={option}
            className={`extras__guardian-choice extras__guardian-choice--${option} ${relation === option ? 'extras__guardian-choice--on' : ''}`}
            data-testid={`guardian-relation-${option}`}
            onClick={() => setRelation(option)}
          >
            {GUARDIAN_RELATION_ZH[option]}
          </Text>
        ))}
      </View>
      <View className="extras__guardian-agree" data-testid="guardian-agree" onClick={() => setAgreed(!agreed)}>
        <Text className={`extras__guardian-box ${agreed ? 'extras__guardian-box--on' : ''}`}>{agreed ? '✓' : ''}</Text>
        <Text className="extras__guardian-agree-text">我是孩子的父母或其他监护人，已阅读隐私政策，同意店铺处理孩子的生日信息</Text>
      </View>
      {problem && (
        <Text className="notice notice--error extras__guardian-problem" data-testid="guardian-problem">
          {problem}
        </Text>
      )}
      <Button className="btn btn--primary extras__guardian-confirm" data-testid="guardian-confirm" {...whileBusy(busy)} onClick={confirm}>
        监护人确认并保存
      </Button>
      <Button className="btn btn--plain" data-testid="guardian-cancel" onClick={onCancel}>
        取消
      </Button>
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
