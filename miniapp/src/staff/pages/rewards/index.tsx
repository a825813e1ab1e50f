import { useRef, useState, type ReactNode } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { Reward } from '@linli/shared/mall';
import { DEFAULT_TIERS } from '@linli/shared/tiers';
import { createReward, getTiers, listStaffRewards, updateReward } from '@/api/linli';
import { PhotoPicker, usePhotoUploads } from '@/components/photo-picker';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { availabilityText, rewardLimitTexts, rewardTermsText, validDaysText, type TierNameList } from '@/format/mall';
import { shanghaiToday } from '@/format/time';
import {
  emptyRewardForm,
  formToRewardInput,
  rewardStatusText,
  rewardToForm,
  rewardToInput,
  type RewardFormErrors,
  type RewardFormField,
  type RewardFormValues,
} from '@/staff/reward-form';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';

type Notice = { tone: 'ok' | 'error'; text: string } | null;

export default function StaffRewardsPage() {
  return (
    <StaffFrame title="礼品管理">
      <StaffRewardsContent />
    </StaffFrame>
  );
}

function StaffRewardsContent() {
  const rewards = useResource(listStaffRewards);
  // Tier names from the configured ladder (the built-in one until it loads).
  const ladder = useResource(getTiers);
  const tiers: TierNameList = ladder.state.status === 'ready' ? ladder.state.data.tiers : DEFAULT_TIERS;
  /** Closed, a new reward, or the reward being edited. */
  const [editor, setEditor] = useState<null | { reward: Reward | null }>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  usePullDownRefresh(async () => {
    await rewards.reload();
    Taro.stopPullDownRefresh();
  });

  if (rewards.state.status === 'loading') return <Loading rows={5} />;
  if (rewards.state.status === 'error') {
    return isForbidden(rewards.state.error) ? (
      <Forbidden text="礼品管理仅限管理员和主管使用" />
    ) : (
      <ErrorState message={rewards.state.message} onRetry={rewards.reload} />
    );
  }

  const open = (reward: Reward | null) => {
    setNotice(null);
    setEditor({ reward });
    Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
  };

  const onSaved = (saved: Reward, created: boolean) => {
    setEditor(null);
    setNotice({ tone: 'ok', text: created ? `已添加「${saved.name}」` : `已保存「${saved.name}」` });
    void rewards.reload();
  };

  /** 上架 / 下架: the reward as it is, with `active` flipped (409 when someone changed it meanwhile). */
  const toggle = async (reward: Reward) => {
    if (toggling) return;
    setToggling(reward.rewardId);
    setNotice(null);
    try {
      const saved = await updateReward(reward.rewardId, reward.version, { ...rewardToInput(reward), active: !reward.active });
      setNotice({ tone: 'ok', text: `「${saved.name}」已${saved.active ? '上架' : '下架'}` });
    } catch (error) {
      setNotice({ tone: 'error', text: errorText(error) });
    } finally {
      setToggling(null);
      void rewards.reload();
    }
  };

  const items = rewards.state.data.items;
  const now = new Date();
  return (
    <View className="page">
      {editor ? (
        <RewardForm
          // A fresh form for each reward edited.
          key={editor.reward?.rewardId ?? 'new'}
          editing={editor.reward}
          tiers={tiers}
          onCancel={() => setEditor(null)}
          onSaved={onSaved}
          onStale={() => void rewards.reload()}
        />
      ) : (
        <Button className="btn btn--primary staff-add" data-testid="reward-form-open" onClick={() => open(null)}>
          ＋ 新增礼品
        </Button>
      )}
      {notice && (
        <Text className={`notice notice--${notice.tone}`} data-testid={notice.tone === 'ok' ? 'reward-form-saved' : 'staff-reward-error'}>
          {notice.text}
        </Text>
      )}

      {items.length === 0 ? (
        <EmptyState text="还没有礼品，先新增一个吧" />
      ) : (
        items.map((reward) => {
          const status = rewardStatusText(reward, now);
          return (
            <View
              key={reward.rewardId}
              className={`staff-row staff-reward ${reward.active ? '' : 'staff-reward--inactive'}`}
              data-testid="staff-reward"
              data-reward-id={reward.rewardId}
            >
              {reward.pictureUrl && (
                <Image className="staff-reward__picture" data-testid="staff-reward-picture" src={reward.pictureUrl} mode="aspectFill" />
              )}
              <View className="staff-row__head">
                <Text className="staff-row__name">{reward.name}</Text>
                <Text
                  className={`staff-reward__status ${status === '兑换中' ? '' : 'staff-reward__status--off'}`}
                  data-testid="staff-reward-status"
                >
                  {status}
                </Text>
              </View>
              <Text className="staff-reward__terms">
                {rewardTermsText(reward)}
                {reward.coupon ? ` · ${validDaysText(reward.coupon.validDays)}` : ''}
                {reward.goods?.fulfilment === 'pickup' && reward.goods.pickupPlace ? ` · ${reward.goods.pickupPlace}` : ''}
              </Text>
              <View className="staff-reward__figures">
                <Text>{reward.pointsPrice} 积分</Text>
                {rewardLimitTexts(reward, tiers).map((text) => (
                  <Text key={text}>{text}</Text>
                ))}
              </View>
              <Text className="staff-reward__window">{availabilityText(reward)}</Text>
              <View className="staff-reward__actions">
                <Button
                  className="btn btn--ghost staff-reward__action"
                  data-testid="staff-reward-edit"
                  {...disabledWhen(toggling !== null)}
                  onClick={() => open(reward)}
                >
                  编辑
                </Button>
                <Button
                  className="btn btn--plain staff-reward__action"
                  data-testid="staff-reward-toggle"
                  {...(toggling === reward.rewardId ? whileBusy(true) : disabledWhen(toggling !== null))}
                  onClick={() => void toggle(reward)}
                >
                  {reward.active ? '下架' : '上架'}
                </Button>
              </View>
            </View>
          );
        })
      )}
    </View>
  );
}

interface RewardFormProps {
  /** null: a new reward. */
  editing: Reward | null;
  /** The ladder's tiers, for 可兑换等级. */
  tiers: TierNameList;
  onCancel: () => void;
  onSaved: (reward: Reward, created: boolean) => void;
  /** The list is out of date (someone else changed the reward). */
  onStale: () => void;
}

type FieldSpec = { field: RewardFormField; label: string; placeholder: string; type?: 'number' | 'digit' };

const FIELDS: FieldSpec[] = [
  { field: 'name', label: '礼品名称', placeholder: '如 满100减10券、五常大米 5kg' },
  { field: 'pointsPrice', label: '所需积分', placeholder: '如 300', type: 'number' },
  { field: 'stock', label: '库存', placeholder: '可兑换总数', type: 'number' },
  { field: 'perMemberLimit', label: '每人限兑', placeholder: '次数', type: 'number' },
];

const COUPON_FIELDS: FieldSpec[] = [
  { field: 'minSpend', label: '门槛（元）', placeholder: '0 表示无门槛', type: 'digit' },
  { field: 'validDays', label: '有效天数', placeholder: '兑换后几天内可用', type: 'number' },
];

/** A row of choices, one of them on (礼品类型, 券类型, 领取方式). */
function Choices<T extends string>(props: {
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  testPrefix: string;
  onChange: (value: T) => void;
}) {
  return (
    <View className="reward-form__types">
      {props.options.map(([value, label]) => (
        <Text
          key={value}
          className={`reward-form__type ${props.value === value ? 'reward-form__type--on' : ''}`}
          data-testid={`${props.testPrefix}-${value}`}
          onClick={() => props.onChange(value)}
        >
          {label}
        </Text>
      ))}
    </View>
  );
}

function RewardForm({ editing, tiers, onCancel, onSaved, onStale }: RewardFormProps) {
  const [values, setValues] = useState<RewardFormValues>(() =>
    editing ? rewardToForm(editing) : emptyRewardForm(shanghaiToday(new Date())),
  );
  const [errors, setErrors] = useState<RewardFormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const picture = usePhotoUploads(1, 'reward');
  /** The picture the reward has (its display link), until removed or replaced. */
  const [keptPicture, setKeptPicture] = useState<string | null>(editing?.pictureUrl ?? null);

  const set = <K extends keyof RewardFormValues>(key: K, value: RewardFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
    // An edited field's complaint no longer applies; the rest stay until the next submit.
    setErrors((previous) => {
      if (!(key in previous)) return previous;
      const { [key as RewardFormField]: _gone, ...rest } = previous;
      return rest;
    });
  };

  const submit = async () => {
    if (busyRef.current) return;
    if (picture.blocker) {
      setFailure(picture.blocker);
      return;
    }
    // A new upload replaces the picture; removing it leaves none.
    const pictureKey = picture.keys[0] ?? (keptPicture ? values.pictureKey : null);
    const checked = formToRewardInput({ ...values, pictureKey });
    if (!checked.ok) {
      setErrors(checked.errors);
      setFailure('请检查标红的项目');
      return;
    }
    setErrors({});
    setFailure(null);
    busyRef.current = true;
    setBusy(true);
    try {
      const saved = editing ? await updateReward(editing.rewardId, editing.version, checked.input) : await createReward(checked.input);
      onSaved(saved, !editing);
    } catch (error) {
      setFailure(errorText(error));
      if (error instanceof ApiError && error.code === 'CONFLICT') onStale();
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const textField = ({ field, label, placeholder, type }: FieldSpec) => (
    <FormRow key={field} label={label} error={errors[field]}>
      <Input
        className="field reward-form__input"
        data-testid={`reward-form-${field}`}
        type={type ?? 'text'}
        placeholder={placeholder}
        value={values[field] as string}
        onInput={(event) => set(field, event.detail.value)}
      />
    </FormRow>
  );

  const toggleTier = (code: string) =>
    set('tierCodes', values.tierCodes.includes(code) ? values.tierCodes.filter((c) => c !== code) : [...values.tierCodes, code]);

  return (
    <View className="card reward-form" data-testid="reward-form">
      <Text className="card__title">{editing ? `编辑「${editing.name}」` : '新增礼品'}</Text>
      <FormRow label="礼品类型">
        <Choices
          value={values.kind}
          options={[
            ['coupon', '优惠券'],
            ['goods', '实物礼品'],
          ]}
          testPrefix="reward-form-kind"
          onChange={(kind) => set('kind', kind)}
        />
      </FormRow>
      {FIELDS.map(textField)}

      {values.kind === 'coupon' ? (
        <>
          <FormRow label="券类型">
            <Choices
              value={values.couponType}
              options={[
                ['amount_off', '满减券'],
                ['discount', '折扣券'],
              ]}
              testPrefix="reward-form-type"
              onChange={(type) => set('couponType', type)}
            />
          </FormRow>
          {values.couponType === 'amount_off'
            ? textField({ field: 'amountOff', label: '减免（元）', placeholder: '如 10', type: 'digit' })
            : textField({ field: 'discountPercent', label: '折扣（%）', placeholder: '85 表示八五折', type: 'number' })}
          {COUPON_FIELDS.map(textField)}
        </>
      ) : (
        <>
          <FormRow label="领取方式">
            <Choices
              value={values.fulfilment}
              options={[
                ['delivery', '快递配送'],
                ['pickup', '到店自提'],
              ]}
              testPrefix="reward-form-fulfilment"
              onChange={(fulfilment) => set('fulfilment', fulfilment)}
            />
          </FormRow>
          {values.fulfilment === 'pickup'
            ? textField({ field: 'pickupPlace', label: '自提地点', placeholder: '如 文三路店，每天 9:00–21:00' })
            : null}
        </>
      )}

      <FormRow label="开始日期" error={errors.availableFrom}>
        <Picker mode="date" value={values.availableFrom} onChange={(event) => set('availableFrom', String(event.detail.value))}>
          <View className="field reward-form__picker" data-testid="reward-form-availableFrom">
            {values.availableFrom}
          </View>
        </Picker>
      </FormRow>
      <FormRow label="结束日期" error={errors.availableUntil}>
        <Picker mode="date" value={values.availableUntil} onChange={(event) => set('availableUntil', String(event.detail.value))}>
          <View className="field reward-form__picker" data-testid="reward-form-availableUntil">
            {values.availableUntil}（含当天）
          </View>
        </Picker>
      </FormRow>
      <FormRow label="可兑换等级">
        <View className="reward-form__types reward-form__tiers">
          {tiers.map((tier) => (
            <Text
              key={tier.code}
              className={`reward-form__type ${values.tierCodes.includes(tier.code) ? 'reward-form__type--on' : ''}`}
              data-testid="reward-form-tier"
              onClick={() => toggleTier(tier.code)}
            >
              {tier.name}
            </Text>
          ))}
        </View>
        <Text className="muted reward-form__note">
          {values.tierCodes.length === 0 ? '都不选表示所有会员可兑换' : '仅所选等级的会员可兑换'}
        </Text>
      </FormRow>
      <FormRow label="礼品图片">
        {keptPicture && picture.items.length === 0 ? (
          <View className="reward-form__picture-kept">
            <Image className="reward-form__picture" data-testid="reward-form-picture" src={keptPicture} mode="aspectFill" />
            <Text className="reward-form__picture-remove" data-testid="reward-form-picture-remove" onClick={() => setKeptPicture(null)}>
              移除图片
            </Text>
          </View>
        ) : (
          <PhotoPicker uploads={picture} testPrefix="reward-form" disabled={busy} />
        )}
      </FormRow>
      <FormRow label="说明" error={errors.description}>
        <Textarea
          className="field reward-form__textarea"
          data-testid="reward-form-description"
          placeholder="选填：使用范围、规格、注意事项"
          value={values.description}
          maxlength={500}
          onInput={(event) => set('description', event.detail.value)}
        />
      </FormRow>

      {failure && (
        <Text className="notice notice--error" data-testid="reward-form-error">
          {failure}
        </Text>
      )}
      <Button className="btn btn--primary" data-testid="reward-form-submit" {...whileBusy(busy)} onClick={submit}>
        {editing ? '保存修改' : '添加礼品'}
      </Button>
      <Button className="btn btn--plain" data-testid="reward-form-cancel" {...disabledWhen(busy)} onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}

function FormRow({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className="reward-form__row">
      <Text className="reward-form__label">{label}</Text>
      <View className="reward-form__control">
        {children}
        {error && <Text className="reward-form__error">{error}</Text>}
      </View>
    </View>
  );
}
