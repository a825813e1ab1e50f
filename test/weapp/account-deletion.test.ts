import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { assertWeappBuilt, modal, openPage, text, texts, type CannedResponse, type LoadedPage } from './wechat-simulator';

// 注销账户 in the real weapp build: what it says, the tick and the second confirmation it needs, the
// refusal it shows, and the logout to the home page after the account is gone.

const SESSION = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const DELETED = { statusCode: 200, body: { status: 'deleted', deletedAt: '2026-11-23T02:00:00.000Z' } };

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

function open(answer: CannedResponse, confirmSecondTime = true) {
  const asked: string[] = [];
  const relaunched: string[] = [];
  page = openPage('pages/account-deletion/index', {
    storage: { 'linli.session': SESSION },
    routes: { 'POST /v1/me/deletion': answer },
    wx: {
      showModal: modal(confirmSecondTime, asked),
      showToast: () => undefined,
      reLaunch: (options: { url: string; success?: (r: unknown) => void }) => {
        relaunched.push(options.url);
        setTimeout(() => options.success?.({ errMsg: 'reLaunch:ok' }), 0);
      },
    },
  });
  return { p: page, asked, relaunched };
}

const deletions = (p: LoadedPage) => p.requests.filter((request) => request.method === 'POST' && request.url.endsWith('/v1/me/deletion'));
const submit = (p: LoadedPage) => p.root.querySelector('.deletion__submit')!;

describe('注销账户', () => {
  it('says in Chinese what is erased and what the law keeps, and that logging in again starts anew', async () => {
    const { p } = open(DELETED);
    await p.waitFor(() => text(p, '.deletion__understood'), 'the page');
    const erased = texts(p, '.deletion__item--erased').join('');
    expect(erased).toContain('手机号');
    expect(erased).toContain('昵称');
    expect(erased).toContain('积分');
    const kept = texts(p, '.deletion__item--kept').join('');
    expect(kept).toContain('订单');
    expect(kept).toContain('会计法');
    expect(p.root.dom.textContent).toContain('新会员');
    // No codes or ids shown to the buyer.
    expect(p.root.dom.textContent).not.toMatch(/openid|DELETE_MY_ACCOUNT|[A-Z_]{6,}/);
  });

  it('sends nothing until the buyer ticked that they understand, nor when they cancel the second confirmation', async () => {
    const { p, asked } = open(DELETED, false);
    await p.waitFor(() => text(p, '.deletion__understood'), 'the page');
    submit(p).dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).toEqual([]);
    p.root.querySelector('.deletion__understood')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.deletion__box--ticked'), 'the tick');
    submit(p).dispatchEvent('tap');
    await p.waitFor(() => asked.length > 0, 'the second confirmation');
    expect(asked[0]).toContain('无法恢复');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deletions(p)).toEqual([]);
  });

  it('after both confirmations deletes the account, clears the session and opens the home page', async () => {
    const { p, relaunched } = open(DELETED);
    await p.waitFor(() => text(p, '.deletion__understood'), 'the page');
    p.root.querySelector('.deletion__understood')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.deletion__box--ticked'), 'the tick');
    submit(p).dispatchEvent('tap');
    await p.waitFor(() => relaunched.length > 0, 'the home page');
    expect(relaunched).toEqual(['/pages/index/index']);
    expect(deletions(p)).toHaveLength(1);
    expect(deletions(p)[0]!.data).toEqual({ confirmation: 'DELETE_MY_ACCOUNT' });
    expect(deletions(p)[0]!.header.Authorization ?? deletions(p)[0]!.header.authorization).toBe('Bearer tok-weapp');
    expect(p.storage.has('linli.session')).toBe(false);
  });

  it('shows why it cannot delete yet, and keeps the buyer signed in', async () => {
    const { p, relaunched } = open({
      statusCode: 409,
      body: { error: { code: 'ACCOUNT_DELETION_GROUP_BUY_OPEN', message: 'A group-buy place is under way' } },
    });
    await p.waitFor(() => text(p, '.deletion__understood'), 'the page');
    p.root.querySelector('.deletion__understood')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.deletion__box--ticked'), 'the tick');
    submit(p).dispatchEvent('tap');
    const shown = await p.waitFor(() => text(p, '.deletion__error'), 'the refusal');
    expect(shown).toBe(ERROR_TEXT_ZH.ACCOUNT_DELETION_GROUP_BUY_OPEN);
    expect(relaunched).toEqual([]);
    expect(p.storage.get('linli.session')).toEqual(SESSION);
  });
});
