import { useMemo, useState, type ReactNode } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import {
  DISPLAY_MODE_NAMES,
  isChoice,
  isRated,
  MAX_OPTIONS,
  MAX_QUESTIONS,
  QUESTION_KINDS,
  QUESTION_KIND_NAMES,
  SCORE_RANGE,
  type Answers,
  type AnswerValue,
  type QuestionKind,
  type Survey,
} from '@linli/shared/surveys';
import { closeSurvey, createSurvey, getSurvey, getSurveyQrCode, publishSurvey, reopenSurvey, updateSurvey } from '@/api/staff-surveys';
import type { SurveyQrCode } from '@linli/shared/surveys';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { qrDataUrl } from '@/components/member-qr/qr';
import { SurveyQuestions } from '@/components/survey-form';
import { withAnswer } from '@/components/survey-form/answers';
import { shanghaiToday } from '@/format/time';
import {
  addOption,
  addQuestion,
  changeKind,
  DISPLAY_MODE_HINTS,
  DISPLAY_MODE_ORDER,
  formToSurvey,
  issuesToErrors,
  moveQuestion,
  newSurveyForm,
  previewQuestions,
  removeOption,
  removeQuestion,
  skipOn,
  skipSources,
  skipText,
  surveyToForm,
  updateQuestion,
  withoutError,
  type QuestionForm,
  type SkipForm,
  type SurveyErrors,
  type SurveyFormValues,
} from '@/staff/survey-form';
import { openSurveyInsight, replaceWithSurvey } from '@/staff/survey-pages';
import { surveyStatusText, surveyVersionText } from '@/staff/survey-words';
import { Chips, ErrorText as StaffErrorText, FieldRow as StaffFieldRow, NumberLine as StaffNumberLine } from '@/staff/form-controls';
import { RevisionEditorPage, SaveFailureNotice, toastDone, useEditorActions, type RevisionEditorProps } from '@/staff/revision-editor';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';
import '@/staff/surveys.css';

/** The 问卷 builder: admins build and change surveys, supervisors read them. `?id=` opens a saved one. */
export default function SurveyBuilderPage() {
  const surveyId = useRouter().params.id;
  return (
    <StaffFrame title={surveyId ? '编辑问卷' : '新建问卷'}>
      <SurveyContent surveyId={surveyId} />
    </StaffFrame>
  );
}

const FORBIDDEN_TEXT = '问卷调查仅限主管和管理员使用';
/** The page a survey's link and 小程序码 open (the buyer's survey page). */
const BUYER_PAGE = 'pages/survey/index';

const TITLES = { create: '新建问卷', edit: '编辑问卷' };

function SurveyContent({ surveyId }: { surveyId: string | undefined }) {
  return (
    <RevisionEditorPage
      id={surveyId}
      load={getSurvey}
      titles={TITLES}
      forbiddenText={FORBIDDEN_TEXT}
      createForbiddenText="仅管理员可以新建问卷"
      Editor={Builder}
    />
  );
}

type Busy = 'save' | 'publish' | 'close' | 'reopen' | 'qr';

function Builder({ saved, canEdit, onSaved, onReload }: RevisionEditorProps<Survey>) {
  const initial = useMemo(() => (saved ? surveyToForm(saved.definition) : newSurveyForm()), [saved]);
  const [values, setValues] = useState<SurveyFormValues>(initial);
  const [errors, setErrors] = useState<SurveyErrors>({});
  const { busy, run, failure, clearFailure, showFailure, showProblems } = useEditorActions<Busy>({
    conflictText: '这份问卷已被他人修改，请重新加载后再改',
    onIssues: (issues) => setErrors(issuesToErrors(issues)),
  });
  const [previewing, setPreviewing] = useState(false);
  const [qr, setQr] = useState<SurveyQrCode | null>(null);

  const status = saved?.status ?? 'draft';
  // The built-in survey's questions are fixed; a closed survey is reopened before it is changed.
  const readOnly = !canEdit || Boolean(saved?.builtIn) || status === 'closed';
  const locked = readOnly || busy !== null;
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);

  /** Changes the form; `places` are the problems the change answers. */
  const edit = (update: (previous: SurveyFormValues) => SurveyFormValues, ...places: string[]) => {
    if (locked) return;
    setValues(update);
    setErrors((previous) => places.reduce(withoutError, previous));
    clearFailure();
  };
  /** A change that moves questions about: problems filed by question number would point at the wrong ones. */
  const reshape = (update: (previous: SurveyFormValues) => SurveyFormValues) => edit(update, 'questions');
  const set = (patch: Partial<SurveyFormValues>, ...places: string[]) => edit((previous) => ({ ...previous, ...patch }), ...places);

  /** The survey as the form has it, or null with its problems shown. */
  const checked = () => {
    const result = formToSurvey(values);
    if (result.ok) return result.survey;
    setErrors(result.errors);
    showProblems();
    return null;
  };

  const saveDraft = () =>
    run('save', async () => {
      const survey = checked();
      if (!survey) return;
      try {
        if (saved) {
          onSaved(await updateSurvey(saved.surveyId, survey, saved.revision));
          toastDone('已保存');
        } else {
          const created = await createSurvey(survey);
          toastDone('已保存草稿');
          replaceWithSurvey(created.surveyId);
        }
      } catch (error) {
        showFailure(error);
      }
    });

  /** 发布 a draft (saving the form first) as version 1. */
  const publish = () =>
    run('publish', async () => {
      const survey = checked();
      if (!survey) return;
      const { confirm } = await Taro.showModal({
        title: '发布问卷',
        content: '发布后，会员即可通过首页卡片、关怀消息、链接或小程序码填写。之后修改问卷会发布新版本。',
        confirmText: '发布',
      });
      if (!confirm) return;
      try {
        const draft = saved ? await updateSurvey(saved.surveyId, survey, saved.revision) : await createSurvey(survey);
        const published = await publishSurvey(draft.surveyId, draft.revision);
        toastDone('已发布');
        if (saved) onSaved(published);
        else replaceWithSurvey(published.surveyId);
      } catch (error) {
        showFailure(error);
      }
    });

  /** 保存并发布新版本: an edit of a published survey publishes version + 1 at once. */
  const publishNewVersion = () =>
    run('save', async () => {
      if (!saved) return;
      const survey = checked();
      if (!survey) return;
      const { confirm } = await Taro.showModal({
        title: `发布第 ${saved.version + 1} 版`,
        content: `保存后立即发布第 ${saved.version + 1} 版，之后的回答按新版本记录；已收到的 ${saved.responses} 份回答保留在各自填写时的版本。${saved.definition.display.mode === 'repeat' ? '' : '已填写过的会员不会因新版本再次被邀请。'}`,
        confirmText: '发布新版本',
      });
      if (!confirm) return;
      try {
        onSaved(await updateSurvey(saved.surveyId, survey, saved.revision));
        toastDone(`已发布第 ${saved.version + 1} 版`);
      } catch (error) {
        showFailure(error);
      }
    });

  const close = () =>
    run('close', async () => {
      if (!saved) return;
      const { confirm } = await Taro.showModal({
        title: '结束问卷',
        content: `结束「${saved.definition.name}」？结束后不再收集回答，首页卡片和邀请也会停止；已收到的回答保留，之后可重新开放。`,
        confirmText: '结束',
        confirmColor: '#c0392b',
      });
      if (!confirm) return;
      try {
        onSaved(await closeSurvey(saved.surveyId, saved.revision));
        toastDone('已结束');
      } catch (error) {
        showFailure(error);
      }
    });

  const reopen = () =>
    run('reopen', async () => {
      if (!saved) return;
      try {
        onSaved(await reopenSurvey(saved.surveyId, saved.revision));
        toastDone('已重新开放');
      } catch (error) {
        showFailure(error);
      }
    });

  const showQr = () =>
    run('qr', async () => {
      if (!saved) return;
      try {
        setQr(await getSurveyQrCode(saved.surveyId));
      } catch (error) {
        showFailure(error);
      }
    });

  return (
    <View className="page care-editor survey-builder" data-testid="survey-builder">
      {saved && <StateCard survey={saved} />}
      {!canEdit && (
        <Text className="notice care-readonly survey-readonly" data-testid="survey-readonly">
          仅管理员可以修改问卷，您可以查看设置。
        </Text>
      )}
      {canEdit && saved?.builtIn && (
        <Text className="notice care-readonly survey-builtin" data-testid="survey-builtin">
          系统内置问卷：投诉处理完成后客户的评分自动记为这份满意度问卷的回答，题目固定，不能修改。
        </Text>
      )}
      {canEdit && status === 'closed' && !saved?.builtIn && <Text className="notice care-readonly">问卷已结束。重新开放后可以修改。</Text>}
      {!readOnly && status === 'published' && saved && (
        <Text className="survey-builder__versions survey-version-note" data-testid="survey-version-note">
          {`这份问卷正在收集回答（第 ${saved.version} 版）。修改后点「保存并发布新版本」会立即发布第 ${saved.version + 1} 版；已收到的回答保留在各自填写时的版本，统计时按题目合并。`}
        </Text>
      )}

      <View className="card">
        <Text className="card__title">基本信息</Text>
        <FieldRow label="名称（仅员工可见）" error={errors.name}>
          <Input
            className="field care-input--wide survey-name"
            data-testid="survey-name"
            placeholder="如 购后满意度"
            maxlength={30}
            value={values.name}
            {...disabledWhen(readOnly)}
            onInput={(event) => set({ name: event.detail.value }, 'name')}
          />
        </FieldRow>
        <FieldRow label="标题（会员看到的）" error={errors.title}>
          <Input
            className="field care-input--wide survey-title"
            data-testid="survey-title"
            placeholder="如 邀请你评价这次购物"
            maxlength={40}
            value={values.title}
            {...disabledWhen(readOnly)}
            onInput={(event) => set({ title: event.detail.value }, 'title')}
          />
        </FieldRow>
        <FieldRow label="开头说明（选填）" error={errors.intro}>
          <Textarea
            className="survey-text__area survey-builder__textarea survey-intro"
            data-testid="survey-intro"
            placeholder="如 只需 1 分钟，你的意见帮助我们做得更好"
            maxlength={200}
            value={values.intro}
            {...disabledWhen(readOnly)}
            onInput={(event) => set({ intro: event.detail.value }, 'intro')}
          />
        </FieldRow>
        <FieldRow label="感谢语（提交后显示）" error={errors.thankYou}>
          <Textarea
            className="survey-text__area survey-builder__textarea survey-thank-you"
            data-testid="survey-thank-you"
            maxlength={200}
            value={values.thankYou}
            {...disabledWhen(readOnly)}
            onInput={(event) => set({ thankYou: event.detail.value }, 'thankYou')}
          />
        </FieldRow>
      </View>

      <View className="card">
        <Text className="card__title">题目</Text>
        {errors.questions && <ErrorText text={errors.questions} />}
        {values.questions.map((question, index) => (
          <QuestionEditor
            key={question.questionId}
            values={values}
            index={index}
            question={question}
            errors={errors}
            readOnly={readOnly}
            edit={edit}
            reshape={reshape}
          />
        ))}
        {!readOnly && values.questions.length < MAX_QUESTIONS && (
          <>
            <Text className="care-row__label">添加题目</Text>
            <View className="segment-chips survey-builder__add survey-add-question" data-testid="survey-add-question">
              {QUESTION_KINDS.map((kind) => (
                <Text
                  key={kind}
                  className={`segment-chip survey-add-${kind}`}
                  data-testid={`survey-add-${kind}`}
                  onClick={() => reshape((previous) => addQuestion(previous, kind))}
                >
                  {`+ ${QUESTION_KIND_NAMES[kind]}`}
                </Text>
              ))}
            </View>
          </>
        )}
      </View>

      <View className="card">
        <Text className="card__title">邀请与展示</Text>
        <FieldRow label="展示方式" error={errors.display ?? errors['display.times']}>
          <Chips
            testId="survey-display"
            options={DISPLAY_MODE_ORDER.map((mode) => ({ value: mode, label: DISPLAY_MODE_NAMES[mode] }))}
            chosen={values.displayMode}
            onChoose={(mode) => set({ displayMode: mode as SurveyFormValues['displayMode'] }, 'display')}
          />
          {values.displayMode === 'up-to' && (
            <NumberLine
              name="displayTimes"
              prefix="最多展示"
              unit="次"
              value={values.displayTimes}
              readOnly={readOnly}
              onInput={(displayTimes) => set({ displayTimes }, 'display')}
            />
          )}
          <Text className="muted care-hint">{DISPLAY_MODE_HINTS[values.displayMode]}</Text>
        </FieldRow>
        <FieldRow label="再次邀请间隔" error={errors.recontactDays}>
          <NumberLine
            name="recontactDays"
            prefix="距上次邀请任何问卷至少"
            unit="天"
            placeholder="店铺默认"
            value={values.recontactDays}
            readOnly={readOnly}
            onInput={(recontactDays) => set({ recontactDays }, 'recontactDays')}
          />
          <Text className="muted care-hint">留空则使用「问卷设置」中的店铺默认间隔。已在邀请中的问卷（直到填写或关闭）不受影响。</Text>
        </FieldRow>
        <FieldRow label="抽样比例" error={errors.samplePercent}>
          <NumberLine
            name="samplePercent"
            prefix="邀请符合条件会员中的"
            unit="%"
            value={values.samplePercent}
            readOnly={readOnly}
            onInput={(samplePercent) => set({ samplePercent }, 'samplePercent')}
          />
        </FieldRow>
        <FieldRow label="首页卡片">
          <View className="care-line">
            <Switch
              data-testid="survey-home-card"
              checked={values.homeCard}
              color="#1f6f4a"
              {...disabledWhen(readOnly)}
              onChange={(event) => set({ homeCard: Boolean(event.detail.value) }, 'homeCard')}
            />
            <Text className="care-words">{values.homeCard ? '在首页邀请符合条件的会员' : '不在首页展示'}</Text>
          </View>
        </FieldRow>
      </View>

      <View className="card">
        <Text className="card__title">回收与奖励</Text>
        <FieldRow label="截止日期" error={errors.closesOn}>
          <View className="care-line">
            <Picker
              mode="date"
              value={values.closesOn || shanghaiToday(new Date())}
              start={shanghaiToday(new Date())}
              disabled={readOnly}
              onChange={(event) => set({ closesOn: String(event.detail.value) }, 'closesOn')}
            >
              <Text className="segment-chip segment-chip--on care-time survey-closes-on" data-testid="survey-closes-on">
                {values.closesOn ? `${values.closesOn}（含当天）` : '不限'}
              </Text>
            </Picker>
            {values.closesOn && !readOnly && (
              <Text
                className="segment-action survey-closes-on-clear"
                data-testid="survey-closes-on-clear"
                onClick={() => set({ closesOn: '' }, 'closesOn')}
              >
                不限
              </Text>
            )}
          </View>
        </FieldRow>
        <FieldRow label="回收上限" error={errors.responseLimit}>
          <NumberLine
            name="responseLimit"
            prefix="收满"
            unit="份后自动结束"
            placeholder="不限"
            value={values.responseLimit}
            readOnly={readOnly}
            onInput={(responseLimit) => set({ responseLimit }, 'responseLimit')}
          />
        </FieldRow>
        <FieldRow label="奖励积分" error={errors.rewardPoints}>
          <NumberLine
            name="rewardPoints"
            prefix="每位会员完成后得"
            unit="积分"
            value={values.rewardPoints}
            readOnly={readOnly}
            onInput={(rewardPoints) => set({ rewardPoints }, 'rewardPoints')}
          />
          <Text className="muted care-hint">0 为不奖励。每位会员每份问卷只奖励一次，重复填写或新版本不再奖励。</Text>
        </FieldRow>
      </View>

      <View className="card">
        <Text className="card__title">预览</Text>
        <Text className="muted care-hint">按会员看到的样子显示当前编辑的题目，可以试着作答（不会提交），检查跳转是否正确。</Text>
        <Button className="btn btn--ghost survey-preview" data-testid="survey-preview" onClick={() => setPreviewing((on) => !on)}>
          {previewing ? '收起预览' : '预览'}
        </Button>
        {previewing && <PhonePreview values={values} />}
      </View>

      <SaveFailureNotice failure={failure} testId="survey" onReload={onReload} />

      {canEdit && !saved?.builtIn && (
        <View className="card">
          {status === 'draft' && (
            <>
              <Button
                className="btn btn--ghost survey-save"
                data-testid="survey-save"
                {...whileBusy(busy === 'save')}
                onClick={() => void saveDraft()}
              >
                保存草稿
              </Button>
              <Button
                className="btn btn--primary survey-publish"
                data-testid="survey-publish"
                {...whileBusy(busy === 'publish')}
                onClick={() => void publish()}
              >
                发布
              </Button>
            </>
          )}
          {status === 'published' && saved && (
            <>
              <Button
                className="btn btn--primary survey-publish-version"
                data-testid="survey-publish-version"
                {...(busy === 'save' ? whileBusy(true) : disabledWhen(!dirty))}
                onClick={() => void publishNewVersion()}
              >
                {dirty ? `保存并发布新版本（第 ${saved.version + 1} 版）` : '修改后可发布新版本'}
              </Button>
              <Button
                className="btn btn--ghost survey-qr"
                data-testid="survey-qr"
                {...whileBusy(busy === 'qr')}
                onClick={() => void showQr()}
              >
                小程序码
              </Button>
              <Button
                className="btn btn--plain survey-close"
                data-testid="survey-close"
                {...whileBusy(busy === 'close')}
                onClick={() => void close()}
              >
                结束问卷
              </Button>
            </>
          )}
          {status === 'closed' && (
            <Button
              className="btn btn--primary survey-reopen"
              data-testid="survey-reopen"
              {...whileBusy(busy === 'reopen')}
              onClick={() => void reopen()}
            >
              重新开放
            </Button>
          )}
        </View>
      )}
      {!canEdit && status === 'published' && saved && !saved.builtIn && (
        <Button className="btn btn--ghost survey-qr" data-testid="survey-qr" {...whileBusy(busy === 'qr')} onClick={() => void showQr()}>
          小程序码
        </Button>
      )}
      {qr && saved && <QrCard qr={qr} surveyId={saved.surveyId} onClose={() => setQr(null)} />}
    </View>
  );
}

/** The survey's state, version and responses, above the form. */
function StateCard({ survey }: { survey: Survey }) {
  return (
    <View className="card">
      <View className="staff-row__head">
        <Text className="staff-row__name">{survey.definition.name}</Text>
        {survey.builtIn ? (
          <Text className="muted">系统内置</Text>
        ) : (
          <Text className={`care-state survey-status survey-status--${survey.status}`} data-testid="survey-state">
            {surveyStatusText(survey)}
          </Text>
        )}
      </View>
      <View className="staff-row__figures">
        <Text className="survey-version" data-testid="survey-version">
          {surveyVersionText(survey)}
        </Text>
        <Text className="survey-responses" data-testid="survey-responses">
          已回收 {survey.responses} 份
        </Text>
      </View>
      {/* A draft has no answers yet: its figures come once it is published. */}
      {survey.version > 0 && (
        <Button
          className="btn btn--ghost survey-open-insight"
          data-testid="survey-open-insight"
          onClick={() => openSurveyInsight(survey.surveyId)}
        >
          查看数据
        </Button>
      )}
    </View>
  );
}

interface QuestionEditorProps {
  values: SurveyFormValues;
  index: number;
  question: QuestionForm;
  errors: SurveyErrors;
  readOnly: boolean;
  edit: (update: (previous: SurveyFormValues) => SurveyFormValues, ...places: string[]) => void;
  reshape: (update: (previous: SurveyFormValues) => SurveyFormValues) => void;
}

function QuestionEditor({ values, index, question, errors, readOnly, edit, reshape }: QuestionEditorProps) {
  const at = `questions.${index}`;
  const patch = (change: Partial<QuestionForm>, ...places: string[]) =>
    edit((previous) => updateQuestion(previous, index, change), ...places.map((place) => `${at}.${place}`));
  const last = values.questions.length - 1;
  return (
    <View className="survey-builder__question survey-builder-question" data-testid="survey-builder-question">
      <View className="survey-builder__question-head">
        <Text className="survey-builder__question-number">第 {index + 1} 题</Text>
        {!readOnly && (
          <View className="survey-builder__tools">
            <Text
              className={`survey-builder__tool ${index === 0 ? 'survey-builder__tool--off' : ''}`}
              data-testid="survey-question-up"
              onClick={() => index > 0 && reshape((previous) => moveQuestion(previous, index, -1))}
            >
              上移
            </Text>
            <Text
              className={`survey-builder__tool ${index === last ? 'survey-builder__tool--off' : ''}`}
              data-testid="survey-question-down"
              onClick={() => index < last && reshape((previous) => moveQuestion(previous, index, 1))}
            >
              下移
            </Text>
            <Text
              className="survey-builder__tool survey-builder__tool--danger survey-question-remove"
              data-testid="survey-question-remove"
              onClick={() => reshape((previous) => removeQuestion(previous, index))}
            >
              删除
            </Text>
          </View>
        )}
      </View>
      <FieldRow label="题型">
        <Chips
          testId="survey-question-kind"
          options={QUESTION_KINDS.map((kind) => ({ value: kind, label: QUESTION_KIND_NAMES[kind] }))}
          chosen={question.kind}
          onChoose={(kind) => reshape((previous) => changeKind(previous, index, kind as QuestionKind))}
        />
      </FieldRow>
      <FieldRow label="题目" error={errors[`${at}.title`]}>
        <Input
          className="field care-input--wide survey-question-title-input"
          data-testid="survey-question-title-input"
          placeholder="请输入题目"
          maxlength={100}
          value={question.title}
          {...disabledWhen(readOnly)}
          onInput={(event) => patch({ title: event.detail.value }, 'title')}
        />
      </FieldRow>
      <FieldRow label="题目说明（选填）" error={errors[`${at}.help`]}>
        <Input
          className="field care-input--wide survey-question-help"
          data-testid="survey-question-help"
          placeholder="显示在题目下方的一行小字"
          maxlength={200}
          value={question.help}
          {...disabledWhen(readOnly)}
          onInput={(event) => patch({ help: event.detail.value }, 'help')}
        />
      </FieldRow>
      <FieldRow label="是否必答">
        <Chips
          testId="survey-question-required"
          options={[
            { value: 'yes', label: '必答' },
            { value: 'no', label: '选答' },
          ]}
          chosen={question.required ? 'yes' : 'no'}
          onChoose={(value) => patch({ required: value === 'yes' })}
        />
      </FieldRow>
      {isChoice(question.kind) && (
        <FieldRow label="选项" error={errors[`${at}.options`]}>
          {question.options.map((option, optionIndex) => (
            <View key={option.optionId} className="survey-builder__option">
              <Input
                className="field survey-option-label"
                data-testid="survey-option-label"
                placeholder={`选项 ${optionIndex + 1}`}
                maxlength={40}
                value={option.label}
                {...disabledWhen(readOnly)}
                onInput={(event) =>
                  patch(
                    { options: question.options.map((o, i) => (i === optionIndex ? { ...o, label: event.detail.value } : o)) },
                    `options.${optionIndex}.label`,
                    'options',
                  )
                }
              />
              {!readOnly && question.options.length > 2 && (
                <Text
                  className="survey-builder__option-remove survey-option-remove"
                  data-testid="survey-option-remove"
                  onClick={() => edit((previous) => removeOption(previous, index, optionIndex), 'questions')}
                >
                  删除
                </Text>
              )}
              {errors[`${at}.options.${optionIndex}.label`] && <ErrorText text={errors[`${at}.options.${optionIndex}.label`]!} />}
            </View>
          ))}
          {!readOnly && question.options.length < MAX_OPTIONS && (
            <Text
              className="segment-action survey-option-add"
              data-testid="survey-option-add"
              onClick={() => edit((previous) => addOption(previous, index), `${at}.options`)}
            >
              + 添加选项
            </Text>
          )}
        </FieldRow>
      )}
      <SkipEditor
        values={values}
        index={index}
        question={question}
        error={errors[`${at}.showIf`]}
        readOnly={readOnly}
        onSkip={(skip) => patch({ skip }, 'showIf')}
      />
    </View>
  );
}

/** 「仅当 <题目> 的分数在 min–max」 or 「仅当 <选择题> 选了…」: only earlier rated and choice questions are offered. */
function SkipEditor(props: {
  values: SurveyFormValues;
  index: number;
  question: QuestionForm;
  error?: string;
  readOnly: boolean;
  onSkip: (skip: SkipForm) => void;
}) {
  const { values, index, question, error, readOnly, onSkip } = props;
  const sources = skipSources(values, index);
  const rule = question.skip;
  // A rule left pointing elsewhere by a move is still shown, so the operator sees what to fix.
  if (sources.length === 0 && rule.kind === 'none') return null;
  const source = rule.kind === 'none' ? undefined : values.questions.find((q) => q.questionId === rule.questionId);
  const sourceChoices = [
    { value: '', label: '始终显示' },
    ...sources.map((candidate) => ({
      value: candidate.questionId,
      label: `第 ${values.questions.indexOf(candidate) + 1} 题`,
    })),
  ];
  if (rule.kind !== 'none' && !sources.some((candidate) => candidate.questionId === rule.questionId)) {
    sourceChoices.push({ value: rule.questionId, label: '（需调整）' });
  }
  return (
    <FieldRow label="显示条件" error={error}>
      <View className="survey-builder__skip survey-skip" data-testid="survey-skip">
        <Chips
          testId="survey-skip-source"
          options={sourceChoices}
          chosen={rule.kind === 'none' ? '' : rule.questionId}
          onChoose={(questionId) => {
            const chosen = sources.find((candidate) => candidate.questionId === questionId);
            onSkip(chosen ? skipOn(chosen) : { kind: 'none' });
          }}
        />
        {rule.kind === 'score' && source && isRated(source.kind) && (
          <View className="care-line">
            <Text className="care-words">分数在</Text>
            <Input
              className="field care-input--short survey-skip-min"
              data-testid="survey-skip-min"
              type="number"
              placeholder={String(SCORE_RANGE[source.kind].min)}
              value={rule.min}
              {...disabledWhen(readOnly)}
              onInput={(event) => onSkip({ ...rule, min: event.detail.value })}
            />
            <Text className="care-words">到</Text>
            <Input
              className="field care-input--short survey-skip-max"
              data-testid="survey-skip-max"
              type="number"
              placeholder={String(SCORE_RANGE[source.kind].max)}
              value={rule.max}
              {...disabledWhen(readOnly)}
              onInput={(event) => onSkip({ ...rule, max: event.detail.value })}
            />
            <Text className="care-words">之间</Text>
          </View>
        )}
        {rule.kind === 'choice' && source && isChoice(source.kind) && (
          <View className="segment-chips survey-skip-options" data-testid="survey-skip-options">
            {source.options.map((option) => {
              const on = rule.anyOf.includes(option.optionId);
              return (
                <Text
                  key={option.optionId}
                  className={`segment-chip ${on ? 'segment-chip--on' : ''}`}
                  onClick={() =>
                    onSkip({ ...rule, anyOf: on ? rule.anyOf.filter((id) => id !== option.optionId) : [...rule.anyOf, option.optionId] })
                  }
                >
                  {option.label || '（未命名选项）'}
                </Text>
              );
            })}
          </View>
        )}
        {rule.kind !== 'none' && (
          <Text className="survey-builder__skip-text survey-skip-text" data-testid="survey-skip-text">
            {skipText(values, rule)}
          </Text>
        )}
      </View>
    </FieldRow>
  );
}

/** The buyer's page in a phone frame, the same question component the survey page uses; answers stay here. */
function PhonePreview({ values }: { values: SurveyFormValues }) {
  const [answers, setAnswers] = useState<Answers>({});
  const questions = previewQuestions(values);
  return (
    <View className="survey-phone survey-phone-preview" data-testid="survey-phone-preview">
      <View className="survey-phone__bar">问卷调查</View>
      <View className="survey-phone__body">
        <View className="card">
          <Text className="survey-phone__title">{values.title.trim() || '（问卷标题）'}</Text>
          {values.intro.trim() && <Text className="survey-phone__intro">{values.intro.trim()}</Text>}
        </View>
        <View className="card">
          <SurveyQuestions
            questions={questions}
            answers={answers}
            onAnswer={(questionId: string, value: AnswerValue | undefined) =>
              setAnswers((previous) => withAnswer(previous, questionId, value))
            }
          />
        </View>
        <Text className="muted care-hint">预览中的回答不会提交。</Text>
      </View>
    </View>
  );
}

/** The survey's 小程序码 (or, when WeChat could not draw one, a plain QR of the page), and its link to copy. */
function QrCard({ qr, surveyId, onClose }: { qr: SurveyQrCode; surveyId: string; onClose: () => void }) {
  const path = qr.path || `${BUYER_PAGE}?id=${encodeURIComponent(surveyId)}`;
  const wxaCode = qr.wxaCode.status === 'ready' ? qr.wxaCode.dataUrl : null;
  const fallback = useMemo(() => (wxaCode ? null : qrDataUrl(path)), [wxaCode, path]);
  return (
    <View className="card survey-qr survey-qr-card" data-testid="survey-qr-card">
      <Text className="card__title">小程序码</Text>
      <Image
        className="survey-qr__image survey-qr-image"
        data-testid="survey-qr-image"
        data-kind={wxaCode ? 'wxacode' : 'text'}
        src={wxaCode ?? fallback ?? ''}
        mode="aspectFit"
        showMenuByLongpress
        ariaLabel="问卷小程序码"
      />
      <Text className="muted care-hint">
        {wxaCode
          ? '会员用微信扫码即可打开问卷填写，可印在包裹卡片或门店海报上。长按图片可保存。'
          : '小程序码暂时无法生成，以上为问卷页面的二维码；复制链接后可配置到公众号菜单或消息中。'}
      </Text>
      <Button
        className="btn btn--ghost survey-qr-copy"
        data-testid="survey-qr-copy"
        onClick={() => void Taro.setClipboardData({ data: path }).catch(() => undefined)}
      >
        复制页面链接
      </Button>
      <Button className="btn btn--plain survey-qr-close" data-testid="survey-qr-close" onClick={onClose}>
        收起
      </Button>
    </View>
  );
}

function FieldRow(props: { label: string; error?: string; children: ReactNode }) {
  return <StaffFieldRow {...props} errorTestId="survey-field-error" />;
}

function ErrorText({ text }: { text: string }) {
  return <StaffErrorText text={text} testId="survey-field-error" />;
}

function NumberLine(props: Omit<Parameters<typeof StaffNumberLine>[0], 'idPrefix'>) {
  return <StaffNumberLine idPrefix="survey-number" {...props} />;
}
