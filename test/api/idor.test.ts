import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, type ErrorCode } from '@linli/shared/errors';
import { LOCAL_DEFAULTS } from '../../functions/src/config/config.ts';
import { encodeCursor } from '../../functions/src/db/cursor.ts';
import { keys } from '../../functions/src/db/keys.ts';
import { getGroupOrder } from '../../functions/src/groupbuy/orders-repository.ts';
import { getShare } from '../../functions/src/groupbuy/stats-repository.ts';
import { getPhotoGrant } from '../../functions/src/photos/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { listSurveyResponses } from '../../functions/src/surveys/repository.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { buyer, campaignInput, joinGroup, openGroup, placed, publishedCampaign } from '../support/groupbuy.ts';
import { openApiOf, operationsOf, resolveSchema, type OpenApi, type Schema } from '../support/openapi.ts';
import { uploadedPhoto } from '../support/photo-upload.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

/*
 * Insecure direct object references, from the app's own openapi.json: every id a buyer's operation
 * takes (each path parameter, and each query or body field named like an id, a key, a number, a code
 * or a cursor) is listed in ID_INPUTS with how it is held, and a new one that is not fails the first
 * test by name, so a route added later is never silently unprobed. Buyer A owns real things (complaints,
 * shop orders, 拼团 orders, data requests, photos, a coupon, an export, survey answers); buyer B names A's
 * ids on each input and must be refused with the stable not-found code (or, where the contract says
 * another buyer's id is ignored or the value is per caller, get only B's own), never see anything of
 * A's in the answer, and leave A's thing as it was. B's own id on the same input works, so a refusal
 * is about ownership and not a broken fixture.
 *
 * Staff operations are not walked: staff reach every member by design, and the role bounds on staff
 * things (a complaint's owner, an agent's authority) are held by complaint-authority.test.ts.
 */

type Api = ReturnType<typeof apiClient>;
type Buyer = Awaited<ReturnType<typeof buyer>>;

/**
 * How an id input is held:
 * - owned: names a thing of one buyer; another buyer's is refused as not found (or not theirs);
 * - per-caller: an idempotency key or a list cursor, scoped to the caller's own things, so A's value makes
 *   or reads only B's;
 * - ignored: another buyer's id is dropped (the contract says so), the request otherwise goes through;
 * - shared: the shop's own things every buyer may name (catalogue, surveys, a group's share link);
 *   B's answer carries nothing private of A's;
 * - outside: not a Linli id of anyone's thing (a WeChat template, WeChat's one-time phone code, a staff
 *   invitation code, which is a bearer secret by design); nothing to probe, the reason says why.
 */
type Holding = 'owned' | 'per-caller' | 'ignored' | 'shared';
type IdInput = { holds: Holding; probe: () => Promise<void> } | { holds: 'outside'; why: string };

/** A name that says "an id": …Id, …No, …Key(s), …Code, code, cursor. */
const ID_NAME = /(Id|Ids|No|Nos|Key|Keys|Code|Codes)$|^(id|code|key|cursor)$/;

let stack: TestStack;
let api: Api;
let doc: OpenApi;
let admin: string;
let agent: string;
let A: Buyer;
let B: Buyer;

/** What A owns (and B's own counterparts), made in beforeAll. */
const a = {
  shopOrders: [] as string[],
  complaintId: '',
  complaintFilingRequestId: randomUUID(),
  complaintReplyRequestId: randomUUID(),
  /** A's resolved complaint as A reads it before any probe. */
  complaintBefore: '',
  complaintPhoto: '',
  avatarPhoto: '',
  groupOrderNo: '',
  groupId: '',
  groupOpenRequestId: randomUUID(),
  /** A's second group's open request (B's join names it: B's open names the first, and B's own keys are B's). */
  secondGroupRequestId: randomUUID(),
  groupOrderBefore: {} as Record<string, unknown>,
  shareId: `share-a-${randomUUID().slice(0, 8)}`,
  campaignId: '',
  dataRequestId: '',
  dataRequestFilingId: randomUUID(),
  dataRequestBefore: '',
  surveyDrafted: '',
  surveyAnswered: '',
  surveyResponseRequestId: randomUUID(),
  surveyResponseId: '',
  draftText: `A 的草稿 ${randomUUID().slice(0, 6)}`,
  rewardId: '',
  redemptionRequestId: randomUUID(),
  couponCode: '',
  exportRequestId: randomUUID(),
  exportId: '',
  subscriptionReportId: randomUUID(),
  complaintText: `A 的投诉 ${randomUUID().slice(0, 6)}`,
  dataRequestText: `A 的数据请求 ${randomUUID().slice(0, 6)}`,
};
const b = {
  shopOrder: '',
  complaints: { plain: '', confirm: '', reopen: '', rate: '' },
  photos: { complaint: '', reply: '', avatar: '' },
  groupOrders: { view: '', pay: '', leave: '' },
  dataRequestId: '',
  surveyOwnOrder: '',
  surveyOtherOrder: '',
};

const surveyDefinition = (name: string) => ({
  name,
  title: '你愿意把我们推荐给朋友吗？',
  questions: [
    { questionId: 'q1', kind: 'nps', title: '推荐的可能性有多大？' },
    { questionId: 'q2', kind: 'long-text', title: '还想说什么？', required: false },
  ],
});
const couponReward = {
  kind: 'coupon',
  name: '满100减10元券',
  description: '全场通用',
  pointsPrice: 100,
  stock: 1000,
  perMemberLimit: 100,
  tierCodes: [],
  availableFrom: '2026-11-01T00:00:00+08:00',
  availableUntil: '2027-01-01T00:00:00+08:00',
  coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 10_000, validDays: 30 },
};

/** A request's answer as JSON, after checking its status is a 2xx. */
async function ok<T = Record<string, unknown>>(response: Response | Promise<Response>): Promise<T> {
  const answered = await response;
  const text = await answered.text();
  expect(answered.status, text).toBeGreaterThanOrEqual(200);
  expect(answered.status, text).toBeLessThan(300);
  return (text ? JSON.parse(text) : null) as T;
}

const as = (who: Buyer | string, method: string, path: string, body?: unknown) =>
  api.json(method, path, body, typeof who === 'string' ? who : who.token);

async function fileComplaint(who: Buyer, body: Record<string, unknown> = {}) {
  return ok<{ complaintId: string; orderId: string | null }>(
    as(who, 'POST', '/v1/me/complaints', {
      requestId: randomUUID(),
      category: 'quality',
      description: '收到的苹果有三个坏了',
      contactPreference: 'wechat',
      ...body,
    }),
  );
}

async function resolvedComplaint(who: Buyer, body: Record<string, unknown> = {}) {
  const { complaintId } = await fileComplaint(who, body);
  await ok(as(agent, 'POST', `/v1/staff/complaints/${complaintId}/claim`));
  await ok(
    as(agent, 'POST', `/v1/staff/complaints/${complaintId}/resolve`, {
      requestId: randomUUID(),
      summary: '已退款',
      rootCause: { category: 'quality', causeCode: 'batch_defect' },
    }),
  );
  return complaintId;
}

async function publishedSurvey(name: string) {
  const created = await ok<{ surveyId: string; revision: number }>(as(admin, 'POST', '/v1/staff/surveys', surveyDefinition(name)));
  await ok(as(admin, 'POST', `/v1/staff/surveys/${created.surveyId}/publish`, { revision: created.revision }));
  return created.surveyId;
}

async function shopOrderOf(who: Buyer) {
  const order = sampleOrder({ openid: who.openid });
  expect((await api.postOrder(order)).status).toBe(200);
  return order.orderId;
}

const credit = (who: Buyer, points: number) =>
  ok(
    as(admin, 'POST', `/v1/staff/members/${who.memberId}/points-adjustments`, {
      requestId: randomUUID(),
      delta: points,
      reason: '测试积分',
    }),
  );

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-24T02:00:00.000Z' });
  api = apiClient(stack);
  doc = await openApiOf(stack);
  const at = stack.clock().toISOString();
  await Promise.all([
    putStaff(stack.deps.db, { openid: 'o-idor-admin', role: 'admin', name: '店长', at }),
    putStaff(stack.deps.db, { openid: 'o-idor-agent', role: 'agent', name: '客服', at }),
  ]);
  [admin, agent, A, B] = await Promise.all([
    api.login('idor-admin').then((s) => s.token),
    api.login('idor-agent').then((s) => s.token),
    buyer(api, 'idor-a'),
    buyer(api, 'idor-b'),
  ]);

  const complaints = async () => {
    const ofA = async () => {
      // A second complaint (a cursor to page to) carries A's reply, whose request id B then uses.
      const [resolved, second] = await Promise.all([
        resolvedComplaint(A, { requestId: a.complaintFilingRequestId, description: a.complaintText }),
        fileComplaint(A),
      ]);
      a.complaintId = resolved;
      await ok(as(A, 'POST', `/v1/me/complaints/${second.complaintId}/replies`, { requestId: a.complaintReplyRequestId, text: '补充' }));
    };
    const ofB = async () => {
      [b.complaints.plain, b.complaints.confirm, b.complaints.reopen, b.complaints.rate] = await Promise.all([
        fileComplaint(B).then((c) => c.complaintId),
        resolvedComplaint(B),
        resolvedComplaint(B),
        resolvedComplaint(B),
      ]);
    };
    await Promise.all([ofA(), ofB()]);
  };
  const shopOrders = async () => {
    [a.shopOrders[0], a.shopOrders[1], b.shopOrder] = await Promise.all([shopOrderOf(A), shopOrderOf(A), shopOrderOf(B)]);
  };
  const photos = async () => {
    [a.complaintPhoto, a.avatarPhoto, b.photos.complaint, b.photos.reply, b.photos.avatar] = await Promise.all([
      uploadedPhoto(api, A.token),
      uploadedPhoto(api, A.token, 'avatar'),
      uploadedPhoto(api, B.token),
      uploadedPhoto(api, B.token),
      uploadedPhoto(api, B.token, 'avatar'),
    ]);
  };
  const groupBuy = async () => {
    const campaign = await publishedCampaign(api, admin, campaignInput(stack.clock(), { perBuyerLimit: 5 }));
    a.campaignId = campaign.campaignId;
    const open = async (who: Buyer, requestId = randomUUID()) =>
      placed(await openGroup(api, who.token, campaign.campaignId, { requestId }));
    const ofA = async () => {
      const opened = await open(A, a.groupOpenRequestId);
      [a.groupOrderNo, a.groupId] = [opened.orderNo, opened.groupId];
      await ok(as(A, 'POST', `/v1/groupbuy/groups/${a.groupId}/shares`, { shareId: a.shareId }));
    };
    const [, , view, pay, leave] = await Promise.all([ofA(), open(A, a.secondGroupRequestId), open(B), open(B), open(B)]);
    b.groupOrders = { view: view.orderNo, pay: pay.orderNo, leave: leave.orderNo };
  };
  const dataRequests = async () => {
    const fileRequest = async (who: Buyer, requestId: string, text: string) =>
      (await ok<{ dataRequestId: string }>(as(who, 'POST', '/v1/me/data-requests', { requestId, kind: 'explanation', text })))
        .dataRequestId;
    [a.dataRequestId, , b.dataRequestId] = await Promise.all([
      fileRequest(A, a.dataRequestFilingId, a.dataRequestText),
      fileRequest(A, randomUUID(), '第二个请求'),
      fileRequest(B, randomUUID(), 'B 的请求'),
    ]);
  };
  const surveys = async () => {
    [a.surveyDrafted, a.surveyAnswered, b.surveyOtherOrder, b.surveyOwnOrder] = await Promise.all([
      publishedSurvey('草稿'),
      publishedSurvey('已答'),
      publishedSurvey('别人的订单'),
      publishedSurvey('自己的订单'),
    ]);
    const [, answered] = await Promise.all([
      ok(as(A, 'PUT', `/v1/surveys/${a.surveyDrafted}/draft`, { version: 1, answers: { q1: 3, q2: a.draftText } })),
      ok<{ responseId: string }>(
        as(A, 'POST', `/v1/surveys/${a.surveyAnswered}/responses`, {
          requestId: a.surveyResponseRequestId,
          version: 1,
          answers: { q1: 9 },
        }),
      ),
    ]);
    a.surveyResponseId = answered.responseId;
  };
  const mall = async () => {
    const [reward] = await Promise.all([
      ok<{ rewardId: string }>(as(admin, 'POST', '/v1/staff/rewards', couponReward)),
      credit(A, 500),
      credit(B, 500),
    ]);
    a.rewardId = reward.rewardId;
    const redeemed = await ok<{ coupon: { code: string } }>(
      as(A, 'POST', `/v1/mall/rewards/${a.rewardId}/redemptions`, { requestId: a.redemptionRequestId }),
    );
    a.couponCode = redeemed.coupon.code;
  };
  const exportsAndSubscriptions = async () => {
    const [made] = await Promise.all([
      ok<{ exportId: string }>(as(A, 'POST', '/v1/me/data-exports', { requestId: a.exportRequestId })),
      ok(
        as(A, 'POST', '/v1/me/subscriptions', {
          reportId: a.subscriptionReportId,
          results: [{ templateId: LOCAL_DEFAULTS.birthdayTemplateId, result: 'accept' }],
        }),
      ),
    ]);
    a.exportId = made.exportId;
  };
  await Promise.all([complaints(), shopOrders(), photos(), groupBuy(), dataRequests(), surveys(), mall(), exportsAndSubscriptions()]);

  [a.complaintBefore, a.groupOrderBefore, a.dataRequestBefore] = await Promise.all([
    as(A, 'GET', `/v1/me/complaints/${a.complaintId}`).then((response) => response.text()),
    ok(as(A, 'GET', `/v1/groupbuy/orders/${a.groupOrderNo}`)).then(orderFacts),
    as(A, 'GET', `/v1/me/data-requests/${a.dataRequestId}`).then((response) => response.text()),
  ]);
}, 60_000);
afterAll(() => stack?.close());

/** What of a 拼团 order is A's alone (its group changes as others join, by design). */
function orderFacts(order: Record<string, unknown>) {
  const { orderNo, status, leader, amountFen, reservedUntil, refund } = order;
  return { orderNo, status, leader, amountFen, reservedUntil, refund };
}

/** Everything of A's that B must never read: ids, texts, codes. */
function secretsOfA(): string[] {
  return [
    A.memberId,
    A.openid,
    ...a.shopOrders,
    a.complaintId,
    a.complaintText,
    a.complaintPhoto,
    a.avatarPhoto,
    a.groupOrderNo,
    a.dataRequestId,
    a.dataRequestText,
    a.draftText,
    a.surveyResponseId,
    a.couponCode,
    a.exportId,
  ];
}

/** B's answer carries nothing of A's, besides what B itself sent (a refusal may name the id it refuses). */
function expectNothingOfA(text: string, sent: string[] = []) {
  const scrubbed = sent.reduce((rest, value) => rest.split(value).join(''), text);
  for (const secret of secretsOfA()) expect(scrubbed, `B's answer shows A's ${secret}`).not.toContain(secret);
}

async function expectRefused(response: Response, status: number, code: ErrorCode, sent: string[]) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(ErrorBody.parse(JSON.parse(text)).error.code).toBe(code);
  expectNothingOfA(text, sent);
}

/** B's answer to a request that must go through, checked to carry nothing of A's. */
async function okForB<T = Record<string, unknown>>(response: Response | Promise<Response>, sent: string[] = []): Promise<T> {
  const answered = await response;
  const text = await answered.text();
  expect(answered.status, text).toBeGreaterThanOrEqual(200);
  expect(answered.status, text).toBeLessThan(300);
  expectNothingOfA(text, sent);
  return (text ? JSON.parse(text) : null) as T;
}

/** A probe run once however many inputs it covers (it may change B's things). */
function once(probe: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= probe());
}

// ---- The probes ------------------------------------------------------------------------------

/** B on A's resolved complaint is refused as not found; B's own works; A's complaint reads as before. */
function complaintProbe(method: string, suffix: string, body: () => unknown, own: () => string) {
  return async () => {
    const path = (id: string) => `/v1/me/complaints/${id}${suffix}`;
    await expectRefused(await as(B, method, path(a.complaintId), body()), 404, 'COMPLAINT_NOT_FOUND', [a.complaintId]);
    await okForB(as(B, method, path(own()), body()));
    expect(await (await as(A, 'GET', path(a.complaintId).replace(suffix, ''))).text()).toBe(a.complaintBefore);
  };
}

/** B on A's reserved 拼团 order is refused as not found; B's own works; A's order is as it was. */
function groupOrderProbe(method: string, suffix: string, own: () => string) {
  return async () => {
    const path = (orderNo: string) => `/v1/groupbuy/orders/${orderNo}${suffix}`;
    await expectRefused(await as(B, method, path(a.groupOrderNo)), 404, 'GROUP_ORDER_NOT_FOUND', [a.groupOrderNo]);
    await okForB(as(B, method, path(own())));
    expect(orderFacts(await ok(as(A, 'GET', `/v1/groupbuy/orders/${a.groupOrderNo}`)))).toEqual(a.groupOrderBefore);
  };
}

/** A's uploaded photo is still A's and attached to nothing. */
async function expectPhotoUntouched(key: string) {
  expect(await getPhotoGrant(stack.deps.db, key)).toMatchObject({ memberId: A.memberId, attachedTo: null });
}

/**
 * B's list read from A's position (a cursor from A's own list) shows only B's things: none of the items
 * A's own list holds (by `idField`), nothing else of A's.
 */
function cursorProbe(path: string, idField: string, cursorOfA: () => Promise<string>) {
  return async () => {
    const idsIn = (page: { items: Record<string, unknown>[] }) => page.items.map((item) => item[idField]);
    const ofA = idsIn(await ok(as(A, 'GET', path)));
    expect(ofA.length, `A has items in ${path}`).toBeGreaterThan(1);
    const response = await as(B, 'GET', `${path}?cursor=${encodeURIComponent(await cursorOfA())}`);
    const text = await response.text();
    // A cursor not from the caller's own list may also be refused as a bad one; either way nothing of A's.
    expect([200, 400], text).toContain(response.status);
    expectNothingOfA(text);
    if (response.status === 200) for (const id of idsIn(JSON.parse(text))) expect(ofA).not.toContain(id);
  };
}

async function nextCursorOf(who: Buyer, path: string): Promise<string> {
  const page = await ok<{ nextCursor: string | null }>(as(who, 'GET', path));
  expect(page.nextCursor, `${path} has a second page for A`).toBeTruthy();
  return page.nextCursor!;
}

const complaintPhotoProbe = once(async () => {
  await expectRefused(
    await as(B, 'POST', '/v1/me/complaints', {
      requestId: randomUUID(),
      category: 'quality',
      description: '照片',
      contactPreference: 'wechat',
      photoKeys: [a.complaintPhoto],
    }),
    422,
    'PHOTO_NOT_YOURS',
    [a.complaintPhoto],
  );
  await fileComplaint(B, { photoKeys: [b.photos.complaint] });
  await expectPhotoUntouched(a.complaintPhoto);
});

const replyPhotoProbe = once(async () => {
  const reply = (key: string) =>
    as(B, 'POST', `/v1/me/complaints/${b.complaints.plain}/replies`, { requestId: randomUUID(), text: '照片', photoKeys: [key] });
  await expectRefused(await reply(a.complaintPhoto), 422, 'PHOTO_NOT_YOURS', [a.complaintPhoto]);
  await okForB(reply(b.photos.reply));
  await expectPhotoUntouched(a.complaintPhoto);
});

const redemptionProbe = once(async () => {
  // A's idempotency key on B's redemption of the same reward: B's own coupon, never A's.
  const redeemed = await okForB<{ coupon: { code: string } }>(
    as(B, 'POST', `/v1/mall/rewards/${a.rewardId}/redemptions`, { requestId: a.redemptionRequestId }),
  );
  expect(redeemed.coupon.code).not.toBe(a.couponCode);
  const coupons = await ok<{ items: { code: string }[] }>(as(A, 'GET', '/v1/me/coupons'));
  expect(coupons.items.map((c) => c.code)).toEqual([a.couponCode]);
});

const surveyResponseProbe = once(async () => {
  // A's request id and A's shop order on B's answer: B's own response, and A's order is not tied to it.
  const answered = await okForB<{ responseId: string }>(
    as(B, 'POST', `/v1/surveys/${a.surveyAnswered}/responses`, {
      requestId: a.surveyResponseRequestId,
      version: 1,
      answers: { q1: 6 },
      orderId: a.shopOrders[0],
    }),
    [a.shopOrders[0]!],
  );
  expect(answered.responseId).not.toBe(a.surveyResponseId);
  const responses = await listSurveyResponses(stack.deps.db, a.surveyAnswered);
  expect(responses.find((r) => r.memberId === B.memberId)).toMatchObject({ orderId: null });
  expect(responses.find((r) => r.memberId === A.memberId)).toMatchObject({ responseId: a.surveyResponseId });
});

const surveyOrderProbe = once(async () => {
  await okForB(
    as(B, 'POST', `/v1/surveys/${b.surveyOtherOrder}/responses`, {
      requestId: randomUUID(),
      version: 1,
      answers: { q1: 6 },
      orderId: a.shopOrders[1],
    }),
    [a.shopOrders[1]!],
  );
  await okForB(
    as(B, 'POST', `/v1/surveys/${b.surveyOwnOrder}/responses`, {
      requestId: randomUUID(),
      version: 1,
      answers: { q1: 6 },
      orderId: b.shopOrder,
    }),
  );
  expect((await listSurveyResponses(stack.deps.db, b.surveyOtherOrder)).find((r) => r.memberId === B.memberId)?.orderId).toBeNull();
  expect((await listSurveyResponses(stack.deps.db, b.surveyOwnOrder)).find((r) => r.memberId === B.memberId)?.orderId).toBe(b.shopOrder);
});

const surveyDraftProbe = once(async () => {
  // The survey is the shop's; the draft on it is each buyer's own.
  const seen = await okForB<{ draft: Record<string, unknown> }>(as(B, 'GET', `/v1/surveys/${a.surveyDrafted}`));
  expect(seen.draft).toEqual({});
  await okForB(as(B, 'PUT', `/v1/surveys/${a.surveyDrafted}/draft`, { version: 1, answers: { q1: 10, q2: 'B 的草稿' } }));
  await okForB(as(B, 'POST', `/v1/surveys/${a.surveyDrafted}/dismiss`));
  const aSees = await ok<{ draft: Record<string, unknown>; answerable: boolean }>(as(A, 'GET', `/v1/surveys/${a.surveyDrafted}`));
  expect(aSees).toMatchObject({ draft: { q1: 3, q2: a.draftText }, answerable: true });
});

const groupOpenProbe = once(async () => {
  const opened = await placed(await openGroup(api, B.token, a.campaignId, { requestId: a.groupOpenRequestId }));
  expect(opened.orderNo).not.toBe(a.groupOrderNo);
  expect(orderFacts(await ok(as(A, 'GET', `/v1/groupbuy/orders/${a.groupOrderNo}`)))).toEqual(a.groupOrderBefore);
});

const groupJoinProbe = once(async () => {
  // Joining A's group through its link is what a group is for; A's request id still makes B's own place.
  const joined = await placed(await joinGroup(api, B.token, a.groupId, { requestId: a.secondGroupRequestId }));
  expect(joined).toMatchObject({ groupId: a.groupId, leader: false });
  expect(joined.orderNo).not.toBe(a.groupOrderNo);
  expect(orderFacts(await ok(as(A, 'GET', `/v1/groupbuy/orders/${a.groupOrderNo}`)))).toEqual(a.groupOrderBefore);
});

const groupViewProbe = once(async () => {
  const seen = await okForB<{ viewer: { orderNo: string | null } }>(as(B, 'GET', `/v1/groupbuy/groups/${a.groupId}`));
  expect(seen.viewer.orderNo).not.toBe(a.groupOrderNo);
  await okForB(as(B, 'GET', `/v1/groupbuy/campaigns/${a.campaignId}`));
});

const shareProbe = once(async () => {
  // B naming A's share id neither takes A's share over nor counts again.
  const before = await getShare(stack.deps.db, a.shareId);
  expect(before).toMatchObject({ sharerMemberId: A.memberId, groupId: a.groupId });
  const answered = await as(B, 'POST', `/v1/groupbuy/groups/${a.groupId}/shares`, { shareId: a.shareId });
  expect(answered.status).toBeLessThan(500);
  expectNothingOfA(await answered.text());
  expect(await getShare(stack.deps.db, a.shareId)).toEqual(before);
  await okForB(as(B, 'POST', `/v1/groupbuy/groups/${a.groupId}/shares`, { shareId: `share-b-${randomUUID().slice(0, 8)}` }));
});

const campaignViewProbe = once(async () => {
  // Arriving through A's share is how a share works; it is counted for the campaign, A's share stays A's.
  const before = await getShare(stack.deps.db, a.shareId);
  await okForB(as(B, 'POST', `/v1/groupbuy/campaigns/${a.campaignId}/views`, { from: 'share', shareId: a.shareId }), [a.shareId]);
  await okForB(as(B, 'POST', `/v1/groupbuy/campaigns/${a.campaignId}/views`, { from: 'invitation', ruleId: 'r-unknown', arm: 'a' }));
  expect(await getShare(stack.deps.db, a.shareId)).toEqual(before);
});

const ID_INPUTS: Record<string, IdInput> = {
  // 我的投诉
  'GET /v1/me/complaints/{complaintId} path:complaintId': {
    holds: 'owned',
    probe: complaintProbe(
      'GET',
      '',
      () => undefined,
      () => b.complaints.plain,
    ),
  },
  'POST /v1/me/complaints/{complaintId}/replies path:complaintId': {
    holds: 'owned',
    probe: complaintProbe(
      'POST',
      '/replies',
      () => ({ requestId: randomUUID(), text: '补充一下' }),
      () => b.complaints.plain,
    ),
  },
  'POST /v1/me/complaints/{complaintId}/confirm path:complaintId': {
    holds: 'owned',
    probe: complaintProbe(
      'POST',
      '/confirm',
      () => undefined,
      () => b.complaints.confirm,
    ),
  },
  'POST /v1/me/complaints/{complaintId}/reopen path:complaintId': {
    holds: 'owned',
    probe: complaintProbe(
      'POST',
      '/reopen',
      () => ({ reason: '还是坏的' }),
      () => b.complaints.reopen,
    ),
  },
  'POST /v1/me/complaints/{complaintId}/rating path:complaintId': {
    holds: 'owned',
    probe: complaintProbe(
      'POST',
      '/rating',
      () => ({ rating: 1 }),
      () => b.complaints.rate,
    ),
  },
  'POST /v1/me/complaints body:orderId': {
    holds: 'owned',
    probe: async () => {
      await expectRefused(
        await as(B, 'POST', '/v1/me/complaints', {
          requestId: randomUUID(),
          category: 'quality',
          description: '别人的订单',
          contactPreference: 'wechat',
          orderId: a.shopOrders[0],
        }),
        404,
        'ORDER_NOT_FOUND',
        [a.shopOrders[0]!],
      );
      expect((await fileComplaint(B, { orderId: b.shopOrder })).orderId).toBe(b.shopOrder);
    },
  },
  'POST /v1/me/complaints body:photoKeys': { holds: 'owned', probe: complaintPhotoProbe },
  'POST /v1/me/complaints/{complaintId}/replies body:photoKeys': { holds: 'owned', probe: replyPhotoProbe },
  'POST /v1/me/complaints body:requestId': {
    holds: 'per-caller',
    probe: async () => {
      const filed = await fileComplaint(B, { requestId: a.complaintFilingRequestId });
      expect(filed.complaintId).not.toBe(a.complaintId);
    },
  },
  'POST /v1/me/complaints/{complaintId}/replies body:requestId': {
    holds: 'per-caller',
    probe: async () => {
      // A reply's request id is kept per complaint: A's on B's own complaint is B's new reply.
      const text = `B 的回复 ${randomUUID().slice(0, 6)}`;
      const replied = await okForB<{ timeline: { text?: string }[] }>(
        as(B, 'POST', `/v1/me/complaints/${b.complaints.plain}/replies`, { requestId: a.complaintReplyRequestId, text }),
      );
      expect(replied.timeline.some((entry) => entry.text === text)).toBe(true);
    },
  },
  'GET /v1/me/complaints query:cursor': {
    holds: 'per-caller',
    probe: cursorProbe('/v1/me/complaints', 'complaintId', () => nextCursorOf(A, '/v1/me/complaints?limit=1')),
  },

  // Photos: a photo key is its uploader's; an avatar too.
  'PATCH /v1/me body:avatarKey': {
    holds: 'owned',
    probe: async () => {
      await expectRefused(await as(B, 'PATCH', '/v1/me', { avatarKey: a.avatarPhoto }), 422, 'PHOTO_NOT_YOURS', [a.avatarPhoto]);
      await okForB(as(B, 'PATCH', '/v1/me', { avatarKey: b.photos.avatar }));
      await expectPhotoUntouched(a.avatarPhoto);
    },
  },

  // 拼团
  'GET /v1/groupbuy/orders/{orderNo} path:orderNo': { holds: 'owned', probe: groupOrderProbe('GET', '', () => b.groupOrders.view) },
  'POST /v1/groupbuy/orders/{orderNo}/pay path:orderNo': {
    holds: 'owned',
    probe: groupOrderProbe('POST', '/pay', () => b.groupOrders.pay),
  },
  'POST /v1/groupbuy/orders/{orderNo}/leave path:orderNo': {
    holds: 'owned',
    probe: groupOrderProbe('POST', '/leave', () => b.groupOrders.leave),
  },
  'GET /v1/me/group-orders query:cursor': {
    holds: 'per-caller',
    // A has one page only: the cursor is A's order's place in A's list, as A's next page would name it.
    probe: cursorProbe('/v1/me/group-orders', 'orderNo', async () => {
      const order = (await getGroupOrder(stack.deps.db, a.groupOrderNo))!;
      return encodeCursor(keys.memberGroupOrderRef(A.memberId, order.createdAt, a.groupOrderNo).sk);
    }),
  },
  'GET /v1/groupbuy/campaigns/{campaignId} path:campaignId': { holds: 'shared', probe: groupViewProbe },
  'POST /v1/groupbuy/campaigns/{campaignId}/views path:campaignId': { holds: 'shared', probe: campaignViewProbe },
  'POST /v1/groupbuy/campaigns/{campaignId}/views body:ruleId': { holds: 'shared', probe: campaignViewProbe },
  'POST /v1/groupbuy/campaigns/{campaignId}/views body:shareId': { holds: 'shared', probe: campaignViewProbe },
  'POST /v1/groupbuy/campaigns/{campaignId}/groups path:campaignId': { holds: 'shared', probe: groupOpenProbe },
  'POST /v1/groupbuy/campaigns/{campaignId}/groups body:requestId': { holds: 'per-caller', probe: groupOpenProbe },
  'GET /v1/groupbuy/groups/{groupId} path:groupId': { holds: 'shared', probe: groupViewProbe },
  'POST /v1/groupbuy/groups/{groupId}/join path:groupId': { holds: 'shared', probe: groupJoinProbe },
  'POST /v1/groupbuy/groups/{groupId}/join body:requestId': { holds: 'per-caller', probe: groupJoinProbe },
  'POST /v1/groupbuy/groups/{groupId}/shares path:groupId': { holds: 'shared', probe: shareProbe },
  'POST /v1/groupbuy/groups/{groupId}/shares body:shareId': { holds: 'per-caller', probe: shareProbe },

  // 数据请求, 数据导出
  'GET /v1/me/data-requests/{dataRequestId} path:dataRequestId': {
    holds: 'owned',
    probe: async () => {
      const path = (id: string) => `/v1/me/data-requests/${id}`;
      await expectRefused(await as(B, 'GET', path(a.dataRequestId)), 404, 'DATA_REQUEST_NOT_FOUND', [a.dataRequestId]);
      await okForB(as(B, 'GET', path(b.dataRequestId)));
      expect(await (await as(A, 'GET', path(a.dataRequestId))).text()).toBe(a.dataRequestBefore);
    },
  },
  'POST /v1/me/data-requests body:requestId': {
    holds: 'per-caller',
    probe: async () => {
      const filed = await okForB<{ dataRequestId: string; text: string }>(
        as(B, 'POST', '/v1/me/data-requests', { requestId: a.dataRequestFilingId, kind: 'other', text: 'B 的另一个请求' }),
      );
      expect(filed).toMatchObject({ text: 'B 的另一个请求' });
      expect(filed.dataRequestId).not.toBe(a.dataRequestId);
    },
  },
  'GET /v1/me/data-requests query:cursor': {
    holds: 'per-caller',
    probe: cursorProbe('/v1/me/data-requests', 'dataRequestId', () => nextCursorOf(A, '/v1/me/data-requests?limit=1')),
  },
  'POST /v1/me/data-exports body:requestId': {
    holds: 'per-caller',
    probe: async () => {
      const made = await okForB<{ exportId: string }>(as(B, 'POST', '/v1/me/data-exports', { requestId: a.exportRequestId }));
      expect(made.exportId).not.toBe(a.exportId);
      const listed = await okForB<{ items: { exportId: string }[] }>(as(B, 'GET', '/v1/me/data-exports'));
      expect(listed.items.map((item) => item.exportId)).toEqual([made.exportId]);
      const aList = await ok<{ items: { exportId: string }[] }>(as(A, 'GET', '/v1/me/data-exports'));
      expect(aList.items.map((item) => item.exportId)).toEqual([a.exportId]);
    },
  },

  // 积分, 积分商城, 订单
  'GET /v1/me/points query:cursor': {
    holds: 'per-caller',
    probe: cursorProbe('/v1/me/points', 'entryId', () => nextCursorOf(A, '/v1/me/points?limit=1')),
  },
  'GET /v1/me/orders query:cursor': {
    holds: 'per-caller',
    probe: cursorProbe('/v1/me/orders', 'orderId', () => nextCursorOf(A, '/v1/me/orders?limit=1')),
  },
  'POST /v1/mall/rewards/{rewardId}/redemptions path:rewardId': { holds: 'shared', probe: redemptionProbe },
  'POST /v1/mall/rewards/{rewardId}/redemptions body:requestId': { holds: 'per-caller', probe: redemptionProbe },

  // 满意度
  'GET /v1/surveys/{surveyId} path:surveyId': { holds: 'shared', probe: surveyDraftProbe },
  'PUT /v1/surveys/{surveyId}/draft path:surveyId': { holds: 'shared', probe: surveyDraftProbe },
  'POST /v1/surveys/{surveyId}/dismiss path:surveyId': { holds: 'shared', probe: surveyDraftProbe },
  'POST /v1/surveys/{surveyId}/responses path:surveyId': { holds: 'shared', probe: surveyResponseProbe },
  'POST /v1/surveys/{surveyId}/responses body:requestId': { holds: 'per-caller', probe: surveyResponseProbe },
  'POST /v1/surveys/{surveyId}/responses body:orderId': { holds: 'ignored', probe: surveyOrderProbe },

  // 订阅消息
  'POST /v1/me/subscriptions body:reportId': {
    holds: 'per-caller',
    probe: async () => {
      const report = { reportId: a.subscriptionReportId, results: [{ templateId: LOCAL_DEFAULTS.birthdayTemplateId, result: 'accept' }] };
      await okForB(as(B, 'POST', '/v1/me/subscriptions', report));
      const remaining = async (who: Buyer) =>
        (await ok<{ items: { templateId: string; remaining: number }[] }>(as(who, 'GET', '/v1/me/subscriptions'))).items.find(
          (item) => item.templateId === LOCAL_DEFAULTS.birthdayTemplateId,
        )?.remaining;
      // A's report id did not make B's report a repeat of A's: B's authorization is counted, A's stays one.
      expect(await remaining(B)).toBe(1);
      expect(await remaining(A)).toBe(1);
    },
  },
  'POST /v1/me/subscriptions body:results[].templateId': {
    holds: 'outside',
    why: "A WeChat subscribe-message template's id: the shop's configuration, the same for every buyer",
  },
  'POST /v1/mall/rewards/{rewardId}/redemptions body:address.postalCode': {
    holds: 'outside',
    why: 'A postal code of the delivery address: a place, not anyone’s thing',
  },
  'POST /v1/me/phone body:code': {
    holds: 'outside',
    why: "WeChat's one-time getPhoneNumber code: exchanged with WeChat for the phone it was issued for, no Linli id",
  },
  'POST /v1/invitations/preview body:code': {
    holds: 'outside',
    why: 'A staff invitation code: a bearer secret for whoever the admin hands it to, by design (invitations tests)',
  },
  'POST /v1/invitations/accept body:code': {
    holds: 'outside',
    why: 'A staff invitation code: a bearer secret for whoever the admin hands it to, by design (invitations tests)',
  },
};

// ---- Id inputs read from the document ---------------------------------------------------------

/** Every id input of every operation a buyer (a member session) may call, as `METHOD /path in:name`. */
function buyerIdInputs(document: OpenApi): string[] {
  const found: string[] = [];
  for (const { method, path, operation } of operationsOf(document)) {
    if (operation['x-linli-access'] !== 'session' || !operation['x-linli-roles']?.includes('member')) continue;
    const where = `${method.toUpperCase()} ${path}`;
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'path' || (parameter.in === 'query' && ID_NAME.test(parameter.name)))
        found.push(`${where} ${parameter.in}:${parameter.name}`);
    }
    const body = operation.requestBody?.content['application/json']?.schema;
    if (body) for (const field of idFields(document, body)) found.push(`${where} body:${field}`);
  }
  return [...new Set(found)];
}

/** The id-named fields of a body, nested ones as a.b, array items as a[].b. */
function idFields(document: OpenApi, input: Schema, prefix = '', depth = 0): string[] {
  const schema = resolveSchema(document, input);
  if (depth > 8) return [];
  const options = [...((schema.anyOf ?? schema.oneOf ?? schema.allOf ?? []) as Schema[])];
  const out = options.flatMap((option) => idFields(document, option, prefix, depth + 1));
  for (const [name, property] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
    if (ID_NAME.test(name)) out.push(`${prefix}${name}`);
    out.push(...idFields(document, property, `${prefix}${name}.`, depth + 1));
  }
  if (schema.items) out.push(...idFields(document, schema.items as Schema, `${prefix.replace(/\.$/, '')}[].`, depth + 1));
  return out;
}

describe('another buyer’s ids', () => {
  it('has a probe for every id a buyer operation takes, and none for ids no longer there', () => {
    const documented = buyerIdInputs(doc);
    expect(documented.length).toBeGreaterThan(30);
    const unprobed = documented.filter((input) => !(input in ID_INPUTS));
    expect(
      unprobed,
      `No owned-id fixture for these inputs: add each to ID_INPUTS in test/api/idor.test.ts with how another buyer's id is held`,
    ).toEqual([]);
    expect(
      Object.keys(ID_INPUTS).filter((input) => !documented.includes(input)),
      'ID_INPUTS names inputs openapi.json no longer has',
    ).toEqual([]);
  });

  const probed = Object.entries(ID_INPUTS).flatMap(([input, held]) => (held.holds === 'outside' ? [] : [[input, held] as const]));
  it.concurrent.each(probed)('%s', async (_input, held) => {
    await held.probe();
  });
});
