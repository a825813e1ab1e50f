import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { SeasonalCalendar } from '@linli/shared/seasonal-tips';
import { getSeasonalCalendar, saveSeasonalCalendar } from '@/api/care';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { shanghaiToday } from '@/format/time';
import { occasionWhenText } from '@/staff/care-settings-form';
import {
  calendarToForm,
  categoryToAdd,
  formToTips,
  issuesToErrors,
  MAX_SEASONAL_TIPS,
  MAX_TIP_CATEGORIES,
  newTipRow,
  TIP_NAME_MAX_CHARS,
  type SeasonalErrors,
  type TipRow,
} from '@/staff/seasonal-calendar-form';
import { StaffFrame } from '@/staff/staff-frame';
import { useVersionedSettingsEditor } from '@/staff/versioned-settings-editor';
import { VersionedSettingsPage, type VersionedSettingsEditorProps } from '@/staff/versioned-settings-page';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';

/** 时令日历: the seller's seasonal tips, each for some categories on a day of every year or once (admins change, supervisors read). */
export default function CareSeasonalPage() {
  return (
    <StaffFrame title="时令日历">
      <VersionedSettingsPage
        load={getSeasonalCalendar}
        loadingRows={4}
        forbiddenText="时令日历仅限主管和管理员查看"
        testId="care-seasonal-page"
        intro="按品类写时令推荐（如 时令水果上市），在关怀计划中选「时令推荐」，到了日子就发给近期买过这些品类的会员，每人每次一条。"
        readOnlyTestId="care-seasonal-readonly"
        readOnlyText="仅管理员可以修改时令日历，您可以查看。"
        Editor={CalendarEditor}
      />
    </StaffFrame>
  );
}

function CalendarEditor({ stored, readOnly, onSaved, onReload }: VersionedSettingsEditorProps<SeasonalCalendar>) {
  const { values, errors, failure, busy, edit, change, submit } = useVersionedSettingsEditor({
    stored,
    readOnly,
    toForm: calendarToForm,
    validate: formToTips,
    save: (checked, form) => saveSeasonalCalendar(checked.tips, form.version),
    onSaved,
    issuesToErrors,
    conflictText: '时令日历已被他人修改，请重新加载后再改',
    // A problem with the list as a whole (too many tips) has no row to stand under.
    failureText: (problems) => problems.tips,
  });

  const setTip = (index: number, patch: Partial<TipRow>, ...places: string[]) =>
    change(
      (previous) => ({ tips: previous.tips.map((row, i) => (i === index ? { ...row, ...patch } : row)) }),
      ...places.map((place) => `tips.${index}.${place}`),
    );
  // Adding or removing moves the tips after it: problems by index would point at the wrong rows.
  const setTips = (tips: TipRow[]) => edit({ tips }, () => true);

  return (
    <View data-testid="care-seasonal-form">
      <View className="card">
        <Text className="card__title">时令推荐</Text>
        {values.tips.length === 0 && (
          <Text className="muted care-hint care-seasonal__none" data-testid="care-seasonal-none">
            还没有时令推荐。{readOnly ? '' : '点「添加时令推荐」写第一条，如 每年 6月1日 时令水果上市，发给近一年买过水果的会员。'}
          </Text>
        )}
        {values.tips.map((row, index) => (
          <TipEditor
            key={row.id}
            row={row}
            index={index}
            errors={errors}
            suggested={stored.categories}
            readOnly={readOnly}
            onChange={(patch, ...places) => setTip(index, patch, ...places)}
            onRemove={() => setTips(values.tips.filter((_, i) => i !== index))}
          />
        ))}
        {!readOnly && (
          <Button
            className="btn btn--ghost care-add-field"
            data-testid="care-seasonal-add"
            {...disabledWhen(busy || values.tips.length >= MAX_SEASONAL_TIPS)}
            onClick={() => setTips([...values.tips, newTipRow()])}
          >
            {values.tips.length >= MAX_SEASONAL_TIPS ? `最多 ${MAX_SEASONAL_TIPS} 条` : '＋ 添加时令推荐'}
          </Button>
        )}
      </View>

      {failure && (
        <View className="tiers-failure">
          <Text className="notice notice--error care-seasonal__error" data-testid="care-seasonal-error">
            {failure.text}
          </Text>
          {failure.conflict && (
            <Button className="btn btn--ghost tiers-reload" data-testid="care-seasonal-reload" {...disabledWhen(busy)} onClick={onReload}>
              重新加载
            </Button>
          )}
        </View>
      )}
      {!readOnly && (
        <Button className="btn btn--primary care-save" data-testid="care-seasonal-save" {...whileBusy(busy)} onClick={() => void submit()}>
          保存
        </Button>
      )}
    </View>
  );
}

function TipEditor({
  row,
  index,
  errors,
  suggested,
  readOnly,
  onChange,
  onRemove,
}: {
  row: TipRow;
  index: number;
  errors: SeasonalErrors;
  suggested: readonly string[];
  readOnly: boolean;
  onChange: (patch: Partial<TipRow>, ...places: string[]) => void;
  onRemove: () => void;
}) {
  const [typed, setTyped] = useState('');
  const today = shanghaiToday(new Date());
  const add = (text: string) => {
    const category = categoryToAdd(row, text);
    if (category === null) return;
    onChange({ categories: [...row.categories, category] }, 'categories');
    setTyped('');
  };
  const error = (field: string) => {
    const text = errors[`tips.${index}.${field}`];
    return text ? <Text className="care-error">{text}</Text> : null;
  };
  const offered = suggested.filter((category) => !row.categories.includes(category)).slice(0, 12);
  return (
    <View className="care-occasion" data-testid="care-seasonal-tip-row">
      <View className="care-line">
        <Input
          className="field care-input--short care-occasion__name"
          data-testid="care-seasonal-name"
          placeholder="名称，如 时令水果上市"
          maxlength={TIP_NAME_MAX_CHARS}
          value={row.name}
          {...disabledWhen(readOnly)}
          onInput={(event) => onChange({ name: event.detail.value }, 'name')}
        />
        {!readOnly && (
          <Text className="segment-link segment-link--danger care-seasonal__remove" data-testid="care-seasonal-remove" onClick={onRemove}>
            删除
          </Text>
        )}
      </View>
      {error('name')}
      <View className="care-line">
        <Text
          className={`segment-chip ${row.repeat === 'yearly' ? 'segment-chip--on' : ''}`}
          data-testid="care-seasonal-yearly"
          onClick={() => onChange({ repeat: 'yearly' }, 'date')}
        >
          每年
        </Text>
        <Text
          className={`segment-chip ${row.repeat === 'once' ? 'segment-chip--on' : ''}`}
          data-testid="care-seasonal-once"
          onClick={() => onChange({ repeat: 'once' }, 'date')}
        >
          仅一次
        </Text>
        <Picker
          className="care-seasonal__picker"
          mode="date"
          // A yearly date is picked in a leap year, so 2月29日 can be chosen (平年在 2月28日).
          value={row.repeat === 'yearly' ? `2024-${row.monthDay || '01-01'}` : row.date || today}
          start={row.repeat === 'yearly' ? '2024-01-01' : today}
          end={row.repeat === 'yearly' ? '2024-12-31' : undefined}
          disabled={readOnly}
          onChange={(event) => {
            const picked = String(event.detail.value);
            onChange(row.repeat === 'yearly' ? { monthDay: picked.slice(5) } : { date: picked }, 'date');
          }}
        >
          <Text className="segment-chip care-occasion__when" data-testid="care-seasonal-date">
            {(row.repeat === 'yearly' ? row.monthDay : row.date) ? occasionWhenText(row) : '选择日期'}
          </Text>
        </Picker>
      </View>
      {error('date')}
      {row.nextDate && (
        <Text className="muted care-hint" data-testid="care-seasonal-next">
          {`下一次：${occasionWhenText({ repeat: 'once', monthDay: '', date: row.nextDate })}`}
        </Text>
      )}

      <Text className="segment-filter__title">发给买过这些品类的会员</Text>
      <View className="segment-chips" data-testid="care-seasonal-categories">
        {row.categories.length === 0 && <Text className="muted care-hint">还没有选品类</Text>}
        {row.categories.map((category) => (
          <Text
            key={category}
            className="segment-chip segment-chip--on care-seasonal__category"
            data-testid="care-seasonal-category"
            onClick={() => onChange({ categories: row.categories.filter((other) => other !== category) }, 'categories')}
          >
            {readOnly ? category : `${category} ×`}
          </Text>
        ))}
      </View>
      {!readOnly && row.categories.length < MAX_TIP_CATEGORIES && (
        <>
          {offered.length > 0 && (
            <View className="segment-chips" data-testid="care-seasonal-suggested">
              {offered.map((category) => (
                <Text
                  key={category}
                  className="segment-chip care-seasonal__suggestion"
                  data-testid="care-seasonal-suggestion"
                  onClick={() => add(category)}
                >
                  {`＋ ${category}`}
                </Text>
              ))}
            </View>
          )}
          <View className="care-line">
            <Input
              className="field care-input--short care-seasonal__category-input"
              data-testid="care-seasonal-category-input"
              placeholder="输入品类，如 水果"
              maxlength={64}
              value={typed}
              onInput={(event) => setTyped(event.detail.value)}
              onConfirm={() => add(typed)}
            />
            <Text
              className="segment-action care-seasonal__category-add"
              data-testid="care-seasonal-category-add"
              onClick={() => add(typed)}
            >
              添加
            </Text>
          </View>
        </>
      )}
      {error('categories')}
      <View className="care-line">
        <Text className="care-words">近</Text>
        <Input
          className="field care-input--short care-seasonal__days"
          data-testid="care-seasonal-days"
          type="number"
          value={row.boughtWithinDays}
          {...disabledWhen(readOnly)}
          onInput={(event) => onChange({ boughtWithinDays: event.detail.value }, 'boughtWithinDays')}
        />
        <Text className="care-words">天内买过</Text>
      </View>
      {error('boughtWithinDays')}
    </View>
  );
}
