import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MemberProfile, MemberTag } from '@linli/shared/customers';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { FollowUpTask, MemberSurveys } from '@linli/shared/surveys';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });

const MANUAL: MemberTag = { tag: '团购常客', kind: 'manual', ruleId: null, addedAt: '2026-10-02T02:00:00.000Z', addedBy: '李强' };
const RULE: MemberTag = { tag: '近30天新客', kind: 'rule', ruleId: 'first-order-30d', addedAt: '2026-11-01T18:00:00.000Z', addedBy: null };

function profile(overrides: Partial<MemberProfile> = {}): MemberProfile {
  return {
    memberId: 'mem-001',
    identity: {
      nickname: '林小满',
      avatarUrl: null,
      phoneMasked: '138****1234',
      memberCode: '7KQ2M9XD',
      birthday: '03-08',
      joinedAt: '2025-12-01T02:00:00.000Z',
      policyVersion: '2026-11-01',
    },
    tier: { code: 'gold', name: '金卡会员' },
    points: { balance: 1280, pending: 69, expiringSoon: { points: 0, before: null } },
    stats: { orderCount: 1, totalSpentFen: 6_990, firstOrderAt: '2026-11-19T04:12:00.000Z', lastOrderAt: '2026-11-19T04:12:00.000Z' },
    orders: {
      items: [
        {
          orderId: '2026111900001',
          paidAt: '2026-11-19T04:12:00.000Z',
          paidFen: 6_990,
          refundedFen: 0,
          status: 'paid',
          items: [{ sku: 'FRUIT-APPLE-5KG', name: '烟台红富士苹果 5kg', qty: 1, unitPriceFen: 6_990 }],
          points: { earned: 69, takenBack: 0, state: 'pending', availableAt: '2026-11-26T04:12:00.000Z' },
        },
      ],
      nextCursor: null,
    },
    complaints: { items: [], more: false },
    messages: { items: [{ kind: 'birthday', at: '2026-03-08T01:00:00.000Z', status: 'sent' }], more: false },
    tags: [MANUAL, RULE],
    consent: { policyVersion: '2026-11-01', acceptedAt: '2025-12-01T02:00:00.000Z', current: true, withdrawals: [] },
    scores: null,
    ...overrides,
  };
}

const tagRoute = (method: string, tag: string) => `${method} /v1/staff/members/mem-001/tags/${encodeURIComponent(tag)}`;
const NO_SURVEYS: MemberSurveys = { followUps: [], responses: [] };
const CATALOG = { statusCode: 200, body: { items: [{ tag: '宝妈', kind: 'manual', ruleId: null, memberCount: 3 }] } };

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

function openProfile(role: string, routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>) {
  const p = (page = openPage('staff/pages/customer/index', {
    storage: { 'linli.session': session(role) },
    query: { id: 'mem-001' },
    routes: {
      'GET /v1/staff/members/mem-001/profile': { statusCode: 200, body: profile() },
      'GET /v1/staff/tags': CATALOG,
      'GET /v1/staff/members/mem-001/surveys': { statusCode: 200, body: NO_SURVEYS },
      ...routes,
    },
  }));
  return p;
}

describe('客户画像 (weapp build, staff subpackage)', () => {
  it('shows the sections with the phone masked and no ids, rule tags read-only', async () => {
    const p = openProfile('agent', {});
    await p.waitFor(() => p.root.querySelector('.customer-identity'), 'the profile');
    expect(text(p, '.customer-identity__name')).toBe('林小满');
    expect(texts(p, '.customer-row__value')).toEqual(expect.arrayContaining(['138****1234', '7KQ2 M9XD', '3月8日']));
    expect(texts(p, '.customer-figure__value')).toEqual(['1280', '69', '1', '¥69.90']);
    expect(texts(p, '.customer-chip__text')).toEqual(['团购常客', '自动 · 近30天新客']);
    expect(texts(p, '.customer-item__title')).toEqual(['烟台红富士苹果 5kg×1', '生日祝福']);
    expect(p.root.dom.textContent).toContain('没有投诉记录');
    await p.waitFor(() => p.root.dom.textContent?.includes('还没有填写过问卷'), 'the empty 问卷与回访');
    for (const hidden of ['2026111900001', 'FRUIT-APPLE-5KG', 'mem-001', 'first-order-30d'])
      expect(p.root.dom.textContent).not.toContain(hidden);
    // An agent reads the tags but does not edit them.
    expect(p.root.querySelector('.customer-chip__remove') ?? null).toBeNull();
    expect(p.root.querySelector('.customer-tag-add') ?? null).toBeNull();
  });

  it('reveals the whole phone to a supervisor only after a reason, and never offers it to an agent', async () => {
    const agent = openProfile('agent', {});
    await agent.waitFor(() => agent.root.querySelector('.customer-phone'), 'the phone');
    expect(agent.root.querySelector('.phone-reveal__open') ?? null).toBeNull();
    // The member's audit entries are for admins.
    expect(agent.root.querySelector('.customer-audit-link') ?? null).toBeNull();
    agent.root.detach();

    const reasons: unknown[] = [];
    const p = openProfile('supervisor', {
      'POST /v1/staff/members/mem-001/phone-reveals': (data: unknown) => {
        reasons.push(data);
        return { statusCode: 200, body: { phone: '13812341234' } };
      },
    });
    await p.waitFor(() => p.root.querySelector('.phone-reveal__open'), 'the reveal link');
    expect(text(p, '.customer-phone')).toBe('138****1234');
    p.root.querySelector('.phone-reveal__open')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.phone-reveal__confirm'), 'the reason form');
    p.root.querySelector('.phone-reveal__confirm')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.phone-reveal__error'), 'the missing reason');
    expect(reasons).toEqual([]);
    p.root.querySelector('.phone-reveal__reason')!.dispatchEvent('input', { detail: { value: '核对快递收件人' } });
    p.root.querySelector('.phone-reveal__confirm')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.customer-phone') === '13812341234', 'the whole number');
    expect(reasons).toEqual([{ reason: '核对快递收件人' }]);
    expect(p.root.querySelector('.phone-reveal__audited')).toBeTruthy();
  });

  it("offers an admin the member's 访问记录 in the audit log", async () => {
    const p = openProfile('admin', {});
    await p.waitFor(() => p.root.querySelector('.customer-audit-link'), 'the audit link');
  });

  it('says in words that a member deleted since (their id in an older audit entry) is gone, with nothing to retry', async () => {
    const p = openProfile('admin', {
      'GET /v1/staff/members/mem-001/profile': { statusCode: 404, body: { error: { code: 'NOT_FOUND', message: 'No such member' } } },
    });
    await p.waitFor(() => p.root.querySelector('.state-box__text'), 'the empty state');
    expect(text(p, '.state-box__text')).toBe('找不到这位会员，可能已注销账户');
    expect(p.root.querySelector('.state-box__action') ?? null).toBeNull();
    expect(p.root.dom.textContent).not.toMatch(/出错了|NOT_FOUND|mem-001/);
  });

  it('shows 关怀记录 to every role: rule, occasion, time, status and reason, no codes', async () => {
    const care = (deliveryId: string, status: string, reason: string | null) => ({
      deliveryId,
      ruleId: 'rule-1',
      ruleName: '生日关怀',
      memberId: 'mem-001',
      occasion: 'birthday#2026',
      occasionName: '2026年生日',
      arm: 'a',
      status,
      reason,
      sendAt: '2026-03-08T02:00:00.000Z',
      plannedAt: '2026-03-08T01:00:00.000Z',
      finishedAt: null,
      detail: null,
    });
    const p = openProfile('agent', {
      'GET /v1/staff/members/mem-001/care-deliveries': {
        statusCode: 200,
        body: { items: [care('d-1', 'sent', null), care('d-2', 'skipped', 'quiet-hours')], nextCursor: null },
      },
    });
    await p.waitFor(() => p.root.querySelector('.customer-care-delivery'), 'the care records');
    const section = p.root.querySelectorAll('.customer-section').find((node) => node.dom.textContent?.startsWith('关怀记录'))!;
    expect(section.dom.textContent).toContain('生日关怀已发送2026年生日 · 2026-03-08 10:00');
    expect(section.dom.textContent).toContain('未发送：免打扰时段');
    expect(section.dom.textContent).not.toMatch(/rule-1|birthday#|quiet-hours/);
  });

  it('shows 问卷与回访: each response with its headline score in words, each follow-up with its status, outcome and note', async () => {
    const followUp = (overrides: Partial<FollowUpTask>): FollowUpTask => ({
      taskId: 'fu_sr_0001',
      memberId: 'mem-001',
      nickname: '林小满',
      surveyId: 'sv_after-order',
      surveyName: '购后满意度',
      responseId: 'sr_0001',
      reason: 'nps-detractor',
      score: 3,
      comment: '送货太慢了',
      complaintId: null,
      orderId: null,
      status: 'open',
      assigneeId: null,
      assigneeName: null,
      createdAt: '2026-11-24T02:00:00.000Z',
      dueAt: '2026-11-24T10:00:00.000Z',
      breached: false,
      outcome: null,
      outcomeNote: null,
      doneAt: null,
      doneBy: null,
      ...overrides,
    });
    const surveys: MemberSurveys = {
      responses: [
        {
          surveyId: 'sv_after-order',
          surveyName: '购后满意度',
          responseId: 'sr_0001',
          completedAt: '2026-11-24T02:00:00.000Z',
          headline: { questionId: 'q1', kind: 'nps', score: 3 },
        },
        {
          surveyId: 'sv_complaint-resolution',
          surveyName: '投诉处理满意度',
          responseId: 'sr_0002',
          completedAt: '2026-11-20T02:00:00.000Z',
          headline: { questionId: 'q1', kind: 'csat', score: 5 },
        },
        { surveyId: 'sv_gone', surveyName: null, responseId: 'sr_0003', completedAt: '2026-10-01T02:00:00.000Z', headline: null },
      ],
      followUps: [
        followUp({}),
        followUp({
          taskId: 'fu_sr_0009',
          surveyName: '投诉处理满意度',
          reason: 'csat-low',
          score: 1,
          comment: null,
          status: 'done',
          assigneeId: 'mem-agent1',
          assigneeName: '客服小林',
          outcome: 'resolved',
          outcomeNote: '已补发，客户表示满意',
          doneAt: '2026-11-21T02:00:00.000Z',
        }),
      ],
    };
    const p = openProfile('agent', { 'GET /v1/staff/members/mem-001/surveys': { statusCode: 200, body: surveys } });
    await p.waitFor(() => p.root.querySelector('.customer-follow-up'), 'the surveys section');
    const responses = p.root.querySelectorAll('.customer-survey-response').map((node) => node.dom.textContent);
    expect(responses).toEqual([
      '购后满意度推荐意愿 3 分 · 贬损者2026-11-24 10:00 填写',
      '投诉处理满意度满意度 5 分 · 满意2026-11-20 10:00 填写',
      '已删除的问卷2026-10-01 10:00 填写',
    ]);
    const tasks = p.root.querySelectorAll('.customer-follow-up').map((node) => node.dom.textContent);
    expect(tasks[0]).toBe('购后满意度待回访贬损者（0–6 分） · 打了 3 分 · 处理人：待领取客户留言：送货太慢了');
    expect(tasks[1]).toBe('投诉处理满意度已解决不满意（1–2 分） · 打了 1 分 · 处理人：客服小林回访记录：已补发，客户表示满意');
    expect(p.root.dom.textContent).not.toMatch(/fu_sr_|sr_000|sv_|nps-detractor|csat-low|mem-agent1/);
    expect(p.root.dom.textContent).not.toContain('还没有填写过问卷');
  });

  it('lets a supervisor add a tag and remove a manual one, never a rule one', async () => {
    let tags: MemberTag[] = [MANUAL, RULE];
    const added: MemberTag = { tag: '爱吃水果', kind: 'manual', ruleId: null, addedAt: '2026-11-20T02:00:00.000Z', addedBy: '李强' };
    const p = openProfile('supervisor', {
      [tagRoute('PUT', '爱吃水果')]: () => ({ statusCode: 200, body: { items: (tags = [added, ...tags]) } }),
      [tagRoute('DELETE', '团购常客')]: () => ({ statusCode: 200, body: { items: (tags = tags.filter((t) => t.tag !== '团购常客')) } }),
    });
    await p.waitFor(() => p.root.querySelector('.customer-tag-add'), 'the tag editor');
    // Only the manual tag has a remove button.
    expect(p.root.querySelectorAll('.customer-chip__remove')).toHaveLength(1);
    await p.waitFor(() => p.root.querySelector('.customer-chip--suggest'), 'the catalog suggestions');
    expect(texts(p, '.customer-chip--suggest')).toEqual(['+ 宝妈']);

    p.root.querySelector('.customer-tag-add .field')!.dispatchEvent('input', { detail: { value: '爱吃水果' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    p.root.querySelector('.customer-tag-add .btn')!.dispatchEvent('tap');
    await p.waitFor(() => texts(p, '.customer-chip__text').includes('爱吃水果'), 'the added tag');

    const removeButtons = p.root.querySelectorAll('.customer-chip__remove');
    expect(removeButtons).toHaveLength(2);
    removeButtons[1]!.dispatchEvent('tap');
    await p.waitFor(() => !texts(p, '.customer-chip__text').includes('团购常客'), 'the removed tag');
    expect(texts(p, '.customer-chip__text')).toEqual(['爱吃水果', '自动 · 近30天新客']);
    expect(p.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${decodeURIComponent(new URL(r.url).pathname)}`)).toEqual([
      'PUT /v1/staff/members/mem-001/tags/爱吃水果',
      'DELETE /v1/staff/members/mem-001/tags/团购常客',
    ]);
  });

  it('says in Chinese why a tag is refused, before and after asking the server', async () => {
    const p = openProfile('admin', {
      [tagRoute('PUT', '新标签')]: { statusCode: 409, body: { error: { code: 'MEMBER_TAG_LIMIT_REACHED', message: 'full' } } },
    });
    await p.waitFor(() => p.root.querySelector('.customer-tag-add'), 'the tag editor');
    const type = async (value: string) => {
      p.root.querySelector('.customer-tag-add .field')!.dispatchEvent('input', { detail: { value } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      p.root.querySelector('.customer-tag-add .btn')!.dispatchEvent('tap');
    };
    await type('一二三四五六七八九十一二三');
    await p.waitFor(() => p.root.querySelector('.customer-tag-error'), 'the length error');
    expect(text(p, '.customer-tag-error')).toBe('标签最多 12 个字');
    expect(p.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);

    await type('新标签');
    await p.waitFor(() => text(p, '.customer-tag-error') === ERROR_TEXT_ZH.MEMBER_TAG_LIMIT_REACHED, 'the server refusal');
  });
});

describe('客户查询 (weapp build)', () => {
  it('searches and lists what matched, then says so when nothing does', async () => {
    let answer: unknown = {
      items: [
        {
          memberId: 'mem-001',
          nickname: '林小满',
          phoneMasked: '138****1234',
          tier: { code: 'gold', name: '金卡会员' },
          lastOrderAt: '2026-11-19T04:12:00.000Z',
          matched: ['phone'],
        },
      ],
      more: true,
    };
    const p = (page = openPage('staff/pages/customers/index', {
      storage: { 'linli.session': session('agent') },
      routes: { 'GET /v1/staff/member-search': () => ({ statusCode: 200, body: answer }) },
    }));
    await p.waitFor(() => p.root.dom.textContent?.includes('查找客户'), 'the hint before the first search');
    expect(p.requests).toHaveLength(0);
    const search = async (value: string) => {
      p.root.querySelector('.redemptions-search__input')!.dispatchEvent('input', { detail: { value } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      p.root.querySelector('.redemptions-search__button')!.dispatchEvent('tap');
    };
    await search(' 1234 ');
    await p.waitFor(() => p.root.querySelector('.staff-row'), 'a result');
    expect(text(p, '.staff-row__name')).toBe('林小满');
    expect(text(p, '.customers-matched')).toBe('手机尾号匹配');
    expect(text(p, '.customers-more')).toContain('前 20 位');
    expect(new URL(p.requests[0]!.url).searchParams.get('q')).toBe('1234');

    answer = { items: [], more: false };
    await search('没有这个人');
    await p.waitFor(() => p.root.dom.textContent?.includes('没有找到相符的客户'), 'the empty result');
  });
});
