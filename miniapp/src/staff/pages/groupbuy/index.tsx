import { useMemo, useState, type ReactNode } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { MAX_CAMPAIGN_PICTURES, type GroupBuyCampaign } from '@linli/shared/groupbuy';
import { DEFAULT_TIERS } from '@linli/shared/tiers';
import {
  createGroupBuyCampaign,
  endGroupBuyCampaign,
  getGroupBuyCampaign,
  publishGroupBuyCampaign,
  updateGroupBuyCampaign,
} from '@/api/staff-groupbuy';
import { listSegments } from '@/api/segments';
import { getTiers } from '@/api/linli';
import { errorText } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { PhotoPicker, usePhotoUploads } from '@/components/photo-picker';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { shanghaiToday } from '@/format/time';
import type { TierNameList } from '@/format/mall';
import type { CouponTermsForm } from '@/staff/coupon-terms-form';
import {
  AUDIENCE_KIND_NAMES,
  campaignToForm,
  formToCampaign,
  issuesToErrors,
  LEADER_REWARD_NAMES,
  newGroupBuyForm,
  toggleAudienceChoice,
  withoutError,
  type AudienceForm,
  type GroupBuyErrors,
  type GroupBuyFormValues,
} from '@/staff/groupbuy-form';
import { openGroupBuyInsight, openGroupBuyOrders, replaceWithGroupBuyCampaign } from '@/staff/groupbuy-pages';
import { openCareRuleInvitingToGroupBuy } from '@/staff/care-pages';
import { campaignStatusText, campaignStatusTone, groupsText, stockText } from '@/staff/groupbuy-words';
import { Chips, ErrorText, FieldRow as StaffFieldRow, NumberLine as StaffNumberLine } from '@/staff/form-controls';
import { RevisionEditorPage, SaveFailureNotice, toastDone, useEditorActions, type RevisionEditorProps } from '@/staff/revision-editor';
import { ChipGroup } from '@/staff/segment-controls';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';
import '@/staff/groupbuy.css';

/** The 拼团活动 editor: admins create and change campaigns, supervisors read them. `?id=` opens a saved one. */
export default function GroupBuyCampaignPage() {
  const campaignId = useRouter().params.id;
  return (
    <StaffFrame title={campaignId ? TITLES.edit : TITLES.create}>
      <RevisionEditorPage
        id={campaignId}
        load={getGroupBuyCampaign}
        titles={TITLES}
        forbiddenText="拼团活动仅限主管和管理员使用"
        createForbiddenText="仅管理员可以新建拼团活动"
        Editor={CampaignEditor}
      />
    </StaffFrame>
  );
}

const TITLES = { create: '新建拼团活动', edit: '编辑拼团活动' };
/** Said before an edit of a running campaign is saved, and beside its form. */
const RUNNING_GROUPS_KEEP_TERMS = '修改后已开团的团仍按原条件进行';

type Busy = 'save' | 'publish' | 'end';
/** Changes the form; `places` are the problems the change answers. */
type Change = (patch: Partial<GroupBuyFormValues>, ...places: string[]) => void;

function CampaignEditor({ saved, canEdit, onSaved, onReload }: RevisionEditorProps<GroupBuyCampaign>) {
  const initial = useMemo(() => (saved ? campaignToForm(saved.definition) : newGroupBuyForm(new Date())), [saved]);
  const [values, setValues] = useState<GroupBuyFormValues>(initial);
  const [errors, setErrors] = useState<GroupBuyErrors>({});
  const { busy, run, failure, clearFailure, showFailure, showProblems } = useEditorActions<Busy>({
    conflictText: '这个拼团活动已被他人修改，请重新加载后再改',
    onIssues: (issues) => setErrors(issuesToErrors(issues)),
  });
  const segments = useResource(listSegments);
  const ladder = useResource(getTiers);
  // Room for new pictures is what the kept ones leave.
  const uploads = usePhotoUploads(MAX_CAMPAIGN_PICTURES - values.pictureKeys.length, 'groupbuy');

  const status = saved?.status ?? 'draft';
  // An ended campaign takes no more changes (GROUP_BUY_ENDED).
  const readOnly = !canEdit || status === 'ended';
  const locked = readOnly || busy !== null;
  const dirty = JSON.stringify(values) !== JSON.stringify(initial) || uploads.items.length > 0;

  const change: Change = (patch, ...places) => {
    if (locked) return;
    setValues((previous) => ({ ...previous, ...patch }));
    setErrors((previous) => places.reduce(withoutError, previous));
    clearFailure();
  };

  /** The campaign as the form has it (kept pictures, then new uploads), or null with its problems shown. */
  const checked = () => {
    if (uploads.blocker) {
      setErrors((previous) => ({ ...previous, 'product.pictureKeys': uploads.blocker! }));
      showProblems();
      return null;
    }
    const result = formToCampaign(values, [...values.pictureKeys, ...uploads.keys]);
    if (result.ok) return result.campaign;
    setErrors(result.errors);
    showProblems();
    return null;
  };

  const saveDraft = () =>
    run('save', async () => {
      const campaign = checked();
      if (!campaign) return;
      try {
        if (saved) {
          onSaved(await updateGroupBuyCampaign(saved.campaignId, campaign, saved.revision));
          toastDone('已保存');
        } else {
          const created = await createGroupBuyCampaign(campaign);
          toastDone('已保存草稿');
          replaceWithGroupBuyCampaign(created.campaignId);
        }
      } catch (error) {
        showFailure(error);
      }
    });

  /** 发布 a draft (saving the form first). */
  const publish = () =>
    run('publish', async () => {
      const campaign = checked();
      if (!campaign) return;
      const { confirm } = await Taro.showModal({
        title: '发布拼团活动',
        content: `发布后，符合条件的会员在活动时间内即可开团、参团。之后修改会立即生效，${RUNNING_GROUPS_KEEP_TERMS}。`,
        confirmText: '发布',
      });
      if (!confirm) return;
      let draft: GroupBuyCampaign | null = saved;
      try {
        draft = saved ? await updateGroupBuyCampaign(saved.campaignId, campaign, saved.revision) : await createGroupBuyCampaign(campaign);
        const published = await publishGroupBuyCampaign(draft.campaignId, draft.revision);
        toastDone('已发布');
        if (saved) onSaved(published);
        else replaceWithGroupBuyCampaign(published.campaignId);
      } catch (error) {
        if (!saved && draft) {
          // The draft was made: open it, so that trying again publishes it rather than making another.
          Taro.showToast({ title: `已保存草稿，发布未成功：${errorText(error)}`, icon: 'none' }).catch(() => undefined);
          replaceWithGroupBuyCampaign(draft.campaignId);
        } else showFailure(error);
      }
    });

  /** 保存修改 of a published campaign: version + 1 takes effect at once; groups already open keep theirs. */
  const saveVersion = () =>
    run('save', async () => {
      if (!saved) return;
      const campaign = checked();
      if (!campaign) return;
      const { confirm } = await Taro.showModal({
        title: '保存修改',
        content: `保存后立即生效（第 ${saved.version + 1} 版），之后新开的团按新条件进行；${RUNNING_GROUPS_KEEP_TERMS}。`,
        confirmText: '保存',
      });
      if (!confirm) return;
      try {
        onSaved(await updateGroupBuyCampaign(saved.campaignId, campaign, saved.revision));
        toastDone('已保存');
      } catch (error) {
        showFailure(error);
      }
    });

  const end = () =>
    run('end', async () => {
      if (!saved) return;
      const { confirm } = await Taro.showModal({
        title: '结束活动',
        content: `结束「${saved.definition.name}」？结束后会员不能再开新团；已开的团继续到各自的截止时间，成团发货或未成团退款照常进行。结束后不能再修改。`,
        confirmText: '结束',
        confirmColor: '#c0392b',
      });
      if (!confirm) return;
      try {
        onSaved(await endGroupBuyCampaign(saved.campaignId, saved.revision));
        toastDone('已结束');
      } catch (error) {
        showFailure(error);
      }
    });

  const tiers: TierNameList = ladder.state.status === 'ready' ? ladder.state.data.tiers : DEFAULT_TIERS;
  const segmentChoices =
    segments.state.status === 'ready'
      ? segments.state.data.items.map((segment) => ({ value: segment.segmentId, label: segment.name }))
      : [];
  const fields = { values, errors, readOnly, change };

  return (
    <View className="page care-editor groupbuy-editor" data-testid="groupbuy-editor">
      {saved && <StateCard campaign={saved} />}
      {!canEdit && (
        <Text className="notice care-readonly groupbuy-readonly" data-testid="groupbuy-readonly">
          仅管理员可以修改拼团活动，您可以查看设置。
        </Text>
      )}
      {canEdit && status === 'ended' && (
        <Text className="notice care-readonly groupbuy-ended" data-testid="groupbuy-ended">
          活动已结束，不能再修改。
        </Text>
      )}
      {!readOnly && status === 'published' && (
        <Text className="notice care-readonly groupbuy-running-note" data-testid="groupbuy-running-note">
          {`活动已发布。修改保存后立即生效，之后新开的团按新条件进行；${RUNNING_GROUPS_KEEP_TERMS}。`}
        </Text>
      )}

      <View className="card">
        <Text className="card__title">活动与商品</Text>
        <TextField {...fields} label="活动名称（会员看到的）" field="name" place="name" placeholder="如 赣南脐橙 3 人团" maxlength={30} />
        <TextField {...fields} label="商品名称" field="productName" place="product.name" placeholder="如 赣南脐橙 5 斤装" maxlength={60} />
        <TextField
          {...fields}
          label="商品编码"
          field="sku"
          place="product.sku"
          placeholder="与店铺系统中的编码一致，用于发货"
          maxlength={64}
        />
        <TextField {...fields} label="商品品类" field="category" place="product.category" placeholder="如 水果" maxlength={64} />
        <FieldRow label="商品介绍（选填）" error={errors['product.description']}>
          <Textarea
            className="field groupbuy-description"
            data-testid="groupbuy-description"
            placeholder="产地、规格、发货方式等"
            maxlength={500}
            value={values.description}
            {...disabledWhen(readOnly)}
            onInput={(event) => change({ description: event.detail.value }, 'product.description')}
          />
        </FieldRow>
        <FieldRow label={`商品图片（最多 ${MAX_CAMPAIGN_PICTURES} 张，第一张为封面）`} error={errors['product.pictureKeys']}>
          <View className="groupbuy-pictures">
            {values.pictureKeys.map((key, index) => (
              <View key={key} className="groupbuy-picture" data-testid="groupbuy-picture">
                <Image className="groupbuy-picture__image" src={pictureUrl(saved, key)} mode="aspectFill" />
                {index === 0 && <Text className="groupbuy-picture__cover">封面</Text>}
                {!readOnly && (
                  <Text
                    className="groupbuy-picture__remove groupbuy-picture-remove"
                    data-testid="groupbuy-picture-remove"
                    onClick={() => change({ pictureKeys: values.pictureKeys.filter((kept) => kept !== key) }, 'product.pictureKeys')}
                  >
                    ×
                  </Text>
                )}
              </View>
            ))}
          </View>
          {!readOnly && <PhotoPicker uploads={uploads} testPrefix="groupbuy" disabled={busy !== null} />}
        </FieldRow>
      </View>

      <View className="card">
        <Text className="card__title">价格与库存</Text>
        <TextField
          {...fields}
          label="原价（元）"
          field="originalPrice"
          place="product.originalPriceFen"
          placeholder="如 39.9"
          type="digit"
        />
        <TextField
          {...fields}
          label="拼团价（元）"
          field="groupPrice"
          place="product.groupPriceFen"
          placeholder="须低于原价，如 29.9"
          type="digit"
        />
        <FieldRow label="库存" error={errors.stock}>
          <NumberLine
            name="stock"
            prefix="共"
            unit="件"
            value={values.stock}
            readOnly={readOnly}
            onInput={(stock) => change({ stock }, 'stock')}
          />
          {saved && saved.status !== 'draft' && (
            <Text className="muted care-hint">{`${stockText(saved.stock)}。修改总库存后，剩余库存按增减的数量调整。`}</Text>
          )}
        </FieldRow>
        <FieldRow label="每人限购" error={errors.perBuyerLimit}>
          <NumberLine
            name="perBuyerLimit"
            prefix="每位会员最多"
            unit="件（含待支付）"
            value={values.perBuyerLimit}
            readOnly={readOnly}
            onInput={(perBuyerLimit) => change({ perBuyerLimit }, 'perBuyerLimit')}
          />
        </FieldRow>
      </View>

      <View className="card">
        <Text className="card__title">成团规则</Text>
        <FieldRow label="成团人数" error={errors.groupSize}>
          <NumberLine
            name="groupSize"
            prefix="满"
            unit="人成团（含团长）"
            value={values.groupSize}
            readOnly={readOnly}
            onInput={(groupSize) => change({ groupSize }, 'groupSize', 'minGroupSize')}
          />
        </FieldRow>
        <FieldRow label="最少成团人数（选填）" error={errors.minGroupSize}>
          <NumberLine
            name="minGroupSize"
            prefix="到时至少"
            unit="人付款也算成团"
            placeholder="同成团人数"
            value={values.minGroupSize}
            readOnly={readOnly}
            onInput={(minGroupSize) => change({ minGroupSize }, 'minGroupSize')}
          />
          <Text className="muted care-hint groupbuy-min-hint" data-testid="groupbuy-min-hint">
            默认等于成团人数。到时未满但达到最少人数也算成团，不会用虚拟成员凑数。
          </Text>
        </FieldRow>
        <FieldRow label="成团时限" error={errors.groupHours}>
          <NumberLine
            name="groupHours"
            prefix="开团后"
            unit="小时内成团，否则未成团并自动退款"
            value={values.groupHours}
            readOnly={readOnly}
            onInput={(groupHours) => change({ groupHours }, 'groupHours')}
          />
        </FieldRow>
        <FieldRow label="支付时限" error={errors.reservationMinutes}>
          <NumberLine
            name="reservationMinutes"
            prefix="开团或参团后"
            unit="分钟内付款，否则名额释放"
            value={values.reservationMinutes}
            readOnly={readOnly}
            onInput={(reservationMinutes) => change({ reservationMinutes }, 'reservationMinutes')}
          />
        </FieldRow>
      </View>

      <View className="card">
        <Text className="card__title">活动时间</Text>
        <DateTimeRow {...fields} label="开始" place="startsAt" date="startDate" time="startTime" />
        <DateTimeRow {...fields} label="结束" place="endsAt" date="endDate" time="endTime" />
        <Text className="muted care-hint">北京时间。结束后不能再开新团，已开的团继续到各自的截止时间。</Text>
      </View>

      <View className="card">
        <Text className="card__title">参与对象</Text>
        <AudienceRow {...fields} label="谁可以开团" place="whoMayOpen" segments={segmentChoices} tiers={tiers} />
        <AudienceRow {...fields} label="谁可以参团" place="whoMayJoin" segments={segmentChoices} tiers={tiers} />
      </View>

      <LeaderRewardCard {...fields} />

      <SaveFailureNotice failure={failure} testId="groupbuy" onReload={onReload} />

      {!readOnly && (
        <View className="card">
          {status === 'draft' && (
            <>
              <Button
                className="btn btn--ghost groupbuy-save"
                data-testid="groupbuy-save"
                {...whileBusy(busy === 'save')}
                onClick={() => void saveDraft()}
              >
                保存草稿
              </Button>
              <Button
                className="btn btn--primary groupbuy-publish"
                data-testid="groupbuy-publish"
                {...whileBusy(busy === 'publish')}
                onClick={() => void publish()}
              >
                发布
              </Button>
            </>
          )}
          {status === 'published' && (
            <>
              <Button
                className="btn btn--primary groupbuy-save-version"
                data-testid="groupbuy-save-version"
                {...(busy === 'save' ? whileBusy(true) : disabledWhen(!dirty))}
                onClick={() => void saveVersion()}
              >
                {dirty ? '保存修改' : '修改后可保存'}
              </Button>
              <Button
                className="btn btn--ghost groupbuy-invite"
                data-testid="groupbuy-invite"
                onClick={() => saved && openCareRuleInvitingToGroupBuy(saved.campaignId)}
              >
                邀请客户参团
              </Button>
              <Button
                className="btn btn--plain groupbuy-end"
                data-testid="groupbuy-end"
                {...whileBusy(busy === 'end')}
                onClick={() => void end()}
              >
                结束活动
              </Button>
            </>
          )}
        </View>
      )}
    </View>
  );
}

/** A kept picture's display link (the campaign's links are in the order of its keys). */
function pictureUrl(saved: GroupBuyCampaign | null, key: string): string {
  const index = saved?.definition.product.pictureKeys.indexOf(key) ?? -1;
  return index >= 0 ? (saved?.pictureUrls[index] ?? '') : '';
}

/** The campaign's state, version, stock and groups, above the form. */
function StateCard({ campaign }: { campaign: GroupBuyCampaign }) {
  const status = campaignStatusText(campaign, new Date());
  return (
    <View className="card">
      <View className="staff-row__head">
        <Text className="staff-row__name">{campaign.definition.name}</Text>
        <Text
          className={`care-state groupbuy-state ${campaignStatusTone(status) === 'on' ? 'care-state--on' : ''}`}
          data-testid="groupbuy-state"
        >
          {status}
        </Text>
      </View>
      <Text className="groupbuy-row__line groupbuy-version" data-testid="groupbuy-version">
        {campaign.version > 0 ? `第 ${campaign.version} 版` : '未发布'}
      </Text>
      {campaign.status !== 'draft' && (
        <>
          <Text className="groupbuy-row__line">{stockText(campaign.stock)}</Text>
          <Text className="groupbuy-row__line">{groupsText(campaign.groups)}</Text>
          <Button
            className="btn btn--ghost groupbuy-open-orders"
            data-testid="groupbuy-open-orders"
            onClick={() => openGroupBuyOrders(campaign.campaignId)}
          >
            查看订单
          </Button>
          <Button
            className="btn btn--ghost groupbuy-open-insight"
            data-testid="groupbuy-open-insight"
            onClick={() => openGroupBuyInsight(campaign.campaignId)}
          >
            活动数据
          </Button>
        </>
      )}
    </View>
  );
}

interface FieldProps {
  values: GroupBuyFormValues;
  errors: GroupBuyErrors;
  readOnly: boolean;
  change: Change;
}

type TextFieldName = 'name' | 'productName' | 'sku' | 'category' | 'originalPrice' | 'groupPrice';

/** A labelled input of one of the form's text fields; `<field>` is its class to tests. */
function TextField(
  props: FieldProps & { label: string; field: TextFieldName; place: string; placeholder: string; maxlength?: number; type?: 'digit' },
) {
  const { values, errors, readOnly, change, field, place } = props;
  // Either price answers the other's "below the original price".
  const places = place.endsWith('PriceFen') ? ['product.originalPriceFen', 'product.groupPriceFen'] : [place];
  return (
    <FieldRow label={props.label} error={errors[place]}>
      <Input
        className={`field care-input--wide groupbuy-${field}`}
        data-testid={`groupbuy-${field}`}
        type={props.type ?? 'text'}
        placeholder={props.placeholder}
        maxlength={props.maxlength ?? 20}
        value={values[field]}
        {...disabledWhen(readOnly)}
        onInput={(event) => change({ [field]: event.detail.value }, ...places)}
      />
    </FieldRow>
  );
}

/** A day and a clock time (Shanghai), each a picker. */
function DateTimeRow(
  props: FieldProps & { label: string; place: 'startsAt' | 'endsAt'; date: 'startDate' | 'endDate'; time: 'startTime' | 'endTime' },
) {
  const { values, errors, readOnly, change, place, date, time } = props;
  return (
    <FieldRow label={props.label} error={errors[place]}>
      <View className="care-line">
        <Picker
          className={`groupbuy-${date}-picker`}
          mode="date"
          value={values[date] || shanghaiToday(new Date())}
          disabled={readOnly}
          onChange={(event) => change({ [date]: String(event.detail.value) }, 'startsAt', 'endsAt')}
        >
          <Text className="segment-chip segment-chip--on groupbuy-time" data-testid={`groupbuy-${date}`}>
            {values[date] || '选择日期'}
          </Text>
        </Picker>
        <Picker
          className={`groupbuy-${time}-picker`}
          mode="time"
          value={values[time] || '10:00'}
          disabled={readOnly}
          onChange={(event) => change({ [time]: String(event.detail.value) }, 'startsAt', 'endsAt')}
        >
          <Text className="segment-chip segment-chip--on groupbuy-time" data-testid={`groupbuy-${time}`}>
            {values[time] || '选择时间'}
          </Text>
        </Picker>
      </View>
    </FieldRow>
  );
}

const AUDIENCE_OPTIONS = (Object.keys(AUDIENCE_KIND_NAMES) as AudienceForm['kind'][]).map((kind) => ({
  value: kind,
  label: AUDIENCE_KIND_NAMES[kind],
}));

/** 全部会员 / 仅新客（新人团） / 指定分群 (saved segments, any number) / 指定等级 (tiers, any number). */
function AudienceRow(
  props: FieldProps & {
    label: string;
    place: 'whoMayOpen' | 'whoMayJoin';
    segments: ReadonlyArray<{ value: string; label: string }>;
    tiers: TierNameList;
  },
) {
  const { values, errors, change, place } = props;
  const audience = values[place];
  const set = (next: AudienceForm) => change({ [place]: next }, place);
  // A chosen segment deleted since is still shown, so that it can be taken off.
  const segmentOptions = [
    ...props.segments,
    ...audience.segmentIds
      .filter((id) => !props.segments.some((segment) => segment.value === id))
      .map((id) => ({ value: id, label: '（已删除的分群）' })),
  ];
  return (
    <FieldRow label={props.label} error={errors[place] ?? errors[`${place}.segmentIds`] ?? errors[`${place}.tierCodes`]}>
      <Chips
        testId={`groupbuy-${place}`}
        options={AUDIENCE_OPTIONS}
        chosen={audience.kind}
        onChoose={(kind) => set({ ...audience, kind: kind as AudienceForm['kind'] })}
      />
      {audience.kind === 'new-customers' && <Text className="muted care-hint">还没有下过单的会员（新人团）。</Text>}
      {audience.kind === 'segments' &&
        (segmentOptions.length === 0 ? (
          <Text className="muted care-hint">还没有客户分群，请先在「客户分群」中圈选客户。</Text>
        ) : (
          <ChipGroup
            testId={`groupbuy-${place}-segment-list`}
            options={segmentOptions}
            chosen={audience.segmentIds}
            onToggle={(id) => set(toggleAudienceChoice(audience, 'segmentIds', id))}
          />
        ))}
      {audience.kind === 'tiers' && (
        <ChipGroup
          testId={`groupbuy-${place}-tier-list`}
          options={props.tiers.map((tier) => ({ value: tier.code, label: tier.name }))}
          chosen={audience.tierCodes}
          onToggle={(code) => set(toggleAudienceChoice(audience, 'tierCodes', code))}
        />
      )}
    </FieldRow>
  );
}

const REWARD_OPTIONS = (Object.keys(LEADER_REWARD_NAMES) as GroupBuyFormValues['leaderReward'][]).map((kind) => ({
  value: kind,
  label: LEADER_REWARD_NAMES[kind],
}));

/** 团长奖励: none, points, or a coupon with its terms as 礼品管理 words them. Given once per successful group. */
function LeaderRewardCard({ values, errors, readOnly, change }: FieldProps) {
  const coupon = values.leaderCoupon;
  const setCoupon = (patch: Partial<CouponTermsForm>, place: string) =>
    change({ leaderCoupon: { ...coupon, ...patch } }, `leaderReward.coupon.${place}`, 'leaderReward.coupon');
  const couponInput = (field: 'amountOff' | 'discountPercent' | 'minSpend' | 'validDays', place: string, placeholder: string) => (
    <Input
      className={`field care-input--short groupbuy-coupon-${field}`}
      data-testid={`groupbuy-coupon-${field}`}
      type={field === 'amountOff' || field === 'minSpend' ? 'digit' : 'number'}
      placeholder={placeholder}
      value={coupon[field]}
      {...disabledWhen(readOnly)}
      onInput={(event) => setCoupon({ [field]: event.detail.value }, place)}
    />
  );
  return (
    <View className="card">
      <Text className="card__title">团长奖励</Text>
      <FieldRow label="成团后团长获得" error={errors.leaderReward}>
        <Chips
          testId="groupbuy-leader-reward"
          options={REWARD_OPTIONS}
          chosen={values.leaderReward}
          onChoose={(kind) => change({ leaderReward: kind as GroupBuyFormValues['leaderReward'] }, 'leaderReward')}
        />
        <Text className="muted care-hint">每个成团的团只奖励团长一次。</Text>
      </FieldRow>
      {values.leaderReward === 'points' && (
        <FieldRow label="奖励积分" error={errors['leaderReward.points']}>
          <NumberLine
            name="leaderPoints"
            prefix="团长得"
            unit="积分"
            value={values.leaderPoints}
            readOnly={readOnly}
            onInput={(leaderPoints) => change({ leaderPoints }, 'leaderReward.points')}
          />
        </FieldRow>
      )}
      {values.leaderReward === 'coupon' && (
        <>
          <FieldRow label="券类型">
            <Chips
              testId="groupbuy-coupon-type"
              options={[
                { value: 'amount_off', label: '满减券' },
                { value: 'discount', label: '折扣券' },
              ]}
              chosen={coupon.couponType}
              onChoose={(type) => setCoupon({ couponType: type as CouponTermsForm['couponType'] }, 'type')}
            />
          </FieldRow>
          {coupon.couponType === 'amount_off' ? (
            <FieldRow label="减免（元）" error={errors['leaderReward.coupon.amountOffFen']}>
              {couponInput('amountOff', 'amountOffFen', '如 10')}
            </FieldRow>
          ) : (
            <FieldRow label="折扣（%）" error={errors['leaderReward.coupon.discountPercent']}>
              {couponInput('discountPercent', 'discountPercent', '85 表示八五折')}
            </FieldRow>
          )}
          <FieldRow label="门槛（元）" error={errors['leaderReward.coupon.minSpendFen']}>
            {couponInput('minSpend', 'minSpendFen', '0 表示无门槛')}
          </FieldRow>
          <FieldRow label="有效天数" error={errors['leaderReward.coupon.validDays']}>
            {couponInput('validDays', 'validDays', '发放后几天内可用')}
          </FieldRow>
          {errors['leaderReward.coupon'] && <ErrorText text={errors['leaderReward.coupon']} testId="groupbuy-field-error" />}
        </>
      )}
    </View>
  );
}

function FieldRow(props: { label: string; error?: string; children: ReactNode }) {
  return <StaffFieldRow {...props} errorTestId="groupbuy-field-error" />;
}

function NumberLine(props: Omit<Parameters<typeof StaffNumberLine>[0], 'idPrefix'>) {
  return <StaffNumberLine idPrefix="groupbuy-number" {...props} />;
}
