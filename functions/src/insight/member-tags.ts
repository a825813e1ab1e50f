import { TagName, type MemberTag, type MemberTagList, type TagCatalog } from '@linli/shared/customers';
import type { StaffMemberPage } from '@linli/shared/staff';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getMember, getMembers } from '../members/repository.ts';
import { DomainError } from '../platform/domain-error.ts';
import { isJoined, toStaffSummary } from '../staff/member-summary.ts';
import { getTierConfig } from '../tiers/config-repository.ts';
import {
  addMemberTag,
  getMemberTag,
  getTagCatalogEntry,
  listMemberTags,
  listTagCatalog,
  listTaggedMemberIds,
  removeMemberTag,
  type StoredMemberTag,
} from './tags-repository.ts';

type TagDeps = Pick<Deps, 'db' | 'clock'>;

/** The member, joined; anyone else is no one staff can tag. */
async function requireJoinedMember(deps: Pick<Deps, 'db'>, memberId: string) {
  const member = await getMember(deps.db, memberId);
  if (!isJoined(member)) throw new DomainError('NOT_FOUND', 'No such member');
  return member;
}

/** The tag as stored (trimmed, spaces made one), or TAG_NAME_INVALID with the reason. */
export function tagNameOf(raw: string): string {
  const parsed = TagName.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError(
      'TAG_NAME_INVALID',
      'Not a tag name',
      parsed.error.issues.map((issue) => ({ path: 'tag', message: issue.message })),
    );
  }
  return parsed.data;
}

function toMemberTag(tag: StoredMemberTag): MemberTag {
  return { tag: tag.tag, kind: tag.kind, ruleId: tag.ruleId, addedAt: tag.addedAt, addedBy: tag.addedBy };
}

/** A member's tags as staff see them: manual first (what staff curate), then the rules'; each by name. */
export async function memberTags(deps: Pick<Deps, 'db'>, memberId: string): Promise<MemberTag[]> {
  const tags = await listMemberTags(deps.db, memberId);
  return tags
    .sort((a, b) => (a.kind === b.kind ? a.tag.localeCompare(b.tag, 'zh-Hans-CN') : a.kind === 'manual' ? -1 : 1))
    .map(toMemberTag);
}

/**
 * Gives a member a manual tag. Idempotent: a tag the member already carries changes nothing. A name
 * the rules keep is theirs (TAG_READ_ONLY); the member's manual tags and the catalog are capped.
 */
export async function addManualTag(deps: TagDeps, request: { memberId: string; tag: string; staffName: string }): Promise<MemberTagList> {
  const input = { ...request, tag: tagNameOf(request.tag) };
  await requireJoinedMember(deps, input.memberId);
  await withOptimisticRetry(async () => {
    const [existing, catalog] = await Promise.all([
      getMemberTag(deps.db, input.memberId, input.tag),
      getTagCatalogEntry(deps.db, input.tag),
    ]);
    if (existing?.kind === 'rule' || catalog?.kind === 'rule') {
      throw new DomainError('TAG_READ_ONLY', `"${input.tag}" is kept by a rule`);
    }
    if (existing) return null;
    const outcome = await addMemberTag(
      deps.db,
      {
        memberId: input.memberId,
        tag: input.tag,
        kind: 'manual',
        ruleId: null,
        addedAt: deps.clock().toISOString(),
        addedBy: input.staffName,
      },
      catalog,
    );
    if (outcome === 'member-full') throw new DomainError('MEMBER_TAG_LIMIT_REACHED', 'The member carries the most manual tags allowed');
    if (outcome === 'catalog-full') throw new DomainError('TAG_CATALOG_FULL', 'The tag catalog is full');
    return outcome === 'added' ? null : RETRY;
  });
  return { items: await memberTags(deps, input.memberId) };
}

/** Takes a manual tag off a member. Idempotent: a tag the member does not carry changes nothing; a rule's tag is read-only. */
export async function removeManualTag(deps: TagDeps, request: { memberId: string; tag: string }): Promise<MemberTagList> {
  const input = { ...request, tag: tagNameOf(request.tag) };
  await requireJoinedMember(deps, input.memberId);
  await withOptimisticRetry(async () => {
    const existing = await getMemberTag(deps.db, input.memberId, input.tag);
    if (!existing) return null;
    if (existing.kind === 'rule') throw new DomainError('TAG_READ_ONLY', `"${input.tag}" is kept by a rule`);
    const catalog = await getTagCatalogEntry(deps.db, input.tag);
    return (await removeMemberTag(deps.db, existing, catalog)) === 'removed' ? null : RETRY;
  });
  return { items: await memberTags(deps, input.memberId) };
}

/** The shop's tags with how many members carry each, most first. */
export async function tagCatalog(deps: Pick<Deps, 'db'>): Promise<TagCatalog> {
  const entries = await listTagCatalog(deps.db);
  return {
    items: entries
      .sort((a, b) => b.memberCount - a.memberCount || a.tag.localeCompare(b.tag, 'zh-Hans-CN'))
      .map(({ tag, kind, ruleId, memberCount }) => ({ tag, kind, ruleId, memberCount })),
  };
}

/** One page of the members carrying a tag (an unknown tag is an empty page). */
export async function taggedMembers(
  deps: Pick<Deps, 'db'>,
  rawTag: string,
  page: { limit: number; cursor?: string },
): Promise<StaffMemberPage> {
  const found = await listTaggedMemberIds(deps.db, tagNameOf(rawTag), page);
  if (found === 'bad-cursor')
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  const [members, { tiers }] = await Promise.all([getMembers(deps.db, found.memberIds), getTierConfig(deps.db)]);
  const byId = new Map(members.map((member) => [member.memberId, member]));
  return {
    items: found.memberIds.flatMap((memberId) => {
      const member = byId.get(memberId);
      return isJoined(member) ? [toStaffSummary(member, tiers)] : [];
    }),
    nextCursor: found.nextCursor,
  };
}
