import { expect } from 'vitest';
import type { CareMessage, CareRule, CareRuleInputBody } from '@linli/shared/care-rules';
import { LOCAL_DEFAULTS } from '../../functions/src/config/config.ts';
import type { apiClient } from './api-client.ts';
import type { TestStack } from './test-stack.ts';

/** What the care API tests share: a template the mini-program knows, rule bodies, a member's taps on 允许. */

/** A template the mini-program already knows (so the subscription report accepts it). */
export const CARE_TEMPLATE = LOCAL_DEFAULTS.birthdayTemplateId;

/** A message of CARE_TEMPLATE: its first keyword as given, its second the occasion's date. */
export function careMessage(title: string, firstLine: string): CareMessage {
  return {
    templateId: CARE_TEMPLATE,
    title,
    page: 'pages/index/index',
    fields: [
      { key: 'thing1', text: firstLine },
      { key: 'date2', text: '{日期}' },
    ],
  };
}

/** An enabled birthday rule to everyone at 10:00, with what a test changes. */
export function careRuleBody(overrides: Partial<CareRuleInputBody> = {}): CareRuleInputBody {
  return {
    name: '生日祝福',
    trigger: { kind: 'birthday', daysBefore: 0 },
    audience: { kind: 'everyone' },
    message: careMessage('生日祝福', '{昵称}，生日快乐'),
    sendTime: '10:00',
    enabled: true,
    ...overrides,
  };
}

/** Creates a rule as the given admin; anything but 201 fails the test with the answer. */
export async function createCareRule(api: ReturnType<typeof apiClient>, adminToken: string, body: CareRuleInputBody): Promise<CareRule> {
  const response = await api.json('POST', '/v1/staff/care/rules', body, adminToken);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as CareRule;
}

/** The member taps 允许 `times` times for CARE_TEMPLATE: WeChat (the emulator) and Linli each count one send per tap. */
export async function grantCareTemplate(
  stack: TestStack,
  api: ReturnType<typeof apiClient>,
  member: { openid: string; token: string },
  times = 1,
): Promise<void> {
  for (let i = 0; i < times; i++) {
    const granted = await stack.emulator.app.request('/__emulator/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: member.openid, templateIds: [CARE_TEMPLATE], result: 'accept' }),
    });
    expect(granted.status).toBe(200);
    const reported = await api.json(
      'POST',
      '/v1/me/subscriptions',
      { results: [{ templateId: CARE_TEMPLATE, result: 'accept' }] },
      member.token,
    );
    expect(reported.status).toBe(200);
  }
}
