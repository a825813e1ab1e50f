import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LocalStack } from '../../dev/local-stack.ts';
import { findMemberIdByOpenid, putStaff } from '../../functions/src/members/repository.ts';
import { memberComplaints } from '../../functions/src/complaints/desk.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, startBrowserStack, type BrowserStack } from '../support/browser-stack.ts';

// A buyer files a complaint in the H5 build, an agent answers it from the 投诉工单 queue, and the
// buyer sees the answer — against the real local stack.
let stack: LocalStack;
let h5: BrowserStack['h5'];
let browser: Browser;
let running: BrowserStack;

beforeAll(async () => {
  running = await startBrowserStack();
  ({ stack, h5, browser } = running);
}, 90_000);

afterAll(() => running?.stop());

const logIn = (page: Page, name: string) => logInAs(page, h5.url, name);

it('a buyer files a complaint, an agent answers from the queue, the buyer sees the answer', async () => {
  const buyer = await (await newPhoneContext(browser)).newPage();
  await logIn(buyer, 'e2e-complainer');
  await buyer.getByTestId('join-invite').tap();
  await buyer.getByTestId('join-accept').tap();
  await buyer.getByTestId('join-done').tap();
  await buyer.getByTestId('link-complaints').tap();
  await buyer.getByTestId('complaint-new').tap();
  await buyer.getByTestId('complaint-category-quality').tap();
  await buyer.getByTestId('complaint-description').locator('textarea').fill('收到的车厘子有一半是坏的');
  await buyer.getByTestId('complaint-contact-wechat').tap();
  await buyer.getByTestId('complaint-submit').tap();
  const link = await findMemberIdByOpenid(stack.deps.db, 'o-e2e-complainer');
  await expect.poll(async () => (await memberComplaints(stack.deps, link!.memberId, { limit: 10 })).items.length, { timeout: 15_000 }).toBe(1);
  const { complaintId } = (await memberComplaints(stack.deps, link!.memberId, { limit: 10 })).items[0]!;

  await putStaff(stack.deps.db, { openid: 'o-e2e-desk', role: 'agent', name: '客服小林', at: new Date().toISOString() });
  const agent = await (await newPhoneContext(browser)).newPage();
  await logIn(agent, 'e2e-desk');
  await agent.getByTestId('home-staff-complaints').tap();
  await agent.locator(`[data-id="${complaintId}"]`).first().tap();
  await agent.getByTestId('desk-reply-input').locator('textarea').fill('非常抱歉，已为您补发一份');
  await agent.getByTestId('desk-reply-send').tap();
  await expect.poll(async () => (await memberComplaints(stack.deps, link!.memberId, { limit: 10 })).items[0]!.status, { timeout: 15_000 }).toBe('in_progress');

  await buyer.goto(`${h5.url}#/pages/complaints/detail/index?id=${complaintId}`);
  await expect.poll(() => buyer.getByTestId('complaint-timeline-entry').allTextContents(), { timeout: 15_000 }).toEqual(
    expect.arrayContaining([expect.stringContaining('非常抱歉，已为您补发一份')]),
  );
  await agent.context().close();
  await buyer.context().close();
}, 90_000);
