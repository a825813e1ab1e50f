import { describe, expect, it } from 'vitest';
import type { CareRule } from '@linli/shared/care-rules';
import {
  exampleValues,
  fieldProblemsOf,
  formToRule,
  issuesToErrors,
  newFieldRow,
  newRuleForm,
  previewMessage,
  ruleToForm,
  withVariable,
  withoutError,
  type CareRuleFormValues,
} from './care-rule-form';

const SAVED: CareRule = {
  ruleId: 'rule-1',
  createdAt: '2026-11-01T02:00:00.000Z',
  updatedAt: '2026-11-02T02:00:00.000Z',
  version: 3,
  name: '中秋问候',
  trigger: { kind: 'holiday', holiday: 'mid-autumn-festival', daysBefore: 3 },
  audience: { kind: 'segment', segmentId: 'seg-1' },
  message: {
    templateId: 'tmpl-greeting',
    title: '节日问候',
    page: 'pages/mall/index',
    fields: [
      { key: 'thing1', text: '{昵称}，{节日}快乐' },
      { key: 'thing2', text: '送您{券名}' },
    ],
  },
  gift: { kind: 'coupon', rewardId: 'reward-1' },
  variant: {
    message: { templateId: 'tmpl-greeting', title: '节日问候', page: 'pages/index/index', fields: [{ key: 'thing1', text: '{节日}快乐' }] },
    gift: { kind: 'points', points: 200 },
  },
  survey: null,
  groupBuy: null,
  holdoutPercent: 10,
  sendTime: '09:30',
  staleAfterHours: 12,
  priority: 7,
  enabled: true,
};

function filledNewRule(change: (values: CareRuleFormValues) => void = () => undefined): CareRuleFormValues {
  const values = newRuleForm();
  values.name = '生日祝福';
  values.message.templateId = 'tmpl-birthday';
  values.message.title = '生日祝福';
  change(values);
  return values;
}

function errorsOf(values: CareRuleFormValues) {
  const result = formToRule(values);
  if (result.ok) throw new Error('expected the form to be refused');
  return result.errors;
}

describe('a saved rule round-trips through the form', () => {
  it('gives back the same rule and its version, arm B and the coupon included', () => {
    const result = formToRule(ruleToForm(SAVED));
    expect(result).toEqual({
      ok: true,
      version: 3,
      rule: {
        name: SAVED.name,
        trigger: SAVED.trigger,
        audience: SAVED.audience,
        message: SAVED.message,
        gift: SAVED.gift,
        variant: SAVED.variant,
        survey: null,
        groupBuy: null,
        holdoutPercent: 10,
        sendTime: '09:30',
        staleAfterHours: 12,
        priority: 7,
        enabled: true,
      },
    });
  });

  it('keeps the 拼团 campaign a rule invites to', () => {
    const result = formToRule(ruleToForm({ ...SAVED, groupBuy: 'gbc_oranges' }));
    expect(result.ok && result.rule.groupBuy).toBe('gbc_oranges');
  });

  it('keeps arm B while the A/B switch is off but does not send it', () => {
    const values = ruleToForm(SAVED);
    values.abTest = false;
    const result = formToRule(values);
    expect(result.ok && result.rule.variant).toBeNull();
    values.abTest = true;
    const again = formToRule(values);
    expect(again.ok && again.rule.variant).toEqual(SAVED.variant);
  });

  it('builds each trigger from its own parameters, the lead days shared between kinds', () => {
    const values = filledNewRule((form) => {
      form.daysBefore = '2';
      form.daysAfter = '5';
      form.anniversaryOf = 'first-order';
    });
    const triggerOf = (kind: CareRuleFormValues['triggerKind']) => {
      const result = formToRule({ ...values, triggerKind: kind, holiday: 'qixi', stages: ['at_risk', 'lost'], categories: ['大米'] });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.rule.trigger;
    };
    expect(triggerOf('birthday')).toEqual({ kind: 'birthday', daysBefore: 2 });
    expect(triggerOf('holiday')).toEqual({ kind: 'holiday', holiday: 'qixi', daysBefore: 2 });
    expect(triggerOf('anniversary')).toEqual({ kind: 'anniversary', of: 'first-order', daysBefore: 2 });
    expect(triggerOf('post-purchase')).toEqual({ kind: 'post-purchase', daysAfter: 5 });
    expect(triggerOf('lifecycle')).toEqual({ kind: 'lifecycle', stages: ['at_risk', 'lost'] });
    expect(triggerOf('replenishment')).toEqual({ kind: 'replenishment', daysBefore: 2, categories: ['大米'] });
  });

  it('starts a new rule switched off, to everyone, at 10:00 with priority 5 and no version', () => {
    const result = formToRule(filledNewRule());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.version).toBeNull();
    expect(result.rule).toMatchObject({
      enabled: false,
      audience: { kind: 'everyone' },
      sendTime: '10:00',
      priority: 5,
      gift: null,
      holdoutPercent: 0,
    });
  });
});

describe('problems, in Chinese, where they show', () => {
  it('files unreadable and out-of-range numbers by their field', () => {
    const errors = errorsOf(
      filledNewRule((form) => {
        form.daysBefore = '31';
        form.priority = '十';
        form.holdoutPercent = '60';
        form.staleAfterHours = '0';
      }),
    );
    expect(errors['trigger.daysBefore']).toBe('提前天数填 0 到 30 的整数（0 为当天）');
    expect(errors.priority).toBe('优先级填 1 到 9 的整数');
    expect(errors.holdoutPercent).toBe('对照组比例填 0 到 50 的整数');
    expect(errors.staleAfterHours).toBe('有效时长填 1 到 168 的整数（小时）');
  });

  it('holds a replenishment reminder to 14 days ahead, with its own words', () => {
    const errors = errorsOf(
      filledNewRule((form) => {
        form.triggerKind = 'replenishment';
        form.daysBefore = '15';
      }),
    );
    expect(errors['trigger.daysBefore']).toBe('补货提醒的提前天数填 0 到 14 的整数（0 为预计购买当天）');
  });

  it('asks for a name, a holiday, a segment, a stage and a coupon when they are missing', () => {
    const errors = errorsOf(
      filledNewRule((form) => {
        form.name = '  ';
        form.triggerKind = 'holiday';
        form.audience = 'segment';
        form.gift = { kind: 'coupon', points: '', rewardId: '' };
      }),
    );
    expect(errors).toMatchObject({
      name: '名称填 1 到 30 个字',
      'trigger.holiday': '请选择节日',
      'audience.segmentId': '请选择客户分群',
      'gift.rewardId': '请选择优惠券',
    });
    const noStage = filledNewRule((form) => {
      form.triggerKind = 'lifecycle';
      form.stages = [];
    });
    expect(errorsOf(noStage)).toMatchObject({ 'trigger.stages': '至少选择一个客户阶段' });
  });

  it('refuses gift points outside 1 to 100000, in arm B too', () => {
    const errors = errorsOf(
      filledNewRule((form) => {
        form.gift = { kind: 'points', points: '0', rewardId: '' };
        form.abTest = true;
        form.variantMessage.templateId = 't';
        form.variantMessage.title = 't';
        form.variantGift = { kind: 'points', points: '100001', rewardId: '' };
      }),
    );
    expect(errors['gift.points']).toBe('赠送积分填 1 到 100000 的整数');
    expect(errors['variant.gift.points']).toBe('赠送积分填 1 到 100000 的整数');
  });

  it("files each message field's mapping problem by its row, arm B's apart from arm A's", () => {
    const errors = errorsOf(
      filledNewRule((form) => {
        form.message.fields = [newFieldRow('thing1', '{姓名}生日快乐'), newFieldRow('phrase2', '{昵称}')];
        form.abTest = true;
        form.variantMessage.templateId = 't';
        form.variantMessage.title = 't';
        form.variantMessage.fields = [newFieldRow('thing1', 'x'), newFieldRow('thing1', 'y')];
      }),
    );
    expect(errors['message.fields.0.text']).toMatch(/^没有变量 \{姓名\}/);
    expect(errors['message.fields.1.text']).toBe('「短语」字段只能填固定文字，不能填 昵称');
    expect(errors['variant.message.fields.1.key']).toBe('字段「thing1」重复');
    expect(errors['variant.message.fields.0.key']).toBeUndefined();
  });

  it("does not check arm B's message while the A/B switch is off", () => {
    const result = formToRule(filledNewRule((form) => (form.variantMessage.fields = [newFieldRow('nope', '')])));
    expect(result.ok).toBe(true);
  });

  it("places the server's issues: schema paths under rule., message-field problems shown as the server words them", () => {
    expect(
      issuesToErrors([
        { path: 'rule.priority', message: 'Too big' },
        { path: 'rule.trigger.stages.0', message: 'Invalid option' },
        { path: 'rule.variant.message.fields.1.text', message: 'Too long' },
        { path: 'version', message: 'Required' },
      ]),
    ).toEqual({
      priority: '优先级填 1 到 9 的整数',
      'trigger.stages': '至少选择一个客户阶段',
      'variant.message.fields.1.text': '请填写内容（最多 200 个字）',
      form: '关怀计划有误，请检查后重试',
    });
    expect(issuesToErrors([{ path: 'fields.0.text', message: '内容过长：「事物」最多 20 个字' }], true)).toEqual({
      'message.fields.0.text': '内容过长：「事物」最多 20 个字',
    });
  });

  it('drops the edited place, the places under it and the form-wide problem', () => {
    const errors = { 'message.fields.0.text': 'a', 'message.fields.1.text': 'b', 'message.title': 'c', form: 'd' };
    expect(withoutError(errors, 'message.fields.0.text')).toEqual({ 'message.fields.1.text': 'b', 'message.title': 'c' });
    expect(withoutError(errors, 'message.fields')).toEqual({ 'message.title': 'c' });
  });
});

describe('the live check and preview (client side, example values)', () => {
  it('names the problems of the rows being typed, by row', () => {
    const message = { ...newRuleForm().message, fields: [newFieldRow('thing1', ''), newFieldRow('amount2', '{积分}')] };
    expect(fieldProblemsOf(message)).toEqual({
      'fields.0.text': '内容不能为空',
      'fields.1.text': '「金额」字段只能填固定文字，不能填 积分',
    });
  });

  it("renders the message with the examples, the server's overriding the shared ones by label", () => {
    const values = exampleValues([{ label: '店铺名', example: '王阿姨水果店' }]);
    expect(values.shopName).toBe('王阿姨水果店');
    expect(values.nickname).toBe('小林');
    const preview = previewMessage({ ...newRuleForm().message, fields: [newFieldRow(' thing1 ', '{店铺名}祝{昵称}生日快乐')] }, values);
    expect(preview).toEqual([{ key: 'thing1', value: '王阿姨水果店祝小林生日快乐', shortened: false, problem: null }]);
  });

  it('adds a variable at the end of the text', () => {
    expect(withVariable('亲爱的', '昵称')).toBe('亲爱的{昵称}');
  });
});
