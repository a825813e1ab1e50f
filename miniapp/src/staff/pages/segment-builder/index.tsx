import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { TagCatalog } from '@linli/shared/customers';
import type { Segment, SegmentPreview, SegmentRule } from '@linli/shared/segments';
import type { TierDefinition } from '@linli/shared/tiers';
import { createSegment, getInsightDashboard, getSegment, previewSegment, updateSegment } from '@/api/segments';
import { listTagCatalog } from '@/api/linli';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { asOfText, customerCountText } from '@/format/segments';
import { ChipGroup, DayRange } from '@/staff/segment-controls';
import { SegmentMemberRow, useTiers } from '@/staff/segment-members';
import { replaceWithSegment } from '@/staff/segment-pages';
import {
  EMPTY_RULE_MESSAGE,
  FIELD_SECTIONS,
  RFM_SCORE_NAMES,
  SEGMENT_FIELDS,
  addCondition,
  addGroup,
  blankRule,
  draftFromRule,
  fieldSpec,
  removeNode,
  ruleFromDraft,
  setOp,
  toggleValue,
  updateCondition,
  type ConditionPatch,
  type DraftCondition,
  type DraftRule,
  type LastOrderMode,
  type RfmScoreLetter,
} from '@/staff/segment-rule';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';

/** How long the rule must stay unchanged before its count is asked for: typing a number is not a query per key. */
const PREVIEW_DELAY_MS = 400;

/** The segment builder (supervisors, admins): conditions, a live count and sample, save. `?id=` edits a saved one. */
export default function SegmentBuilderPage() {
  const segmentId = useRouter().params.id;
  return (
    <StaffFrame title={segmentId ? '编辑分群' : '新建分群'}>
      {segmentId ? <EditSegment segmentId={segmentId} /> : <Builder initial={null} onReload={() => undefined} />}
    </StaffFrame>
  );
}

function EditSegment({ segmentId }: { segmentId: string }) {
  const segment = useResource(() => getSegment(segmentId));
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: '编辑分群' }).catch(() => undefined);
  }, []);
  if (segment.state.status === 'loading') return <Loading rows={6} />;
  if (segment.state.status === 'error') {
    return isForbidden(segment.state.error) ? (
      <Forbidden text="客户分群仅限主管和管理员使用" />
    ) : (
      <ErrorState message={segment.state.message} onRetry={() => void segment.reload()} />
    );
  }
  // A reload after a conflict brings a newer version: the builder starts again from it.
  return <Builder key={segment.state.data.version} initial={segment.state.data} onReload={() => void segment.reload()} />;
}

type Failure = { text: string; conflict: boolean } | null;

function Builder({ initial, onReload }: { initial: Segment | null; onReload: () => void }) {
  const counter = useRef(0);
  const newKey = () => `n${++counter.current}`;
  const [name, setName] = useState(initial?.name ?? '');
  const [draft, setDraft] = useState<DraftRule>(() => (initial ? draftFromRule(initial.rule, newKey) : blankRule(newKey())));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure>(null);
  const [saving, setSaving] = useState(false);
  const [picking, setPicking] = useState<string | null>(null);

  const check = useMemo(() => ruleFromDraft(draft), [draft]);
  const preview = useLivePreview(check.ok ? check.rule : null);
  const { tiers, tierName } = useTiers();
  const tags = useResource(listTagCatalog);

  const edit = {
    patch: (key: string, patch: ConditionPatch) => {
      setDraft((current) => updateCondition(current, key, patch));
      setTouched((current) => new Set(current).add(key));
    },
    remove: (key: string) => setDraft((current) => removeNode(current, key)),
    op: (groupKey: string, op: 'and' | 'or') => setDraft((current) => setOp(current, groupKey, op)),
    add: (groupKey: string, field: DraftCondition['field']) => {
      setDraft((current) => addCondition(current, groupKey, field, newKey()));
      setPicking(null);
    },
    addGroup: (groupKey: string) => setDraft((current) => addGroup(current, groupKey, newKey())),
    pick: setPicking,
  };
  const errorOf = (key: string) => (check.ok || !(showAll || touched.has(key)) ? null : (check.errors[key] ?? null));

  const save = async () => {
    if (saving) return;
    setShowAll(true);
    setFailure(null);
    const trimmed = name.trim();
    setNameError(trimmed ? null : '请填写分群名称');
    if (!trimmed) return;
    if (!check.ok) {
      setFailure({ text: check.message ?? '请先完善标红的条件', conflict: false });
      return;
    }
    setSaving(true);
    try {
      if (initial) {
        await updateSegment(initial.segmentId, { name: trimmed, rule: check.rule, version: initial.version });
        if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
        else replaceWithSegment(initial.segmentId);
      } else {
        replaceWithSegment((await createSegment({ name: trimmed, rule: check.rule })).segmentId);
      }
    } catch (error) {
      const code = error instanceof ApiError ? error.code : null;
      if (code === 'SEGMENT_NAME_TAKEN') setNameError(errorText(error));
      else setFailure({ text: errorText(error), conflict: code === 'CONFLICT' });
      setSaving(false);
    }
  };

  if (preview.status === 'error' && isForbidden(preview.error)) return <Forbidden text="客户分群仅限主管和管理员使用" />;
  return (
    <View className="page segment-builder" data-testid="segment-builder">
      <View className="card">
        <Text className="card__title">分群名称</Text>
        <Input
          className="field segment-builder__name"
          data-testid="segment-name"
          placeholder="如：近 90 天未复购的老客"
          maxlength={30}
          value={name}
          onInput={(event) => {
            setName(event.detail.value);
            setNameError(null);
          }}
        />
        {nameError && (
          <Text className="notice notice--error" data-testid="segment-name-error">
            {nameError}
          </Text>
        )}
      </View>

      <RuleGroup
        group={draft}
        depth={1}
        edit={edit}
        errorOf={errorOf}
        picking={picking}
        sources={{ tiers, tags: tags.state.status === 'ready' ? tags.state.data : null }}
      />
      {!check.ok && check.message && (showAll || check.message !== EMPTY_RULE_MESSAGE) && (
        <Text className="notice notice--error" data-testid="segment-rule-error">
          {check.message}
        </Text>
      )}

      <PreviewCard preview={preview} tierName={tierName} />

      <View className="segment-savebar">
        <View className="segment-savebar__count">
          <PreviewCount preview={preview} />
        </View>
        <Button className="btn btn--primary segment-savebar__save" data-testid="segment-save" {...whileBusy(saving)} onClick={save}>
          保存分群
        </Button>
      </View>
      {failure && (
        <View className="segment-failure">
          <Text className="notice notice--error" data-testid="segment-save-error">
            {failure.text}
          </Text>
          {failure.conflict && (
            <Button className="btn btn--ghost" data-testid="segment-reload" onClick={onReload}>
              载入最新版本（放弃本次修改）
            </Button>
          )}
        </View>
      )}
    </View>
  );
}

// ---- The live count ----------------------------------------------------------------------------

type LivePreview =
  | { status: 'idle' }
  | { status: 'loading'; last: SegmentPreview | null }
  | { status: 'ready'; preview: SegmentPreview }
  | { status: 'error'; error: unknown; message: string };

/** The rule's count and sample, asked for once the rule has stayed the same for a moment; an answer to an older rule is dropped. */
function useLivePreview(rule: SegmentRule | null): LivePreview {
  const [state, setState] = useState<LivePreview>({ status: 'idle' });
  const ruleJson = rule ? JSON.stringify(rule) : null;
  useEffect(() => {
    if (!ruleJson) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    setState((previous) => ({
      status: 'loading',
      last: previous.status === 'ready' ? previous.preview : previous.status === 'loading' ? previous.last : null,
    }));
    const timer = setTimeout(() => {
      previewSegment(JSON.parse(ruleJson) as SegmentRule).then(
        (preview) => current && setState({ status: 'ready', preview }),
        (error: unknown) => current && setState({ status: 'error', error, message: errorText(error) }),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [ruleJson]);
  return state;
}

function PreviewCount({ preview }: { preview: LivePreview }) {
  if (preview.status === 'idle') return <Text className="muted">完善条件后显示人数</Text>;
  if (preview.status === 'error') return <Text className="notice--error">{preview.message}</Text>;
  const shown = preview.status === 'ready' ? preview.preview : preview.last;
  return (
    <View className={`segment-count ${preview.status === 'loading' ? 'segment-count--stale' : ''}`}>
      <Text className="segment-count__label">符合条件</Text>
      <Text className="segment-count__value" data-testid="segment-count" data-status={preview.status}>
        {shown ? String(shown.count) : '…'}
      </Text>
      <Text className="segment-count__label">位客户</Text>
    </View>
  );
}

function PreviewCard({ preview, tierName }: { preview: LivePreview; tierName: (code: string) => string | undefined }) {
  const shown = preview.status === 'ready' ? preview.preview : preview.status === 'loading' ? preview.last : null;
  if (!shown) return null;
  return (
    <View className={`card segment-sample ${preview.status === 'loading' ? 'segment-count--stale' : ''}`} data-testid="segment-sample">
      <View className="segment-sample__head">
        <Text className="card__title">{shown.count > 0 ? `${customerCountText(shown.count)} · 样本` : '没有符合条件的客户'}</Text>
        <Text className="muted" data-testid="segment-as-of">
          {asOfText(shown.asOf)}
        </Text>
      </View>
      {shown.sample.map((member) => (
        <SegmentMemberRow key={member.memberId} member={member} tierName={tierName} />
      ))}
    </View>
  );
}

// ---- Conditions --------------------------------------------------------------------------------

interface Edit {
  patch(key: string, patch: ConditionPatch): void;
  remove(key: string): void;
  op(groupKey: string, op: 'and' | 'or'): void;
  add(groupKey: string, field: DraftCondition['field']): void;
  addGroup(groupKey: string): void;
  pick(groupKey: string | null): void;
}

/** What the pickers offer: the shop's tiers and tags. */
interface Sources {
  tiers: readonly TierDefinition[];
  tags: TagCatalog | null;
}

const OPS = [
  ['and', '全部条件'],
  ['or', '任一条件'],
] as const;

function RuleGroup(props: {
  group: DraftRule;
  depth: number;
  edit: Edit;
  errorOf: (key: string) => string | null;
  picking: string | null;
  sources: Sources;
}) {
  const { group, depth, edit } = props;
  const root = depth === 1;
  const joiner = group.op === 'and' ? '且' : '或';
  const groupError = props.errorOf(group.key);
  const items = [
    ...group.conditions.map((row) => (
      <ConditionRow key={row.key} row={row} error={props.errorOf(row.key)} edit={edit} sources={props.sources} />
    )),
    ...group.groups.map((inner) => <RuleGroup key={inner.key} {...props} group={inner} depth={depth + 1} />),
  ];
  return (
    <View className={root ? 'card rule-group' : 'rule-group rule-group--nested'} data-testid={root ? 'rule-root' : 'rule-group'}>
      <View className="rule-group__head">
        <Text className="rule-group__title">{root ? '客户满足' : '条件组：满足'}</Text>
        <View className="segment-chips">
          {OPS.map(([op, label]) => (
            <Text
              key={op}
              className={`segment-chip ${group.op === op ? 'segment-chip--on' : ''}`}
              data-testid={`${root ? 'segment' : 'group'}-op-${op}`}
              onClick={() => edit.op(group.key, op)}
            >
              {label}
            </Text>
          ))}
        </View>
        {!root && (
          <Text className="segment-link segment-link--danger" data-testid="rule-group-remove" onClick={() => edit.remove(group.key)}>
            删除条件组
          </Text>
        )}
      </View>
      {items.length === 0 && root && <Text className="muted rule-group__empty">还没有条件：点「添加条件」开始圈选客户。</Text>}
      {items.map((item, index) => (
        <View key={item.key ?? index}>
          {index > 0 && <Text className="rule-joiner">{joiner}</Text>}
          {item}
        </View>
      ))}
      {groupError && (
        <Text className="rule-row__error" data-testid="rule-group-error">
          {groupError}
        </Text>
      )}
      {props.picking === group.key ? (
        <FieldPicker onPick={(field) => edit.add(group.key, field)} onCancel={() => edit.pick(null)} />
      ) : (
        <View className="rule-group__actions">
          <Text className="segment-action" data-testid="rule-add-condition" onClick={() => edit.pick(group.key)}>
            ＋ 添加条件
          </Text>
          {root && (
            <Text className="segment-action" data-testid="rule-add-group" onClick={() => edit.addGroup(group.key)}>
              ＋ 添加条件组
            </Text>
          )}
        </View>
      )}
    </View>
  );
}

function FieldPicker({ onPick, onCancel }: { onPick: (field: DraftCondition['field']) => void; onCancel: () => void }) {
  return (
    <View className="field-picker" data-testid="field-picker">
      {FIELD_SECTIONS.map((section) => (
        <View key={section} className="segment-filter">
          <Text className="segment-filter__title">{section}</Text>
          <View className="segment-chips">
            {SEGMENT_FIELDS.filter((spec) => spec.section === section).map((spec) => (
              <Text key={spec.field} className="segment-chip" data-testid={`field-${spec.field}`} onClick={() => onPick(spec.field)}>
                {spec.label}
              </Text>
            ))}
          </View>
        </View>
      ))}
      <Text className="segment-link" data-testid="field-picker-cancel" onClick={onCancel}>
        取消
      </Text>
    </View>
  );
}

function ConditionRow(props: { row: DraftCondition; error: string | null; edit: Edit; sources: Sources }) {
  const { row, edit } = props;
  const spec = fieldSpec(row.field);
  return (
    <View className={`rule-row ${props.error ? 'rule-row--invalid' : ''}`} data-testid="rule-row" data-field={row.field}>
      <View className="rule-row__head">
        <Text className="rule-row__title">{spec.label}</Text>
        <Text className="segment-link segment-link--danger" data-testid="rule-row-remove" onClick={() => edit.remove(row.key)}>
          删除
        </Text>
      </View>
      <ConditionEditor row={row} patch={(patch) => edit.patch(row.key, patch)} sources={props.sources} />
      {props.error && (
        <Text className="rule-row__error" data-testid="rule-row-error">
          {props.error}
        </Text>
      )}
    </View>
  );
}

const MONTHS = Array.from({ length: 12 }, (_, index) => ({ value: String(index + 1), label: `${index + 1}月` }));
const DAY_CHOICES = ['30', '90', '180', '365'];
const LAST_ORDER_MODES: ReadonlyArray<readonly [LastOrderMode, string]> = [
  ['within', '近 N 天内买过'],
  ['notWithin', '近 N 天内没买过'],
  ['between', '距上次购买天数'],
];

function ConditionEditor({ row, patch, sources }: { row: DraftCondition; patch: (patch: ConditionPatch) => void; sources: Sources }) {
  const spec = fieldSpec(row.field);
  const toggle = (value: string) => patch({ values: toggleValue(row.values, value) });
  const testId = `rule-${row.field}`;
  switch (spec.kind) {
    case 'choice':
      return <ChipGroup testId={testId} options={spec.options ?? []} chosen={row.values} onToggle={toggle} />;
    case 'month':
      return <ChipGroup testId={testId} options={MONTHS} chosen={row.values} onToggle={toggle} />;
    case 'tier':
      return (
        <ChipGroup
          testId={testId}
          options={sources.tiers.map((tier) => ({ value: tier.code, label: tier.name }))}
          chosen={row.values}
          onToggle={toggle}
        />
      );
    case 'tag':
      if (!sources.tags) return <Text className="muted">正在读取标签…</Text>;
      if (sources.tags.items.length === 0) return <Text className="muted">还没有标签：在客户画像中给客户打上标签后可在此选择。</Text>;
      return (
        <ChipGroup
          testId={testId}
          options={sources.tags.items.map((entry) => ({ value: entry.tag, label: `${entry.tag}（${entry.memberCount}）` }))}
          chosen={row.values}
          onToggle={toggle}
        />
      );
    case 'text':
      return <TypedValues values={row.values} placeholder="输入地区，如 浙江省" onChange={(values) => patch({ values })} />;
    case 'category':
      return <CategoryEditor row={row} patch={patch} />;
    case 'score':
      return (
        <>
          <ChipGroup
            testId={`${testId}-letter`}
            options={(Object.keys(RFM_SCORE_NAMES) as RfmScoreLetter[]).map((value) => ({ value, label: RFM_SCORE_NAMES[value] }))}
            chosen={[row.score]}
            onToggle={(value) => patch({ score: value as RfmScoreLetter })}
          />
          <RangeInputs row={row} patch={patch} unit="分（1–5）" />
        </>
      );
    case 'range':
      return <RangeInputs row={row} patch={patch} unit={spec.unit ?? ''} />;
    case 'joined':
      return (
        <DayRange
          from={row.fromDay || undefined}
          to={row.toDay || undefined}
          onChange={(from, to) => patch({ fromDay: from ?? '', toDay: to ?? '' })}
        />
      );
    case 'lastOrder':
      return (
        <>
          <ChipGroup
            testId={`${testId}-mode`}
            options={LAST_ORDER_MODES.map(([value, label]) => ({ value, label }))}
            chosen={[row.lastOrder]}
            onToggle={(value) => patch({ lastOrder: value as LastOrderMode })}
          />
          {row.lastOrder === 'between' ? (
            <RangeInputs row={row} patch={patch} unit="天前" />
          ) : (
            <DaysInput value={row.days} testId={`${testId}-days`} onChange={(days) => patch({ days })} />
          )}
        </>
      );
    case 'consent':
      return (
        <ChipGroup
          testId={testId}
          options={[
            { value: 'yes', label: '接受个性化营销' },
            { value: 'no', label: '拒绝个性化营销' },
          ]}
          chosen={[row.consent ? 'yes' : 'no']}
          onToggle={(value) => patch({ consent: value === 'yes' })}
        />
      );
  }
}

function RangeInputs({ row, patch, unit }: { row: DraftCondition; patch: (patch: ConditionPatch) => void; unit: string }) {
  return (
    <View className="rule-range">
      <Input
        className="field rule-input"
        data-testid="rule-min"
        type="digit"
        placeholder="最低"
        value={row.min}
        onInput={(event) => patch({ min: event.detail.value })}
      />
      <Text className="rule-range__dash">–</Text>
      <Input
        className="field rule-input"
        data-testid="rule-max"
        type="digit"
        placeholder="最高"
        value={row.max}
        onInput={(event) => patch({ max: event.detail.value })}
      />
      <Text className="rule-range__unit">{unit}</Text>
    </View>
  );
}

/** A number of days, typed or chosen from the usual ones. */
function DaysInput({
  value,
  testId,
  onChange,
  optional,
}: {
  value: string;
  testId: string;
  onChange: (days: string) => void;
  optional?: boolean;
}) {
  return (
    <View className="rule-days">
      <View className="segment-chips">
        {optional && (
          <Text
            className={`segment-chip ${value === '' ? 'segment-chip--on' : ''}`}
            data-testid={`${testId}-any`}
            onClick={() => onChange('')}
          >
            不限
          </Text>
        )}
        {DAY_CHOICES.map((days) => (
          <Text
            key={days}
            className={`segment-chip ${value === days ? 'segment-chip--on' : ''}`}
            data-testid={`${testId}-${days}`}
            onClick={() => onChange(days)}
          >
            {days} 天
          </Text>
        ))}
      </View>
      <View className="rule-range">
        <Text className="rule-range__unit">近</Text>
        <Input
          className="field rule-input"
          data-testid={testId}
          type="number"
          placeholder={optional ? '不限' : '天数'}
          value={value}
          onInput={(event) => onChange(event.detail.value)}
        />
        <Text className="rule-range__unit">天</Text>
      </View>
    </View>
  );
}

/** Values typed one at a time (regions, categories), each shown as a chip to take off again. */
function TypedValues({
  values,
  placeholder,
  onChange,
}: {
  values: readonly string[];
  placeholder: string;
  onChange: (values: string[]) => void;
}) {
  const [typed, setTyped] = useState('');
  const add = () => {
    const value = typed.trim();
    if (value && !values.includes(value)) onChange([...values, value]);
    setTyped('');
  };
  return (
    <View className="rule-typed">
      {values.length > 0 && (
        <View className="segment-chips">
          {values.map((value) => (
            <Text
              key={value}
              className="segment-chip segment-chip--on"
              data-testid="rule-typed-value"
              onClick={() => onChange(values.filter((existing) => existing !== value))}
            >
              {value} ×
            </Text>
          ))}
        </View>
      )}
      <View className="rule-range">
        <Input
          className="field rule-input rule-input--wide"
          data-testid="rule-typed-input"
          placeholder={placeholder}
          maxlength={64}
          value={typed}
          onInput={(event) => setTyped(event.detail.value)}
          onConfirm={add}
        />
        <Text className="segment-action" data-testid="rule-typed-add" onClick={add}>
          添加
        </Text>
      </View>
    </View>
  );
}

/**
 * Categories bought, ever or lately. There is no list of categories to pick from: the dashboard's
 * most bought ones (last night's figures) are offered, and any other can be typed.
 */
function CategoryEditor({ row, patch }: { row: DraftCondition; patch: (patch: ConditionPatch) => void }) {
  const dashboard = useResource(getInsightDashboard);
  const suggested =
    dashboard.state.status === 'ready'
      ? (dashboard.state.data.figures?.topCategories ?? [])
          .map((entry) => entry.category)
          .filter((category) => !row.values.includes(category))
      : [];
  return (
    <>
      <TypedValues values={row.values} placeholder="输入品类，如 水果" onChange={(values) => patch({ values })} />
      {suggested.length > 0 && (
        <View className="segment-filter">
          <Text className="segment-filter__title">常购品类</Text>
          <ChipGroup
            testId="rule-category-suggested"
            options={suggested.slice(0, 12).map((category) => ({ value: category, label: `＋ ${category}` }))}
            chosen={[]}
            onToggle={(category) => patch({ values: [...row.values, category] })}
          />
        </View>
      )}
      <Text className="segment-filter__title">购买时间</Text>
      <DaysInput value={row.withinDays} testId="rule-category-days" optional onChange={(withinDays) => patch({ withinDays })} />
    </>
  );
}
