import { useRef, useState, type ReactNode } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { COMPLAINT_DESCRIPTION_MAX, type ComplaintDeskSettingsView } from '@linli/shared/complaints';
import { getDeskSettings, saveDeskSettings } from '@/api/linli';
import { ApiError, errorText } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { formatShanghaiDateTime, shanghaiToday } from '@/format/time';
import {
  formToRequest,
  MAX_CATEGORIES,
  MAX_TEMPLATES,
  newCategoryRow,
  settingsToForm,
  type CategoryRow,
  type DeskSettingsErrors,
  type DeskSettingsFormValues,
} from '@/staff/desk-settings-form';
import '@/staff/pages/staff.css';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/complaints/complaints.css';

export default function DeskSettingsPage() {
  return (
    <StaffFrame title="投诉设置">
      <DeskSettingsContent />
    </StaffFrame>
  );
}

/** 投诉设置: categories with their SLA targets, business and quiet hours, the agents' compensation cap, reply templates (supervisors and admins edit). */
function DeskSettingsContent() {
  const settings = useResource(getDeskSettings);
  const [generation, setGeneration] = useState(0);
  const [saved, setSaved] = useState<ComplaintDeskSettingsView | null>(null);
  const roles = loadSession()?.roles ?? [];
  const canEdit = roles.includes('admin') || roles.includes('supervisor');

  const reload = async () => {
    setSaved(null);
    await settings.reload();
    setGeneration((n) => n + 1);
  };
  usePullDownRefresh(async () => {
    await reload();
    Taro.stopPullDownRefresh();
  });

  if (!canEdit) return <Forbidden text="投诉设置仅限主管和管理员使用" />;
  if (settings.state.status === 'loading') return <Loading rows={6} />;
  if (settings.state.status === 'error') return <ErrorState message={settings.state.message} onRetry={() => void reload()} />;
  const current = settings.state.data;
  return (
    <View className="page">
      <View className="card tiers-intro">
        <Text className="tiers-intro__version" data-testid="desk-settings-version">
          {current.version === 0
            ? '当前为默认设置，尚未保存过'
            : `当前版本 ${current.version}${current.updatedAt ? ` · 更新于 ${formatShanghaiDateTime(current.updatedAt)}` : ''}`}
        </Text>
        <Text className="tiers-intro__text">
          时限按工作时间计算：营业时间内、法定工作日（含调休补班），等待客户补充的时间不计。新的时限和营业时间只对保存后提交的投诉生效，已有投诉按提交时的设置计时。
        </Text>
        {Number(shanghaiToday(new Date()).slice(0, 4)) + 1 > current.holidayCalendarThrough && (
          <Text className="notice notice--error" data-testid="desk-settings-calendar">
            法定节假日数据只覆盖到 {current.holidayCalendarThrough}{' '}
            年：之后的日期暂按周一至周五计算工作日。国务院公布新一年的放假安排后，请联系技术人员更新法定节假日数据。
          </Text>
        )}
        <Text className="tiers-intro__text">投诉类型保存后不能删除，只能停用：停用后客户不能再选择，已有投诉和分析报表照常显示。</Text>
      </View>
      <SettingsEditor
        key={`${generation}-${current.version}`}
        settings={current}
        saved={saved}
        onSaved={(next) => {
          settings.replace(next);
          setSaved(next);
          setGeneration((n) => n + 1);
        }}
        onReload={() => void reload()}
      />
    </View>
  );
}

function SettingsEditor({
  settings,
  saved,
  onSaved,
  onReload,
}: {
  settings: ComplaintDeskSettingsView;
  saved: ComplaintDeskSettingsView | null;
  onSaved: (next: ComplaintDeskSettingsView) => void;
  onReload: () => void;
}) {
  const [values, setValues] = useState<DeskSettingsFormValues>(() => settingsToForm(settings));
  const [errors, setErrors] = useState<DeskSettingsErrors>({});
  const [failure, setFailure] = useState<{ text: string; conflict: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  const change = (patch: Partial<DeskSettingsFormValues>) => setValues((previous) => ({ ...previous, ...patch }));
  const setCategory = (index: number, patch: Partial<CategoryRow>) =>
    setValues((previous) => ({ ...previous, categories: previous.categories.map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  const setTemplate = (index: number, patch: Partial<{ title: string; text: string }>) =>
    setValues((previous) => ({ ...previous, templates: previous.templates.map((row, i) => (i === index ? { ...row, ...patch } : row)) }));

  const save = async () => {
    if (busyRef.current) return;
    const checked = formToRequest(values);
    if ('errors' in checked) {
      setErrors(checked.errors);
      setFailure({ text: '请检查标红的项目', conflict: false });
      return;
    }
    setErrors({});
    setFailure(null);
    busyRef.current = true;
    setBusy(true);
    try {
      onSaved(await saveDeskSettings(checked.request));
    } catch (error) {
      setFailure({ text: errorText(error), conflict: error instanceof ApiError && error.code === 'CONFLICT' });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  return (
    <View className="desk-settings" data-testid="desk-settings-form">
      <View className="card">
        <Text className="card__title">投诉类型与时限（工作小时）</Text>
        {errors.categories && <Text className="notice notice--error">{errors.categories}</Text>}
        {values.categories.map((row, index) => (
          <View key={row.code} className="desk-settings__category" data-testid="desk-settings-category">
            <View className="tiers-row__head">
              <Input
                className="field desk-settings__name"
                data-testid="desk-settings-category-name"
                placeholder="类型名称，如 冷链问题"
                maxlength={10}
                value={row.name}
                onInput={(event) => setCategory(index, { name: event.detail.value })}
              />
              <Text
                className={`desk-chip ${row.active ? 'desk-chip--on' : ''}`}
                data-testid="desk-settings-category-active"
                onClick={() => !busy && setCategory(index, { active: !row.active })}
              >
                {row.active ? '启用中' : '已停用'}
              </Text>
              {!row.saved && (
                <Text
                  className="tiers-remove"
                  onClick={() => !busy && change({ categories: values.categories.filter((_, i) => i !== index) })}
                >
                  删除
                </Text>
              )}
            </View>
            <View className="desk-settings__hours">
              <Labeled label="首次响应">
                <Input
                  className="field desk-settings__hour"
                  data-testid="desk-settings-first-response"
                  type="digit"
                  value={row.firstResponseHours}
                  onInput={(event) => setCategory(index, { firstResponseHours: event.detail.value })}
                />
              </Labeled>
              <Labeled label="解决">
                <Input
                  className="field desk-settings__hour"
                  data-testid="desk-settings-resolution"
                  type="digit"
                  value={row.resolutionHours}
                  onInput={(event) => setCategory(index, { resolutionHours: event.detail.value })}
                />
              </Labeled>
            </View>
            {errors[`categories.${index}`] && <Text className="notice notice--error">{errors[`categories.${index}`]}</Text>}
          </View>
        ))}
        <Button
          className="btn btn--ghost"
          data-testid="desk-settings-add-category"
          {...disabledWhen(busy || values.categories.length >= MAX_CATEGORIES)}
          onClick={() => change({ categories: [...values.categories, newCategoryRow(values.categories)] })}
        >
          {values.categories.length >= MAX_CATEGORIES ? `最多 ${MAX_CATEGORIES} 个类型` : '＋ 添加投诉类型'}
        </Button>
      </View>

      <View className="card">
        <Text className="card__title">营业时间（计入时限）</Text>
        <View className="desk-settings__hours">
          <TimeInput label="开门" value={values.open} testId="desk-settings-open" onInput={(open) => change({ open })} />
          <TimeInput label="打烊" value={values.close} testId="desk-settings-close" onInput={(close) => change({ close })} />
        </View>
        <View className="desk-settings__hours">
          <TimeInput label="午休开始" value={values.lunchStart} placeholder="无" onInput={(lunchStart) => change({ lunchStart })} />
          <TimeInput label="午休结束" value={values.lunchEnd} placeholder="无" onInput={(lunchEnd) => change({ lunchEnd })} />
        </View>
        {errors.businessHours && <Text className="notice notice--error">{errors.businessHours}</Text>}
      </View>

      <View className="card">
        <Text className="card__title">免打扰时间（不发送超时提醒）</Text>
        <View className="desk-settings__hours">
          <TimeInput
            label="开始"
            value={values.quietStart}
            testId="desk-settings-quiet-start"
            onInput={(quietStart) => change({ quietStart })}
          />
          <TimeInput label="结束" value={values.quietEnd} testId="desk-settings-quiet-end" onInput={(quietEnd) => change({ quietEnd })} />
        </View>
        {errors.quietHours && <Text className="notice notice--error">{errors.quietHours}</Text>}
      </View>

      <View className="card desk-settings-compensation" data-testid="desk-settings-compensation">
        <Text className="card__title">客服补偿上限</Text>
        <Text className="muted">
          客服解决一单投诉时，补偿积分加上补偿优惠券的兑换积分，合计不能超过此数；超过的需主管或管理员处理。主管和管理员不受此限。填 0
          表示客服不能给补偿。
        </Text>
        <Labeled label="积分">
          <Input
            className="field desk-settings__hour desk-settings-compensation-cap"
            data-testid="desk-settings-compensation-cap"
            type="number"
            value={values.compensationCap}
            onInput={(event) => change({ compensationCap: event.detail.value })}
          />
        </Labeled>
        {errors.agentCompensationCapPoints && <Text className="notice notice--error">{errors.agentCompensationCapPoints}</Text>}
      </View>

      <View className="card">
        <Text className="card__title">快捷回复</Text>
        {errors.templates && <Text className="notice notice--error">{errors.templates}</Text>}
        {values.templates.map((template, index) => (
          <View key={index} className="desk-settings__template" data-testid="desk-settings-template">
            <View className="tiers-row__head">
              <Input
                className="field desk-settings__name"
                placeholder="标题，如 致歉并跟进"
                maxlength={20}
                value={template.title}
                onInput={(event) => setTemplate(index, { title: event.detail.value })}
              />
              <Text className="tiers-remove" onClick={() => !busy && change({ templates: values.templates.filter((_, i) => i !== index) })}>
                删除
              </Text>
            </View>
            <Textarea
              className="desk-textarea"
              placeholder="回复内容，客服可在回复时一键填入"
              maxlength={COMPLAINT_DESCRIPTION_MAX}
              value={template.text}
              onInput={(event) => setTemplate(index, { text: event.detail.value })}
            />
            {errors[`templates.${index}`] && <Text className="notice notice--error">{errors[`templates.${index}`]}</Text>}
          </View>
        ))}
        <Button
          className="btn btn--ghost"
          data-testid="desk-settings-add-template"
          {...disabledWhen(busy || values.templates.length >= MAX_TEMPLATES)}
          onClick={() => change({ templates: [...values.templates, { title: '', text: '' }] })}
        >
          {values.templates.length >= MAX_TEMPLATES ? `最多 ${MAX_TEMPLATES} 条` : '＋ 添加快捷回复'}
        </Button>
      </View>

      {failure && (
        <View className="tiers-failure">
          <Text className="notice notice--error" data-testid="desk-settings-error">
            {failure.text}
          </Text>
          {failure.conflict && (
            <>
              <Text className="muted">其他同事已保存了新的设置。重新加载会放弃本页未保存的修改。</Text>
              <Button className="btn btn--ghost" data-testid="desk-settings-reload" {...disabledWhen(busy)} onClick={onReload}>
                重新加载
              </Button>
            </>
          )}
        </View>
      )}
      {saved && (
        <Text className="notice notice--ok desk-settings-saved" data-testid="desk-settings-saved">
          已保存（版本 {saved.version}）
        </Text>
      )}
      <Button
        className="btn btn--primary desk-settings-save"
        data-testid="desk-settings-save"
        {...whileBusy(busy)}
        onClick={() => void save()}
      >
        保存
      </Button>
    </View>
  );
}

function Labeled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="desk-settings__labeled">
      <Text className="desk-label">{label}</Text>
      {children}
    </View>
  );
}

function TimeInput({
  label,
  value,
  placeholder,
  testId,
  onInput,
}: {
  label: string;
  value: string;
  placeholder?: string;
  testId?: string;
  onInput: (value: string) => void;
}) {
  return (
    <Labeled label={label}>
      <Input
        className="field desk-settings__hour"
        data-testid={testId}
        placeholder={placeholder ?? 'HH:mm'}
        maxlength={5}
        value={value}
        onInput={(event) => onInput(event.detail.value)}
      />
    </Labeled>
  );
}
