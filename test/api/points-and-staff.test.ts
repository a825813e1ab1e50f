import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await createTestStack();
  api = apiClient(stack);
  for (const [openid, role] of [
    ['o-ps-admin', 'admin'],
    ['o-ps-supervisor', 'supervisor'],
    ['o-ps-agent', 'agent'],
  ] as const) {
    await putStaff(stack.deps.db, { openid, role, name: role, at: stack.clock().toISOString() });
  }
});
afterAll(() => stack.close());

describe('points ledger', () => {
  it('lists entries newest first, a page at a time, until the cursor runs out', async () => {
    const session = await api.login('ledger-pages');
    await api.join(session.token);
    for (let i = 1; i <= 5; i++) {
      stack.clock.advance(60_000);
      await api.postOrder(sampleOrder({ orderId: `lp-${i}`, openid: 'o-ledger-pages', paidFen: i * 100 }));
    }
    const seen: Array<{ refId: string; delta: number; balanceAfter: number }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await (await api.json('GET', `/v1/me/points${query}`, undefined, session.token)).json();
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.map((e) => e.refId)).toEqual(['lp-5', 'lp-4', 'lp-3', 'lp-2', 'lp-1']);
    expect(seen.map((e) => e.balanceAfter)).toEqual([15, 10, 6, 3, 1]);
    expect(pages).toBe(3);
  });

  it('shows an empty ledger as an empty page', async () => {
    const session = await api.login('ledger-empty');
    const page = await (await api.json('GET', '/v1/me/points', undefined, session.token)).json();
    expect(page).toEqual({ items: [], nextCursor: null });
  });

  it("refuses a forged cursor, and a cursor can never reach another member's ledger", async () => {
    const session = await api.login('ledger-cursor');
    const forged = Buffer.from('PROFILE').toString('base64url');
    const response = await api.json('GET', `/v1/me/points?cursor=${forged}`, undefined, session.token);
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0].path).toBe('cursor');
  });

  it('refuses a page size over 50', async () => {
    const session = await api.login('ledger-limit');
    const response = await api.json('GET', '/v1/me/points?limit=500', undefined, session.token);
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0].path).toBe('limit');
  });
});

describe('staff routes', () => {
  it.each(['admin', 'supervisor', 'agent'])('let a %s list members, phones masked', async (role) => {
    const buyer = await api.login(`staff-list-buyer-${role}`);
    await api.join(buyer.token);
    await api.json('POST', '/v1/me/phone', { code: `dev-phone-13900001111.${role}` }, buyer.token);
    const staff = await api.login(`ps-${role}`);
    expect(staff.roles).toEqual(['member', role]);
    const response = await api.json('GET', '/v1/staff/members?limit=100', undefined, staff.token);
    expect(response.status).toBe(200);
    const page = await response.json();
    const row = page.items.find((m: { memberId: string }) => m.memberId === buyer.member.memberId);
    expect(row).toMatchObject({ phoneMasked: '139****1111' });
    expect(JSON.stringify(page)).not.toContain('13900001111');
  });

  it('shows one member to staff and 404s an unknown id', async () => {
    const staff = await api.login('ps-agent');
    const buyer = await api.login('staff-one');
    await api.join(buyer.token);
    const found = await api.json('GET', `/v1/staff/members/${buyer.member.memberId}`, undefined, staff.token);
    expect(found.status).toBe(200);
    const missing = await api.json('GET', '/v1/staff/members/m_nope', undefined, staff.token);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('NOT_FOUND');
  });

  it('refuses buyers (403) and anonymous callers (401)', async () => {
    const buyer = await api.login('staff-denied');
    expect((await api.json('GET', '/v1/staff/members', undefined, buyer.token)).status).toBe(403);
    expect((await api.json('GET', `/v1/staff/members/${buyer.member.memberId}`, undefined, buyer.token)).status).toBe(403);
    expect((await api.json('GET', '/v1/staff/members')).status).toBe(401);
  });
});

describe('contract', () => {
  it('describes every route in /openapi.json, generated from the shared zod schemas', async () => {
    const doc = await (await api.json('GET', '/openapi.json')).json();
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /v1/auth/wechat',
        'GET /v1/privacy-policy',
        'GET /v1/me',
        'PATCH /v1/me',
        'POST /v1/me/consent',
        'POST /v1/me/phone',
        'POST /v1/me/deletion',
        'DELETE /v1/me/phone',
        'GET /v1/me/consents',
        'GET /v1/me/points',
        'GET /v1/client-config',
        'GET /v1/me/subscriptions',
        'POST /v1/me/subscriptions',
        'GET /v1/me/message-settings',
        'POST /v1/webhooks/orders',
        'GET /v1/staff/members',
        'GET /v1/staff/members/{memberId}',
        'GET /v1/staff/members/{memberId}/points',
        'GET /v1/staff/member-codes/{code}',
        'POST /v1/staff/members/{memberId}/phone-reveals',
        'GET /v1/staff/audit-log',
        'GET /v1/staff/audit-log.csv',
        'GET /v1/staff/retention-settings',
        'PUT /v1/staff/retention-settings',
        'POST /v1/me/data-requests',
        'GET /v1/me/data-requests',
        'GET /v1/me/data-requests/{dataRequestId}',
        'GET /v1/staff/data-requests',
        'GET /v1/staff/data-requests/{dataRequestId}',
        'POST /v1/staff/data-requests/{dataRequestId}/take',
        'POST /v1/staff/data-requests/{dataRequestId}/answer',
        'POST /v1/staff/data-requests/{dataRequestId}/refuse',
        'POST /v1/me/data-exports',
        'GET /v1/me/data-exports',
        'GET /v1/staff/goods-redemptions',
        'GET /v1/staff/goods-redemptions.csv',
        'GET /v1/staff/goods-redemptions/{redemptionNo}',
        'POST /v1/staff/goods-redemptions/{redemptionNo}/hand-over',
        'POST /v1/staff/goods-redemptions/{redemptionNo}/ship',
        'GET /v1/staff/overview',
        'POST /v1/staff/members/{memberId}/points-adjustments',
        'POST /v1/me/checkins',
        'GET /v1/me/checkins',
        'POST /v1/webhooks/refunds',
        'GET /v1/tiers',
        'GET /v1/staff/tiers',
        'PUT /v1/staff/tiers',
        'GET /v1/mall/rewards',
        'POST /v1/mall/rewards/{rewardId}/redemptions',
        'GET /v1/me/coupons',
        'GET /v1/staff/rewards',
        'POST /v1/staff/rewards',
        'PUT /v1/staff/rewards/{rewardId}',
        'GET /v1/staff/coupons/{code}',
        'POST /v1/staff/coupons/{code}/use',
        'POST /v1/me/complaints',
        'GET /v1/me/complaints',
        'GET /v1/me/complaints/{complaintId}',
        'POST /v1/me/complaints/{complaintId}/replies',
        'POST /v1/me/complaints/{complaintId}/confirm',
        'POST /v1/me/complaints/{complaintId}/reopen',
        'POST /v1/me/complaints/{complaintId}/rating',
        'GET /v1/staff/complaints',
        'GET /v1/staff/complaints/{complaintId}',
        'POST /v1/staff/complaints/{complaintId}/claim',
        'POST /v1/staff/complaints/{complaintId}/replies',
        'POST /v1/staff/complaints/{complaintId}/notes',
        'POST /v1/staff/complaints/{complaintId}/resolve',
        'GET /v1/staff/complaint-report',
        'GET /v1/staff/complaint-report.csv',
        'GET /v1/complaint-options',
        'GET /v1/me/orders',
        'GET /v1/staff/compensation-coupons',
        'GET /v1/staff/complaint-agents',
        'GET /v1/staff/complaint-settings',
        'PUT /v1/staff/complaint-settings',
        'POST /v1/staff/complaints/{complaintId}/assign',
        'GET /v1/staff/team',
        'PATCH /v1/staff/team/{openid}',
        'GET /v1/staff/invitations',
        'POST /v1/staff/invitations',
        'POST /v1/staff/invitations/{invitationId}/revoke',
        'POST /v1/invitations/preview',
        'POST /v1/invitations/accept',
        'POST /v1/me/photo-uploads',
        'GET /v1/staff/member-search',
        'GET /v1/staff/members/{memberId}/profile',
        'GET /v1/staff/members/{memberId}/orders',
        'PUT /v1/staff/members/{memberId}/tags/{tag}',
        'DELETE /v1/staff/members/{memberId}/tags/{tag}',
        'GET /v1/staff/tags',
        'GET /v1/staff/tags/{tag}/members',
        'GET /v1/staff/insight/dashboard',
        'GET /v1/staff/members/{memberId}/insight',
        'GET /v1/staff/insight/settings',
        'PUT /v1/staff/insight/settings',
        'GET /v1/staff/customers',
        'POST /v1/staff/segment-previews',
        'GET /v1/staff/segments',
        'POST /v1/staff/segments',
        'GET /v1/staff/segments/{segmentId}',
        'PUT /v1/staff/segments/{segmentId}',
        'DELETE /v1/staff/segments/{segmentId}',
        'GET /v1/staff/segments/{segmentId}/members',
        'GET /v1/staff/segments/{segmentId}/members.csv',
        'POST /v1/staff/order-imports',
        'GET /v1/staff/care/rules',
        'POST /v1/staff/care/rules',
        'GET /v1/staff/care/rules/{ruleId}',
        'PUT /v1/staff/care/rules/{ruleId}',
        'DELETE /v1/staff/care/rules/{ruleId}',
        'GET /v1/staff/care/options',
        'POST /v1/staff/care/preview',
        'POST /v1/staff/care/dry-run',
        'GET /v1/staff/care/rules/{ruleId}/deliveries',
        'GET /v1/staff/care/rules/{ruleId}/results',
        'GET /v1/staff/members/{memberId}/care-deliveries',
        'GET /v1/staff/care/settings',
        'PUT /v1/staff/care/settings',
        'GET /v1/staff/care/seasonal-tips',
        'PUT /v1/staff/care/seasonal-tips',
        'GET /v1/staff/care/dead-letters',
        'POST /v1/staff/care/dead-letters/{messageId}/retry',
        'GET /v1/staff/follow-ups',
        'GET /v1/staff/follow-ups/{taskId}',
        'POST /v1/staff/follow-ups/{taskId}/claim',
        'POST /v1/staff/follow-ups/{taskId}/outcome',
        'GET /v1/staff/members/{memberId}/surveys',
        'GET /v1/staff/surveys/{surveyId}/insight',
        'GET /v1/staff/surveys/{surveyId}/responses',
        'GET /v1/staff/surveys/{surveyId}/responses.csv',
        'GET /v1/staff/surveys',
        'POST /v1/staff/surveys',
        'GET /v1/staff/surveys/{surveyId}',
        'PUT /v1/staff/surveys/{surveyId}',
        'POST /v1/staff/surveys/{surveyId}/publish',
        'POST /v1/staff/surveys/{surveyId}/close',
        'POST /v1/staff/surveys/{surveyId}/reopen',
        'GET /v1/staff/surveys/{surveyId}/versions/{version}',
        'GET /v1/staff/surveys/{surveyId}/qr-code',
        'GET /v1/staff/survey-settings',
        'PUT /v1/staff/survey-settings',
        'GET /v1/surveys/{surveyId}',
        'PUT /v1/surveys/{surveyId}/draft',
        'POST /v1/surveys/{surveyId}/responses',
        'POST /v1/surveys/{surveyId}/dismiss',
        'POST /v1/me/survey-card',
        'GET /v1/groupbuy/campaigns',
        'GET /v1/groupbuy/campaigns/{campaignId}',
        'POST /v1/groupbuy/campaigns/{campaignId}/views',
        'POST /v1/groupbuy/campaigns/{campaignId}/groups',
        'POST /v1/groupbuy/groups/{groupId}/shares',
        'POST /v1/groupbuy/groups/{groupId}/join',
        'GET /v1/groupbuy/groups/{groupId}',
        'GET /v1/groupbuy/orders/{orderNo}',
        'POST /v1/groupbuy/orders/{orderNo}/pay',
        'POST /v1/groupbuy/orders/{orderNo}/leave',
        'GET /v1/me/group-orders',
        'GET /v1/staff/groupbuy/campaigns',
        'POST /v1/staff/groupbuy/campaigns',
        'GET /v1/staff/groupbuy/campaigns/{campaignId}',
        'PUT /v1/staff/groupbuy/campaigns/{campaignId}',
        'POST /v1/staff/groupbuy/campaigns/{campaignId}/publish',
        'POST /v1/staff/groupbuy/campaigns/{campaignId}/end',
        'GET /v1/staff/groupbuy/campaigns/{campaignId}/orders',
        'GET /v1/staff/groupbuy/campaigns/{campaignId}/stats',
        'POST /v1/staff/groupbuy/orders/{orderNo}/refund',
        'GET /v1/staff/groupbuy/fulfilments',
        'GET /v1/staff/groupbuy/fulfilments.csv',
        'POST /v1/staff/groupbuy/fulfilments/{orderNo}/retry',
        'POST /v1/wechatpay/notify',
        'GET /v1/staff/risk/flags',
        'POST /v1/staff/risk/flags/{flagId}/review',
        'POST /v1/staff/members/{memberId}/redemption-hold',
        'POST /v1/staff/members/{memberId}/redemption-hold/release',
      ].sort(),
    );
    expect(doc.components.schemas.OrderWebhookBody.properties.paidFen.type).toBe('integer');
    expect(doc.components.schemas.Member.required).toContain('points');
    expect(doc.components.securitySchemes.Bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
