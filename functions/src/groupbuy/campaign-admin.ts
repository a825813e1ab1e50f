import { GROUP_BUY_CAMPAIGN_LIMIT, type GroupBuyAudience, type GroupBuyCampaign, type GroupBuyCampaignInput } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { transactWrite, type TransactItem } from '../db/transact-write.ts';
import { getSegment } from '../insight/segments-repository.ts';
import { DomainError, type FieldIssue } from '../platform/domain-error.ts';
import { newId } from '../platform/ids.ts';
import { groupBuyPictureAttachItems } from '../photos/attach.ts';
import { getTierConfig } from '../tiers/config-repository.ts';
import {
  campaignHeadChange,
  campaignVersionPut,
  getCampaignHead,
  getStock,
  getStocks,
  listCampaignHeads,
  newCampaignHeadPut,
  newStockPut,
  stockUpdate,
} from './campaigns-repository.ts';
import type { CampaignHeadRecord, StockRecord } from './records.ts';
import { planStockEdit } from './stock-rules.ts';

type AdminDeps = Pick<Deps, 'db' | 'clock' | 'photos'>;

/** A campaign past its end shows as ended, whether staff ended it or its time ran out. */
export function campaignStatusNow(head: Pick<CampaignHeadRecord, 'status' | 'definition'>, now: Date): GroupBuyCampaign['status'] {
  if (head.status === 'published' && Date.parse(head.definition.endsAt) <= now.getTime()) return 'ended';
  return head.status;
}

export async function campaignView(
  deps: Pick<Deps, 'photos' | 'clock'>,
  head: CampaignHeadRecord,
  stock: StockRecord | undefined,
): Promise<GroupBuyCampaign> {
  const pictureUrls = await Promise.all(head.definition.product.pictureKeys.map((key) => deps.photos.displayUrl(key)));
  return {
    campaignId: head.campaignId,
    status: campaignStatusNow(head, deps.clock()),
    version: head.version,
    revision: head.revision,
    definition: head.definition,
    pictureUrls,
    stock: {
      total: stock?.total ?? head.definition.stock,
      reserved: stock?.reserved ?? 0,
      sold: stock?.sold ?? 0,
      left: stock?.left ?? head.definition.stock,
    },
    groups: { forming: stock?.forming ?? 0, succeeded: stock?.succeeded ?? 0, failed: stock?.failed ?? 0 },
    createdAt: head.createdAt,
    publishedAt: head.publishedAt,
    endedAt: head.endedAt ?? (campaignStatusNow(head, deps.clock()) === 'ended' ? head.definition.endsAt : null),
  };
}

/** Every campaign, newest first, with its stock and group counts. */
export async function listCampaigns(deps: AdminDeps): Promise<GroupBuyCampaign[]> {
  const heads = (await listCampaignHeads(deps.db)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const stocks = await getStocks(
    deps.db,
    heads.map((head) => head.campaignId),
  );
  return Promise.all(heads.map((head) => campaignView(deps, head, stocks.get(head.campaignId))));
}

export async function requireCampaignHead(deps: Pick<Deps, 'db'>, campaignId: string): Promise<CampaignHeadRecord> {
  const head = await getCampaignHead(deps.db, campaignId);
  if (!head) throw new DomainError('GROUP_BUY_NOT_FOUND', 'No such group-buy campaign');
  return head;
}

export async function getCampaign(deps: AdminDeps, campaignId: string): Promise<GroupBuyCampaign> {
  const head = await requireCampaignHead(deps, campaignId);
  return campaignView(deps, head, (await getStock(deps.db, campaignId)) ?? undefined);
}

/** Instants stored in UTC, so they compare as strings in the STOCK item's conditions. */
function normalized(input: GroupBuyCampaignInput): GroupBuyCampaignInput {
  return { ...input, startsAt: new Date(input.startsAt).toISOString(), endsAt: new Date(input.endsAt).toISOString() };
}

/** Segments and tiers an audience names must exist: an unknown one would shut everyone out unnoticed. */
async function checkAudiences(deps: Pick<Deps, 'db'>, input: GroupBuyCampaignInput, pathPrefix: string): Promise<void> {
  const issues: FieldIssue[] = [];
  const audiences: Array<[string, GroupBuyAudience]> = [
    ['whoMayOpen', input.whoMayOpen],
    ['whoMayJoin', input.whoMayJoin],
  ];
  const needsTiers = audiences.some(([, audience]) => audience.kind === 'tiers');
  const tierCodes = needsTiers ? new Set((await getTierConfig(deps.db)).tiers.map((tier) => tier.code)) : new Set<string>();
  for (const [field, audience] of audiences) {
    if (audience.kind === 'segments') {
      const found = await Promise.all(audience.segmentIds.map((segmentId) => getSegment(deps.db, segmentId)));
      audience.segmentIds.forEach((segmentId, i) => {
        if (!found[i]) issues.push({ path: `${pathPrefix}${field}.segmentIds.${i}`, message: `没有这个客户分群（${segmentId}）` });
      });
    }
    if (audience.kind === 'tiers') {
      audience.tierCodes.forEach((code, i) => {
        if (!tierCodes.has(code)) issues.push({ path: `${pathPrefix}${field}.tierCodes.${i}`, message: `没有这个会员等级（${code}）` });
      });
    }
  }
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'An audience names a segment or tier that does not exist', issues);
}

function pictureItems(deps: AdminDeps, actorId: string, campaignId: string, definition: GroupBuyCampaignInput, at: string) {
  return groupBuyPictureAttachItems(deps, { memberId: actorId, objectKeys: definition.product.pictureKeys, campaignId, at });
}

const pictureTaken = () => new DomainError('PHOTO_ALREADY_ATTACHED', 'A picture was attached elsewhere meanwhile');
const changedMeanwhile = () => new DomainError('CONFLICT', 'The campaign was changed by someone else; reload and try again');

/** A new campaign, as a draft (version 0); at most GROUP_BUY_CAMPAIGN_LIMIT campaigns. */
export async function createCampaign(deps: AdminDeps, actorId: string, input: GroupBuyCampaignInput): Promise<GroupBuyCampaign> {
  const definition = normalized(input);
  await checkAudiences(deps, definition, '');
  const heads = await listCampaignHeads(deps.db);
  if (heads.length >= GROUP_BUY_CAMPAIGN_LIMIT)
    throw new DomainError('GROUP_BUY_LIMIT_OF_CAMPAIGNS', `At most ${GROUP_BUY_CAMPAIGN_LIMIT} group-buy campaigns`);
  const now = deps.clock();
  const at = now.toISOString();
  const head: CampaignHeadRecord = {
    campaignId: newId('gbc', now),
    status: 'draft',
    version: 0,
    revision: 1,
    definition,
    createdAt: at,
    updatedAt: at,
    publishedAt: null,
    endedAt: null,
  };
  const stock: StockRecord = {
    campaignId: head.campaignId,
    total: definition.stock,
    left: definition.stock,
    reserved: 0,
    sold: 0,
    shortfall: 0,
    forming: 0,
    succeeded: 0,
    failed: 0,
    joinsByRfmClass: {},
    status: 'draft',
    version: 0,
    startsAt: definition.startsAt,
    endsAt: definition.endsAt,
  };
  const pictures = await pictureItems(deps, actorId, head.campaignId, definition, at);
  const outcome = await transactWrite(deps.db, [newCampaignHeadPut(deps.db, head), newStockPut(deps.db, stock), ...pictures]);
  if (!outcome.committed) {
    if (outcome.reasons.slice(2).includes('ConditionalCheckFailed')) throw pictureTaken();
    throw new DomainError('CONFLICT', 'The campaign could not be saved; try again');
  }
  return campaignView(deps, head, stock);
}

/**
 * Saves a head changed at `revision` with its STOCK item's part (a stock edit, the status, version and
 * window an open conditions on), the new version's immutable item when it publishes one, and newly
 * named pictures. CONFLICT when someone changed the campaign since; a STOCK item moved by joins is read again.
 */
async function saveChange(
  deps: AdminDeps,
  input: { next: CampaignHeadRecord; readRevision: number; publishes: boolean; stockDelta: number; pictures: TransactItem[] },
): Promise<GroupBuyCampaign> {
  const { next } = input;
  await withOptimisticRetry(async () => {
    const stock = await getStock(deps.db, next.campaignId);
    if (!stock) throw new Error(`Campaign ${next.campaignId} has no STOCK item`);
    const outcome = await transactWrite(deps.db, [
      campaignHeadChange(deps.db, next, input.readRevision),
      stockUpdate(deps.db, next.campaignId, {
        ...(input.stockDelta !== 0 ? { edit: planStockEdit(stock, input.stockDelta) } : {}),
        window: { status: next.status, version: next.version, startsAt: next.definition.startsAt, endsAt: next.definition.endsAt },
      }),
      ...(input.publishes
        ? [
            campaignVersionPut(deps.db, {
              campaignId: next.campaignId,
              version: next.version,
              definition: next.definition,
              publishedAt: next.updatedAt,
            }),
          ]
        : []),
      ...input.pictures,
    ]);
    if (outcome.committed) return true;
    if (outcome.reasons[0] === 'ConditionalCheckFailed') throw changedMeanwhile();
    const pictureFailed = outcome.reasons.slice(input.publishes ? 3 : 2).includes('ConditionalCheckFailed');
    if (pictureFailed) throw pictureTaken();
    // The STOCK item moved under joins (or a transaction was in flight): read it again.
    return RETRY;
  });
  return getCampaign(deps, next.campaignId);
}

function checkRevision(head: CampaignHeadRecord, revision: number) {
  if (head.revision !== revision) throw changedMeanwhile();
}

/**
 * Edits a campaign at the revision read: a draft in place; a published one publishes version + 1 at
 * once (groups already open keep the version they opened with). The stock changes by the edit's
 * difference, never taking back units already reserved or sold. An ended campaign is not edited.
 */
export async function updateCampaign(
  deps: AdminDeps,
  actorId: string,
  campaignId: string,
  input: { revision: number; campaign: GroupBuyCampaignInput },
): Promise<GroupBuyCampaign> {
  const head = await requireCampaignHead(deps, campaignId);
  checkRevision(head, input.revision);
  if (head.status === 'ended') throw new DomainError('GROUP_BUY_ENDED', 'An ended campaign cannot be edited');
  const definition = normalized(input.campaign);
  await checkAudiences(deps, definition, 'campaign.');
  const at = deps.clock().toISOString();
  const publishes = head.status === 'published';
  const next: CampaignHeadRecord = {
    ...head,
    definition,
    version: publishes ? head.version + 1 : head.version,
    revision: head.revision + 1,
    updatedAt: at,
  };
  const pictures = await pictureItems(deps, actorId, campaignId, definition, at);
  return saveChange(deps, { next, readRevision: head.revision, publishes, stockDelta: definition.stock - head.definition.stock, pictures });
}

/** Publishes a draft as version 1: buyers see it from its start until its end. */
export async function publishCampaign(deps: AdminDeps, campaignId: string, revision: number): Promise<GroupBuyCampaign> {
  const head = await requireCampaignHead(deps, campaignId);
  checkRevision(head, revision);
  if (head.status === 'ended') throw new DomainError('GROUP_BUY_ENDED', 'The campaign has ended');
  if (head.status !== 'draft') throw new DomainError('CONFLICT', 'Already published');
  const now = deps.clock();
  if (Date.parse(head.definition.endsAt) <= now.getTime())
    throw new DomainError('VALIDATION_FAILED', 'Its end has passed', [{ path: 'endsAt', message: '结束时间已过，请先修改' }]);
  const at = now.toISOString();
  const next: CampaignHeadRecord = {
    ...head,
    status: 'published',
    version: 1,
    revision: head.revision + 1,
    updatedAt: at,
    publishedAt: at,
  };
  return saveChange(deps, { next, readRevision: head.revision, publishes: true, stockDelta: 0, pictures: [] });
}

/** Ends a published campaign now: no group opens any more; groups already open run to their deadline. */
export async function endCampaign(deps: AdminDeps, campaignId: string, revision: number): Promise<GroupBuyCampaign> {
  const head = await requireCampaignHead(deps, campaignId);
  checkRevision(head, revision);
  if (head.status === 'ended') throw new DomainError('GROUP_BUY_ENDED', 'Already ended');
  if (head.status === 'draft') throw new DomainError('CONFLICT', 'A draft is not published');
  const at = deps.clock().toISOString();
  const next: CampaignHeadRecord = { ...head, status: 'ended', revision: head.revision + 1, updatedAt: at, endedAt: at };
  return saveChange(deps, { next, readRevision: head.revision, publishes: false, stockDelta: 0, pictures: [] });
}
