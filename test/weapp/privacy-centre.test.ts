import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MemberView } from '@linli/shared/members';
import { KEPT_DATA_KINDS, type MyConsents } from '@linli/shared/privacy-centre';
import { assertWeappBuilt, openPage, text, texts, wechatPrivacy, wxmlId, type CannedResponse, type LoadedPage } from './wechat-simulator';

// 隐私中心 (from 我的资料) and WeChat's privacy popup, in the real weapp build.

const SESSION = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };

function consents(overrides: Partial<MyConsents> = {}): MyConsents {
  return {
    policy: { version: '2026-11-01', acceptedAt: '2026-11-01T02:00:00.000Z', currentVersion: '2026-11-01', current: true },
    phone: { phoneMasked: '139****0001', boundAt: '2026-11-02T02:00:00.000Z' },
    personalisedMarketing: { on: true, changedAt: null },
    subscriptions: [{ title: '等级变动', remaining: 2 }],
    ledger: [
      { kind: 'phone', action: 'bind', policyVersion: '2026-11-01', at: '2026-11-02T02:00:00.000Z' },
      { kind: 'privacy-policy', action: 'accept', policyVersion: '2026-11-01', at: '2026-11-01T02:00:00.000Z' },
    ],
    ...overrides,
  };
}

function memberView(overrides: Partial<MemberView> = {}): MemberView {
  return {
    memberId: 'mem-001',
    status: 'member',
    nickname: '林小满',
    avatarUrl: null,
    tier: { code: 'silver', name: '银卡会员' },
    points: { balance: 1280, pending: 0, expiringSoon: { points: 0, before: null } },
    birthday: '03-08',
    lunarBirthday: null,
    marketingOptOut: false,
    phoneMasked: null,
    joinedAt: '2026-11-01T02:00:00.000Z',
    policyVersion: '2026-11-01',
    memberCode: 'LM8H3K2Q',
    stats: { orderCount: 3, totalSpentFen: 128_000, firstOrderAt: null, lastOrderAt: null },
    ...overrides,
  };
}

const CONFIG = {
  policyVersion: '2026-11-01',
  templates: {
    birthdayGreeting: 'tmpl-birthday',
    tierChanged: 'tmpl-tier',
    pointsExpiring: 'tmpl-expiring',
    complaintUpdate: 'tmpl-complaint',
    complaintAlert: 'tmpl-alert',
  },
};

const ok = (body: unknown): CannedResponse => ({ statusCode: 200, body });
const sent = (p: LoadedPage, method: string, path: string) =>
  p.requests.filter((r) => r.method === method && new URL(r.url).pathname === path);

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

/**
 * Opens a page with WeChat's privacy APIs, wx.navigateTo recorded, and wx.showModal answering from
 * `confirms` in turn (what it asked is kept).
 */
function open(
  pagePath: string,
  routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>,
  options: { needAuthorization?: boolean; confirms?: boolean[]; wx?: Record<string, unknown> } = {},
) {
  const privacy = wechatPrivacy({ needAuthorization: options.needAuthorization ?? false });
  const navigated: string[] = [];
  const asked: string[] = [];
  const confirms = [...(options.confirms ?? [])];
  page = openPage(pagePath, {
    storage: { 'linli.session': SESSION },
    routes,
    wx: {
      ...privacy.wx,
      navigateTo: (call: { url: string; success?: (r: unknown) => void }) => {
        navigated.push(call.url);
        setTimeout(() => call.success?.({ errMsg: 'navigateTo:ok' }));
      },
      showModal: (call: { content: string; success?: (r: unknown) => void }) => {
        asked.push(call.content);
        const confirm = confirms.shift() ?? false;
        setTimeout(() => call.success?.({ confirm, cancel: !confirm, errMsg: 'showModal:ok' }));
      },
      ...options.wx,
    },
  });
  return { p: page, privacy, navigated, asked };
}

const ready = (p: LoadedPage) => p.waitFor(() => p.root.querySelector('.ledger-entry'), 'the consents');

describe('隐私中心', () => {
  it('shows what Linli keeps and why, my consents and their ledger, WeChat’s guide, and the ways to my rights', async () => {
    const { p, privacy, navigated } = open('pages/privacy/index', { 'GET /v1/me/consents': ok(consents()) });
    await ready(p);

    // What a buyer comes to do first: the rights and the consents; what Linli keeps comes last.
    expect(texts(p, '.cells__title')).toEqual(['我的权利', '我的授权', '授权记录', '微信隐私授权', '我们保存的信息及用途']);

    // Every kind of data from the one shared list, a folded row each: its name, how long it is kept, the sensitive ones marked.
    expect(texts(p, '.kept-kind__title')).toEqual(KEPT_DATA_KINDS.map((kind) => kind.title));
    expect(texts(p, '.kept-kind__kept')[0]).toBe('保存期限：直到你注销账户');
    expect(p.root.querySelectorAll('.kept-kind__badge')).toHaveLength(KEPT_DATA_KINDS.filter((kind) => kind.sensitive).length);
    expect(p.root.querySelectorAll('.kept-kind__details')).toHaveLength(0);
    expect(text(p, '.privacy-section__intro')).toContain('不满十四周岁');

    expect(texts(p, '.consent-row__text .muted').slice(0, 2)).toEqual(['已同意 2026-11-01 版，2026-11-01', '139****0001，2026-11-02 绑定']);
    expect(p.root.dom.textContent).toContain('等级变动 2 次');
    expect(texts(p, '.ledger-entry__what')).toEqual(['绑定手机号', '同意隐私政策（2026-11-01 版）']);
    // Never a code or an id.
    expect(p.root.dom.textContent).not.toMatch(/privacy-policy|personalised|mem-001/);

    // WeChat's guide: its name, whether it waits, and a tap opens it.
    await p.waitFor(() => text(p, '.privacy-link') === '《邻里会员小程序隐私保护指引》', 'the guide');
    expect(p.root.dom.textContent).toContain('无需再次同意');
    tapByText(p, '.cell__label', '隐私保护指引');
    await p.waitFor(() => privacy.state.opened === 1, 'the guide opened');

    // The rights, and the policy and subscriptions rows, lead where they say.
    const labels = ['导出我的数据', '更正我的资料', '数据请求', '注销账户', '隐私政策', '订阅消息', '撤回隐私政策同意'];
    for (const label of labels) {
      tapByText(p, '.cell__label', label);
      await p.waitFor(() => navigated.length === labels.indexOf(label) + 1, `the way from ${label}`);
    }
    expect(navigated).toEqual([
      '/pages/privacy-export/index',
      '/pages/profile/index',
      '/pages/privacy-requests/index',
      '/pages/account-deletion/index',
      '/pages/privacy-policy/index',
      '/pages/message-settings/index',
      '/pages/account-deletion/index',
    ]);
  });

  it('opens a kind of data on a tap to what exactly is kept, what for, for how long and why it is sensitive, and folds it again', async () => {
    const { p } = open('pages/privacy/index', { 'GET /v1/me/consents': ok(consents()) });
    await ready(p);
    const index = KEPT_DATA_KINDS.findIndex((kind) => kind.sensitive);
    const kind = KEPT_DATA_KINDS[index]!;
    p.root.querySelectorAll('.kept-kind__head')[index]!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.kept-kind__details'), 'the details');
    expect(p.root.querySelectorAll('.kept-kind__details')).toHaveLength(1);
    expect(texts(p, '.kept-kind--open .kept-kind__line')).toEqual([
      `内容：${kind.items}`,
      `用途：${kind.purpose}`,
      `保存期限：${kind.retention}`,
      `敏感信息：${kind.sensitive}`,
    ]);
    p.root.querySelectorAll('.kept-kind__head')[index]!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelectorAll('.kept-kind__details').length === 0, 'folded again');
  });

  it('switches personalised marketing off, recorded through PATCH /v1/me, and shows the ledger anew', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/me/consents': ok(consents()),
      // wx.request cannot send PATCH: it goes as POST with X-HTTP-Method-Override.
      'POST /v1/me': ok(memberView({ marketingOptOut: true })),
    };
    const { p } = open('pages/privacy/index', routes);
    await ready(p);
    routes['GET /v1/me/consents'] = ok(
      consents({
        personalisedMarketing: { on: false, changedAt: '2026-11-23T02:00:00.000Z' },
        ledger: [
          { kind: 'personalised-marketing', action: 'opt-out', policyVersion: '2026-11-01', at: '2026-11-23T02:00:00.000Z' },
          ...consents().ledger,
        ],
      }),
    );
    p.root.querySelector('.consent-row__switch')!.dispatchEvent('change', { detail: { value: false } });
    await p.waitFor(() => text(p, '.notice'), 'the notice');
    expect(text(p, '.notice')).toBe('已关闭个性化推荐');
    const patch = sent(p, 'POST', '/v1/me');
    expect(patch.map((r) => r.data)).toEqual([{ marketingOptOut: true }]);
    expect(Object.entries(patch[0]!.header).find(([name]) => name.toLowerCase() === 'x-http-method-override')?.[1]).toBe('PATCH');
    await p.waitFor(() => texts(p, '.ledger-entry__what')[0] === '关闭个性化推荐', 'the new ledger');
  });

  it('unbinds the phone only after the buyer confirms, then shows it gone', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/me/consents': ok(consents()),
      'DELETE /v1/me/phone': ok(memberView({ phoneMasked: null })),
    };
    const { p, asked } = open('pages/privacy/index', routes, { confirms: [false, true] });
    await ready(p);

    // Cancelled: nothing is sent.
    p.root.querySelector('.consent-row__button')!.dispatchEvent('tap');
    await p.waitFor(() => asked.length === 1, 'the confirmation');
    expect(asked[0]).toContain('删除你的手机号');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent(p, 'DELETE', '/v1/me/phone')).toHaveLength(0);

    routes['GET /v1/me/consents'] = ok(
      consents({
        phone: { phoneMasked: null, boundAt: null },
        ledger: [{ kind: 'phone', action: 'unbind', policyVersion: '2026-11-01', at: '2026-11-23T02:00:00.000Z' }, ...consents().ledger],
      }),
    );
    p.root.querySelector('.consent-row__button')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.notice'), 'the notice');
    expect(asked).toHaveLength(2);
    expect(sent(p, 'DELETE', '/v1/me/phone')).toHaveLength(1);
    expect(text(p, '.notice')).toBe('已解除绑定，手机号已删除');
    await p.waitFor(() => texts(p, '.ledger-entry__what')[0] === '解除绑定手机号', 'the new ledger');
    expect(p.root.dom.textContent).not.toContain('139****0001');
    expect(p.root.dom.textContent).toContain('未绑定');
    expect(p.root.dom.textContent).toContain('去绑定');
  });
});

describe('WeChat’s privacy popup', () => {
  it('asks when the guide waits: 同意 (the agreePrivacyAuthorization button) lets the call go on, 不同意 makes it fail', async () => {
    const { p, privacy } = open('pages/privacy/index', { 'GET /v1/me/consents': ok(consents()) }, { needAuthorization: true });
    await ready(p);
    await p.waitFor(() => p.root.dom.textContent?.includes('尚未同意'), 'the guide waiting');
    expect(p.root.querySelector('.privacy-popup')).toBeFalsy();

    // 去同意 calls requirePrivacyAuthorize: WeChat asks the page, whose popup shows the guide.
    tapByText(p, '.consent-row__button', '去同意');
    await p.waitFor(() => p.root.querySelector('.privacy-popup'), 'the popup');
    await p.waitFor(() => text(p, '.privacy-popup__guide') === '《邻里会员小程序隐私保护指引》', 'the guide’s name');
    expect(privacy.state.answers).toEqual([{ event: 'exposureAuthorization' }]);
    p.root.querySelector('.privacy-popup__guide')!.dispatchEvent('tap');
    await p.waitFor(() => privacy.state.opened === 1, 'the guide opened from the popup');

    // 不同意: the held call fails, and the page says so.
    p.root.querySelector('.privacy-popup .btn--plain')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.notice'), 'the refusal');
    expect(text(p, '.notice')).toContain('你没有同意');
    expect(privacy.state.answers.at(-1)).toEqual({ event: 'disagree' });
    expect(p.root.querySelector('.privacy-popup')).toBeFalsy();

    // Again, and 同意: WeChat's own button, whose id the resolve names.
    tapByText(p, '.consent-row__button', '去同意');
    await p.waitFor(() => p.root.querySelector('.privacy-popup'), 'the popup again');
    const agree = p.root.querySelector('.privacy-popup .btn--primary')!;
    expect(wxmlId(agree)).toBe('privacy-agree');
    agree.dispatchEvent('agreeprivacyauthorization');
    await p.waitFor(() => text(p, '.notice') === '已同意隐私保护指引', 'the agreement');
    expect(privacy.state.answers.at(-1)).toEqual({ event: 'agree', buttonId: 'privacy-agree' });
    expect(privacy.state.needAuthorization).toBe(false);
    await p.waitFor(() => p.root.dom.textContent?.includes('无需再次同意'), 'the guide agreed');
  });

  it('answers for the phone number button on the join page and for the avatar and phone on 我的资料, which leads to 隐私中心', async () => {
    const joinPage = open(
      'pages/join/index',
      {
        'GET /v1/privacy-policy': ok({ version: '2026-11-01', title: '邻里会员隐私政策', sections: [] }),
        'GET /v1/client-config': ok(CONFIG),
        'GET /v1/me': ok(memberView()),
      },
      { needAuthorization: true },
    );
    await joinPage.p.waitFor(() => joinPage.p.root.querySelector('.phone-capture'), 'the phone step');
    // WeChat holds the getPhoneNumber tap and asks the page.
    const phoneAllowed = joinPage.privacy.ask('button.getPhoneNumber');
    await joinPage.p.waitFor(() => joinPage.p.root.querySelector('.privacy-popup'), 'the popup on the join page');
    joinPage.p.root.querySelector('.privacy-popup .btn--primary')!.dispatchEvent('agreeprivacyauthorization');
    expect(await phoneAllowed).toBe(true);
    joinPage.p.root.detach();

    const profile = open('pages/profile/index', { 'GET /v1/me': ok(memberView()) }, { needAuthorization: true });
    await profile.p.waitFor(() => profile.p.root.querySelector('.avatar-cell'), 'the profile');
    const avatarAllowed = profile.privacy.ask('button.chooseAvatar');
    await profile.p.waitFor(() => profile.p.root.querySelector('.privacy-popup'), 'the popup on the profile');
    profile.p.root.querySelector('.privacy-popup .btn--plain')!.dispatchEvent('tap');
    expect(await avatarAllowed).toBe(false);

    tapByText(profile.p, '.cell__label', '隐私中心');
    await profile.p.waitFor(() => profile.navigated.length === 1, 'the way to 隐私中心');
    expect(profile.navigated).toEqual(['/pages/privacy/index']);
  });

  it('opens the photo picker (chooseMedia) only once the guide is agreed to', async () => {
    let chosen = 0;
    const { p, privacy } = open(
      'pages/complaints/new/index',
      {
        'GET /v1/complaint-options': ok({ categories: [{ code: 'quality', name: '商品质量' }], descriptionMax: 1000, photosMax: 6 }),
        'GET /v1/me/orders': ok({ items: [], nextCursor: null }),
        'GET /v1/client-config': ok(CONFIG),
      },
      {
        needAuthorization: true,
        wx: {
          chooseMedia: (call: { success: (r: unknown) => void }) => {
            chosen += 1;
            setTimeout(() => call.success({ type: 'image', tempFiles: [], errMsg: 'chooseMedia:ok' }));
          },
        },
      },
    );
    await p.waitFor(() => p.root.querySelector('.photo-tile--add'), 'the picker');
    p.root.querySelector('.photo-tile--add')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.privacy-popup'), 'the popup');
    p.root.querySelector('.privacy-popup .btn--plain')!.dispatchEvent('tap');
    await p.waitFor(() => privacy.state.answers.at(-1)?.event === 'disagree', 'the refusal');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(chosen).toBe(0);

    p.root.querySelector('.photo-tile--add')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.privacy-popup'), 'the popup again');
    p.root.querySelector('.privacy-popup .btn--primary')!.dispatchEvent('agreeprivacyauthorization');
    await p.waitFor(() => chosen === 1, 'the album');
  });
});

/** Taps the first node matching `selector` whose text is `label` (or, for a label, the row it is in). */
function tapByText(p: LoadedPage, selector: string, label: string) {
  const node = p.root.querySelectorAll(selector).find((candidate) => candidate.dom.textContent === label);
  if (!node) throw new Error(`No ${selector} reads ${label}; the page shows:\n${p.root.dom.textContent}`);
  node.dispatchEvent('tap');
}
