import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { MEMBER_TAGS_MAX, TAG_CATALOG_MAX } from '@linli/shared/customers';
import { PRIVACY_POLICY_VERSION } from '@linli/shared/privacy';
import { keys } from '../../functions/src/db/keys.ts';
import { getMember, memberSeedPut, saveMember } from '../../functions/src/members/repository.ts';
import { newVisitor, type MemberRecord } from '../../functions/src/members/member-record.ts';
import { batchWriteAll } from '../../functions/src/db/batch-write.ts';
import { countingDatabase } from '../../functions/src/db/counting-database.ts';
import { searchMembers } from '../../functions/src/insight/member-search.ts';
import { memberProfile } from '../../functions/src/insight/member-profile.ts';
import { backfillMemberSearch } from '../../functions/src/members/backfill-search.ts';
import { putMemberSearchItems } from '../../functions/src/members/search-repository.ts';
import { addMemberTag, getTagCatalogEntry } from '../../functions/src/insight/tags-repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { addManualTag } from '../../functions/src/insight/member-tags.ts';
import { runBirthdays } from '../../functions/src/tiers/birthdays.ts';
import { ONE_OFF_JOBS } from '../../functions/src/jobs/registry.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const staff = {} as Record<'admin' | 'supervisor' | 'agent', string>;
let buyerToken: string;

beforeAll(async () => {
  stack = await createTestStack();
  api = apiClient(stack);
  for (const role of ['admin', 'supervisor', 'agent'] as const) {
    await putStaff(stack.deps.db, { openid: `o-c360-${role}`, role, name: `${role}-name`, at: stack.clock().toISOString() });
    staff[role] = (await api.login(`c360-${role}`)).token;
  }
  buyerToken = (await api.login('c360-buyer')).token;
});
afterAll(() => stack.close());

/** A joined member (openid o-<name>) with a nickname and, when given, a bound phone. */
async function member(name: string, options: { nickname?: string; phone?: string } = {}) {
  const session = await api.login(name);
  expect((await api.join(session.token)).status).toBe(200);
  if (options.nickname) expect((await api.json('PATCH', '/v1/me', { nickname: options.nickname }, session.token)).status).toBe(200);
  if (options.phone)
    expect(
      (await api.json('POST', '/v1/me/phone', { code: `dev-phone-${options.phone}.${name.replace(/[^A-Za-z0-9]/g, '')}` }, session.token))
        .status,
    ).toBe(200);
  return { token: session.token, memberId: session.member.memberId, openid: `o-${name}` };
}

async function search(q: string, token = staff.agent) {
  const response = await api.json('GET', `/v1/staff/member-search?q=${encodeURIComponent(q)}`, undefined, token);
  return { status: response.status, body: await response.json() };
}

const ids = (body: { items: Array<{ memberId: string }> }) => body.items.map((hit) => hit.memberId);

/** The search items stored for a member under a nickname partition (what a search would read). */
async function nicknameItems(firstCharacter: string, memberId: string) {
  const { Items = [] } = await stack.deps.db.doc.send(
    new QueryCommand({
      TableName: stack.deps.db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.memberSearchNicknamePartition(firstCharacter) },
    }),
  );
  return Items.filter((item) => item.memberId === memberId).map((item) => item.sk as string);
}

describe('member search', () => {
  it('finds a member by any part of the nickname, not only its start', async () => {
    const m = await member('s-nick', { nickname: '王小明Ａ' });
    for (const q of ['王小明', '小明', '明', '小', 'a', '明 a']) {
      const { status, body } = await search(q);
      expect(status, q).toBe(200);
      const hit = body.items.find((h: { memberId: string }) => h.memberId === m.memberId);
      expect(hit, q).toMatchObject({ nickname: '王小明Ａ', matched: ['nickname'], tier: { code: expect.any(String) } });
    }
    expect(ids((await search('明小')).body)).not.toContain(m.memberId);
  });

  it('moves the search items when the nickname changes: the old nickname no longer finds the member', async () => {
    const m = await member('s-rename', { nickname: '赵钱孙' });
    expect(ids((await search('钱孙')).body)).toContain(m.memberId);
    expect(await nicknameItems('钱', m.memberId)).toEqual([`钱孙#${m.memberId}`]);

    expect((await api.json('PATCH', '/v1/me', { nickname: '周吴郑' }, m.token)).status).toBe(200);

    expect(ids((await search('钱孙')).body)).not.toContain(m.memberId);
    expect(await nicknameItems('钱', m.memberId)).toEqual([]);
    expect(await nicknameItems('赵', m.memberId)).toEqual([]);
    expect(ids((await search('吴郑')).body)).toContain(m.memberId);
  });

  it("finds members by the phone's last four digits, and says so", async () => {
    const m = await member('s-phone', { nickname: '电话会员', phone: '13912347788' });
    const { body } = await search('7788');
    const hit = body.items.find((h: { memberId: string }) => h.memberId === m.memberId);
    expect(hit).toMatchObject({ phoneMasked: '139****7788', matched: ['phone'] });
    expect(JSON.stringify(body)).not.toContain('13912347788');
    // A new phone moves the member to its last four.
    expect((await api.json('POST', '/v1/me/phone', { code: 'dev-phone-13900006655.sphone2' }, m.token)).status).toBe(200);
    expect(ids((await search('7788')).body)).not.toContain(m.memberId);
    expect(ids((await search('6655')).body)).toContain(m.memberId);
  });

  it('finds a member by full openid, by an order id (its buyer) and by 会员码 as typed', async () => {
    const m = await member('s-exact', { nickname: '精确查找' });
    expect((await search(m.openid)).body.items).toEqual([expect.objectContaining({ memberId: m.memberId, matched: ['openid'] })]);

    stack.clock.advance(60_000);
    expect(
      (await api.postOrder(sampleOrder({ orderId: 'c360-order-1', openid: m.openid, paidAt: stack.clock().toISOString() }))).status,
    ).toBe(200);
    const byOrder = (await search('c360-order-1')).body;
    expect(byOrder.items).toEqual([expect.objectContaining({ memberId: m.memberId, matched: ['order'], lastOrderAt: expect.any(String) })]);

    const card = await (await api.json('GET', '/v1/me', undefined, m.token)).json();
    const typed = `${card.memberCode.slice(0, 4).toLowerCase()} ${card.memberCode.slice(4)}`;
    expect((await search(typed)).body.items).toEqual([expect.objectContaining({ memberId: m.memberId, matched: ['memberCode'] })]);
  });

  it('answers an empty list when nothing matches, and never lists visitors', async () => {
    expect((await search('绝无此人')).body).toEqual({ items: [], more: false });
    const visitor = await api.login('s-visitor');
    expect((await search('o-s-visitor')).body.items.map((h: { memberId: string }) => h.memberId)).not.toContain(visitor.member.memberId);
  });

  it('lists at most 20 members and hints that more matched', async () => {
    for (let i = 0; i < 21; i++) await member(`s-many-${i}`, { nickname: `多多会员${i}` });
    const { body } = await search('多多');
    expect(body.items).toHaveLength(20);
    expect(body.more).toBe(true);
    expect((await search('多多会员20')).body).toMatchObject({ items: [expect.objectContaining({ nickname: '多多会员20' })], more: false });
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['too long', 'x'.repeat(129)],
    ['a line break', '王\n小'],
  ])('refuses a bad query (%s) with 400', async (_label, q) => {
    const { status, body } = await search(q);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path: 'q' })] });
  });

  it('is for staff only: buyers are refused', async () => {
    expect((await search('王', buyerToken)).status).toBe(403);
    for (const role of ['admin', 'supervisor', 'agent'] as const) expect((await search('王', staff[role])).status).toBe(200);
  });
});

describe('the member search backfill', () => {
  /** A joined member whose nickname and phone were written without search items, as before search existed. */
  async function legacyMember(name: string, nickname: string, phoneMasked: string) {
    const m = await member(name);
    const stored = (await getMember(stack.deps.db, m.memberId))!;
    await saveMember(stack.deps.db, { ...stored, nickname, phoneMasked, version: stored.version + 1 }, stored.version);
    return m;
  }

  it('gives members stored before search their items, and running it again changes nothing', async () => {
    const a = await legacyMember('bf-a', '旧会员甲', '138****4401');
    const b = await legacyMember('bf-b', '旧会员乙', '138****4402');
    expect(ids((await search('旧会员')).body)).toEqual([]);

    const job = ONE_OFF_JOBS.find((candidate) => candidate.name === 'member-search-backfill')!;
    const first = (await job.run(stack.deps)) as { members: number; written: number; skipped: number };
    expect(first.written).toBeGreaterThanOrEqual(2);
    expect(first.skipped).toBe(0);
    expect(ids((await search('旧会员')).body).sort()).toEqual([a.memberId, b.memberId].sort());
    expect(ids((await search('4402')).body)).toEqual([b.memberId]);

    const items = await nicknameItems('会', a.memberId);
    await backfillMemberSearch(stack.deps);
    expect(await nicknameItems('会', a.memberId)).toEqual(items);
    expect(ids((await search('旧会员')).body).sort()).toEqual([a.memberId, b.memberId].sort());
    // The backfill walks every member of the file's table, twice: it runs before the crowd of 300 below is written.
  });

  it('never writes items for a member as it was before a change it missed', async () => {
    const m = await legacyMember('bf-stale', '过期昵称', '138****4403');
    const stale = (await getMember(stack.deps.db, m.memberId))!;
    expect((await api.json('PATCH', '/v1/me', { nickname: '现在昵称' }, m.token)).status).toBe(200);

    expect(await putMemberSearchItems(stack.deps.db, stale)).toBe('changed');
    expect(await nicknameItems('过', m.memberId)).toEqual([]);
    expect(ids((await search('过期')).body)).toEqual([]);
    expect(ids((await search('现在')).body)).toEqual([m.memberId]);
  });
});

describe('the work a search and a profile do', () => {
  it('grows with the matches, not with the shop', async () => {
    // 300 members who share part of a name, written as a seed (no API), then given their search items.
    const crowd: MemberRecord[] = Array.from({ length: 300 }, (_, i) => ({
      ...newVisitor({
        memberId: `m_crowd_${String(i).padStart(3, '0')}`,
        openid: `o-crowd-${i}`,
        unionid: null,
        memberCode: `CRWD${String(i).padStart(4, '0')}`,
        now: stack.clock(),
      }),
      status: 'member',
      joinedAt: stack.clock().toISOString(),
      policyVersion: PRIVACY_POLICY_VERSION,
      nickname: `人群会员${i}`,
      phoneMasked: `138****${String(5000 + (i % 7)).padStart(4, '0')}`,
    }));
    await batchWriteAll(stack.deps.db, crowd.map(memberSeedPut));
    for (let start = 0; start < crowd.length; start += 20) {
      const written = await Promise.all(crowd.slice(start, start + 20).map((m) => putMemberSearchItems(stack.deps.db, m)));
      expect(written).toEqual(Array(written.length).fill('written'));
    }
    const unique = await member('w-unique', { nickname: '独一份的昵称' });

    const counted = () => countingDatabase(stack.deps.db);
    const one = counted();
    expect(ids(await searchMembers({ db: one.db }, '独一份'))).toEqual([unique.memberId]);
    // The one suffix item, the member, the lookups a text could also be (none match), the ladder.
    expect(one.counts.read).toBeLessThanOrEqual(6);

    const many = counted();
    const crowded = await searchMembers({ db: many.db }, '人群');
    expect(crowded.items).toHaveLength(20);
    expect(crowded.more).toBe(true);
    // The 21 suffixes that tell there are more than 20, and the 20 members shown: never the 300.
    expect(many.counts.read).toBeLessThanOrEqual(45);

    const phone = counted();
    expect((await searchMembers({ db: phone.db }, '5003')).items).toHaveLength(20);
    expect(phone.counts.read).toBeLessThanOrEqual(50);

    const profileReads = counted();
    await memberProfile({ ...stack.deps, db: profileReads.db }, unique.memberId);
    expect(profileReads.counts.read).toBeLessThanOrEqual(40);
    expect(profileReads.counts.requests).toBeLessThanOrEqual(12);
    const line = (label: string, c: { counts: { read: number; requests: number } }) =>
      `${label} ${c.counts.read} items/${c.counts.requests} requests`;
    console.log(
      [line('unique nickname', one), line('crowded nickname', many), line('phone last four', phone), line('profile', profileReads)].join(
        '; ',
      ),
    );
  }, 60_000); // 300 members seeded one by one: slow on a loaded machine, and the test counts reads, not time
});

describe('the member profile', () => {
  it('shows every section, with the phone masked and each list bounded', async () => {
    stack.clock.set('2026-06-01T02:00:00.000Z');
    const m = await member('p-full', { nickname: '画像会员', phone: '13711112222' });
    expect((await api.json('PATCH', '/v1/me', { birthday: '1990-06-01' }, m.token)).status).toBe(200);
    for (let i = 1; i <= 7; i++) {
      stack.clock.advance(3600_000);
      await api.postOrder(
        sampleOrder({ orderId: `p-full-${i}`, openid: m.openid, paidFen: 1000 * i, paidAt: stack.clock().toISOString() }),
      );
    }
    const filed = await api.json(
      'POST',
      '/v1/me/complaints',
      { requestId: randomUUID(), category: 'quality', description: '苹果有磕碰', contactPreference: 'wechat' },
      m.token,
    );
    expect(filed.status).toBe(200);
    // A birthday greeting the member received (they granted one authorization).
    await stack.emulator.app.request('/__emulator/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: m.openid, templateIds: ['tmpl-birthday-greeting'], result: 'accept' }),
    });
    await api.json('POST', '/v1/me/subscriptions', { results: [{ templateId: 'tmpl-birthday-greeting', result: 'accept' }] }, m.token);
    await runBirthdays(stack.deps);
    expect(
      (await api.json('PUT', `/v1/staff/members/${m.memberId}/tags/${encodeURIComponent('老客')}`, undefined, staff.supervisor)).status,
    ).toBe(200);

    const response = await api.json('GET', `/v1/staff/members/${m.memberId}/profile`, undefined, staff.agent);
    expect(response.status).toBe(200);
    const profile = await response.json();
    expect(profile.identity).toMatchObject({
      nickname: '画像会员',
      phoneMasked: '137****2222',
      memberCode: expect.stringMatching(/^[0-9A-Z]{8}$/),
      birthday: '06-01',
      policyVersion: PRIVACY_POLICY_VERSION,
      avatarUrl: null,
    });
    expect(JSON.stringify(profile)).not.toContain('13711112222');
    expect(JSON.stringify(profile)).not.toContain('1990');
    expect(profile.tier).toMatchObject({ code: expect.any(String), name: expect.any(String) });
    expect(profile.points).toMatchObject({ balance: expect.any(Number), pending: expect.any(Number) });
    expect(profile.stats.orderCount).toBe(7);
    expect(profile.orders.items.map((o: { orderId: string }) => o.orderId)).toEqual([
      'p-full-7',
      'p-full-6',
      'p-full-5',
      'p-full-4',
      'p-full-3',
    ]);
    expect(profile.orders.nextCursor).not.toBeNull();
    expect(profile.complaints).toMatchObject({
      items: [expect.objectContaining({ status: expect.any(String), categoryName: expect.any(String) })],
      more: false,
    });
    expect(profile.messages.items).toEqual([{ kind: 'birthday', at: expect.any(String), status: 'sent' }]);
    expect(profile.tags).toEqual([expect.objectContaining({ tag: '老客', kind: 'manual', addedBy: 'supervisor-name' })]);
    expect(profile.consent).toMatchObject({
      policyVersion: PRIVACY_POLICY_VERSION,
      current: true,
      acceptedAt: expect.any(String),
      withdrawals: [],
    });
    expect(profile.scores).toBeNull();

    // The orders go on, page by page, where the profile stopped.
    const next = await api.json(
      'GET',
      `/v1/staff/members/${m.memberId}/orders?cursor=${profile.orders.nextCursor}`,
      undefined,
      staff.agent,
    );
    expect((await next.json()).items.map((o: { orderId: string }) => o.orderId)).toEqual(['p-full-2', 'p-full-1']);
  });

  it('answers 404 for an unknown member and a visitor, and refuses buyers', async () => {
    const visitor = await api.login('p-visitor');
    expect((await api.json('GET', `/v1/staff/members/m_nope/profile`, undefined, staff.agent)).status).toBe(404);
    expect((await api.json('GET', `/v1/staff/members/${visitor.member.memberId}/profile`, undefined, staff.agent)).status).toBe(404);
    expect((await api.json('GET', `/v1/staff/members/${visitor.member.memberId}/orders`, undefined, staff.agent)).status).toBe(404);
    expect((await api.json('GET', `/v1/staff/members/${visitor.member.memberId}/profile`, undefined, buyerToken)).status).toBe(403);
  });
});

describe('manual tags', () => {
  const tagPath = (memberId: string, tag: string) => `/v1/staff/members/${memberId}/tags/${encodeURIComponent(tag)}`;
  const put = (memberId: string, tag: string, token = staff.supervisor) => api.json('PUT', tagPath(memberId, tag), undefined, token);
  const del = (memberId: string, tag: string, token = staff.supervisor) => api.json('DELETE', tagPath(memberId, tag), undefined, token);
  const catalogCount = async (tag: string) =>
    (
      (await (await api.json('GET', '/v1/staff/tags', undefined, staff.agent)).json()).items as Array<{ tag: string; memberCount: number }>
    ).find((entry) => entry.tag === tag)?.memberCount ?? 0;

  it('adds and removes a tag idempotently, keeping the catalog count and the tagged list', async () => {
    const m = await member('t-basic', { nickname: '标签会员' });
    const first = await put(m.memberId, '  团长  候选 ');
    expect(first.status).toBe(200);
    expect((await first.json()).items).toEqual([
      expect.objectContaining({ tag: '团长 候选', kind: 'manual', ruleId: null, addedBy: 'supervisor-name' }),
    ]);
    expect((await put(m.memberId, '团长 候选', staff.admin)).status).toBe(200);
    expect(await catalogCount('团长 候选')).toBe(1);

    const tagged = await (
      await api.json('GET', `/v1/staff/tags/${encodeURIComponent('团长 候选')}/members`, undefined, staff.agent)
    ).json();
    expect(tagged).toMatchObject({ items: [expect.objectContaining({ memberId: m.memberId, nickname: '标签会员' })], nextCursor: null });

    expect((await (await del(m.memberId, '团长 候选')).json()).items).toEqual([]);
    expect((await del(m.memberId, '团长 候选')).status).toBe(200);
    // Nobody carries it now: it leaves the catalog.
    expect(await catalogCount('团长 候选')).toBe(0);
    expect(
      (await (await api.json('GET', `/v1/staff/tags/${encodeURIComponent('团长 候选')}/members`, undefined, staff.agent)).json()).items,
    ).toEqual([]);
  });

  it('keeps counts exact under concurrent adds and removes', async () => {
    const members = await Promise.all(Array.from({ length: 8 }, (_, i) => member(`t-race-${i}`)));
    // Every member gets the tag from three requests at once; then half lose it from two at once.
    await Promise.all(members.flatMap((m) => [put(m.memberId, '抢购'), put(m.memberId, '抢购', staff.admin), put(m.memberId, '抢购')]));
    expect(await catalogCount('抢购')).toBe(8);
    const leaving = members.slice(0, 4);
    await Promise.all([
      ...leaving.flatMap((m) => [del(m.memberId, '抢购'), del(m.memberId, '抢购', staff.admin)]),
      ...members.slice(4).map((m) => put(m.memberId, '抢购')),
    ]);
    expect(await catalogCount('抢购')).toBe(4);
    const page = await (
      await api.json('GET', `/v1/staff/tags/${encodeURIComponent('抢购')}/members?limit=100`, undefined, staff.agent)
    ).json();
    expect(ids(page).sort()).toEqual(
      members
        .slice(4)
        .map((m) => m.memberId)
        .sort(),
    );
    // The last ones go at once: the tag leaves the catalog exactly once.
    await Promise.all(members.slice(4).flatMap((m) => [del(m.memberId, '抢购'), del(m.memberId, '抢购')]));
    expect(await getTagCatalogEntry(stack.deps.db, '抢购')).toBeNull();
  });

  it('pages the members carrying a tag', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, (_, i) => member(`t-page-${i}`)));
    for (const m of members) expect((await put(m.memberId, '分页')).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await (
        await api.json('GET', `/v1/staff/tags/${encodeURIComponent('分页')}/members${query}`, undefined, staff.agent)
      ).json();
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(members.map((m) => m.memberId).sort());
  });

  it.each([
    ['13 characters', 't-bad-long', '一二三四五六七八九十一二三'],
    ['a line break', 't-bad-break', '老\n客'],
    ['only spaces', 't-bad-blank', '   '],
    ['a slash', 't-bad-slash', '老/客'],
  ])('refuses a bad tag name (%s) with TAG_NAME_INVALID', async (_label, name, tag) => {
    const m = await member(name);
    const response = await put(m.memberId, tag);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('TAG_NAME_INVALID');
  });

  it('accepts a 12-character tag and an emoji as one character', async () => {
    const m = await member('t-twelve');
    expect((await put(m.memberId, '一二三四五六七八九十一🍎')).status).toBe(200);
  });

  it(`caps a member at ${MEMBER_TAGS_MAX} manual tags`, async () => {
    const m = await member('t-cap');
    for (let i = 0; i < MEMBER_TAGS_MAX; i++) expect((await put(m.memberId, `上限${i}`)).status).toBe(200);
    const refused = await put(m.memberId, '再来一个');
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('MEMBER_TAG_LIMIT_REACHED');
    // One already carried is still fine (idempotent), and removing one makes room.
    expect((await put(m.memberId, '上限0')).status).toBe(200);
    expect((await del(m.memberId, '上限0')).status).toBe(200);
    expect((await put(m.memberId, '再来一个')).status).toBe(200);
  });

  it('keeps rule tags read-only', async () => {
    const m = await member('t-rule');
    await addMemberTag(
      stack.deps.db,
      { memberId: m.memberId, tag: '新客', kind: 'rule', ruleId: 'first-order-30d', addedAt: stack.clock().toISOString(), addedBy: null },
      null,
    );
    const removed = await del(m.memberId, '新客');
    expect(removed.status).toBe(409);
    expect((await removed.json()).error.code).toBe('TAG_READ_ONLY');
    const other = await member('t-rule-other');
    expect((await (await put(other.memberId, '新客')).json()).error.code).toBe('TAG_READ_ONLY');
    const profile = await (await api.json('GET', `/v1/staff/members/${m.memberId}/profile`, undefined, staff.agent)).json();
    expect(profile.tags).toEqual([expect.objectContaining({ tag: '新客', kind: 'rule', ruleId: 'first-order-30d' })]);
  });

  it('lets supervisors and admins edit, agents only read; buyers nothing', async () => {
    const m = await member('t-roles');
    expect((await put(m.memberId, '角色', staff.agent)).status).toBe(403);
    expect((await del(m.memberId, '角色', staff.agent)).status).toBe(403);
    expect((await put(m.memberId, '角色', staff.admin)).status).toBe(200);
    expect((await api.json('GET', '/v1/staff/tags', undefined, staff.agent)).status).toBe(200);
    expect((await api.json('GET', `/v1/staff/tags/${encodeURIComponent('角色')}/members`, undefined, staff.agent)).status).toBe(200);
    expect((await api.json('GET', '/v1/staff/tags', undefined, buyerToken)).status).toBe(403);
    expect((await put(m.memberId, '角色', buyerToken)).status).toBe(403);
  });

  it('answers 404 when tagging someone who is not a member', async () => {
    const visitor = await api.login('t-visitor');
    const response = await put(visitor.member.memberId, '访客');
    expect(response.status).toBe(404);
    expect(await getTagCatalogEntry(stack.deps.db, '访客')).toBeNull();
  });
});

describe('the tag catalog', () => {
  it(`holds at most ${TAG_CATALOG_MAX} tags, but an existing tag can still be given`, async () => {
    // A shop of its own: the cap is on the whole catalog.
    const shop = await createTestStack();
    try {
      const shopApi = apiClient(shop);
      await putStaff(shop.deps.db, { openid: 'o-cap-supervisor', role: 'supervisor', name: 'cap', at: shop.clock().toISOString() });
      const supervisor = (await shopApi.login('cap-supervisor')).token;
      const joined = async (name: string) => {
        const session = await shopApi.login(name);
        await shopApi.join(session.token);
        return session.member.memberId;
      };
      const put = (memberId: string, tag: string) =>
        shopApi.json('PUT', `/v1/staff/members/${memberId}/tags/${encodeURIComponent(tag)}`, undefined, supervisor);
      const holders = await Promise.all(Array.from({ length: TAG_CATALOG_MAX / MEMBER_TAGS_MAX }, (_, i) => joined(`cap-${i}`)));
      const names = Array.from({ length: TAG_CATALOG_MAX }, (_, i) => `满${i}`);
      const holderOf = (i: number) => holders[Math.floor(i / MEMBER_TAGS_MAX)]!;
      // All but the last through the domain (the route's own rule, without 199 requests and audit entries); the last through the API.
      for (let start = 0; start < names.length - 1; start += 20) {
        await Promise.all(
          names
            .slice(start, Math.min(start + 20, names.length - 1))
            .map((tag, k) => addManualTag(shop.deps, { memberId: holderOf(start + k), tag, staffName: 'cap' })),
        );
      }
      expect((await put(holderOf(names.length - 1), names.at(-1)!)).status).toBe(200);
      const someone = await joined('cap-extra');
      const refused = await put(someone, '新标签');
      expect(refused.status).toBe(409);
      expect((await refused.json()).error.code).toBe('TAG_CATALOG_FULL');
      expect((await put(someone, '满0')).status).toBe(200);
      expect((await (await shopApi.json('GET', '/v1/staff/tags', undefined, supervisor)).json()).items).toHaveLength(TAG_CATALOG_MAX);
    } finally {
      await shop.close();
    }
  }, 90_000);
});
