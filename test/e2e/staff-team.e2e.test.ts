import { expect, it } from 'vitest';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { getStaffRecord } from '../../functions/src/staff/repository.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';

// 员工管理 in the real H5 build: an admin invites, a newcomer who never used the mini-program opens
// the invitation, logs in on the accept page and lands in the staff area.
const env = useBrowserStack();

it('admin invites → the newcomer opens the link, logs in, accepts and sees the staff menu → admin deactivates them', async () => {
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-owner', role: 'admin', name: '店主', at: new Date().toISOString() });
  const owner = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(owner, env.h5.url, 'e2e-owner');
  await openTab(owner, '我的');
  await owner.getByTestId('home-staff-team').tap();
  await owner.getByTestId('team-invite-name').locator('input').fill('新客服');
  await owner.getByTestId('team-invite-role-agent').tap();
  await owner.getByTestId('team-invite-submit').tap();
  await expect
    .poll(() => owner.getByTestId('team-created-path').textContent(), { timeout: 15_000 })
    .toMatch(/^staff\/pages\/accept\/index\?code=/);
  const path = (await owner.getByTestId('team-created-path').textContent())!;
  expect(await owner.getByTestId('team-created-qr').isVisible()).toBe(true);
  // The 小程序码 came from the emulator's getwxacodeunlimit, not the plain-QR fallback.
  expect(await owner.getByTestId('team-created-qr').getAttribute('data-kind')).toBe('wxacode');

  const newcomer = await (await newPhoneContext(env.browser)).newPage();
  await newcomer.goto(`${env.h5.url}#/${path}`);
  await newcomer.getByTestId('dev-login-name').locator('input').fill('e2e-newcomer');
  await newcomer.getByTestId('dev-login-submit').tap();
  await expect.poll(() => newcomer.getByTestId('accept-inviter').textContent(), { timeout: 15_000 }).toBe('店主 邀请你以「客服」身份加入');
  await newcomer.getByTestId('accept-submit').tap();
  await expect.poll(() => newcomer.getByTestId('home-staff-complaints').isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await newcomer.getByTestId('home-staff-team').count()).toBe(0);
  expect(await getStaffRecord(env.stack.deps.db, 'o-e2e-newcomer')).toMatchObject({ role: 'agent', active: true, name: '新客服' });

  // Back on 员工管理, the newcomer is on the team; deactivating asks first.
  await owner.getByTestId('team-created-done').tap();
  await owner.reload();
  const row = owner.locator('[data-openid="o-e2e-newcomer"]');
  await expect.poll(() => row.getByTestId('team-member-status').textContent(), { timeout: 15_000 }).toBe('在职');
  await row.getByTestId('team-member-toggle').tap();
  // H5's showModal is Taro's own overlay (its button classes really are spelt taro-model__…).
  const confirm = owner.locator('.taro-modal__foot .taro-model__confirm');
  await expect
    .poll(() => owner.locator('.taro-modal__text').textContent(), { timeout: 15_000 })
    .toContain('停用后「新客服」立即失去员工权限');
  await confirm.click();
  await expect.poll(() => row.getByTestId('team-member-status').textContent(), { timeout: 15_000 }).toBe('已停用');
  expect(await getStaffRecord(env.stack.deps.db, 'o-e2e-newcomer')).toMatchObject({ active: false });
  await owner.context().close();
  await newcomer.context().close();
}, 90_000);
