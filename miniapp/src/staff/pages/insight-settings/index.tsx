import { useRef, useState, type ReactNode } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { TAG_MAX_CHARS } from '@linli/shared/tag-name';
import { getInsightDashboard, getInsightSettings, saveInsightSettings, type StoredInsightSettings } from '@/api/segments';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { formatShanghaiDateTime } from '@/format/time';
import {
  formToSettings,
  issuesToErrors,
  MAX_TAG_RULES,
  newTagRuleRow,
  settingsToForm,
  withoutError,
  type InsightSettingsErrors,
  type InsightSettingsFormValues,
  type SettingsField,
  type TagRuleKind,
  type TagRuleRow,
} from '@/staff/insight-settings-form';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import './index.css';

export default function InsightSettingsPage() {
  return (
    <StaffFrame title="洞察设置">
      <InsightSettingsContent />
    </StaffFrame>
  );
}

/** When the nightly job runs (functions' insight-nightly schedule): saved settings count from then on. */
const NIGHTLY_RUN_TEXT = '保存后，在每晚 02:30 重新计算客户评分时生效；已算好的评分和标签到时一并更新。';

/**
 * 洞察设置: the numbers customer insight scores by and the monthly sales target. Supervisors may
 * read them (GET admits them) and admins change them (only admins may PUT).
 */
function InsightSettingsContent() {
  const roles = loadSession()?.roles ?? [];
  const canEdit = roles.includes('admin');
  const canView = canEdit || roles.includes('supervisor');
  const settings = useResource(getInsightSettings, { enabled: canView });
  /** Bumped whenever the form must start again from what the server holds (reload, save). */
  const [generation, setGeneration] = useState(0);
  const [saved, setSaved] = useState<StoredInsightSettings | null>(null);

  const reload = async () => {
    setSaved(null);
    await settings.reload();
    setGeneration((n) => n + 1);
  };
  usePullDownRefresh(async () => {
    await reload();
    Taro.stopPullDownRefresh();
  });

  if (!canView) return <Forbidden text="洞察设置仅限主管和管理员查看" />;
  if (settings.state.status === 'loading') return <Loading rows={6} />;
  if (settings.state.status === 'error') {
    return isForbidden(settings.state.error) ? (
      <Forbidden text="洞察设置仅限主管和管理员查看" />
    ) : (
      <ErrorState message={settings.state.message} onRetry={() => void reload()} />
    );
  }
  const current = settings.state.data;
  return (
    <View className="page insight-settings">
      <View className="card tiers-intro">
        <Text className="tiers-intro__version" data-testid="insight-settings-version">
          {current.version === 0
            ? '当前为默认设置，尚未保存过'
            : `当前版本 ${current.version}${current.updatedAt ? ` · 更新于 ${formatShanghaiDateTime(current.updatedAt)}` : ''}`}
        </Text>
        <Text className="tiers-intro__text">客户洞察的评分、生命周期、客户价值、规则标签和销售预测都按这些设置计算。</Text>
        {!canEdit && (
          <Text className="notice insight-settings-readonly" data-testid="insight-settings-readonly">
            仅管理员可以修改洞察设置，您可以查看当前设置。
          </Text>
        )}
      </View>
      <SettingsEditor
        key={`${generation}-${current.version}`}
        stored={current}
        readOnly={!canEdit}
        saved={saved}
        onSaved={(next) => {
          settings.replace(next);
          setSaved(next);
          setGeneration((n) => n + 1);
          Taro.showToast({ title: '已保存', icon: 'success' }).catch(() => undefined);
        }}
        onReload={() => void reload()}
        onEdit={() => setSaved(null)}
      />
    </View>
  );
}

interface SettingsEditorProps {
  stored: StoredInsightSettings;
  readOnly: boolean;
  /** What the last save answered, shown by the 保存 button until the next change. */
  saved: StoredInsightSettings | null;
  onSaved: (next: StoredInsightSettings) => void;
  /** Throw the edits away and load what the server holds now (after a 409). */
  onReload: () => void;
  onEdit: () => void;
}

type Failure = { text: string; conflict: boolean } | null;

function SettingsEditor({ stored, readOnly, saved, onSaved, onReload, onEdit }: SettingsEditorProps) {
  const [values, setValues] = useState<InsightSettingsFormValues>(() => settingsToForm(stored.settings, stored.version));
  const [errors, setErrors] = useState<InsightSettingsErrors>({});
  const [failure, setFailure] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const locked = readOnly || busy;

  const set = (field: SettingsField, value: string) => {
    if (locked) return;
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => withoutError(previous, field));
    onEdit();
  };
  const setByMean = (thresholdsByMean: boolean) => {
    if (locked) return;
    setValues((previous) => ({ ...previous, thresholdsByMean }));
    setErrors((previous) => withoutError(withoutError(withoutError(previous, 'thresholdR'), 'thresholdF'), 'thresholdM'));
    onEdit();
  };
  const setRule = (index: number, field: 'kind' | 'tag' | 'days' | 'category', value: string) => {
    if (locked) return;
    setValues((previous) => ({
      ...previous,
      tagRules: previous.tagRules.map((row, i) => (i === index ? { ...row, [field]: value } : row)),
    }));
    setErrors((previous) => withoutError(withoutError(previous, `tagRules.${index}.${field === 'kind' ? 'category' : field}`), 'tagRules'));
    onEdit();
  };
  // Adding or removing moves the rules after it: errors by index would point at the wrong rows.
  const dropRuleErrors = (previous: InsightSettingsErrors) =>
    Object.fromEntries(Object.entries(previous).filter(([key]) => !key.startsWith('tagRules')));
  const addRule = () => {
    if (locked || values.tagRules.length >= MAX_TAG_RULES) return;
    setValues((previous) => ({ ...previous, tagRules: [...previous.tagRules, newTagRuleRow()] }));
    setErrors(dropRuleErrors);
    onEdit();
  };
  const removeRule = (index: number) => {
    if (locked) return;
    setValues((previous) => ({ ...previous, tagRules: previous.tagRules.filter((_, i) => i !== index) }));
    setErrors(dropRuleErrors);
    onEdit();
  };

  const save = async () => {
    if (busyRef.current || readOnly) return;
    const checked = formToSettings(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFailure({ text: '请检查标红的项目', conflict: false });
      return;
    }
    setErrors({});
    setFailure(null);
    busyRef.current = true;
    setBusy(true);
    try {
      onSaved(await saveInsightSettings(checked.settings, checked.version));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED' && error.issues.length > 0) {
        setErrors(issuesToErrors(error.issues, values));
      }
      const conflict = error instanceof ApiError && error.code === 'CONFLICT';
      setFailure({ text: conflict ? '设置已被他人修改，请刷新后重试' : errorText(error), conflict });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const field = (name: SettingsField, props: Omit<NumberFieldProps, 'name' | 'value' | 'error' | 'disabled' | 'onInput'>) => (
    <NumberField
      {...props}
      name={name}
      value={values[name]}
      error={errors[name]}
      disabled={readOnly}
      onInput={(value) => set(name, value)}
    />
  );

  return (
    <View className="insight-settings-form" data-testid="insight-settings-form">
      <View className="card">
        <Text className="card__title">销售目标</Text>
        {field('target', { label: '每月销售目标', unit: '元', placeholder: '未设置', type: 'digit' })}
        <Text className="muted insight-settings__hint">客户洞察的销售预测与此目标对比；留空表示未设置目标。</Text>
      </View>

      <View className="card">
        <Text className="card__title">RFM 分析</Text>
        {field('rfmWindowDays', { label: '统计窗口', unit: '天', placeholder: '30 到 1095' })}
        <Text className="muted insight-settings__hint">
          最近购买（R）、购买频次（F）、消费金额（M）按统计窗口内的订单计算，各评 1–5 分。
        </Text>
        <View className="insight-settings__field">
          <Text className="insight-settings__label">高低划分</Text>
          <View className="segment-chips">
            <Text
              className={`segment-chip insight-settings-by-mean ${values.thresholdsByMean ? 'segment-chip--on' : ''}`}
              data-testid="insight-settings-by-mean"
              onClick={() => setByMean(true)}
            >
              按平均分
            </Text>
            <Text
              className={`segment-chip insight-settings-by-threshold ${values.thresholdsByMean ? '' : 'segment-chip--on'}`}
              data-testid="insight-settings-by-threshold"
              onClick={() => setByMean(false)}
            >
              自定义阈值
            </Text>
          </View>
        </View>
        {values.thresholdsByMean ? (
          <Text className="muted insight-settings__hint">某项评分高于所有客户该项的平均分即为“高”。</Text>
        ) : (
          <>
            {field('thresholdR', { label: '最近购买 R', prefix: '高于', unit: '分为高', placeholder: '1 到 5', type: 'digit' })}
            {field('thresholdF', { label: '购买频次 F', prefix: '高于', unit: '分为高', placeholder: '1 到 5', type: 'digit' })}
            {field('thresholdM', { label: '消费金额 M', prefix: '高于', unit: '分为高', placeholder: '1 到 5', type: 'digit' })}
          </>
        )}
      </View>

      <View className="card">
        <Text className="card__title">生命周期</Text>
        {field('newDays', { label: '新客天数', prefix: '首次购买在近', unit: '天内', placeholder: '1 到 365' })}
        {field('loyalOccasions', { label: '忠诚购买天数', prefix: '统计窗口内购买满', unit: '天', placeholder: '2 到 100' })}
        <Text className="insight-settings__subtitle">按天数判定（尚无模型，或只买过一次的客户）</Text>
        {field('atRiskDays', { label: '流失风险天数', prefix: '超过', unit: '天未购买', placeholder: '7 到 1095' })}
        {field('lostDays', { label: '已流失天数', prefix: '超过', unit: '天未购买', placeholder: '14 到 1825' })}
        <Text className="insight-settings__subtitle">模型判定（复购客户足够时）</Text>
        {field('atRiskPercent', { label: '流失风险', prefix: '仍活跃概率低于', unit: '%', placeholder: '如 50', type: 'digit' })}
        {field('lostPercent', { label: '已流失', prefix: '仍活跃概率低于', unit: '%', placeholder: '如 15', type: 'digit' })}
      </View>

      <View className="card">
        <Text className="card__title">客户价值</Text>
        {field('discountPercent', { label: '月折现率', unit: '%', placeholder: '0 到 20', type: 'digit' })}
        <Text className="muted insight-settings__hint">估算未来 12 个月客户价值时，每往后一个月按此比例折算。</Text>
        {field('minRepeatBuyersToFit', { label: '最少复购客户数', unit: '人', placeholder: '20 到 100000' })}
        <Text className="muted insight-settings__hint">复购客户达到此数才拟合预测模型；不足时按上面的天数规则判定和估算。</Text>
      </View>

      <TagRulesCard
        rules={values.tagRules}
        errors={errors}
        readOnly={readOnly}
        busy={busy}
        onChange={setRule}
        onAdd={addRule}
        onRemove={removeRule}
      />

      {failure && (
        <View className="tiers-failure">
          <Text className="notice notice--error insight-settings-error" data-testid="insight-settings-error">
            {failure.text}
          </Text>
          {failure.conflict && (
            <>
              <Text className="muted tiers-failure__hint">其他管理员已保存了新的洞察设置。重新加载会放弃本页未保存的修改。</Text>
              <Button
                className="btn btn--ghost tiers-reload insight-settings-reload"
                data-testid="insight-settings-reload"
                {...disabledWhen(busy)}
                onClick={onReload}
              >
                重新加载
              </Button>
            </>
          )}
        </View>
      )}
      {errors.form && <Text className="notice notice--error insight-settings-error--form">{errors.form}</Text>}
      {saved && (
        <Text className="notice notice--ok tiers-saved insight-settings-saved" data-testid="insight-settings-saved">
          已保存（版本 {saved.version}）
        </Text>
      )}
      <Text className="muted insight-settings__nightly" data-testid="insight-settings-nightly">
        {NIGHTLY_RUN_TEXT}
      </Text>
      {!readOnly && (
        <Button
          className="btn btn--primary insight-settings-save"
          data-testid="insight-settings-save"
          {...whileBusy(busy)}
          onClick={() => void save()}
        >
          保存
        </Button>
      )}
    </View>
  );
}

interface NumberFieldProps {
  name: string;
  label: string;
  value: string;
  error?: string;
  /** Words before the box ("仍活跃概率低于") and after it (the unit). */
  prefix?: string;
  unit?: string;
  placeholder?: string;
  /** 'digit' brings up a keypad with a decimal point. */
  type?: 'number' | 'digit';
  disabled: boolean;
  onInput: (value: string) => void;
}

function NumberField({ name, label, value, error, prefix, unit, placeholder, type = 'number', disabled, onInput }: NumberFieldProps) {
  return (
    <FieldRow label={label} error={error}>
      <View className="insight-settings__line">
        {prefix && <Text className="insight-settings__words">{prefix}</Text>}
        <Input
          className={`field insight-settings__input insight-settings-input--${name}`}
          data-testid={`insight-settings-field-${name}`}
          type={type}
          placeholder={placeholder}
          value={value}
          {...disabledWhen(disabled)}
          onInput={(event) => onInput(event.detail.value)}
        />
        {unit && <Text className="insight-settings__words">{unit}</Text>}
      </View>
    </FieldRow>
  );
}

function FieldRow({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className="insight-settings__field">
      <Text className="insight-settings__label">{label}</Text>
      {children}
      {error && (
        <Text className="insight-settings__error insight-settings-field-error" data-testid="insight-settings-field-error">
          {error}
        </Text>
      )}
    </View>
  );
}

const RULE_KINDS: Array<{ kind: TagRuleKind; label: string }> = [
  { kind: 'first-order-within', label: '首次购买' },
  { kind: 'category-within', label: '购买过某品类' },
];

/**
 * The rule tags the nightly job keeps on members. There is no list of categories to pick from:
 * the dashboard's most bought ones (last night's figures) are offered, and any other can be typed.
 */
function TagRulesCard(props: {
  rules: readonly TagRuleRow[];
  errors: InsightSettingsErrors;
  readOnly: boolean;
  busy: boolean;
  onChange: (index: number, field: 'kind' | 'tag' | 'days' | 'category', value: string) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
}) {
  const { rules, errors, readOnly, busy } = props;
  const wantsCategories = !readOnly && rules.some((rule) => rule.kind === 'category-within');
  const dashboard = useResource(getInsightDashboard, { enabled: wantsCategories });
  const topCategories =
    dashboard.state.status === 'ready' ? (dashboard.state.data.figures?.topCategories ?? []).map((entry) => entry.category) : [];
  const full = rules.length >= MAX_TAG_RULES;
  return (
    <View className="card">
      <Text className="card__title">规则标签</Text>
      <Text className="muted insight-settings__hint">
        系统每晚按规则给符合条件的客户打上标签，不再符合时自动取下；员工不能手动增删这些标签。标签名不要与手动标签重名，重名的规则不会生效。
      </Text>
      {errors.tagRules && <Text className="notice notice--error insight-settings-rules-error">{errors.tagRules}</Text>}
      {rules.length === 0 && <Text className="muted insight-settings__hint">还没有规则标签。</Text>}
      {rules.map((rule, index) => {
        const suggested = topCategories.filter((category) => category !== rule.category.trim()).slice(0, 8);
        const rowError = (field: string) => errors[`tagRules.${index}.${field}`];
        return (
          <View key={rule.key} className="insight-settings-rule" data-testid="insight-settings-rule">
            <View className="tiers-row__head">
              <View className="segment-chips insight-settings-rule__kinds">
                {RULE_KINDS.map(({ kind, label }) => (
                  <Text
                    key={kind}
                    className={`segment-chip insight-settings-rule-kind--${kind} ${rule.kind === kind ? 'segment-chip--on' : ''}`}
                    onClick={() => props.onChange(index, 'kind', kind)}
                  >
                    {label}
                  </Text>
                ))}
              </View>
              {!readOnly && (
                <Text className="tiers-remove insight-settings-rule-remove" onClick={() => !busy && props.onRemove(index)}>
                  删除
                </Text>
              )}
            </View>
            <View className="insight-settings__line">
              <Text className="insight-settings__words">近</Text>
              <Input
                className="field insight-settings__input insight-settings__input--short insight-settings-rule-days"
                type="number"
                value={rule.days}
                {...disabledWhen(readOnly)}
                onInput={(event) => props.onChange(index, 'days', event.detail.value)}
              />
              <Text className="insight-settings__words">{rule.kind === 'first-order-within' ? '天首次购买' : '天购买过'}</Text>
              {rule.kind === 'category-within' && (
                <Input
                  className="field insight-settings__input insight-settings-rule-category"
                  placeholder="品类，如 水果"
                  maxlength={64}
                  value={rule.category}
                  {...disabledWhen(readOnly)}
                  onInput={(event) => props.onChange(index, 'category', event.detail.value)}
                />
              )}
            </View>
            {rowError('days') && <Text className="insight-settings__error insight-settings-field-error">{rowError('days')}</Text>}
            {rowError('category') && <Text className="insight-settings__error insight-settings-field-error">{rowError('category')}</Text>}
            {rule.kind === 'category-within' && suggested.length > 0 && (
              <View className="segment-chips insight-settings-rule__suggested">
                {suggested.map((category) => (
                  <Text
                    key={category}
                    className="segment-chip insight-settings-rule-suggestion"
                    onClick={() => props.onChange(index, 'category', category)}
                  >
                    {category}
                  </Text>
                ))}
              </View>
            )}
            <View className="insight-settings__line">
              <Text className="insight-settings__words">打上标签</Text>
              <Input
                className="field insight-settings__input insight-settings-rule-tag"
                placeholder={`最多 ${TAG_MAX_CHARS} 个字`}
                maxlength={TAG_MAX_CHARS * 2}
                value={rule.tag}
                {...disabledWhen(readOnly)}
                onInput={(event) => props.onChange(index, 'tag', event.detail.value)}
              />
            </View>
            {rowError('tag') && <Text className="insight-settings__error insight-settings-field-error">{rowError('tag')}</Text>}
          </View>
        );
      })}
      {!readOnly && (
        <Button
          className="btn btn--ghost insight-settings-add-rule"
          data-testid="insight-settings-add-rule"
          {...disabledWhen(busy || full)}
          onClick={props.onAdd}
        >
          {full ? `最多 ${MAX_TAG_RULES} 条规则` : '＋ 添加规则标签'}
        </Button>
      )}
    </View>
  );
}
