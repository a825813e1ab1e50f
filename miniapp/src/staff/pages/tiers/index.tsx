import { useRef, useState, type ReactNode } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { StoredTierConfig } from '@linli/shared/tiers';
import { getStaffTiers, saveStaffTiers } from '@/api/linli';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { formatShanghaiDateTime } from '@/format/time';
import {
  configToForm,
  emptyTierErrors,
  formToTierUpdate,
  hasTierErrors,
  issuesToErrors,
  MAX_TIERS,
  MIN_TIERS,
  newTierRow,
  withoutFieldError,
  type TierField,
  type TierFormErrors,
  type TierFormRow,
  type TierFormValues,
} from '@/staff/tier-form';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';

export default function StaffTiersPage() {
  return (
    <StaffFrame title="等级设置">
      <StaffTiersContent />
    </StaffFrame>
  );
}

function StaffTiersContent() {
  const config = useResource(getStaffTiers);
  /** Bumped whenever the form must start again from what the server holds (reload, save). */
  const [generation, setGeneration] = useState(0);
  const [saved, setSaved] = useState<StoredTierConfig | null>(null);

  const reload = async () => {
    setSaved(null);
    await config.reload();
    setGeneration((n) => n + 1);
  };

  usePullDownRefresh(async () => {
    await reload();
    Taro.stopPullDownRefresh();
  });

  if (config.state.status === 'loading') return <Loading rows={6} />;
  if (config.state.status === 'error') {
    return isForbidden(config.state.error) ? (
      <Forbidden text="等级设置仅限管理员使用" />
    ) : (
      <ErrorState message={config.state.message} onRetry={() => void reload()} />
    );
  }

  const current = config.state.data;
  const onSaved = (next: StoredTierConfig) => {
    config.replace(next);
    setSaved(next);
    setGeneration((n) => n + 1);
  };

  return (
    <View className="page">
      <View className="card tiers-intro">
        <Text className="tiers-intro__version" data-testid="tiers-version">
          {current.version === 0
            ? '当前为默认设置，尚未保存过'
            : `当前版本 ${current.version}${current.updatedAt ? ` · 更新于 ${formatShanghaiDateTime(current.updatedAt)}` : ''}`}
        </Text>
        <Text className="tiers-intro__text">
          成长值为会员近12个月实付金额（每1元计1成长值，退款扣减）。等级从低到高排列，第一个为基础等级（门槛 0），门槛须逐级升高。
        </Text>
        <Text className="tiers-intro__text">
          保存后，会员在下次消费或每日复核时按新门槛调整等级；删除某个等级后，原等级的会员按成长值重新定级。
        </Text>
      </View>
      <TierEditor
        key={`${generation}-${current.version}`}
        config={current}
        saved={saved}
        onSaved={onSaved}
        onReload={() => void reload()}
        onEdit={() => setSaved(null)}
      />
    </View>
  );
}

interface TierEditorProps {
  config: StoredTierConfig;
  /** What the last save answered, shown by the 保存 button until the next change. */
  saved: StoredTierConfig | null;
  onSaved: (config: StoredTierConfig) => void;
  /** Throw the edits away and load what the server holds now (after a 409). */
  onReload: () => void;
  /** The operator changed something after a save. */
  onEdit: () => void;
}

type Failure = { text: string; conflict: boolean } | null;

function TierEditor({ config, saved, onSaved, onReload, onEdit }: TierEditorProps) {
  const [values, setValues] = useState<TierFormValues>(() => configToForm(config));
  const [errors, setErrors] = useState<TierFormErrors>(emptyTierErrors);
  const [failure, setFailure] = useState<Failure>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  // A complaint stays until the next save; only the 已保存 notice goes at the first change.
  const edited = onEdit;

  const setField = <K extends TierField>(index: number, field: K, value: TierFormRow[K]) => {
    setValues((previous) => ({ ...previous, tiers: previous.tiers.map((row, i) => (i === index ? { ...row, [field]: value } : row)) }));
    setErrors((previous) => withoutFieldError(previous, index, field));
    edited();
  };

  // Adding or removing moves the tiers after it: errors by index no longer point at the right rows.
  const addTier = () => {
    setValues((previous) => ({
      ...previous,
      tiers: [
        ...previous.tiers,
        newTierRow(
          previous.tiers[previous.tiers.length - 1],
          previous.tiers.map((tier) => tier.code),
        ),
      ],
    }));
    setErrors(emptyTierErrors());
    edited();
  };
  const removeTier = (index: number) => {
    if (index === 0) return;
    setValues((previous) => ({ ...previous, tiers: previous.tiers.filter((_, i) => i !== index) }));
    setErrors(emptyTierErrors());
    edited();
  };
  const setGraceDays = (value: string) => {
    setValues((previous) => ({ ...previous, downgradeGraceDays: value }));
    setErrors((previous) => ({ ...previous, downgradeGraceDays: undefined }));
    edited();
  };

  const save = async () => {
    if (busyRef.current) return;
    const checked = formToTierUpdate(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFailure({ text: '请检查标红的项目', conflict: false });
      return;
    }
    setErrors(emptyTierErrors());
    setFailure(null);
    busyRef.current = true;
    setBusy(true);
    try {
      onSaved(await saveStaffTiers(checked.update));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED' && error.issues.length > 0) {
        setErrors(issuesToErrors(error.issues, values.tiers.length));
      }
      setFailure({ text: errorText(error), conflict: error instanceof ApiError && error.code === 'CONFLICT' });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const count = values.tiers.length;
  return (
    <View className="tiers-form" data-testid="tiers-form">
      {values.tiers.map((row, index) => (
        <TierRowEditor
          key={row.key}
          row={row}
          index={index}
          errors={errors.tiers[index] ?? {}}
          removable={index > 0 && count > MIN_TIERS}
          disabled={busy}
          onChange={(field, value) => setField(index, field, value)}
          onRemove={() => removeTier(index)}
        />
      ))}
      <Button className="btn btn--ghost tiers-add" data-testid="tiers-add" {...disabledWhen(busy || count >= MAX_TIERS)} onClick={addTier}>
        {count >= MAX_TIERS ? `最多 ${MAX_TIERS} 个等级` : '＋ 添加等级'}
      </Button>

      <View className="card tiers-grace">
        <FieldRow label="保级天数" error={errors.downgradeGraceDays}>
          <Input
            className="field tiers-input tiers-input--downgradeGraceDays"
            data-testid="tiers-field-downgradeGraceDays"
            type="number"
            placeholder="1 到 365"
            value={values.downgradeGraceDays}
            onInput={(event) => setGraceDays(event.detail.value)}
          />
        </FieldRow>
        <Text className="muted tiers-grace__hint">达到某个等级后，至少保留这么多天，之后每日复核成长值不足才下调一级。</Text>
      </View>

      {(failure || hasTierErrors(errors)) && (
        <View className="tiers-failure">
          {failure && (
            <Text className="notice notice--error tiers-error" data-testid="tiers-error">
              {failure.text}
            </Text>
          )}
          {errors.form.map((text) => (
            <Text key={text} className="notice notice--error tiers-error tiers-error--form">
              {text}
            </Text>
          ))}
          {failure?.conflict && (
            <>
              <Text className="muted tiers-failure__hint">其他管理员已保存了新的等级设置。重新加载会放弃本页未保存的修改。</Text>
              <Button className="btn btn--ghost tiers-reload" data-testid="tiers-reload" {...disabledWhen(busy)} onClick={onReload}>
                重新加载
              </Button>
            </>
          )}
        </View>
      )}

      {saved && (
        <Text className="notice notice--ok tiers-saved" data-testid="tiers-saved">
          已保存（版本 {saved.version}），新的等级设置已生效
        </Text>
      )}
      <Button className="btn btn--primary tiers-save" data-testid="tiers-save" {...whileBusy(busy)} onClick={save}>
        保存
      </Button>
    </View>
  );
}

interface TierRowEditorProps {
  row: TierFormRow;
  index: number;
  errors: Partial<Record<TierField, string>>;
  removable: boolean;
  disabled: boolean;
  onChange: <K extends TierField>(field: K, value: TierFormRow[K]) => void;
  onRemove: () => void;
}

const NUMBER_FIELDS: Array<{
  field: 'minGrowth' | 'pointsMultiplier' | 'birthdayGiftPoints';
  label: string;
  placeholder: string;
  type: 'number' | 'digit';
}> = [
  { field: 'minGrowth', label: '成长值门槛', placeholder: '如 5000', type: 'number' },
  { field: 'pointsMultiplier', label: '积分倍数', placeholder: '1 到 10，如 1.2', type: 'digit' },
  { field: 'birthdayGiftPoints', label: '生日礼积分', placeholder: '0 表示不送', type: 'number' },
];

const SWITCHES: Array<{ field: 'freeShipping' | 'priorityService' | 'exclusiveRewards'; label: string }> = [
  { field: 'freeShipping', label: '包邮' },
  { field: 'priorityService', label: '优先客服' },
  { field: 'exclusiveRewards', label: '专属礼品' },
];

// Handlers stay bound while saving and check `disabled` themselves: a weapp <Text> that loses
// its last listener is switched to a template the build may not have.
function TierRowEditor({ row, index, errors, removable, disabled, onChange, onRemove }: TierRowEditorProps) {
  const switchError = SWITCHES.map(({ field }) => errors[field]).find(Boolean);
  return (
    <View className="card tiers-row" data-testid="tiers-row" data-index={index}>
      <View className="tiers-row__head">
        <Text className="tiers-row__title">
          第 {index + 1} 级{index === 0 ? ' · 基础等级' : ''}
        </Text>
        {removable && (
          <Text className="tiers-remove" data-testid="tiers-remove" onClick={() => !disabled && onRemove()}>
            删除
          </Text>
        )}
      </View>
      {/* The tier's code is internal and never shown; a problem with it (a duplicate) is the name's to fix. */}
      <FieldRow label="名称" error={errors.name ?? errors.code}>
        <Input
          className="field tiers-input tiers-input--name"
          data-testid="tiers-field-name"
          placeholder="如 金卡会员"
          maxlength={20}
          value={row.name}
          onInput={(event) => onChange('name', event.detail.value)}
        />
      </FieldRow>
      {NUMBER_FIELDS.map(({ field, label, placeholder, type }) => (
        <FieldRow key={field} label={label} error={errors[field]}>
          <Input
            className={`field tiers-input tiers-input--${field}`}
            data-testid={`tiers-field-${field}`}
            type={type}
            placeholder={placeholder}
            value={row[field]}
            onInput={(event) => onChange(field, event.detail.value)}
          />
        </FieldRow>
      ))}
      <FieldRow label="权益" error={switchError}>
        <View className="tiers-toggles">
          {SWITCHES.map(({ field, label }) => (
            <Text
              key={field}
              className={`tiers-toggle tiers-toggle--${field} ${row[field] ? 'tiers-toggle--on' : ''}`}
              data-testid={`tiers-field-${field}`}
              data-on={row[field] ? 'true' : 'false'}
              onClick={() => !disabled && onChange(field, !row[field])}
            >
              {row[field] ? `✓ ${label}` : label}
            </Text>
          ))}
        </View>
      </FieldRow>
    </View>
  );
}

function FieldRow({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className="reward-form__row">
      <Text className="reward-form__label">{label}</Text>
      <View className="reward-form__control">
        {children}
        {error && (
          <Text className="reward-form__error tiers-field-error" data-testid="tiers-field-error">
            {error}
          </Text>
        )}
      </View>
    </View>
  );
}
