import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { getCareSettings, saveCareSettings, type CareSettings } from '@/api/care';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { shanghaiToday } from '@/format/time';
import {
  formToSettings,
  issuesToErrors,
  MAX_SELLER_OCCASIONS,
  newOccasionRow,
  OCCASION_NAME_MAX_CHARS,
  SHOP_NAME_MAX_CHARS,
  occasionWhenText,
  settingsToForm,
  type OccasionRow,
} from '@/staff/care-settings-form';
import { StaffFrame } from '@/staff/staff-frame';
import { useVersionedSettingsEditor } from '@/staff/versioned-settings-editor';
import { VersionedSettingsPage, type VersionedSettingsEditorProps } from '@/staff/versioned-settings-page';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';

/** 发送设置: the caps and quiet hours over every care rule, the shop's name in messages and the seller's own dates (admins change, supervisors read). */
export default function CareSettingsPage() {
  return (
    <StaffFrame title="发送设置">
      <VersionedSettingsPage
        load={getCareSettings}
        loadingRows={5}
        forbiddenText="发送设置仅限主管和管理员查看"
        testId="care-settings"
        intro="这些设置对所有关怀计划生效。发送频率上限只限制营销类关怀消息；积分到期、等级变化、投诉进展等服务通知不受限制。"
        readOnlyTestId="care-settings-readonly"
        readOnlyText="仅管理员可以修改发送设置，您可以查看当前设置。"
        Editor={SettingsEditor}
      />
    </StaffFrame>
  );
}

function SettingsEditor({ stored, readOnly, onSaved, onReload }: VersionedSettingsEditorProps<CareSettings>) {
  const { values, errors, failure, busy, edit, change, submit } = useVersionedSettingsEditor({
    stored,
    readOnly,
    toForm: settingsToForm,
    validate: formToSettings,
    save: (checked) => saveCareSettings(checked.settings),
    onSaved,
    issuesToErrors,
    conflictText: '发送设置已被他人修改，请重新加载后再改',
  });
  const setOccasion = (index: number, patch: Partial<OccasionRow>) =>
    change(
      { occasions: values.occasions.map((row, i) => (i === index ? { ...row, ...patch } : row)) },
      `occasions.${index}.name`,
      `occasions.${index}.date`,
    );
  // Adding or removing moves the dates after it: problems by index would point at the wrong rows.
  const setOccasions = (occasions: OccasionRow[]) => edit({ occasions }, (place) => place.startsWith('occasions'), { keepFailure: true });

  const today = shanghaiToday(new Date());
  return (
    <View className="care-settings-form" data-testid="care-settings-form">
      <View className="card">
        <Text className="card__title">店铺名称</Text>
        <Input
          className="field care-input--wide care-settings--shopName"
          data-testid="care-settings-shopName"
          placeholder="如 邻里生鲜"
          maxlength={SHOP_NAME_MAX_CHARS}
          value={values.shopName}
          {...disabledWhen(readOnly)}
          onInput={(event) => change({ shopName: event.detail.value }, 'shopName')}
        />
        {errors.shopName && <Text className="care-error">{errors.shopName}</Text>}
        <Text className="muted care-hint">关怀消息中的 {'{店铺名}'} 显示为这个名称。</Text>
      </View>

      <View className="card">
        <Text className="card__title">发送频率上限</Text>
        <CapRow
          label="每位会员每天最多"
          name="dailyCap"
          value={values.dailyCap}
          error={errors.dailyCap}
          readOnly={readOnly}
          onInput={(dailyCap) => change({ dailyCap }, 'dailyCap', 'weeklyCap')}
        />
        <CapRow
          label="每位会员每周最多"
          name="weeklyCap"
          value={values.weeklyCap}
          error={errors.weeklyCap}
          readOnly={readOnly}
          onInput={(weeklyCap) => change({ weeklyCap }, 'weeklyCap')}
        />
        <Text className="muted care-hint">每周从周一算起。同一天到期的关怀消息超过上限时，优先级高的先发，其余记为未发送。</Text>
      </View>

      <View className="card">
        <Text className="card__title">免打扰时段</Text>
        <View className="care-line care-quiet">
          <Picker
            mode="time"
            value={values.quietStart}
            disabled={readOnly}
            onChange={(event) => change({ quietStart: String(event.detail.value) }, 'quietHours')}
          >
            <Text className="segment-chip segment-chip--on care-time" data-testid="care-quiet-start">
              {values.quietStart}
            </Text>
          </Picker>
          <Text className="care-words">至</Text>
          <Picker
            mode="time"
            value={values.quietEnd}
            disabled={readOnly}
            onChange={(event) => change({ quietEnd: String(event.detail.value) }, 'quietHours')}
          >
            <Text className="segment-chip segment-chip--on care-time" data-testid="care-quiet-end">
              {values.quietEnd}
            </Text>
          </Picker>
        </View>
        {errors.quietHours && <Text className="care-error">{errors.quietHours}</Text>}
        <Text className="muted care-hint">
          北京时间，可跨过午夜（如 21:00 至次日 09:00）。这段时间不发送，到期的消息顺延到结束后，过了各计划的有效时长就不再发送。
        </Text>
      </View>

      <View className="card">
        <Text className="card__title">店铺自定义日期</Text>
        <Text className="muted care-hint">店庆、会员日等，添加后可在关怀计划的「节日」中选择。</Text>
        {values.occasions.length === 0 && <Text className="muted care-hint">还没有自定义日期</Text>}
        {values.occasions.map((row, index) => (
          <View key={row.id} className="care-occasion" data-testid="care-occasion">
            <View className="care-line">
              <Input
                className="field care-input--short care-occasion__name"
                data-testid="care-occasion-name"
                placeholder="名称，如 店庆"
                maxlength={OCCASION_NAME_MAX_CHARS}
                value={row.name}
                {...disabledWhen(readOnly)}
                onInput={(event) => setOccasion(index, { name: event.detail.value })}
              />
              {!readOnly && (
                <Text
                  className="segment-link segment-link--danger"
                  data-testid="care-occasion-remove"
                  onClick={() => setOccasions(values.occasions.filter((_, i) => i !== index))}
                >
                  删除
                </Text>
              )}
            </View>
            {errors[`occasions.${index}.name`] && <Text className="care-error">{errors[`occasions.${index}.name`]}</Text>}
            <View className="care-line">
              <Text
                className={`segment-chip ${row.repeat === 'yearly' ? 'segment-chip--on' : ''}`}
                data-testid="care-occasion-yearly"
                onClick={() => setOccasion(index, { repeat: 'yearly' })}
              >
                每年
              </Text>
              <Text
                className={`segment-chip ${row.repeat === 'once' ? 'segment-chip--on' : ''}`}
                data-testid="care-occasion-once"
                onClick={() => setOccasion(index, { repeat: 'once' })}
              >
                仅一次
              </Text>
              <Picker
                mode="date"
                // A yearly date is picked in a leap year, so 2月29日 can be chosen.
                value={row.repeat === 'yearly' ? `2024-${row.monthDay || '01-01'}` : row.date || today}
                start={row.repeat === 'yearly' ? '2024-01-01' : today}
                end={row.repeat === 'yearly' ? '2024-12-31' : undefined}
                disabled={readOnly}
                onChange={(event) => {
                  const picked = String(event.detail.value);
                  setOccasion(index, row.repeat === 'yearly' ? { monthDay: picked.slice(5) } : { date: picked });
                }}
              >
                <Text className="segment-chip care-occasion__when" data-testid="care-occasion-date">
                  {(row.repeat === 'yearly' ? row.monthDay : row.date) ? occasionWhenText(row) : '选择日期'}
                </Text>
              </Picker>
            </View>
            {errors[`occasions.${index}.date`] && <Text className="care-error">{errors[`occasions.${index}.date`]}</Text>}
          </View>
        ))}
        {errors.occasions && <Text className="care-error">{errors.occasions}</Text>}
        {!readOnly && (
          <Button
            className="btn btn--ghost care-add-field"
            data-testid="care-occasion-add"
            {...disabledWhen(busy || values.occasions.length >= MAX_SELLER_OCCASIONS)}
            onClick={() => setOccasions([...values.occasions, newOccasionRow()])}
          >
            {values.occasions.length >= MAX_SELLER_OCCASIONS ? `最多 ${MAX_SELLER_OCCASIONS} 个日期` : '＋ 添加日期'}
          </Button>
        )}
      </View>

      {failure && (
        <View className="tiers-failure">
          <Text className="notice notice--error" data-testid="care-settings-error">
            {failure.text}
          </Text>
          {failure.conflict && (
            <Button className="btn btn--ghost tiers-reload" data-testid="care-settings-reload" {...disabledWhen(busy)} onClick={onReload}>
              重新加载
            </Button>
          )}
        </View>
      )}
      {errors.form && <Text className="notice notice--error">{errors.form}</Text>}
      {!readOnly && (
        <Button className="btn btn--primary care-save" data-testid="care-settings-save" {...whileBusy(busy)} onClick={() => void submit()}>
          保存
        </Button>
      )}
    </View>
  );
}

function CapRow(props: {
  label: string;
  name: string;
  value: string;
  error?: string;
  readOnly: boolean;
  onInput: (value: string) => void;
}) {
  return (
    <View className="care-row">
      <View className="care-line">
        <Text className="care-words">{props.label}</Text>
        <Input
          className={`field care-input--short care-settings--${props.name}`}
          data-testid={`care-settings-${props.name}`}
          type="number"
          value={props.value}
          {...disabledWhen(props.readOnly)}
          onInput={(event) => props.onInput(event.detail.value)}
        />
        <Text className="care-words">条</Text>
      </View>
      {props.error && <Text className="care-error">{props.error}</Text>}
    </View>
  );
}
