import { Button, Input, Text, View } from '@tarojs/components';
import { getSurveySettings, saveSurveySettings, type StoredSurveySettings } from '@/api/staff-surveys';
import { disabledWhen, whileBusy } from '@/components/button-state';
import {
  FOLLOW_UP_ASSIGN_HINTS,
  FOLLOW_UP_ASSIGN_NAMES,
  formToSettings,
  issuesToErrors,
  settingsToForm,
  type FollowUpAssign,
} from '@/staff/survey-settings-form';
import { StaffFrame } from '@/staff/staff-frame';
import { useVersionedSettingsEditor } from '@/staff/versioned-settings-editor';
import { VersionedSettingsPage, type VersionedSettingsEditorProps } from '@/staff/versioned-settings-page';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';
import '@/staff/surveys.css';

/** 问卷设置: the recontact limit over every survey, and how 回访 tasks are assigned and timed (admins change, supervisors read). */
export default function SurveySettingsPage() {
  return (
    <StaffFrame title="问卷设置">
      <VersionedSettingsPage
        load={getSurveySettings}
        loadingRows={4}
        forbiddenText="问卷设置仅限主管和管理员查看"
        testId="survey-settings"
        intro="这些设置对所有问卷生效。低分回答（推荐意愿 0–6 分、满意度 1–2 分）会自动生成回访任务，进入投诉工单台处理。"
        readOnlyTestId="survey-settings-readonly"
        readOnlyText="仅管理员可以修改问卷设置，您可以查看当前设置。"
        Editor={SettingsEditor}
      />
    </StaffFrame>
  );
}

const ASSIGN_CHOICES: readonly FollowUpAssign[] = ['complaint-owner', 'queue'];

function SettingsEditor({ stored, readOnly, onSaved, onReload }: VersionedSettingsEditorProps<StoredSurveySettings>) {
  const { values, errors, failure, busy, change, submit } = useVersionedSettingsEditor({
    stored,
    readOnly,
    toForm: settingsToForm,
    validate: (form) => formToSettings(form, stored),
    save: (checked) => saveSurveySettings(checked.settings),
    onSaved,
    issuesToErrors,
    conflictText: '问卷设置已被他人修改，请重新加载后再改',
  });
  return (
    <View className="survey-settings-form" data-testid="survey-settings-form">
      <View className="card">
        <Text className="card__title">再次邀请间隔</Text>
        <View className="care-line">
          <Text className="care-words">同一位会员两次被邀请填写问卷至少间隔</Text>
          <Input
            className="field care-input--short survey-settings-recontactDays"
            data-testid="survey-settings-recontactDays"
            type="number"
            value={values.recontactDays}
            {...disabledWhen(readOnly)}
            onInput={(event) => change({ recontactDays: event.detail.value }, 'recontactDays')}
          />
          <Text className="care-words">天</Text>
        </View>
        {errors.recontactDays && <Text className="care-error">{errors.recontactDays}</Text>}
        <Text className="muted care-hint">
          对首页卡片和关怀消息中的问卷邀请生效；单份问卷可以另设间隔。会员自己通过链接或小程序码打开问卷不受限制。
        </Text>
      </View>

      <View className="card">
        <Text className="card__title">回访任务</Text>
        <Text className="care-row__label">分配方式</Text>
        <View className="segment-chips survey-settings-assign" data-testid="survey-settings-assign">
          {ASSIGN_CHOICES.map((assign) => (
            <Text
              key={assign}
              className={`segment-chip survey-settings-assign-${assign} ${values.assign === assign ? 'segment-chip--on' : ''}`}
              data-testid={`survey-settings-assign-${assign}`}
              onClick={() => change({ assign }, 'assign')}
            >
              {FOLLOW_UP_ASSIGN_NAMES[assign]}
            </Text>
          ))}
        </View>
        <Text className="muted care-hint">{FOLLOW_UP_ASSIGN_HINTS[values.assign]}</Text>
        <View className="care-line">
          <Text className="care-words">回访时限</Text>
          <Input
            className="field care-input--short survey-settings-slaHours"
            data-testid="survey-settings-slaHours"
            type="number"
            value={values.slaHours}
            {...disabledWhen(readOnly)}
            onInput={(event) => change({ slaHours: event.detail.value }, 'slaHours')}
          />
          <Text className="care-words">个工作小时内记录回访结果</Text>
        </View>
        {errors.slaHours && <Text className="care-error">{errors.slaHours}</Text>}
        <Text className="muted care-hint">按「投诉设置」中的工作时间计算，与投诉工单的时限规则相同。</Text>
      </View>

      {failure && (
        <View className="tiers-failure">
          <Text className="notice notice--error survey-settings-error" data-testid="survey-settings-error">
            {failure.text}
          </Text>
          {failure.conflict && (
            <Button
              className="btn btn--ghost tiers-reload survey-settings-reload"
              data-testid="survey-settings-reload"
              {...disabledWhen(busy)}
              onClick={onReload}
            >
              重新加载
            </Button>
          )}
        </View>
      )}
      {errors.form && <Text className="notice notice--error">{errors.form}</Text>}
      {!readOnly && (
        <Button
          className="btn btn--primary care-save survey-settings-save"
          data-testid="survey-settings-save"
          {...whileBusy(busy)}
          onClick={() => void submit()}
        >
          保存
        </Button>
      )}
    </View>
  );
}
