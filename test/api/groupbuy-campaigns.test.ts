import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoUploadGrant } from '@linli/shared/photos';
import { getCampaignVersion } from '../../functions/src/groupbuy/campaigns-repository.ts';
import { apiClient } from '../support/api-client.ts';
import {
  buyer,
  campaign,
  campaignInput,
  expectRefused,
  HOUR,
  joinGroup,
  openGroup,
  placed,
  publishedCampaign,
  staffTokens,
} from '../support/groupbuy.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
let staff: Awaited<ReturnType<typeof staffTokens>>;

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-23T02:00:00.000Z' });
  api = apiClient(stack);
  staff = await staffTokens(stack, api, 'gbc');
});
afterAll(() => stack.close());

const input = (overrides: Record<string, unknown> = {}) => campaignInput(stack.clock(), overrides);

describe('campaigns (staff)', () => {
  it('are created as drafts by admins, read by supervisors, and not reached by agents or buyers', async () => {
    const created = await api.json('POST', '/v1/staff/groupbuy/campaigns', input(), staff.admin);
    expect(created.status).toBe(200);
    const draft = await created.json();
    expect(draft).toMatchObject({ status: 'draft', version: 0, revision: 1, stock: { total: 100, left: 100, reserved: 0, sold: 0 } });
    expect((await api.json('GET', `/v1/staff/groupbuy/campaigns/${draft.campaignId}`, undefined, staff.supervisor)).status).toBe(200);
    await expectRefused(await api.json('POST', '/v1/staff/groupbuy/campaigns', input(), staff.supervisor), 403, 'FORBIDDEN');
    await expectRefused(await api.json('GET', '/v1/staff/groupbuy/campaigns', undefined, staff.agent), 403, 'FORBIDDEN');
    const list = await (await api.json('GET', '/v1/staff/groupbuy/campaigns', undefined, staff.supervisor)).json();
    expect(list.items.map((item: { campaignId: string }) => item.campaignId)).toContain(draft.campaignId);
  });

  it('refuse an audience naming a segment or tier that does not exist, with an issue on the field', async () => {
    const response = await api.json(
      'POST',
      '/v1/staff/groupbuy/campaigns',
      input({ whoMayOpen: { kind: 'segments', segmentIds: ['sg_gone'] }, whoMayJoin: { kind: 'tiers', tierCodes: ['platinum-x'] } }),
      staff.admin,
    );
    const refused = await response.json();
    expect(response.status).toBe(400);
    expect(refused.error.code).toBe('VALIDATION_FAILED');
    expect(refused.error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      'whoMayJoin.tierCodes.0',
      'whoMayOpen.segmentIds.0',
    ]);
  });

  it('publish as version 1; an edit publishes version 2 at once and keeps version 1 as it was', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ name: '版本团' }));
    expect(published).toMatchObject({ status: 'published', version: 1, revision: 2 });
    const edited = await api.json(
      'PUT',
      `/v1/staff/groupbuy/campaigns/${published.campaignId}`,
      { revision: published.revision, campaign: input({ name: '版本团', groupSize: 4 }) },
      staff.admin,
    );
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ version: 2, revision: 3, definition: { groupSize: 4 } });
    expect((await getCampaignVersion(stack.deps.db, published.campaignId, 1))?.definition.groupSize).toBe(3);
    expect((await getCampaignVersion(stack.deps.db, published.campaignId, 2))?.definition.groupSize).toBe(4);
  });

  it('refuse a change sent with a stale revision (CONFLICT), and any edit of an ended campaign', async () => {
    const published = await publishedCampaign(api, staff.admin, input());
    await expectRefused(
      await api.json('PUT', `/v1/staff/groupbuy/campaigns/${published.campaignId}`, { revision: 1, campaign: input() }, staff.admin),
      409,
      'CONFLICT',
    );
    const ended = await api.json(
      'POST',
      `/v1/staff/groupbuy/campaigns/${published.campaignId}/end`,
      { revision: published.revision },
      staff.admin,
    );
    expect(await ended.json()).toMatchObject({ status: 'ended' });
    await expectRefused(
      await api.json(
        'PUT',
        `/v1/staff/groupbuy/campaigns/${published.campaignId}`,
        { revision: published.revision + 1, campaign: input() },
        staff.admin,
      ),
      409,
      'GROUP_BUY_ENDED',
    );
  });

  it('move stock by the edit’s difference, never taking back what is reserved', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ stock: 10, perBuyerLimit: 5 }));
    const leader = await buyer(api, 'gbc-stock-leader');
    await placed(await openGroup(api, leader.token, published.campaignId, { qty: 4 }));
    const edit = (stock: number, revision: number) =>
      api.json(
        'PUT',
        `/v1/staff/groupbuy/campaigns/${published.campaignId}`,
        { revision, campaign: input({ stock, perBuyerLimit: 5 }) },
        staff.admin,
      );
    expect(await (await edit(15, published.revision)).json()).toMatchObject({ stock: { total: 15, reserved: 4, left: 11 } });
    // Down to 2 while 4 are reserved: nothing is left to sell, and the reserved units stay reserved.
    expect(await (await edit(2, published.revision + 1)).json()).toMatchObject({ stock: { total: 2, reserved: 4, left: 0 } });
    // Back up to 6: what is not reserved (2) is for sale again.
    expect(await (await edit(6, published.revision + 2)).json()).toMatchObject({ stock: { total: 6, reserved: 4, left: 2 } });
  });
});

describe('a running group keeps its terms', () => {
  it('when the campaign is edited: price, size and limit stay those of the version it opened with', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ name: '老规矩团' }));
    const leader = await buyer(api, 'gbc-terms-leader');
    const order = await placed(await openGroup(api, leader.token, published.campaignId));
    expect(order.amountFen).toBe(3990);
    const edited = await api.json(
      'PUT',
      `/v1/staff/groupbuy/campaigns/${published.campaignId}`,
      {
        revision: published.revision,
        campaign: input({
          name: '老规矩团',
          groupSize: 5,
          perBuyerLimit: 1,
          product: { ...input().product, groupPriceFen: 2990 },
        }),
      },
      staff.admin,
    );
    expect(edited.status).toBe(200);
    const group = await (await api.json('GET', `/v1/groupbuy/groups/${order.groupId}`, undefined, leader.token)).json();
    expect(group).toMatchObject({ groupSize: 3, product: { groupPriceFen: 3990 }, slotsLeft: 2 });
    // A joiner pays the old price and may take 2 units (the old limit), not 1.
    const joiner = await buyer(api, 'gbc-terms-joiner');
    expect(await placed(await joinGroup(api, joiner.token, order.groupId, { qty: 2 }))).toMatchObject({ amountFen: 7980 });
    // A group opened now has the new terms.
    const later = await buyer(api, 'gbc-terms-later');
    const fresh = await placed(await openGroup(api, later.token, published.campaignId));
    expect(fresh.amountFen).toBe(2990);
    expect(await (await api.json('GET', `/v1/groupbuy/groups/${fresh.groupId}`, undefined, later.token)).json()).toMatchObject({
      groupSize: 5,
    });
  });
});

describe('ending a campaign', () => {
  it('stops new groups, while groups already open keep taking members until their deadline', async () => {
    const published = await publishedCampaign(api, staff.admin, input());
    const leader = await buyer(api, 'gbc-end-leader');
    const order = await placed(await openGroup(api, leader.token, published.campaignId));
    await api.json('POST', `/v1/staff/groupbuy/campaigns/${published.campaignId}/end`, { revision: published.revision }, staff.admin);
    const other = await buyer(api, 'gbc-end-other');
    await expectRefused(await openGroup(api, other.token, published.campaignId), 409, 'GROUP_BUY_NOT_OPEN');
    await placed(await joinGroup(api, other.token, order.groupId));
    const view = await (await api.json('GET', `/v1/groupbuy/campaigns/${published.campaignId}`, undefined, other.token)).json();
    expect(view).toMatchObject({ ended: true, canOpen: false, cannotOpenReason: 'ended' });
  });

  it('happens by itself at its end: opening is refused after endsAt', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ endsAt: new Date(stack.clock().getTime() + HOUR).toISOString() }));
    const late = await buyer(api, 'gbc-end-late');
    const before = stack.clock().toISOString();
    stack.clock.advance(HOUR);
    try {
      await expectRefused(await openGroup(api, late.token, published.campaignId), 409, 'GROUP_BUY_NOT_OPEN');
      expect(await campaign(api, staff.admin, published.campaignId)).toMatchObject({ status: 'ended' });
    } finally {
      stack.clock.set(before);
    }
  });

  it('a draft and a campaign not started yet take no groups', async () => {
    const draft = await (await api.json('POST', '/v1/staff/groupbuy/campaigns', input(), staff.admin)).json();
    const early = await buyer(api, 'gbc-early');
    await expectRefused(await openGroup(api, early.token, draft.campaignId), 409, 'GROUP_BUY_NOT_OPEN');
    const later = await publishedCampaign(api, staff.admin, input({ startsAt: new Date(stack.clock().getTime() + HOUR).toISOString() }));
    await expectRefused(await openGroup(api, early.token, later.campaignId), 409, 'GROUP_BUY_NOT_OPEN');
    const view = await (await api.json('GET', `/v1/groupbuy/campaigns/${later.campaignId}`, undefined, early.token)).json();
    expect(view).toMatchObject({ canOpen: false, cannotOpenReason: 'not-started' });
  });
});

describe('buyer views', () => {
  it('list running campaigns soonest-ending first, and show forming groups with a free place on a campaign’s page', async () => {
    const soon = await publishedCampaign(
      api,
      staff.admin,
      input({ name: '快结束', endsAt: new Date(stack.clock().getTime() + 2 * HOUR).toISOString() }),
    );
    const viewer = await buyer(api, 'gbc-viewer');
    const list = await (await api.json('GET', '/v1/groupbuy/campaigns', undefined, viewer.token)).json();
    expect(list.ordering).toBe('plain');
    expect(list.items.find((item: { campaignId: string }) => item.campaignId === soon.campaignId)).toMatchObject({
      productName: '赣南脐橙 5 斤装',
      groupPriceFen: 3990,
      soldOut: false,
    });
    const ends = list.items.map((item: { endsAt: string }) => item.endsAt);
    expect([...ends].sort()).toEqual(ends);

    const leaders = [await buyer(api, 'gbc-view-a'), await buyer(api, 'gbc-view-b')];
    const first = await placed(await openGroup(api, leaders[0]!.token, soon.campaignId));
    stack.clock.advance(60_000);
    const second = await placed(await openGroup(api, leaders[1]!.token, soon.campaignId));
    // The first fills up: it no longer shows.
    await placed(await joinGroup(api, (await buyer(api, 'gbc-view-c')).token, first.groupId));
    await placed(await joinGroup(api, (await buyer(api, 'gbc-view-d')).token, first.groupId));
    const view = await (await api.json('GET', `/v1/groupbuy/campaigns/${soon.campaignId}`, undefined, viewer.token)).json();
    expect(view).toMatchObject({ canOpen: true, cannotOpenReason: null, unitsHeld: 0 });
    expect(view.openGroups.map((group: { groupId: string }) => group.groupId)).toEqual([second.groupId]);
    expect(view.openGroups[0]).toMatchObject({ slotsLeft: 2, members: [{ leader: true, paid: false, you: false }] });
  });

  it('show a group to anyone signed in, members by nickname and avatar only, with what the viewer may do', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ whoMayJoin: { kind: 'new-customers' } }));
    const leader = await buyer(api, 'gbc-group-leader');
    const order = await placed(await openGroup(api, leader.token, published.campaignId));
    const mine = await (await api.json('GET', `/v1/groupbuy/groups/${order.groupId}`, undefined, leader.token)).json();
    expect(mine.viewer).toEqual({ orderNo: order.orderNo, canJoin: false, cannotJoinReason: 'already-in-group' });
    expect(Object.keys(mine.members[0]).sort()).toEqual(['avatarUrl', 'joinedAt', 'leader', 'nickname', 'paid', 'you']);
    const visitor = await api.login('gbc-group-visitor');
    const seen = await (await api.json('GET', `/v1/groupbuy/groups/${order.groupId}`, undefined, visitor.token)).json();
    expect(seen.viewer).toEqual({ orderNo: null, canJoin: false, cannotJoinReason: 'not-joined' });
    await expectRefused(await joinGroup(api, visitor.token, order.groupId), 409, 'NOT_JOINED');
    // 新人团: a buyer with a credited order may not join.
    const regular = await buyer(api, 'gbc-group-regular');
    expect(
      (
        await api.postOrder({
          orderId: 'gbc-regular-1',
          openid: regular.openid,
          paidFen: 1000,
          paidAt: stack.clock().toISOString(),
          items: [{ sku: 'X', name: '苹果', category: 'fruit', qty: 1, unitPriceFen: 1000 }],
        })
      ).status,
    ).toBe(200);
    const refused = await (await api.json('GET', `/v1/groupbuy/groups/${order.groupId}`, undefined, regular.token)).json();
    expect(refused.viewer.cannotJoinReason).toBe('not-eligible');
    await expectRefused(await joinGroup(api, regular.token, order.groupId), 409, 'GROUP_BUY_NOT_ELIGIBLE');
    const newcomer = await buyer(api, 'gbc-group-newcomer');
    await placed(await joinGroup(api, newcomer.token, order.groupId));
  });

  it('a tier audience admits the tiers it names', async () => {
    const published = await publishedCampaign(api, staff.admin, input({ whoMayOpen: { kind: 'tiers', tierCodes: ['gold'] } }));
    const base = await buyer(api, 'gbc-tier-base');
    await expectRefused(await openGroup(api, base.token, published.campaignId), 409, 'GROUP_BUY_NOT_ELIGIBLE');
  });
});

describe('campaign pictures', () => {
  const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(500)]);
  async function uploaded(token: string): Promise<string> {
    const granted = await api.json(
      'POST',
      '/v1/me/photo-uploads',
      { contentType: 'image/png', sizeBytes: 504, purpose: 'groupbuy' },
      token,
    );
    expect(granted.status).toBe(200);
    const upload = (await granted.json()) as PhotoUploadGrant;
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(png())]), 'orange.png');
    expect((await fetch(upload.url, { method: 'POST', body: form })).status).toBe(204);
    return upload.key;
  }

  it('are uploaded by admins only, attached to the campaign, shown by link, and kept across versions', async () => {
    const request = { contentType: 'image/png', sizeBytes: 504, purpose: 'groupbuy' };
    await expectRefused(await api.json('POST', '/v1/me/photo-uploads', request, staff.supervisor), 403, 'FORBIDDEN');
    const keys = [await uploaded(staff.admin), await uploaded(staff.admin)];
    const published = await publishedCampaign(api, staff.admin, input({ product: { ...input().product, pictureKeys: keys } }));
    const read = await (await api.json('GET', `/v1/staff/groupbuy/campaigns/${published.campaignId}`, undefined, staff.admin)).json();
    expect(read.pictureUrls).toHaveLength(2);
    expect((await fetch(read.pictureUrls[0])).status).toBe(200);
    // Keeping them in an edit needs no new attachment; naming one on another campaign is refused.
    const kept = await api.json(
      'PUT',
      `/v1/staff/groupbuy/campaigns/${published.campaignId}`,
      { revision: published.revision, campaign: input({ product: { ...input().product, pictureKeys: [keys[1]] } }) },
      staff.admin,
    );
    expect(kept.status).toBe(200);
    await expectRefused(
      await api.json(
        'POST',
        '/v1/staff/groupbuy/campaigns',
        input({ product: { ...input().product, pictureKeys: [keys[0]] } }),
        staff.admin,
      ),
      422,
      'PHOTO_ALREADY_ATTACHED',
    );
    const viewer = await buyer(api, 'gbc-picture-viewer');
    const card = (await (await api.json('GET', '/v1/groupbuy/campaigns', undefined, viewer.token)).json()).items.find(
      (item: { campaignId: string }) => item.campaignId === published.campaignId,
    );
    expect(card.coverUrl).toMatch(/^http/);
  });
});

describe('the campaign limit', () => {
  it('is 200 campaigns: the 201st is refused', async () => {
    const existing = (await (await api.json('GET', '/v1/staff/groupbuy/campaigns', undefined, staff.admin)).json()).items.length;
    for (let i = existing; i < 200; i++)
      expect((await api.json('POST', '/v1/staff/groupbuy/campaigns', input(), staff.admin)).status).toBe(200);
    await expectRefused(await api.json('POST', '/v1/staff/groupbuy/campaigns', input(), staff.admin), 422, 'GROUP_BUY_LIMIT_OF_CAMPAIGNS');
  }, 60_000);
});
