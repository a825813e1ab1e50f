import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import {
  ANNIVERSARY_KINDS,
  ANNIVERSARY_NAMES,
  CARE_TRIGGER_KINDS,
  CARE_TRIGGER_NAMES,
  MAX_CARE_GIFT_POINTS,
  SKIP_REASON_NAMES,
  SKIP_REASONS,
  type CareDryRun,
  type CareEditorOptions,
  type CarePreview,
  type CareRule,
  type CareRuleInput,
} from '@linli/shared/care-rules';
import { addDays, shanghaiDay } from '@linli/shared/time';
import { LIFECYCLE_STAGE_NAMES, LIFECYCLE_STAGES } from '@linli/shared/insight';
import { LUNAR_BIRTHDAY_RULES } from '@linli/shared/lunar-birthday';
import { FIELD_KIND_LABELS, fieldKindOf } from '@linli/shared/subscribe-fields';
import {
  createCareRule,
  deleteCareRule,
  dryRunCareRule,
  getCareEditorOptions,
  getCareRule,
  previewCareRule,
  updateCareRule,
} from '@/api/care';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { leadText } from '@/format/care';
import {
  exampleValues,
  fieldProblemsOf,
  formToRule,
  issuesToErrors,
  newFieldRow,
  newGroupBuyInvitationForm,
  newRuleForm,
  previewMessage,
  ruleToForm,
  VARIABLE_LABELS,
  withVariable,
  withoutError,
  type CareRuleErrors,
  type CareRuleFormValues,
  type GiftForm,
  type MessageForm,
} from '@/staff/care-rule-form';
import { openCareLog, replaceWithCareRule } from '@/staff/care-pages';
import { SeasonalTipChoice } from '@/staff/seasonal-trigger';
import { Chips, ErrorText, FieldRow, NumberLine } from '@/staff/form-controls';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';

/** The 关怀计划 editor: admins create and change rules, supervisors read them. `?id=` opens a saved one. */
export default function CareRulePage() {
  const { id: ruleId, groupBuy } = useRouter().params;
  return (
    <StaffFrame title={ruleId ? '编辑关怀计划' : '新建关怀计划'}>
      <CareRuleContent ruleId={ruleId} groupBuy={groupBuy} />
    </StaffFrame>
  );
}

const FORBIDDEN_TEXT = '关怀计划仅限主管和管理员使用';
/** The most template keywords one message maps (SubscribeMessageFields). */
const MAX_FIELDS = 20;

/** `groupBuy`: a new rule starts inviting to that campaign (opened from the campaign's page). */
function CareRuleContent({ ruleId, groupBuy }: { ruleId: string | undefined; groupBuy: string | undefined }) {
  const roles = loadSession()?.roles ?? [];
  const canEdit = roles.includes('admin');
  const options = useResource(getCareEditorOptions);
  const rule = useResource(() => (ruleId ? getCareRule(ruleId) : Promise.resolve(null)));
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: ruleId ? '编辑关怀计划' : '新建关怀计划' }).catch(() => undefined);
  }, [ruleId]);

  for (const resource of [options, rule]) {
    if (resource.state.status === 'loading') return <Loading rows={6} />;
    if (resource.state.status === 'error') {
      return isForbidden(resource.state.error) ? (
        <Forbidden text={FORBIDDEN_TEXT} />
      ) : (
        <ErrorState message={resource.state.message} onRetry={() => void resource.reload()} />
      );
    }
  }
  if (options.state.status !== 'ready' || rule.state.status !== 'ready') return <Loading rows={6} />;
  if (!ruleId && !canEdit) return <Forbidden text="仅管理员可以新建关怀计划" />;
  const saved = rule.state.data;
  return (
    <Editor
      // A reload after a conflict brings a newer version: the form starts again from it.
      key={saved?.version ?? 'new'}
      saved={saved}
      invitingTo={groupBuy}
      options={options.state.data}
      readOnly={!canEdit}
      onSaved={(next) => rule.replace(next)}
      onReload={() => void rule.reload()}
    />
  );
}

type Failure = { text: string; conflict: boolean } | null;

interface EditorProps {
  saved: CareRule | null;
  /** A new rule's 拼团 campaign, when the editor was opened from it. */
  invitingTo?: string;
  options: CareEditorOptions;
  readOnly: boolean;
  onSaved: (rule: CareRule) => void;
  onReload: () => void;
}

function Editor({ saved, invitingTo, options, readOnly, onSaved, onReload }: EditorProps) {
  const [values, setValues] = useState<CareRuleFormValues>(() =>
    saved
      ? ruleToForm(saved)
      : invitingTo
        ? newGroupBuyInvitationForm(options.groupBuys.find((campaign) => campaign.campaignId === invitingTo))
        : newRuleForm(),
  );
  const [errors, setErrors] = useState<CareRuleErrors>({});
  const [failure, setFailure] = useState<Failure>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'delete' | 'preview' | 'dry-run' | null>(null);
  const busyRef = useRef(false);
  const [dryRun, setDryRun] = useState<CareDryRun | null>(null);
  const [preview, setPreview] = useState<{ result: CarePreview; who: string } | null>(null);
  const examples = useMemo(() => exampleValues(options.variables), [options.variables]);
  const locked = readOnly || busy !== null;

  /** Changes the form; `places` are the problems the change answers. */
  const change = (patch: Partial<CareRuleFormValues>, ...places: string[]) => {
    if (locked) return;
    setValues((previous) => ({ ...previous, ...patch }));
    setErrors((previous) => places.reduce(withoutError, previous));
    setFailure(null);
    setNotice(null);
    // What the dry run counted was the rule before this change.
    setDryRun(null);
    setPreview(null);
  };

  const run = async (kind: NonNullable<typeof busy>, action: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(kind);
    try {
      await action();
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  /** The rule as the form has it, or null with its problems shown. */
  const checked = () => {
    const result = formToRule(values);
    if (result.ok) return result;
    setErrors(result.errors);
    setFailure({ text: '请检查标红的项目', conflict: false });
    return null;
  };

  const showFailure = (error: unknown) => {
    if (
      error instanceof ApiError &&
      error.issues.length > 0 &&
      (error.code === 'VALIDATION_FAILED' || error.code === 'CARE_MESSAGE_INVALID')
    ) {
      setErrors(issuesToErrors(error.issues, error.code === 'CARE_MESSAGE_INVALID'));
    }
    const conflict = error instanceof ApiError && error.code === 'CONFLICT';
    setFailure({ text: conflict ? '这条关怀计划已被他人修改，请重新加载后再改' : errorText(error), conflict });
  };

  const save = () =>
    run('save', async () => {
      if (readOnly) return;
      const result = checked();
      if (!result) return;
      setErrors({});
      setFailure(null);
      try {
        if (saved && result.version !== null) {
          onSaved(await updateCareRule(saved.ruleId, result.rule, result.version));
          Taro.showToast({ title: '已保存', icon: 'success' }).catch(() => undefined);
        } else {
          const created = await createCareRule(result.rule);
          Taro.showToast({ title: '已创建', icon: 'success' }).catch(() => undefined);
          replaceWithCareRule(created.ruleId);
        }
      } catch (error) {
        showFailure(error);
      }
    });

  const remove = () =>
    run('delete', async () => {
      if (readOnly || !saved) return;
      const { confirm } = await Taro.showModal({
        title: '删除关怀计划',
        content: `删除「${saved.name}」？之后不再发送，已发送的记录仍保留。`,
        confirmText: '删除',
        confirmColor: '#c0392b',
      });
      if (!confirm) return;
      try {
        await deleteCareRule(saved.ruleId);
        if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
        else void Taro.redirectTo({ url: '/staff/pages/care-rules/index' });
      } catch (error) {
        showFailure(error);
      }
    });

  const askPreview = (member?: { memberId: string; nickname: string | null }) =>
    run('preview', async () => {
      const result = checked();
      if (!result) return;
      setFailure(null);
      try {
        setPreview({
          result: await previewCareRule(result.rule, member?.memberId),
          who: member ? (member.nickname ?? '会员') : '示例数据',
        });
      } catch (error) {
        showFailure(error);
      }
    });

  const askDryRun = () =>
    run('dry-run', async () => {
      const result = checked();
      if (!result) return;
      setFailure(null);
      try {
        setDryRun(await dryRunCareRule(result.rule, nextSendingDay(result.rule, options)));
      } catch (error) {
        showFailure(error);
      }
    });

  const setMessage = (arm: 'message' | 'variantMessage', message: MessageForm, ...places: string[]) =>
    change({ [arm]: message }, ...places);
  const setGift = (arm: 'gift' | 'variantGift', gift: GiftForm) => change({ [arm]: gift }, arm === 'gift' ? 'gift' : 'variant.gift');

  return (
    <View className="page care-editor" data-testid="care-rule-editor">
      {readOnly && (
        <Text className="notice care-readonly" data-testid="care-rule-readonly">
          仅管理员可以修改关怀计划，您可以查看设置。
        </Text>
      )}
      <View className="card">
        <Text className="card__title">基本信息</Text>
        <FieldRow label="名称" error={errors.name}>
          <Input
            className="field care-input--wide care-name"
            data-testid="care-rule-name"
            placeholder="如 生日祝福"
            maxlength={30}
            value={values.name}
            {...disabledWhen(readOnly)}
            onInput={(event) => change({ name: event.detail.value }, 'name')}
          />
        </FieldRow>
        <FieldRow label="状态">
          <Chips
            testId="care-rule-enabled"
            options={[
              { value: 'on', label: '开启' },
              { value: 'off', label: '关闭' },
            ]}
            chosen={values.enabled ? 'on' : 'off'}
            onChoose={(value) => change({ enabled: value === 'on' })}
          />
          <Text className="muted care-hint">关闭时不发送；开启后按发送时间每天检查一次。</Text>
        </FieldRow>
      </View>

      <TriggerCard values={values} errors={errors} options={options} readOnly={readOnly} change={change} />
      <SurveyCard values={values} errors={errors} options={options} readOnly={readOnly} change={change} />
      <GroupBuyCard values={values} errors={errors} options={options} readOnly={readOnly} change={change} />

      <View className="card">
        <Text className="card__title">发送对象</Text>
        <Chips
          testId="care-audience"
          options={[
            { value: 'everyone', label: '全部会员' },
            { value: 'segment', label: '客户分群' },
          ]}
          chosen={values.audience}
          onChoose={(value) => change({ audience: value as CareRuleFormValues['audience'] }, 'audience')}
        />
        {values.audience === 'segment' &&
          (options.segments.length === 0 ? (
            <Text className="muted care-hint">还没有客户分群，请先在「客户分群」中圈选客户。</Text>
          ) : (
            <Chips
              testId="care-segment"
              options={options.segments.map((segment) => ({ value: segment.segmentId, label: segment.name }))}
              chosen={values.segmentId}
              onChoose={(segmentId) => change({ segmentId }, 'audience.segmentId')}
            />
          ))}
        {errors['audience.segmentId'] && <ErrorText text={errors['audience.segmentId']} />}
      </View>

      <MessageCard
        title={values.abTest ? '消息（A 组）' : '消息'}
        prefix="message"
        message={values.message}
        gift={values.gift}
        errors={errors}
        options={options}
        examples={examples}
        readOnly={readOnly}
        onMessage={(message, ...places) => setMessage('message', message, ...places)}
        onGift={(gift) => setGift('gift', gift)}
      />

      <View className="card">
        <Text className="card__title">A/B 测试</Text>
        <Chips
          testId="care-ab"
          options={[
            { value: 'off', label: '不测试' },
            { value: 'on', label: '两组对比' },
          ]}
          chosen={values.abTest ? 'on' : 'off'}
          onChoose={(value) => change({ abTest: value === 'on' }, 'variant')}
        />
        <Text className="muted care-hint">两组对比时，发送对象随机分成两半（各 50%），一半收到 A 组消息和礼品，另一半收到 B 组的。</Text>
      </View>
      {values.abTest && (
        <MessageCard
          title="消息（B 组）"
          prefix="variant.message"
          message={values.variantMessage}
          gift={values.variantGift}
          errors={errors}
          options={options}
          examples={examples}
          readOnly={readOnly}
          onMessage={(message, ...places) => setMessage('variantMessage', message, ...places)}
          onGift={(gift) => setGift('variantGift', gift)}
        />
      )}

      <View className="card">
        <Text className="card__title">发送规则</Text>
        <FieldRow label="发送时间" error={errors.sendTime}>
          <Picker
            mode="time"
            value={values.sendTime}
            disabled={readOnly}
            onChange={(event) => change({ sendTime: String(event.detail.value) }, 'sendTime')}
          >
            <Text className="segment-chip segment-chip--on care-time" data-testid="care-send-time">
              每天 {values.sendTime}
            </Text>
          </Picker>
          <Text className="muted care-hint">北京时间。落在免打扰时段的消息顺延到免打扰结束后发送。</Text>
        </FieldRow>
        <NumberRow
          label="有效时长"
          name="staleAfterHours"
          prefix="最多顺延"
          unit="小时，过后不再发送"
          value={values.staleAfterHours}
          error={errors.staleAfterHours}
          readOnly={readOnly}
          onInput={(staleAfterHours) => change({ staleAfterHours }, 'staleAfterHours')}
        />
        <FieldRow label="优先级（数字大的先发）" error={errors.priority}>
          <Chips
            testId="care-priority"
            options={['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((value) => ({ value, label: value }))}
            chosen={values.priority}
            onChoose={(priority) => change({ priority }, 'priority')}
          />
          <Text className="muted care-hint">同一位会员当天有多条关怀消息而超过发送频率上限时，优先级高的先发，其余记为未发送。</Text>
        </FieldRow>
        <NumberRow
          label="对照组"
          name="holdoutPercent"
          prefix="随机留出"
          unit="% 的会员不发送"
          value={values.holdoutPercent}
          error={errors.holdoutPercent}
          readOnly={readOnly}
          onInput={(holdoutPercent) => change({ holdoutPercent }, 'holdoutPercent')}
        />
        <Text className="muted care-hint">0 到 50。对照组不收消息也不收礼品，用来衡量这条关怀带来的效果。</Text>
      </View>

      <View className="card care-try">
        <Text className="card__title">预览与试运行</Text>
        <Text className="muted care-hint">
          预览按示例数据显示消息；试运行统计今天（节日和时令推荐计划为下一次发送那天）会发给多少人、其他人为什么不发。都不会真的发送。
        </Text>
        <View className="care-actions">
          <Button
            className="btn btn--ghost care-action"
            data-testid="care-rule-preview"
            {...whileBusy(busy === 'preview')}
            onClick={() => void askPreview()}
          >
            预览
          </Button>
          <Button
            className="btn btn--ghost care-action"
            data-testid="care-rule-dry-run"
            {...whileBusy(busy === 'dry-run')}
            onClick={() => void askDryRun()}
          >
            试运行
          </Button>
        </View>
        {preview && <ServerPreview preview={preview.result} who={preview.who} />}
        {dryRun && <DryRunResult result={dryRun} onPreview={(member) => void askPreview(member)} />}
      </View>

      {failure && (
        <View className="tiers-failure">
          <Text className="notice notice--error" data-testid="care-rule-error">
            {failure.text}
          </Text>
          {failure.conflict && (
            <Button
              className="btn btn--ghost tiers-reload"
              data-testid="care-rule-reload"
              {...disabledWhen(busy !== null)}
              onClick={onReload}
            >
              重新加载
            </Button>
          )}
        </View>
      )}
      {errors.form && <Text className="notice notice--error">{errors.form}</Text>}
      {notice && <Text className="notice notice--ok">{notice}</Text>}
      {!readOnly && (
        <Button
          className="btn btn--primary care-save"
          data-testid="care-rule-save"
          {...whileBusy(busy === 'save')}
          onClick={() => void save()}
        >
          {saved ? '保存' : '创建'}
        </Button>
      )}
      {saved && (
        <Button className="btn btn--ghost care-save" data-testid="care-rule-open-log" onClick={() => openCareLog(saved.ruleId)}>
          发送记录
        </Button>
      )}
      {saved && !readOnly && (
        <Button
          className="btn btn--plain care-delete"
          data-testid="care-rule-delete"
          {...whileBusy(busy === 'delete')}
          onClick={() => void remove()}
        >
          删除
        </Button>
      )}
    </View>
  );
}

// ---- Trigger ---------------------------------------------------------------------------------

/** What the trigger card and its per-kind sections read and change of the form. */
interface TriggerSectionProps {
  values: CareRuleFormValues;
  errors: CareRuleErrors;
  options: CareEditorOptions;
  readOnly: boolean;
  change: (patch: Partial<CareRuleFormValues>, ...places: string[]) => void;
}

function TriggerCard({ values, errors, options, readOnly, change }: TriggerSectionProps) {
  const holiday = options.holidays.find((candidate) => candidate.key === values.holiday);
  const daysBefore = (
    <NumberRow
      label="提前天数"
      name="daysBefore"
      prefix="提前"
      unit="天发送（0 为当天）"
      value={values.daysBefore}
      error={errors['trigger.daysBefore']}
      readOnly={readOnly}
      onInput={(value) => change({ daysBefore: value }, 'trigger.daysBefore')}
    />
  );
  return (
    <View className="card">
      <Text className="card__title">什么时候发</Text>
      <Chips
        testId="care-trigger"
        options={CARE_TRIGGER_KINDS.map((kind) => ({ value: kind, label: CARE_TRIGGER_NAMES[kind] }))}
        chosen={values.triggerKind}
        onChoose={(kind) => change({ triggerKind: kind as CareRuleFormValues['triggerKind'] }, 'trigger')}
      />
      {values.triggerKind === 'birthday' && (
        <>
          {daysBefore}
          <View className="care-lunar" data-testid="care-lunar-rules">
            <Text className="care-lunar__title">会员选了农历生日的，在农历生日当天（或提前所选天数）收到：</Text>
            {LUNAR_BIRTHDAY_RULES.map((line) => (
              <Text key={line} className="muted care-lunar__line">
                {line}
              </Text>
            ))}
            <Text className="muted care-lunar__line">公历 2 月 29 日的生日，平年在 2 月 28 日过。</Text>
          </View>
        </>
      )}
      {values.triggerKind === 'holiday' && (
        <>
          <FieldRow label="节日" error={errors['trigger.holiday']}>
            <Chips
              testId="care-holiday"
              options={options.holidays.map((candidate) => ({ value: candidate.key, label: candidate.name }))}
              chosen={values.holiday}
              onChoose={(key) => change({ holiday: key }, 'trigger.holiday')}
            />
            {holiday && (
              <Text className="care-hint" data-testid="care-holiday-next">
                {`下一次${holiday.name}：${dayText(holiday.nextDate)}`}
                {holiday && /^\d+$/.test(values.daysBefore) && Number(values.daysBefore) > 0
                  ? `，${leadText(Number(values.daysBefore))}发送`
                  : ''}
              </Text>
            )}
            <Text className="muted care-hint">店铺自己的日期（店庆、会员日等）在「发送设置」中添加。</Text>
          </FieldRow>
          {daysBefore}
        </>
      )}
      {values.triggerKind === 'anniversary' && (
        <>
          <Chips
            testId="care-anniversary"
            options={ANNIVERSARY_KINDS.map((kind) => ({ value: kind, label: ANNIVERSARY_NAMES[kind] }))}
            chosen={values.anniversaryOf}
            onChoose={(of) => change({ anniversaryOf: of as CareRuleFormValues['anniversaryOf'] })}
          />
          {daysBefore}
          <Text className="muted care-hint">每满一年发送一次；2 月 29 日的纪念日，平年在 2 月 28 日。</Text>
        </>
      )}
      {values.triggerKind === 'post-purchase' && (
        <>
          <NumberRow
            label="购买后天数"
            name="daysAfter"
            prefix="购买后第"
            unit="天发送"
            value={values.daysAfter}
            error={errors['trigger.daysAfter']}
            readOnly={readOnly}
            onInput={(value) => change({ daysAfter: value }, 'trigger.daysAfter')}
          />
          <Text className="muted care-hint">会员当天的订单合为一次回访；全额退款的订单不回访。</Text>
        </>
      )}
      {values.triggerKind === 'lifecycle' && (
        <FieldRow label="进入这些阶段时发送" error={errors['trigger.stages']}>
          <View className="segment-chips" data-testid="care-stages">
            {LIFECYCLE_STAGES.map((stage) => {
              const on = values.stages.includes(stage);
              return (
                <Text
                  key={stage}
                  className={`segment-chip ${on ? 'segment-chip--on' : ''}`}
                  data-testid={`care-stages-${stage}`}
                  onClick={() =>
                    change({ stages: on ? values.stages.filter((other) => other !== stage) : [...values.stages, stage] }, 'trigger.stages')
                  }
                >
                  {LIFECYCLE_STAGE_NAMES[stage]}
                </Text>
              );
            })}
          </View>
          <Text className="muted care-hint">客户洞察每晚重新计算客户阶段；会员进入所选阶段的第二天发送，如流失风险时送一张复购券。</Text>
        </FieldRow>
      )}
      {values.triggerKind === 'seasonal' && (
        <>
          <SeasonalTipChoice
            tips={options.seasonalTips}
            tipId={values.tipId}
            daysBefore={values.daysBefore}
            error={errors['trigger.tipId']}
            onChoose={(tipId) => change({ tipId }, 'trigger.tipId')}
          />
          {daysBefore}
        </>
      )}
      {values.triggerKind === 'replenishment' && (
        <ReplenishmentTrigger values={values} errors={errors} options={options} readOnly={readOnly} change={change} />
      )}
      {values.triggerKind === 'once' && (
        <FieldRow label="发送日期" error={errors['trigger.day']}>
          <Picker
            className="care-once-picker"
            mode="date"
            value={values.onceDay || shanghaiDay(new Date()).date}
            start={shanghaiDay(new Date()).date}
            disabled={readOnly}
            onChange={(event) => change({ onceDay: String(event.detail.value) }, 'trigger.day')}
          >
            <Text className="segment-chip care-once-day" data-testid="care-once-day">
              {values.onceDay ? dayText(values.onceDay) : '选择日期'}
            </Text>
          </Picker>
          <Text className="muted care-hint">在所选日期的发送时间，发给「发送对象」中的全部会员一次，如把问卷发给一个客户分群。</Text>
        </FieldRow>
      )}
    </View>
  );
}

/** 问卷邀请: the message opens the chosen survey; members the survey may not ask now are skipped. */
function SurveyCard({ values, errors, options, change }: TriggerSectionProps) {
  return (
    <View className="card">
      <Text className="card__title">邀请填写问卷</Text>
      <Chips
        testId="care-survey"
        options={[
          { value: '', label: '不邀请' },
          ...options.surveys.map((survey) => ({ value: survey.surveyId, label: survey.name })),
          ...(values.surveyId && !options.surveys.some((survey) => survey.surveyId === values.surveyId)
            ? [{ value: values.surveyId, label: '已结束的问卷' }]
            : []),
        ]}
        chosen={values.surveyId}
        // A rule invites to a survey or a campaign: choosing one lets the other go.
        onChoose={(surveyId) => change({ surveyId, ...(surveyId ? { groupBuyId: '' } : {}) }, 'survey', 'groupBuy')}
      />
      {errors['survey'] && <ErrorText text={errors['survey']} />}
      <Text className="muted care-hint">
        {options.surveys.length === 0
          ? '还没有进行中的问卷，请先在「问卷调查」中发布。'
          : '会员点开消息即进入问卷（消息里的跳转页面不再使用）；已填写、已关闭或近期被邀请过其他问卷的会员不发送。'}
      </Text>
    </View>
  );
}

/** 拼团邀请: the message opens the chosen campaign; members who could not open a group now are skipped. */
function GroupBuyCard({ values, errors, options, change }: TriggerSectionProps) {
  return (
    <View className="card">
      <Text className="card__title">邀请参加拼团</Text>
      <Chips
        testId="care-groupbuy"
        options={[
          { value: '', label: '不邀请' },
          ...options.groupBuys.map((campaign) => ({ value: campaign.campaignId, label: campaign.name })),
          ...(values.groupBuyId && !options.groupBuys.some((campaign) => campaign.campaignId === values.groupBuyId)
            ? [{ value: values.groupBuyId, label: '已结束的拼团' }]
            : []),
        ]}
        chosen={values.groupBuyId}
        onChoose={(groupBuyId) => change({ groupBuyId, ...(groupBuyId ? { surveyId: '' } : {}) }, 'groupBuy', 'survey')}
      />
      {errors['groupBuy'] && <ErrorText text={errors['groupBuy']} />}
      <Text className="muted care-hint">
        {options.groupBuys.length === 0
          ? '还没有进行中的拼团活动，请先在「拼团活动」中发布。'
          : '会员点开消息即进入拼团活动页（消息里的跳转页面不再使用）；不符合开团条件、已达限购或活动已结束、已抢光时不发送。'}
      </Text>
    </View>
  );
}

/** 补货提醒: the lead days before the expected purchase, and the categories (none chosen: every category). */
function ReplenishmentTrigger({ values, errors, options, readOnly, change }: TriggerSectionProps) {
  // A category chosen before it had a cadence (or one no longer bought) stays choosable to be removed.
  const known = new Set(options.categories.map((category) => category.name));
  const choices = [
    ...options.categories.map((category) => ({
      name: category.name,
      label: category.cadenceDays === null ? category.name : `${category.name}（约每 ${category.cadenceDays} 天）`,
    })),
    ...values.categories.filter((name) => !known.has(name)).map((name) => ({ name, label: name })),
  ];
  return (
    <>
      <NumberRow
        label="提前天数"
        name="daysBefore"
        prefix="预计购买日前"
        unit="天提醒（0 为当天）"
        value={values.daysBefore}
        error={errors['trigger.daysBefore']}
        readOnly={readOnly}
        onInput={(value) => change({ daysBefore: value }, 'trigger.daysBefore')}
      />
      <FieldRow label="品类（不选即全部品类）" error={errors['trigger.categories']}>
        {choices.length === 0 ? (
          <Text className="muted care-hint" data-testid="care-categories-none">
            还没有可提醒的品类：客户洞察每晚计算，会员买过同一品类 3 次，或该品类有 5 位以上会员买过至少两次，才能推算。
          </Text>
        ) : (
          <View className="segment-chips" data-testid="care-categories">
            {choices.map(({ name, label }) => {
              const on = values.categories.includes(name);
              return (
                <Text
                  key={name}
                  className={`segment-chip care-category ${on ? 'segment-chip--on' : ''}`}
                  data-testid="care-category"
                  onClick={() =>
                    change(
                      { categories: on ? values.categories.filter((other) => other !== name) : [...values.categories, name] },
                      'trigger.categories',
                    )
                  }
                >
                  {label}
                </Text>
              );
            })}
          </View>
        )}
      </FieldRow>
      <Text className="muted care-hint care-replenish-rule" data-testid="care-replenish-rule">
        按每位会员自己的购买间隔推算下次购买日（买过不到 3 次的，按全店该品类的中位间隔）；会员再次购买后自动顺延。
      </Text>
    </>
  );
}

/** "2026-10-06" → "2026年10月6日". */
function dayText(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}

// ---- Message and gift ------------------------------------------------------------------------

interface MessageCardProps {
  title: string;
  /** Where its problems are filed: `message` or `variant.message`. */
  prefix: string;
  message: MessageForm;
  gift: GiftForm;
  errors: CareRuleErrors;
  options: CareEditorOptions;
  examples: ReturnType<typeof exampleValues>;
  readOnly: boolean;
  onMessage: (message: MessageForm, ...places: string[]) => void;
  onGift: (gift: GiftForm) => void;
}

function MessageCard({ title, prefix, message, gift, errors, options, examples, readOnly, onMessage, onGift }: MessageCardProps) {
  /** The row the variable buttons insert into: the one last typed in. */
  const [activeRow, setActiveRow] = useState(0);
  const live = fieldProblemsOf(message);
  const preview = previewMessage(message, examples);
  const giftPrefix = prefix === 'message' ? 'gift' : 'variant.gift';
  const set = (patch: Partial<MessageForm>, place: string) => onMessage({ ...message, ...patch }, `${prefix}.${place}`);
  const setRow = (index: number, patch: { key?: string; text?: string }) => {
    setActiveRow(index);
    onMessage(
      { ...message, fields: message.fields.map((row, i) => (i === index ? { ...row, ...patch } : row)) },
      `${prefix}.fields.${index}`,
      `${prefix}.fields`,
    );
  };
  // Adding or removing moves the rows after it: problems by index would point at the wrong rows.
  const setRows = (fields: MessageForm['fields']) => onMessage({ ...message, fields }, `${prefix}.fields`);

  return (
    <View className="card care-message" data-testid={`care-${prefix.replace('.', '-')}`}>
      <Text className="card__title">{title}</Text>
      <FieldRow label="模板 ID" error={errors[`${prefix}.templateId`]}>
        <Input
          className="field care-input--wide care-template-id"
          data-testid="care-template-id"
          placeholder="公众平台「订阅消息」中选用的模板 ID"
          maxlength={64}
          value={message.templateId}
          {...disabledWhen(readOnly)}
          onInput={(event) => set({ templateId: event.detail.value }, 'templateId')}
        />
      </FieldRow>
      <FieldRow label="模板标题" error={errors[`${prefix}.title`]}>
        <Input
          className="field care-input--wide care-template-title"
          data-testid="care-template-title"
          placeholder="如 生日祝福提醒（会员订阅时看到）"
          maxlength={20}
          value={message.title}
          {...disabledWhen(readOnly)}
          onInput={(event) => set({ title: event.detail.value }, 'title')}
        />
      </FieldRow>
      <FieldRow label="点击消息打开" error={errors[`${prefix}.page`]}>
        <Chips
          testId={`care-page-${prefix.replace('.', '-')}`}
          options={MESSAGE_PAGES}
          chosen={message.page}
          onChoose={(page) => set({ page }, 'page')}
        />
      </FieldRow>

      <Text className="care-subtitle">模板字段</Text>
      <Text className="muted care-hint">字段名照模板详情填写（如 thing1、date2），内容可用变量，发送时换成每位会员自己的值。</Text>
      {message.fields.map((row, index) => {
        const kind = fieldKindOf(row.key.trim());
        const keyProblem = errors[`${prefix}.fields.${index}.key`] ?? live[`fields.${index}.key`];
        const textProblem = errors[`${prefix}.fields.${index}.text`] ?? live[`fields.${index}.text`];
        return (
          <View key={row.rowKey} className="care-field" data-testid="care-field">
            <View className="care-field__line">
              <Input
                className="field care-field__key"
                data-testid="care-field-key"
                placeholder="thing1"
                maxlength={40}
                value={row.key}
                {...disabledWhen(readOnly)}
                onInput={(event) => setRow(index, { key: event.detail.value })}
              />
              <Text className="care-field__kind">{kind ? FIELD_KIND_LABELS[kind] : ''}</Text>
              {!readOnly && message.fields.length > 1 && (
                <Text
                  className="segment-link segment-link--danger care-field__remove"
                  onClick={() => setRows(message.fields.filter((_, i) => i !== index))}
                >
                  删除
                </Text>
              )}
            </View>
            <Input
              className="field care-input--wide care-field__text"
              data-testid="care-field-text"
              placeholder="如 {昵称}，生日快乐"
              maxlength={200}
              value={row.text}
              {...disabledWhen(readOnly)}
              onFocus={() => setActiveRow(index)}
              onInput={(event) => setRow(index, { text: event.detail.value })}
            />
            {!readOnly && activeRow === index && (
              <View className="segment-chips care-variables" data-testid="care-variables">
                {VARIABLE_LABELS.map((label) => (
                  <Text
                    key={label}
                    className="segment-chip care-variable"
                    onClick={() => setRow(index, { text: withVariable(row.text, label) })}
                  >
                    {`{${label}}`}
                  </Text>
                ))}
              </View>
            )}
            {keyProblem && <ErrorText text={keyProblem} testId="care-field-problem" />}
            {textProblem && <ErrorText text={textProblem} testId="care-field-problem" />}
          </View>
        );
      })}
      {errors[`${prefix}.fields`] && <ErrorText text={errors[`${prefix}.fields`]!} />}
      {!readOnly && (
        <Button
          className="btn btn--ghost care-add-field"
          data-testid="care-add-field"
          {...disabledWhen(message.fields.length >= MAX_FIELDS)}
          onClick={() => setRows([...message.fields, newFieldRow()])}
        >
          {message.fields.length >= MAX_FIELDS ? `最多 ${MAX_FIELDS} 个字段` : '＋ 添加字段'}
        </Button>
      )}

      <View className="care-preview" data-testid="care-live-preview">
        <Text className="care-subtitle">预览（示例数据）</Text>
        {message.title.trim() && <Text className="care-preview__title">{message.title.trim()}</Text>}
        {preview.map((field, index) => (
          <View key={message.fields[index]?.rowKey ?? index} className="care-preview__row">
            <Text className="care-preview__key">{field.key || '（未填字段名）'}</Text>
            {field.problem ? (
              <Text className="care-preview__problem">{field.problem}</Text>
            ) : (
              <Text className="care-preview__value">
                {field.value}
                {field.shortened ? '（已缩短）' : ''}
              </Text>
            )}
          </View>
        ))}
      </View>

      <Text className="care-subtitle">礼品</Text>
      <Chips
        testId={`care-gift-${giftPrefix.replace('.', '-')}`}
        options={[
          { value: 'none', label: '无' },
          { value: 'points', label: '积分' },
          { value: 'coupon', label: '优惠券' },
        ]}
        chosen={gift.kind}
        onChoose={(kind) => onGift({ ...gift, kind: kind as GiftForm['kind'] })}
      />
      {gift.kind === 'points' && (
        <NumberRow
          label="赠送积分"
          name={`${giftPrefix.replace('.', '-')}-points`}
          prefix="送"
          unit="积分"
          value={gift.points}
          error={errors[`${giftPrefix}.points`]}
          readOnly={readOnly}
          placeholder={`1 到 ${MAX_CARE_GIFT_POINTS}`}
          onInput={(points) => onGift({ ...gift, points })}
        />
      )}
      {gift.kind === 'coupon' &&
        (options.coupons.length === 0 ? (
          <Text className="muted care-hint">积分商城里还没有优惠券，请先在「礼品管理」中添加。</Text>
        ) : (
          <Chips
            testId={`care-coupon-${giftPrefix.replace('.', '-')}`}
            options={options.coupons.map((coupon) => ({
              value: coupon.rewardId,
              label: coupon.stock === null ? coupon.name : `${coupon.name}（剩 ${coupon.stock}）`,
            }))}
            chosen={gift.rewardId}
            onChoose={(rewardId) => onGift({ ...gift, rewardId })}
          />
        ))}
      {errors[`${giftPrefix}.rewardId`] && <ErrorText text={errors[`${giftPrefix}.rewardId`]!} />}
      {gift.kind !== 'none' && <Text className="muted care-hint">礼品在消息发出时发放；没有订阅、超过频率上限等未发送的，不发礼品。</Text>}
    </View>
  );
}

/** The pages a message may open (CareMessage.page). */
const MESSAGE_PAGES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'pages/index/index', label: '会员卡首页' },
  { value: 'pages/mall/index', label: '积分商城' },
  { value: 'pages/coupons/index', label: '我的优惠券' },
  { value: 'pages/points/index', label: '积分明细' },
];

// ---- Preview and dry run (the server's) ------------------------------------------------------

function ServerPreview({ preview, who }: { preview: CarePreview; who: string }) {
  return (
    <View className="care-result" data-testid="care-preview-result">
      <Text className="care-subtitle">{`预览：${who}`}</Text>
      {preview.arms.map((arm) => (
        <View key={arm.arm} className="care-preview">
          {preview.arms.length > 1 && <Text className="care-preview__title">{arm.arm === 'a' ? 'A 组' : 'B 组'}</Text>}
          {arm.fields.map((field) => (
            <View key={field.key} className="care-preview__row">
              <Text className="care-preview__key">{field.key}</Text>
              {field.problem ? (
                <Text className="care-preview__problem">{field.problem}</Text>
              ) : (
                <Text className="care-preview__value">{field.text}</Text>
              )}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}

/**
 * The day a holiday or 时令推荐 rule next sends (its date less the lead days), counted instead of
 * today, which for those is almost always no one; undefined (today) for every other trigger.
 */
function nextSendingDay(rule: CareRuleInput, options: CareEditorOptions): string | undefined {
  const trigger = rule.trigger;
  if (trigger.kind !== 'holiday' && trigger.kind !== 'seasonal') return undefined;
  const daysBefore = trigger.daysBefore;
  const next =
    trigger.kind === 'holiday'
      ? options.holidays.find((candidate) => candidate.key === trigger.holiday)?.nextDate
      : options.seasonalTips.find((tip) => tip.tipId === trigger.tipId)?.nextDate;
  if (!next) return undefined;
  const day = addDays(next, -daysBefore);
  return day >= shanghaiDay(new Date()).date ? day : undefined;
}

function DryRunResult({
  result,
  onPreview,
}: {
  result: CareDryRun;
  onPreview: (member: { memberId: string; nickname: string | null }) => void;
}) {
  const skipped = SKIP_REASONS.filter((reason) => (result.skipped[reason] ?? 0) > 0);
  return (
    <View className="care-result" data-testid="care-dry-run-result">
      <Text className="care-dry-run__headline" data-testid="care-dry-run-send">
        {`${dayText(result.day)}会发送 ${result.wouldSend} 人`}
      </Text>
      <Text className="muted care-hint">{`按现在的会员、订阅和设置统计：当天到期 ${result.due} 人。`}</Text>
      {result.segmentMissing && (
        <Text className="notice notice--error" data-testid="care-dry-run-segment-missing">
          所选客户分群已删除，这条关怀计划不会发给任何人，请重新选择发送对象。
        </Text>
      )}
      {skipped.map((reason) => (
        <View key={reason} className="care-preview__row" data-testid="care-dry-run-skipped">
          <Text className="care-preview__key">{SKIP_REASON_NAMES[reason]}</Text>
          <Text className="care-preview__value">{result.skipped[reason]} 人</Text>
        </View>
      ))}
      <View className="care-preview__row" data-testid="care-dry-run-outside">
        <Text className="care-preview__key">不在发送对象中</Text>
        <Text className="care-preview__value">{result.notInAudience} 人</Text>
      </View>
      {result.sample.length > 0 && (
        <>
          <Text className="care-subtitle">部分会员（点击预览他们收到的消息）</Text>
          <View className="segment-chips">
            {result.sample.map((member) => (
              <Text
                key={member.memberId}
                className="segment-chip care-sample"
                data-testid="care-dry-run-member"
                onClick={() => onPreview(member)}
              >
                {`${member.nickname ?? '会员'} · ${member.occasionName}`}
              </Text>
            ))}
          </View>
        </>
      )}
    </View>
  );
}

// ---- Small parts -------------------------------------------------------------------------------

function NumberRow(props: {
  label: string;
  name: string;
  prefix: string;
  unit: string;
  value: string;
  error?: string;
  readOnly: boolean;
  placeholder?: string;
  onInput: (value: string) => void;
}) {
  const { label, error, ...line } = props;
  return (
    <FieldRow label={label} error={error}>
      <NumberLine idPrefix="care-number" {...line} />
    </FieldRow>
  );
}
