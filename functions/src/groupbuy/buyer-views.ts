import type { BuyerCampaignView, GroupView } from '@linli/shared/groupbuy';
import type { z } from 'zod';
import type { BuyerCampaignList } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { requireMember } from '../members/require-member.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { getMember } from '../members/repository.ts';
import { DomainError } from '../platform/domain-error.ts';
import { audienceAdmits } from './audience.ts';
import { buyerFacts } from './buyer-facts.ts';
import { buyerSignals } from './buyer-signals.ts';
import { rankCampaigns } from './recommendation.ts';
import { getCampaignHead, getStock, getStocks, listPublishedCampaignHeads } from './campaigns-repository.ts';
import { joinRefusal, membersInOrder } from './group-rules.ts';
import { getGroup, getGroups, getHeldUnits, listFormingGroupIds } from './groups-repository.ts';
import type { GroupRecord, StockRecord } from './records.ts';

type ViewDeps = Pick<Deps, 'db' | 'clock' | 'photos'>;

/** Groups on a campaign page: forming, with a free place, soonest deadline first. */
const OPEN_GROUPS_SHOWN = 10;
/** Forming groups read to find them (some may be full). */
const FORMING_READ = 30;
/** How a member without a nickname shows in a group. */
const NO_NICKNAME = '微信用户';

async function avatarUrl(deps: Pick<Deps, 'photos'>, key: string | null): Promise<string | null> {
  return key ? deps.photos.displayUrl(key) : null;
}

async function membersView(deps: Pick<Deps, 'photos'>, group: GroupRecord, viewerId: string): Promise<GroupView['members']> {
  return Promise.all(
    membersInOrder(group).map(async (member) => ({
      nickname: member.nickname ?? NO_NICKNAME,
      avatarUrl: await avatarUrl(deps, member.avatarKey),
      leader: group.leaderOrderNo === member.orderNo,
      paid: member.paid,
      joinedAt: member.joinedAt,
      you: member.memberId === viewerId,
    })),
  );
}

/**
 * 拼团 for buyers: published campaigns running now, in 猜你喜欢 order (recommendation.ts) for a member who has
 * not switched personalised marketing off, else soonest ending first.
 */
export async function buyerCampaignList(deps: ViewDeps, memberId: string): Promise<z.infer<typeof BuyerCampaignList>> {
  const at = deps.clock().toISOString();
  const [heads, member] = await Promise.all([listPublishedCampaignHeads(deps.db), getMember(deps.db, memberId)]);
  const running = heads.filter((head) => head.definition.startsAt <= at && head.definition.endsAt > at);
  const [stocks, signals] = await Promise.all([
    getStocks(
      deps.db,
      running.map((head) => head.campaignId),
    ),
    member ? buyerSignals(deps, member) : Promise.resolve(null),
  ]);
  const ranked = rankCampaigns(
    running.map((head) => ({
      head,
      campaignId: head.campaignId,
      sku: head.definition.product.sku,
      category: head.definition.product.category,
      endsAt: head.definition.endsAt,
      publishedAt: head.publishedAt ?? head.createdAt,
      joinsByRfmClass: stocks.get(head.campaignId)?.joinsByRfmClass ?? {},
    })),
    signals,
  );
  const items = await Promise.all(
    ranked.items.map(async ({ head }) => {
      const product = head.definition.product;
      return {
        campaignId: head.campaignId,
        name: head.definition.name,
        groupSize: head.definition.groupSize,
        endsAt: head.definition.endsAt,
        soldOut: (stocks.get(head.campaignId)?.left ?? 0) === 0,
        productName: product.name,
        originalPriceFen: product.originalPriceFen,
        groupPriceFen: product.groupPriceFen,
        coverUrl: await avatarUrl(deps, product.pictureKeys[0] ?? null),
      };
    }),
  );
  return { items, ordering: ranked.ordering };
}

/** Why a member may not open a group now (null: they may), checked in the order the page explains it. */
async function openRefusal(
  deps: ViewDeps,
  input: { member: MemberRecord; head: NonNullable<Awaited<ReturnType<typeof getCampaignHead>>>; stock: StockRecord; held: number },
): Promise<BuyerCampaignView['cannotOpenReason']> {
  const { member, head, stock, held } = input;
  const at = deps.clock().toISOString();
  if (member.status !== 'member') return 'not-joined';
  if (head.definition.startsAt > at) return 'not-started';
  if (head.status !== 'published' || head.definition.endsAt <= at) return 'ended';
  if (stock.left === 0) return 'sold-out';
  if (!audienceAdmits(head.definition.whoMayOpen, await buyerFacts(deps, member, [head.definition.whoMayOpen]))) return 'not-eligible';
  if (held >= head.definition.perBuyerLimit) return 'limit-reached';
  return null;
}

/** A campaign's page: the product and price, the countdown, whether the viewer may open a group, and groups to join. */
export async function buyerCampaignView(deps: ViewDeps, memberId: string, campaignId: string): Promise<BuyerCampaignView> {
  const [member, head, stock, held] = await Promise.all([
    requireMember(deps, memberId),
    getCampaignHead(deps.db, campaignId),
    getStock(deps.db, campaignId),
    getHeldUnits(deps.db, memberId, campaignId),
  ]);
  if (!head || !stock || head.status === 'draft') throw new DomainError('GROUP_BUY_NOT_FOUND', 'No such group-buy campaign');
  const now = deps.clock();
  const at = now.toISOString();
  const reason = await openRefusal(deps, { member, head, stock, held });
  const groupIds = await listFormingGroupIds(deps.db, campaignId, at, FORMING_READ);
  const groups = await getGroups(deps.db, groupIds);
  const open = groupIds
    .map((groupId) => groups.get(groupId))
    .filter((group): group is GroupRecord => group !== undefined && joinRefusal(group, now) === null)
    .slice(0, OPEN_GROUPS_SHOWN);
  const { product } = head.definition;
  const { pictureKeys: _keys, ...shown } = product;
  return {
    campaignId,
    name: head.definition.name,
    product: shown,
    pictureUrls: await Promise.all(product.pictureKeys.map((key) => deps.photos.displayUrl(key))),
    groupSize: head.definition.groupSize,
    minGroupSize: head.definition.minGroupSize ?? head.definition.groupSize,
    groupHours: head.definition.groupHours,
    perBuyerLimit: head.definition.perBuyerLimit,
    endsAt: head.definition.endsAt,
    soldOut: stock.left === 0,
    ended: head.status === 'ended' || head.definition.endsAt <= at,
    canOpen: reason === null,
    cannotOpenReason: reason,
    unitsHeld: held,
    openGroups: await Promise.all(
      open.map(async (group) => ({
        groupId: group.groupId,
        deadline: group.deadline,
        slotsLeft: group.terms.groupSize - group.slotsTaken,
        members: await membersView(deps, group, memberId),
      })),
    ),
  };
}

/** Why a member not in the group may not join it now (null: they may). */
async function joinerRefusal(
  deps: ViewDeps,
  member: MemberRecord,
  group: GroupRecord,
  now: Date,
): Promise<GroupView['viewer']['cannotJoinReason']> {
  if (member.status !== 'member') return 'not-joined';
  const refused = joinRefusal(group, now);
  if (refused) return refused;
  const { terms } = group;
  const [held, stock] = await Promise.all([getHeldUnits(deps.db, member.memberId, group.campaignId), getStock(deps.db, group.campaignId)]);
  if (!audienceAdmits(terms.whoMayJoin, await buyerFacts(deps, member, [terms.whoMayJoin]))) return 'not-eligible';
  if (held >= terms.perBuyerLimit) return 'limit-reached';
  if ((stock?.left ?? 0) === 0) return 'sold-out';
  return null;
}

/** A group's page, for anyone signed in (the share card opens it): members by nickname and avatar only, and what the viewer may do. */
export async function groupView(deps: ViewDeps, memberId: string, groupId: string): Promise<GroupView> {
  const [member, group] = await Promise.all([requireMember(deps, memberId), getGroup(deps.db, groupId)]);
  if (!group) throw new DomainError('GROUP_NOT_FOUND', 'No such group');
  const now = deps.clock();
  const { terms } = group;
  const mine = Object.values(group.members).find((place) => place.memberId === memberId) ?? null;
  const reason = mine ? 'already-in-group' : await joinerRefusal(deps, member, group, now);
  return {
    groupId: group.groupId,
    campaignId: group.campaignId,
    campaignName: terms.campaignName,
    product: {
      name: terms.productName,
      originalPriceFen: terms.originalPriceFen,
      groupPriceFen: terms.groupPriceFen,
      description: terms.description,
    },
    coverUrl: await avatarUrl(deps, terms.coverKey),
    status: group.status,
    groupSize: terms.groupSize,
    minGroupSize: terms.minGroupSize,
    deadline: group.deadline,
    members: await membersView(deps, group, memberId),
    slotsLeft: Math.max(0, terms.groupSize - group.slotsTaken),
    viewer: { orderNo: mine?.orderNo ?? null, canJoin: reason === null, cannotJoinReason: reason },
    succeededAt: group.succeededAt,
    failedAt: group.failedAt,
  };
}
