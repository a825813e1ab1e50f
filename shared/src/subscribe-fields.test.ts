import { describe, expect, it } from 'vitest';
import {
  CARE_VARIABLES,
  careDateText,
  charCount,
  fieldKindOf,
  fieldValueProblem,
  mappingProblems,
  previewFields,
  renderFieldText,
  renderForSend,
} from './subscribe-fields.ts';
import { NICKNAME_MAX_CHARS } from './members.ts';

const han = (count: number) => '林'.repeat(count);

describe('a keyword names its kind', () => {
  it.each([
    ['thing12', 'thing'],
    ['thing1', 'thing'],
    ['character_string3', 'character_string'],
    ['phone_number2', 'phone_number'],
    ['date4', 'date'],
  ])('%s is a %s field', (key, kind) => {
    expect(fieldKindOf(key)).toBe(kind);
  });

  it.each(['thing', 'colour1', 'Thing1', '1thing', ''])('%j is not a keyword', (key) => {
    expect(fieldKindOf(key)).toBeNull();
  });
});

describe('WeChat field rules', () => {
  it('counts a Chinese character or an emoji as one character', () => {
    expect(charCount('林小🙂')).toBe(3);
  });

  it.each<[string, string, boolean]>([
    ['thing1', han(20), true],
    ['thing1', han(21), false],
    ['thing1', `${han(19)}🙂`, true],
    ['number2', '1280', true],
    ['number2', '-12.5', true],
    ['number2', '9'.repeat(32), true],
    ['number2', '9'.repeat(33), false],
    ['number2', '12分', false],
    ['letter3', 'a'.repeat(32), true],
    ['letter3', 'a'.repeat(33), false],
    ['letter3', 'ab1', false],
    ['symbol4', '★☆!?…', true],
    ['symbol4', '★★★★★★', false],
    ['symbol4', 'a', false],
    ['character_string5', 'A1-_#'.repeat(6) + 'Z9', true],
    ['character_string5', 'A1-_#'.repeat(6) + 'Z9!', false],
    ['character_string5', '订单A1', false],
    ['time6', '15:01', true],
    ['time6', '2019年10月1日 15:01', true],
    ['time6', '15:00~16:30', true],
    ['time6', '2019年10月1日 15:01~2019年10月2日 09:00', true],
    ['time6', '24:00', false],
    ['time6', '2019年10月1日', false],
    ['date7', '2026年11月26日', true],
    ['date7', '2026-11-26', true],
    ['date7', '2026年11月26日~2026-1130', false],
    ['date7', '2026年11月26日 15:01', true],
    ['date7', '2026年11月26日~2026年11月30日', true],
    ['date7', '2026年13月1日', false],
    ['date7', '明天', false],
    ['amount8', '¥12.50', true],
    ['amount8', '￥100元', true],
    ['amount8', '12.50元', true],
    ['amount8', '$9999999999', true],
    ['amount8', '¥99999999999', false],
    ['amount8', '¥¥12', false],
    ['amount8', '12块', false],
    ['phone_number9', '+86-138-0013-8000', true],
    ['phone_number9', '+86-138-0013-80001', false],
    ['phone_number9', '138号', false],
    ['car_number10', '粤B12345', true],
    ['car_number10', '粤BD123456', false],
    ['car_number10', '粤B1234学', true],
    ['name11', han(10), true],
    ['name11', han(11), false],
    ['name11', 'a'.repeat(20), true],
    ['name11', 'a'.repeat(21), false],
    ['name11', `${han(1)}${'a'.repeat(10)}`, false],
    ['phrase12', '已发货', true],
    ['phrase12', han(5), true],
    ['phrase12', han(6), false],
    ['phrase12', '已发货!', false],
  ])('%s %j fits: %s', (key, value, fits) => {
    expect(fieldValueProblem(key, value) === null).toBe(fits);
  });

  it('explains a refusal in words an operator understands', () => {
    expect(fieldValueProblem('thing1', han(21))).toBe('「事物」类字段最多 20 个字');
    expect(fieldValueProblem('phrase2', han(6))).toBe('「短语」只能是 5 个以内的汉字');
    expect(fieldValueProblem('name3', han(11))).toBe('「姓名」最多 10 个汉字或 20 个字母');
  });

  it.each(['thing1', 'number2', 'phrase3'])('refuses an empty or blank %s', (key) => {
    expect(fieldValueProblem(key, '')).toMatch(/不能为空/);
    expect(fieldValueProblem(key, '  ')).toMatch(/不能为空/);
  });

  it.each(['小林\n生日快乐', '小林\t', '12\u0000'])('refuses control characters in %j', (value) => {
    expect(fieldValueProblem('thing1', value)).toMatch(/控制字符/);
  });

  it('refuses a key that is not a keyword', () => {
    expect(fieldValueProblem('colour1', '红')).toMatch(/不是订阅消息模板的字段名/);
  });
});

describe('care variables', () => {
  it('holds a nickname as long as a member may choose', () => {
    expect(CARE_VARIABLES.nickname.maxChars).toBe(NICKNAME_MAX_CHARS);
  });

  it('every example fits within its own longest value', () => {
    for (const variable of Object.values(CARE_VARIABLES)) {
      expect(charCount(variable.example)).toBeLessThanOrEqual(variable.maxChars);
    }
  });

  it('writes the date the Chinese way', () => {
    expect(careDateText('2026-11-06')).toBe('2026年11月6日');
    expect(fieldValueProblem('date1', careDateText('2026-11-06'))).toBeNull();
  });
});

describe('rendering field text', () => {
  it('replaces placeholders by their Chinese label', () => {
    expect(renderFieldText('{昵称}，生日快乐，送您{赠送积分}积分', { nickname: '小林', giftPoints: '200' })).toBe(
      '小林，生日快乐，送您200积分',
    );
  });

  it('leaves an unknown placeholder as typed and a missing value empty', () => {
    expect(renderFieldText('{名字}{昵称}好', {})).toBe('{名字}好');
  });
});

describe('checking a mapping in the rule editor', () => {
  it('accepts a birthday greeting', () => {
    expect(
      mappingProblems([
        { key: 'thing1', text: '{昵称}，生日快乐' },
        { key: 'number2', text: '{积分}' },
        { key: 'date3', text: '{日期}' },
        { key: 'time4', text: '{日期} 10:00' },
        { key: 'phrase5', text: '生日礼' },
      ]),
    ).toEqual([]);
  });

  it('names unknown placeholders and the ones it knows', () => {
    const [problem] = mappingProblems([{ key: 'thing1', text: '{名字}好' }]);
    expect(problem).toMatchObject({ path: 'fields.0.text' });
    expect(problem!.message).toMatch(/没有变量 \{名字\}/);
    expect(problem!.message).toContain('{昵称}');
  });

  it('refuses empty text, duplicate keys and keys WeChat does not have', () => {
    expect(
      mappingProblems([
        { key: 'thing1', text: ' ' },
        { key: 'thing1', text: '你好' },
        { key: 'colour3', text: '红' },
      ]),
    ).toEqual([
      { path: 'fields.0.text', message: '内容不能为空' },
      { path: 'fields.1.key', message: '字段「thing1」重复' },
      { path: 'fields.2.key', message: '「colour3」不是订阅消息模板的字段名，应如 thing1、date2' },
    ]);
  });

  it('refuses literal text that leaves no room in a thing field', () => {
    expect(mappingProblems([{ key: 'thing1', text: han(21) }])).toHaveLength(1);
    expect(mappingProblems([{ key: 'thing1', text: han(20) }])).toEqual([]);
    // A nickname keeps one character and its '…': 18 + 2 fits, 19 + 2 does not.
    expect(mappingProblems([{ key: 'thing1', text: `{昵称}${han(18)}` }])).toEqual([]);
    expect(mappingProblems([{ key: 'thing1', text: `{昵称}${han(19)}` }])).toHaveLength(1);
  });

  it('counts numbers and dates at their longest in a thing field, since they are never cut', () => {
    // 积分 up to 10 digits + 11 characters = 21.
    const [problem] = mappingProblems([{ key: 'thing1', text: `{积分}${han(11)}` }]);
    expect(problem!.message).toMatch(/积分和日期不能缩短/);
    expect(mappingProblems([{ key: 'thing1', text: `{积分}${han(10)}` }])).toEqual([]);
  });

  it('holds a name field with a variable to 10 characters', () => {
    expect(mappingProblems([{ key: 'name1', text: '{昵称}' }])).toEqual([]);
    expect(mappingProblems([{ key: 'name1', text: `{昵称}${han(9)}` }])).toHaveLength(1);
  });

  it('fills number, date and time fields only from variables whose values fit them', () => {
    expect(mappingProblems([{ key: 'number1', text: '{昵称}' }])).toEqual([
      { path: 'fields.0.text', message: '「数字」字段只能填 积分、赠送积分，不能填 昵称' },
    ]);
    expect(mappingProblems([{ key: 'date1', text: '{积分}' }])[0]!.message).toBe('「日期」字段只能填 日期，不能填 积分');
    expect(mappingProblems([{ key: 'phrase1', text: '{节日}' }])[0]!.message).toBe('「短语」字段只能填固定文字，不能填 节日');
    // A time needs a clock time after the date.
    expect(mappingProblems([{ key: 'time1', text: '{日期}' }])[0]!.message).toMatch(/「时间」/);
    // 积分 followed by a unit is no longer a number.
    expect(mappingProblems([{ key: 'number1', text: '{积分}分' }])[0]!.message).toMatch(/「数字」/);
  });

  it('refuses a strict field whose literal breaks its rule', () => {
    expect(mappingProblems([{ key: 'phrase1', text: '生日快乐礼物' }])).toEqual([
      { path: 'fields.0.text', message: '「短语」只能是 5 个以内的汉字' },
    ]);
  });
});

describe('rendering a send', () => {
  it('fills every field', () => {
    expect(
      renderForSend(
        [
          { key: 'thing1', text: '{昵称}，生日快乐' },
          { key: 'number2', text: '{积分}' },
          { key: 'date3', text: '{日期}' },
        ],
        { nickname: '小林', points: '1280', date: '2026年11月26日' },
      ),
    ).toEqual({ data: { thing1: { value: '小林，生日快乐' }, number2: { value: '1280' }, date3: { value: '2026年11月26日' } } });
  });

  it("shortens a long nickname with '…' to exactly 20 characters", () => {
    const nickname = `${han(10)}${'一'.repeat(10)}`;
    const result = renderForSend([{ key: 'thing1', text: '{昵称}，生日快乐' }], { nickname });
    expect(result).toEqual({ data: { thing1: { value: `${han(10)}${'一'.repeat(4)}…，生日快乐` } } });
    expect(charCount((result as { data: Record<string, { value: string }> }).data.thing1!.value)).toBe(20);
  });

  it('leaves a value that fits exactly as it is', () => {
    const result = renderForSend([{ key: 'thing1', text: '{昵称}，生日快乐' }], { nickname: han(15) });
    expect(result).toEqual({ data: { thing1: { value: `${han(15)}，生日快乐` } } });
  });

  it('cuts the longest text variable first and never cuts a number', () => {
    const result = renderForSend([{ key: 'thing1', text: '{昵称}获得{券名}{积分}' }], {
      nickname: '小林',
      couponName: '满100减20元全场通用优惠券',
      points: '1280',
    });
    // 2 + 2 + 15 + 4 = 23: the coupon name keeps 11 characters and gains '…', making 20.
    expect(result).toEqual({ data: { thing1: { value: '小林获得满100减20元全场通…1280' } } });
  });

  it('shortens a Chinese name to 10 characters', () => {
    const result = renderForSend([{ key: 'name1', text: '{昵称}' }], { nickname: han(12) });
    expect(result).toEqual({ data: { name1: { value: `${han(9)}…` } } });
  });

  it('turns a line break in a nickname into a space rather than losing the message', () => {
    expect(renderForSend([{ key: 'thing1', text: '{昵称}好' }], { nickname: '小\n林' })).toEqual({
      data: { thing1: { value: '小 林好' } },
    });
  });

  it('previews every field, saying which were shortened and which cannot be sent', () => {
    expect(
      previewFields(
        [
          { key: 'thing1', text: '{昵称}，生日快乐' },
          { key: 'thing2', text: '{券名}' },
          { key: 'number3', text: '{积分}' },
        ],
        { nickname: han(20), couponName: '满50减10元券', points: '一千' },
      ),
    ).toEqual([
      { key: 'thing1', value: `${han(14)}…，生日快乐`, shortened: true, problem: null },
      { key: 'thing2', value: '满50减10元券', shortened: false, problem: null },
      { key: 'number3', value: '', shortened: false, problem: '「数字」只能是 32 位以内的数字，可带小数' },
    ]);
  });

  it('reports a missing value instead of sending an empty field', () => {
    expect(renderForSend([{ key: 'thing1', text: '{券名}' }], {})).toEqual({
      problem: { path: 'fields.0.text', message: '缺少变量 券名 的值' },
    });
  });

  it('reports a value that breaks a strict field instead of sending it', () => {
    expect(renderForSend([{ key: 'number1', text: '{积分}' }], { points: '一千' })).toEqual({
      problem: { path: 'fields.0.text', message: '「数字」只能是 32 位以内的数字，可带小数' },
    });
  });
});
